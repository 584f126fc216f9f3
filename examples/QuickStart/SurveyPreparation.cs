using System.Diagnostics;
using Microsoft.ML;
using SPFusion.Transforms.Catalogs;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Examples.QuickStart;

/// <summary>
/// The raw-file half of the pipeline: the ML.NET transforms that turn catalogue paths into network inputs. Stars that
/// cannot be prepared (e.g. too close to a frame edge) are listed and left out before the pipeline runs.
/// </summary>
internal static class SurveyPreparation
{
    /// <summary>The preparation estimators, from catalogue columns (SpectrumPath, FrameG/R/I, Ra, Dec) to Spectrum and Photometry.</summary>
    public static IEstimator<ITransformer> Pipeline(MLContext ml) =>
        ml.Transforms.PrepareLamostSpectrum(snrColumnName: null, obsIdColumnName: null)
            .Append(ml.Transforms.AlignImageBands());

    /// <summary>Runs the fitted preparation once and keeps the prepared rows in memory for the training runs.</summary>
    public static List<PreparedRow> Prepare(MLContext ml, ITransformer preparation, IReadOnlyList<SurveyStarRow> rows)
    {
        var clock = Stopwatch.StartNew();
        var prepared = ml.Data.CreateEnumerable<PreparedRow>(preparation.Transform(ml.Data.LoadFromEnumerable(rows)), reuseRowObject: false).ToList();
        Console.WriteLine($"prepared {prepared.Count} stars through the ML.NET transforms in {clock.Elapsed.TotalSeconds:0.0} s");
        return prepared;
    }
}
