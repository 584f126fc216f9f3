using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML.Persistence;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Cli.CommandLine;

/// <summary>A star's labels, SNR and prediction: the columns <c>TwoTargetEvaluator</c> reads, under its default names.</summary>
internal sealed class ScoredStar
{
    public float Mass { get; set; }

    public float Age { get; set; }

    public float Snr { get; set; }

    public float PredictedMass { get; set; }

    public float PredictedAge { get; set; }

    /// <summary>The prediction's mass sigma; NaN when it has none (then <see cref="HasMassSigma"/> is false).</summary>
    public float MassSigma { get; set; } = float.NaN;

    /// <summary>The prediction's age sigma; NaN when it has none.</summary>
    public float AgeSigma { get; set; } = float.NaN;

    [NoColumn]
    public bool HasMassSigma { get; set; }

    [NoColumn]
    public bool HasAgeSigma { get; set; }

    /// <summary>The evaluator's view of a scored star, keeping the prediction's sigmas when it has them.</summary>
    public static ScoredStar From(AuthorsDatasetRow star, SPFusionPrediction prediction) => new()
    {
        Mass = star.Mass,
        Age = star.Age,
        Snr = star.Snr,
        PredictedMass = prediction.PredictedMass,
        PredictedAge = prediction.PredictedAge,
        MassSigma = prediction.MassSigma ?? float.NaN,
        AgeSigma = prediction.AgeSigma ?? float.NaN,
        HasMassSigma = prediction.MassSigma.HasValue,
        HasAgeSigma = prediction.AgeSigma.HasValue,
    };

    /// <summary>
    /// The stars of a scored data view that has every column of this type, both sigmas included (a model with an
    /// uncertainty), read once into memory.
    /// </summary>
    public static List<ScoredStar> Read(MLContext ml, IDataView scored) =>
        [.. ml.Data.CreateEnumerable<ScoredStar>(scored, reuseRowObject: false).Select(s =>
        {
            s.HasMassSigma = s.HasAgeSigma = true;
            return s;
        })];

    /// <summary>
    /// The stars as a data view. A sigma column is there when any star has that sigma (the model has an uncertainty):
    /// a star without one then reads NaN, which the evaluator refuses naming the row, rather than the column being dropped.
    /// </summary>
    public static IDataView ToDataView(MLContext ml, IReadOnlyList<ScoredStar> stars)
    {
        var schema = SchemaDefinition.Create(typeof(ScoredStar));
        if (!stars.Any(s => s.HasMassSigma)) schema.RemoveAll(c => c.ColumnName == nameof(MassSigma));
        if (!stars.Any(s => s.HasAgeSigma)) schema.RemoveAll(c => c.ColumnName == nameof(AgeSigma));
        return ml.Data.LoadFromEnumerable(stars, schema);
    }
}
