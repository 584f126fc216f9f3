using System.Globalization;
using SPFusion.Transforms.Images;

namespace SPFusion.Transforms.MLNet;

/// <summary>Options text of <c>AlignImageBands</c>.</summary>
internal static class ImageBandOptionsText
{
    public const string Transform = "AlignImageBands";

    public static string Encode(ImageBandOptions o) => OptionsText.Encode(
    [
        ("edge", o.EdgePolicy.ToString()), ("norm", o.Normalize), ("cache", o.FrameCacheBytes),
    ]);

    public static ImageBandOptions Decode(string text)
    {
        var v = OptionsText.Decode(text, Transform);
        string edge = OptionsText.Get(v, "edge", Transform);
        return new ImageBandOptions
        {
            EdgePolicy = Enum.TryParse<CutoutEdgePolicy>(edge, out var p) && Enum.IsDefined(p)
                ? p
                : throw new InvalidDataException($"{Transform}: unknown edge policy '{edge}' in the saved options"),
            Normalize = OptionsText.Bool(v, "norm", Transform),
            FrameCacheBytes = long.Parse(OptionsText.Get(v, "cache", Transform), NumberStyles.Integer, CultureInfo.InvariantCulture),
        };
    }
}
