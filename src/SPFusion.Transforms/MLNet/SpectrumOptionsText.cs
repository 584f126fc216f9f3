using SPFusion.Transforms.Spectra;

namespace SPFusion.Transforms.MLNet;

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
