using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Transforms.MLNet;

/// <summary>Stateless mapping: a LAMOST FITS path (DR1-DR7 or DR8+ layout) to its arrays and header facts.</summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class LoadLamostSpectrumMapping : CustomMappingFactory<LoadLamostSpectrumMapping.Input, LoadLamostSpectrumMapping.Output>
{
    /// <summary>Contract name stored in model zips.</summary>
    public const string Contract = "SPFusion.LoadLamostSpectrum.v1";

    /// <summary>Mapping input.</summary>
    public sealed class Input
    {
        /// <summary>Path of the spectrum file.</summary>
        [ColumnName(TemporaryColumns.Path)]
        public string Path { get; set; } = "";
    }

    /// <summary>Mapping output.</summary>
    public sealed class Output
    {
        /// <summary>Wavelengths in Angstrom.</summary>
        [ColumnName(TemporaryColumns.Wavelength)]
        public double[] Wavelength { get; set; } = [];

        /// <summary>Flux.</summary>
        [ColumnName(TemporaryColumns.Flux)]
        public float[] Flux { get; set; } = [];

        /// <summary>Inverse variance.</summary>
        [ColumnName(TemporaryColumns.Ivar)]
        public float[] Ivar { get; set; } = [];

        /// <summary>OR mask.</summary>
        [ColumnName(TemporaryColumns.OrMask)]
        public int[] OrMask { get; set; } = [];

        /// <summary>g-band SNR (SNRG).</summary>
        [ColumnName(TemporaryColumns.Snr)]
        public float Snr { get; set; }

        /// <summary>OBSID.</summary>
        [ColumnName(TemporaryColumns.ObsId)]
        public long ObsId { get; set; }
    }

    /// <inheritdoc/>
    public override Action<Input, Output> GetMapping() => static (input, output) =>
    {
        if (string.IsNullOrEmpty(input.Path)) throw new InvalidDataException("LoadLamostSpectrum: empty spectrum path");
        var s = LamostSpectrumReader.Read(input.Path);
        output.Wavelength = s.Wavelength;
        output.Flux = s.Flux;
        output.Ivar = s.Ivar;
        output.OrMask = s.OrMask;
        output.Snr = (float)s.SnrG;
        output.ObsId = s.ObsId;
    };
}
