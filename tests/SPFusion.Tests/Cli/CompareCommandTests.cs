using System.Globalization;
using System.Text.Json;
using SPFusion.ML.Network;
using SPFusion.Synthetic;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Cli;

/// <summary>
/// `spfusion compare` and `spfusion ablate` on a tiny prepared survey (2 folds, 1 epoch): every table and figure is
/// written, the parameters column holds each network's count, the MAE values are finite, and a rerun reuses every
/// finished model × fold instead of training again.
/// </summary>
public sealed class CompareCommandTests : IDisposable
{
    private static readonly string[] Quick = ["--epochs", "1", "--threads", "2", "--device", "cpu"];
    private readonly TempFolder _work = new("spfusion-compare");
    private readonly string _data;

    public CompareCommandTests()
    {
        string catalog = SyntheticSurvey.Generate(new SyntheticSurveyOptions
        {
            OutputDirectory = _work.File("survey"),
            StarCount = 16,
            Seed = 7,
            StarsPerField = 16,
            EdgeFraction = 0,
        }).CatalogPath;
        _data = _work.File("dataset");
        var (code, _, stderr) = CliHarness.Run("prepare", "--catalog", catalog, "--out", _data, "--folds", "2");
        Assert.True(code == 0, stderr);
    }

    public void Dispose() => _work.Dispose();

