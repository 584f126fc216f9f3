using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Transforms.MLNet;

/// <summary>Stateless mapping: wavelength and flux to the network's 3,584-sample input (crop, min-max, centre-pad).</summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class CropAndNormalizeSpectrumMapping : CustomMappingFactory<CropAndNormalizeSpectrumMapping.Input, CropAndNormalizeSpectrumMapping.Output>
{
    /// <summary>Contract name stored in model zips.</summary>
    public const string Contract = "SPFusion.CropAndNormalizeSpectrum.v1";

    /// <summary>Mapping input.</summary>
    public sealed class Input
    {
        /// <summary>Wavelengths in Angstrom.</summary>
        [ColumnName(TemporaryColumns.Wavelength)]
        public double[] Wavelength { get; set; } = [];

        /// <summary>Flux.</summary>
        [ColumnName(TemporaryColumns.Flux)]
        public float[] Flux { get; set; } = [];

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
    }

    /// <inheritdoc/>
    public override Action<Input, Output> GetMapping()
    {
        var cache = new OptionsCache<SpectrumOptions>(SpectrumOptionsText.Decode);
        return (input, output) =>
        {
            var (preparation, source) = cache.Get(input.Options);
            if (preparation.Options.BridgeBadPixels)
                throw new InvalidOperationException($"{source}: bad-pixel bridging needs IVAR and ORMASK; use PrepareLamostSpectrum on the file path instead");
            output.Spectrum = preparation.Prepare(input.Wavelength, input.Flux, [], [], source).Input;
        };
    }
}
