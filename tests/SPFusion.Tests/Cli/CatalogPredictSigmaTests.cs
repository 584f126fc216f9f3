using System.Globalization;
using Microsoft.ML;
using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Persistence;
using SPFusion.ML.Survey;
using SPFusion.ML.Survey.Output;
using SPFusion.Tests.Support;
using SPFusion.Tests.Survey;

namespace SPFusion.Tests.Cli;

/// <summary>
/// <c>spfusion predict --catalog</c> with an ensemble: <c>mass_sigma</c> and <c>age_sigma</c> in CSV, FITS and Parquet,
/// equal across the formats and to <c>predict --data</c> on the prepared stars; rows without a fusion estimate have none.
/// </summary>
[Collection(PlantedSurveyCollection.Name)]
public sealed class CatalogPredictSigmaTests(PlantedSurveyFixture survey)
{
    private static string Ensemble(TempFolder temp)
    {
        var paths = new List<string>();
        foreach (long seed in new[] { 31L, 32L })
        {
            using var network = NetworkFactory.Create(NetworkOptions.Published, seed);
            string path = temp.File($"member{seed}.onnx");
            OnnxExporter.Export(network, path);
            paths.Add(path);
        }
        string zip = temp.File("ensemble.zip");
        SPFusionEnsemble.Save(new MLContext(seed: 1), paths, zip);
        return zip;
    }

    [Fact]
    public void EveryFormatCarriesTheSigmasOfTheEnsemble()
    {
        using var temp = new TempFolder("spfusion-catalog-sigma");
        string ensemble = Ensemble(temp);
        var tables = new Dictionary<string, List<SurveyEstimate>>();
        foreach (string ext in new[] { "csv", "fits", "parquet" })
        {
            string output = temp.File($"estimates.{ext}");
            var (code, _, stderr) = CliHarness.Run("predict", "--catalog", survey.CatalogPath, "--model", ensemble,
                "--fallback-model", survey.FallbackPath, "--out", output);
            Assert.True(code == 0, stderr);
            Assert.True(SurveyTable.HasSigma(output), ext);
            tables[ext] = SurveyTable.Read(output).ToList();
        }
        Assert.StartsWith("obsid,mass,age,mass_sigma,age_sigma,status,", File.ReadAllText(temp.File("estimates.csv")), StringComparison.Ordinal);
        Assert.Equal(tables["csv"], tables["fits"]);
        Assert.Equal(tables["csv"], tables["parquet"]);

        foreach (var row in tables["csv"])
        {
            // The fusion model's estimates have sigmas; the fallback (no uncertainty) and failed rows have none.
            bool fusion = row.Model == SurveyEstimate.FusionModel;
            Assert.True(fusion == (row.MassSigma is not null) && fusion == (row.AgeSigma is not null), $"{row.ObsId}: {row}");
        }
        Assert.Contains(tables["csv"], r => r.MassSigma > 0 && r.AgeSigma > 0);
        Assert.Contains(tables["csv"], r => r.Model == SurveyEstimate.FallbackModel && r.MassSigma is null);
    }

    [Fact]
    public void OkRowsSigmasEqualPrepareThenPredictData()
    {
        using var temp = new TempFolder("spfusion-catalog-sigma-data");
        string ensemble = Ensemble(temp);
        string data = temp.File("dataset");
        Assert.Equal(0, CliHarness.Run("prepare", "--catalog", survey.Summary.CatalogPath, "--out", data, "--on-error", "skip").ExitCode);
        var (code, _, stderr) = CliHarness.Run("predict", "--data", data, "--model", ensemble, "--out", temp.File("data.csv"));
        Assert.True(code == 0, stderr);
        var lines = File.ReadAllLines(temp.File("data.csv"));
        Assert.Equal("obsid,mass,age,mass_sigma,age_sigma", lines[0]);
        var viaData = lines.Skip(1).Select(l => l.Split(','))
            .ToDictionary(f => f[0], f => f.Skip(1).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray());

        (code, _, stderr) = CliHarness.Run("predict", "--catalog", survey.CatalogPath, "--model", ensemble, "--out", temp.File("survey.parquet"));
        Assert.True(code == 0, stderr);
        var ok = SurveyTable.Read(temp.File("survey.parquet")).Where(r => r.Status == SurveyStatus.Ok && r.ObsId != "p-short-block").ToList();
        Assert.Equal(viaData.Keys.Order(), ok.Select(r => r.ObsId).Order());
        foreach (var row in ok)
        {
            Assert.Equal(viaData[row.ObsId][0], row.Mass!.Value, 1e-5f);
            Assert.Equal(viaData[row.ObsId][2], row.MassSigma!.Value, 1e-5f);
            Assert.Equal(viaData[row.ObsId][3], row.AgeSigma!.Value, 1e-5f);
        }
    }
}
