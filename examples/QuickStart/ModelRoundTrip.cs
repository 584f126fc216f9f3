using Microsoft.ML;
using SPFusion.ML.Persistence;
using SPFusion.Transforms.Catalogs;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Examples.QuickStart;

/// <summary>Saves the raw-files-to-predictions model, reloads it in a fresh MLContext and predicts a few stars.</summary>
internal static class ModelRoundTrip
{
    private sealed class Prediction
    {
        public string ObsId { get; set; } = "";
        public float Mass { get; set; }
        public float Age { get; set; }
        public float PredictedMass { get; set; }
        public float PredictedAge { get; set; }
    }

    public static void SaveReloadPredict(MLContext ml, ITransformer model, IReadOnlyList<SurveyStarRow> stars, string zipPath, string csvPath)
    {
        var schema = ml.Data.LoadFromEnumerable(stars.Take(1)).Schema;
        AtomicFile.WriteVia(zipPath, path => ml.Model.Save(model, schema, path));
        Console.WriteLine($"saved {zipPath} ({new FileInfo(zipPath).Length / 1024} KiB)");

        var fresh = new MLContext();
        fresh.ComponentCatalog.RegisterAssembly(typeof(SurveyTransformsCatalog).Assembly);
        fresh.ComponentCatalog.RegisterAssembly(typeof(SPFusionPredictionTransformer).Assembly);
        var loaded = fresh.Model.Load(zipPath, out _);
        using var release = loaded as IDisposable; // deletes ML.NET's temporary copy of the graph
        var predictions = fresh.Data.CreateEnumerable<Prediction>(loaded.Transform(fresh.Data.LoadFromEnumerable(stars)), reuseRowObject: false).ToList();

        AtomicFile.WriteText(csvPath, csv =>
        {
            csv.WriteLine("obsid,mass,age,true_mass,true_age");
            foreach (var p in predictions)
                csv.WriteLine(FormattableString.Invariant($"{p.ObsId},{p.PredictedMass:0.0000},{p.PredictedAge:0.0000},{p.Mass:0.0000},{p.Age:0.0000}"));
        });
        Console.WriteLine($"reloaded in a fresh MLContext; predictions from the raw files ({csvPath}):");
        Console.WriteLine("| obsid          | mass (Msun) | true   | age (Gyr) | true   |");
        Console.WriteLine("|----------------|-------------|--------|-----------|--------|");
        foreach (var p in predictions)
            Console.WriteLine($"| {p.ObsId,-14} | {p.PredictedMass,11:0.000} | {p.Mass,6:0.000} | {p.PredictedAge,9:0.000} | {p.Age,6:0.000} |");
    }
}