    [Fact]
    public void CompareWritesTable2AndFigures3To6AndResumesWithoutTraining()
    {
        string output = _work.File("compare");
        var (code, stdout, stderr) = CliHarness.Run(["compare", "--data", _data, "--out", output,
            "--models", "spfusion,convnext1d-paper,racnet,sscnn,resnet10t", .. Quick]);
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("model 5/5 resnet10t, fold 2/2, epoch 1/1", stdout);

        var expected = new[] { NetworkVariant.SPFusion, NetworkVariant.ConvNeXt1DPaper, NetworkVariant.RacNet, NetworkVariant.Sscnn, NetworkVariant.ResNet10T };
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "table2.json"))))
        {
            var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(expected.Length, rows.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                Assert.Equal(NetworkVariants.CliName(expected[i]), rows[i].GetProperty("key").GetString());
                Assert.Equal(ParameterCount(NetworkOptions.Published with { Variant = expected[i] }), rows[i].GetProperty("parameters").GetInt64());
                AssertFiniteMae(rows[i]);
                Assert.Equal(2, rows[i].GetProperty("perFold").GetArrayLength());
                Assert.Equal(16, rows[i].GetProperty("perFold").EnumerateArray().Sum(f => f.GetProperty("testCount").GetInt32()));
            }
            Assert.Equal("both", rows[0].GetProperty("modality").GetString());
            Assert.Equal("image", rows[4].GetProperty("modality").GetString());
            // The group's baseline recipe; SPFusion keeps its own.
            Assert.Equal(1e-3, rows[0].GetProperty("recipe").GetProperty("learningRate").GetDouble());
            Assert.Equal(1e-4, rows[2].GetProperty("recipe").GetProperty("learningRate").GetDouble());
            Assert.Equal(64, rows[2].GetProperty("recipe").GetProperty("batchSize").GetInt32());
        }
        string[] markdown = File.ReadAllLines(Path.Combine(output, "table2.md"));
        Assert.Contains(markdown, l => l.StartsWith("| RAC-Net | spectrum | 756,354 | ", StringComparison.Ordinal));
        Assert.Contains(markdown, l => l.StartsWith("| ConvNeXt 1D | spectrum | 568,338 | ", StringComparison.Ordinal));
        Assert.Equal(5, markdown.Count(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains(" ± ", StringComparison.Ordinal)));

        string figures = Path.Combine(output, "figures");
        foreach (var variant in expected)
        {
            foreach (string target in new[] { "mass", "age" })
                AssertPng(Path.Combine(figures, $"{NetworkVariants.CliName(variant)}-{target}-predicted-vs-true.png"));
        }
        AssertPng(Path.Combine(figures, "mae-vs-snr-mass.png"));
        AssertPng(Path.Combine(figures, "mae-vs-snr-age.png"));

        // A rerun (an interrupted run restarted) reuses all ten finished model × fold results.
        string table = File.ReadAllText(Path.Combine(output, "table2.md"));
        (code, stdout, stderr) = CliHarness.Run(["compare", "--data", _data, "--out", output,
            "--models", "spfusion,convnext1d-paper,racnet,sscnn,resnet10t", .. Quick]);
        Assert.True(code == 0, stderr);
        Assert.Equal(10, stdout.Split('\n').Count(l => l.Contains(": reusing ", StringComparison.Ordinal)));
        Assert.DoesNotContain("epoch 1/1", stdout);
        Assert.Equal(table, File.ReadAllText(Path.Combine(output, "table2.md")));

        // Another recipe is another fingerprint: that model trains again, the others are reused.
        string recipe = _work.File("recipe.json");
        File.WriteAllText(recipe, """{ "sscnn": { "learningRate": 3e-4, "batchSize": 8 } }""");
        (code, stdout, stderr) = CliHarness.Run(["compare", "--data", _data, "--out", output, "--models", "racnet,sscnn", "--recipe", recipe, .. Quick]);
        Assert.True(code == 0, stderr);
        Assert.Contains("model 1/2 racnet, fold 1/2: reusing", stdout);
        Assert.Contains("model 2/2 sscnn, fold 1/2, epoch 1/1", stdout);
        using var again = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "table2.json")));
        Assert.Equal(8, again.RootElement.GetProperty("rows")[1].GetProperty("recipe").GetProperty("batchSize").GetInt32());
    }

    [Fact]
    public void AblateWritesTables3To7AndFigures7To8()
    {
        string output = _work.File("ablate");
        var (code, stdout, stderr) = CliHarness.Run(["ablate", "--data", _data, "--out", output, "--ablation", "all", .. Quick]);
        Assert.True(code == 0, stderr + stdout);
        // 2 + 3 + 4 + 4 + 3 settings, the published one shared by all five tables: 12 configurations.
        Assert.Contains("12 configurations", stdout);

        var tables = new (string Name, int Rows)[]
        {
            ("table3-star-operator", 2), ("table4-fusion-kernel", 3), ("table5-feed-forward-ratio", 4), ("table6-heads", 4), ("table7-metaformer-blocks", 3),
        };
        foreach (var (name, count) in tables)
        {
            Assert.True(File.Exists(Path.Combine(output, name + ".md")), name);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, name + ".json")));
            var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(count, rows.Count);
            foreach (var row in rows) AssertFiniteMae(row);
        }
        using (var kernel = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "table4-fusion-kernel.json"))))
        {
            var rows = kernel.RootElement.GetProperty("rows");
            Assert.Equal(ParameterCount(NetworkOptions.Published with { StarFusionKernelSize = 3 }), rows[0].GetProperty("parameters").GetInt64());
            Assert.Equal(ParameterCount(NetworkOptions.Published), rows[1].GetProperty("parameters").GetInt64());
            Assert.Equal(ParameterCount(NetworkOptions.Published with { StarFusionKernelSize = 11 }), rows[2].GetProperty("parameters").GetInt64());
        }
        string star = File.ReadAllText(Path.Combine(output, "table3-star-operator.md"));
        Assert.Contains("| with star operator | 939,398 | ", star);
        Assert.Contains("| without star operator (sum) | 939,398 | ", star);
        AssertPng(Path.Combine(output, "figures", "star-operator-mae-vs-snr-mass.png"));
        AssertPng(Path.Combine(output, "figures", "star-operator-mae-vs-snr-age.png"));
    }

    [Fact]
    public void ARecipeForAModelNotInTheRunIsRefusedBeforeTraining()
    {
        string recipe = _work.File("recipe.json");
        File.WriteAllText(recipe, """{ "racnett": { "learningRate": 3e-4 } }""");
        string output = _work.File("refused");
        var (code, stdout, stderr) = CliHarness.Run(["compare", "--data", _data, "--out", output, "--models", "racnet", "--recipe", recipe, .. Quick]);
        Assert.Equal(2, code);
        string line = Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains(recipe, line);
        Assert.Contains("racnett", line);
        Assert.DoesNotContain("epoch", stdout);

        File.WriteAllText(recipe, """{ "racnet": { "learningRat": 3e-4 } }""");
        (code, _, stderr) = CliHarness.Run(["compare", "--data", _data, "--out", output, "--models", "racnet", "--recipe", recipe, .. Quick]);
        Assert.Equal(2, code);
        Assert.Contains("learningRat", stderr);

        // Results are never written into the dataset.
        (code, stdout, stderr) = CliHarness.Run(["compare", "--data", _data, "--out", Path.Combine(_data, "compare"), "--models", "racnet", .. Quick]);
        Assert.Equal(2, code);
        Assert.Contains("--out", stderr);
        Assert.DoesNotContain("epoch", stdout);
        Assert.False(Directory.Exists(Path.Combine(_data, "compare")));
    }

    private static long ParameterCount(NetworkOptions options)
    {
        using var network = NetworkFactory.Create(options, seed: 0);
        return network.TrainableParameterCount();
    }

    private static void AssertFiniteMae(JsonElement row)
    {
        foreach (string metric in new[] { "maeMass", "maeAge" })
        {
            double mean = row.GetProperty(metric).GetProperty("mean").GetDouble(), std = row.GetProperty(metric).GetProperty("std").GetDouble();
            Assert.True(double.IsFinite(mean) && mean > 0, string.Create(CultureInfo.InvariantCulture, $"{metric} mean {mean}"));
            Assert.True(double.IsFinite(std) && std >= 0, string.Create(CultureInfo.InvariantCulture, $"{metric} std {std}"));
        }
    }

    private static void AssertPng(string path)
    {
        Assert.True(File.Exists(path), path);
        byte[] head = File.ReadAllBytes(path)[..8];
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, head);
    }
}
