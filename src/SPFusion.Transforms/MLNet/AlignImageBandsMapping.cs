using System.Globalization;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using SPFusion.Transforms.Images;

namespace SPFusion.Transforms.MLNet;

/// <summary>
/// Stateless mapping: g, r, i frame paths and the star's RA/Dec to a band-aligned 3 x 128 x 128 cut-out (the paper's
/// reprojection onto the g grid, per star).
/// </summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class AlignImageBandsMapping : CustomMappingFactory<AlignImageBandsMapping.Input, AlignImageBandsMapping.Output>
{
    /// <summary>Contract name stored in model zips.</summary>
    public const string Contract = "SPFusion.AlignImageBands.v1";


    /// <summary>Mapping input.</summary>
    public sealed class Input
    {
        /// <summary>g frame path.</summary>
        [ColumnName(TemporaryColumns.FrameG)]
        public string G { get; set; } = "";

        /// <summary>r frame path.</summary>
        [ColumnName(TemporaryColumns.FrameR)]
        public string R { get; set; } = "";

        /// <summary>i frame path.</summary>
        [ColumnName(TemporaryColumns.FrameI)]
        public string I { get; set; } = "";

        /// <summary>Right ascension, degrees.</summary>
        [ColumnName(TemporaryColumns.Ra)]
        public double Ra { get; set; }

        /// <summary>Declination, degrees.</summary>
        [ColumnName(TemporaryColumns.Dec)]
        public double Dec { get; set; }

        /// <summary>Persisted options text.</summary>
        [ColumnName(TemporaryColumns.Options)]
        public string Options { get; set; } = "";
    }

    /// <summary>Mapping output.</summary>
    public sealed class Output
    {
        /// <summary>Bands g, r, i, each 128 x 128, band-major.</summary>
        [ColumnName(TemporaryColumns.Photometry)]
        [VectorType(SPFusionShapes.PhotometryLength)]
        public float[] Photometry { get; set; } = [];
    }

    /// <inheritdoc/>
    public override Action<Input, Output> GetMapping()
    {
        var cache = new OptionsCache<Prepared>(text =>
        {
            var o = ImageBandOptionsText.Decode(text);
            return new Prepared(o, new StarCutoutBuilder(new StarCutoutOptions { Size = SPFusionShapes.ImageSize, EdgePolicy = o.EdgePolicy }), SharedFrameCaches.Get(o.FrameCacheBytes));
        });
        return (input, output) =>
        {
            var p = cache.Get(input.Options);
            string star = string.Create(CultureInfo.InvariantCulture, $"at RA {input.Ra:F6}, Dec {input.Dec:F6}");
            if (!double.IsFinite(input.Ra) || !double.IsFinite(input.Dec))
                throw new InvalidDataException($"AlignImageBands: star {star} has no finite position");
            var cutout = p.Builder.Build(star, input.Ra, input.Dec, Frame(p, input.G, "g"), Frame(p, input.R, "r"), Frame(p, input.I, "i"));
            output.Photometry = p.Options.Normalize ? cutout.Normalised : cutout.Raw;
        };
    }

    private static SdssFrame Frame(Prepared p, string path, string band) =>
        string.IsNullOrEmpty(path)
            ? throw new InvalidDataException($"AlignImageBands: empty {band} frame path")
            : p.Frames.Get(path);

    private sealed record Prepared(ImageBandOptions Options, StarCutoutBuilder Builder, FrameCache Frames);
}
