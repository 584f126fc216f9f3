using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Transforms.MLNet;

/// <summary>Stateless mapping: a LAMOST FITS path straight to the network's 3,584-sample input, plus SNRG and OBSID.</summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class PrepareLamostSpectrumMapping : CustomMappingFactory<PrepareLamostSpectrumMapping.Input, PrepareLamostSpectrumMapping.Output>
{
    /// <summary>Contract name stored in model zips.</summary>
    public const string Contract = "SPFusion.PrepareLamostSpectrum.v1";

    /// <summary>Mapping input.</summary>
    public sealed class Input
    {
        /// <summary>Path of the spectrum file.</summary>
        [ColumnName(TemporaryColumns.Path)]
        public string Path { get; set; } = "";

        /// <summary>Persisted options text.</summary>
        [ColumnName(TemporaryColumns.Options)]
        public string Options { get; set; } = "";
    }

    /// <summary>Mapping output.</summary>
    public sealed class Output
    {
        /// <summary>The prepared spectrum.</summary>
        [ColumnName(TemporaryColumns.Spectrum)]
        [VectorType(SPFusionShapes.SpectrumLength)]
        public float[] Spectrum { get; set; } = [];

        /// <summary>g-band SNR (SNRG).</summary>
        [ColumnName(TemporaryColumns.Snr)]
        public float Snr { get; set; }

        /// <summary>OBSID.</summary>
        [ColumnName(TemporaryColumns.ObsId)]
        public long ObsId { get; set; }
    }

    /// <inheritdoc/>
    public override Action<Input, Output> GetMapping()
    {
        var cache = new OptionsCache<SpectrumPreparation>(SpectrumOptionsText.DecodePreparation);
        return (input, output) =>
        {
            if (string.IsNullOrEmpty(input.Path)) throw new InvalidDataException("PrepareLamostSpectrum: empty spectrum path");
            var spectrum = LamostSpectrumReader.Read(input.Path);
            output.Spectrum = cache.Get(input.Options).Prepare(spectrum).Input;
            output.Snr = (float)spectrum.SnrG;
            output.ObsId = spectrum.ObsId;
        };
    }
}
