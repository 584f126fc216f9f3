using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Transforms.MLNet;

/// <summary>Decoded spectrum-transform options.</summary>
internal sealed record SpectrumOptions(SpectrumPreparation Preparation, string Source);

/// <summary>Options text of the spectrum transforms.</summary>
internal static class SpectrumOptionsText
{
    public const string Transform = "CropAndNormalizeSpectrum";

    public static string Encode(SpectrumPreparationOptions o, string source) => OptionsText.Encode(
    [
        ("min", o.MinWavelength), ("max", o.MaxWavelength), ("len", o.PaddedLength), ("bridge", o.BridgeBadPixels), ("src", source),
    ]);

    public static SpectrumOptions Decode(string text)
    {
        var v = OptionsText.Decode(text, Transform);
        var preparation = new SpectrumPreparation(new SpectrumPreparationOptions
        {
            MinWavelength = OptionsText.Double(v, "min", Transform),
            MaxWavelength = OptionsText.Double(v, "max", Transform),
            PaddedLength = OptionsText.Int(v, "len", Transform),
            BridgeBadPixels = OptionsText.Bool(v, "bridge", Transform),
        });
        return new SpectrumOptions(preparation, OptionsText.Get(v, "src", Transform));
    }

    public static SpectrumPreparation DecodePreparation(string text) => Decode(text).Preparation;
}

/// <summary>Stateless mapping: wavelength and flux to the network's 3,584-sample input (crop, min-max, centre-pad).</summary>
[CustomMappingFactoryAttribute(Contract)]
public sealed class CropAndNormalizeSpectrumMapping : CustomMappingFactory<CropAndNormalizeSpectrumMapping.Input, CropAndNormalizeSpectrumMapping.Output>
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
        [VectorType(SpectrumPadding.DefaultLength)]
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
