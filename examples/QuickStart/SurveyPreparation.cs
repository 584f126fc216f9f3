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
    /// <summary>
    /// The preparation estimators, from catalogue columns (SpectrumPath, FrameG/R/I, Ra, Dec) to Spectrum and Photometry;
    /// the spectrum header's SNRG goes to HeaderSnr so the catalogue's own snr column is kept where it has one.
    /// </summary>
    public static IEstimator<ITransformer> Pipeline(MLContext ml) =>
        ml.Transforms.PrepareLamostSpectrum(snrColumnName: nameof(PreparedRow.HeaderSnr), obsIdColumnName: null)
            .Append(ml.Transforms.AlignImageBands());

    /// <summary>Runs the fitted preparation once and keeps the prepared rows in memory for the training runs.</summary>
    public static List<PreparedRow> Prepare(MLContext ml, ITransformer preparation, IReadOnlyList<SurveyStarRow> rows)
    {
        var clock = Stopwatch.StartNew();
        var prepared = ml.Data.CreateEnumerable<PreparedRow>(preparation.Transform(ml.Data.LoadFromEnumerable(rows)), reuseRowObject: false).ToList();
        Console.WriteLine($"prepared {prepared.Count} stars through the ML.NET transforms in {clock.Elapsed.TotalSeconds:0.0} s");
        // As `spfusion prepare` does: a star without a catalogue snr is binned by its spectrum's g-band SNR.
        var fromHeader = prepared.Where(r => !float.IsFinite(r.Snr)).ToList();
        foreach (var row in fromHeader) row.Snr = row.HeaderSnr;
        if (fromHeader.Count > 0) Console.WriteLine($"snr: {fromHeader.Count} stars without a catalogue snr take their spectrum header's SNRG");
        return prepared;
    }
}
