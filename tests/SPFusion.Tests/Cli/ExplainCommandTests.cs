using System.Text.Json;
using SPFusion.ML.Network;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Cli;

/// <summary>`spfusion explain` writes its wavelength maps, table and report, for the published model and for a checkpoint.</summary>
public sealed class ExplainCommandTests : IDisposable
{
    private readonly TempFolder _work = new("spfusion-explain");

    public void Dispose() => _work.Dispose();

    [Fact]
    public void ThePublishedModelGetsBothMapsTheChannelAttentionAndACompletenessCheck()
    {
        string data = TinyDataset.Write(_work.File("data"), 4);
        string output = _work.File("explain");
        var (code, stdout, stderr) = CliHarness.Run("explain", "--model", "spfusion", "--data", data, "--out", output, "--stars", "3", "--steps", "32");
        Assert.True(code == 0, stderr + stdout);
        foreach (string file in new[] { "attribution-mass.png", "attribution-age.png", "channel-attention.png" })
            Assert.True(new FileInfo(Path.Combine(output, file)).Length > 1000, file);

        string[] csv = File.ReadAllLines(Path.Combine(output, "attributions.csv"));
        Assert.Equal(1 + 3584, csv.Length);
        Assert.StartsWith("sample,vacuum_wavelength_angstrom,", csv[0], StringComparison.Ordinal);
        Assert.Equal("", csv[1].Split(',')[1]); // padding sample: no wavelength
        double first = double.Parse(csv[1 + 31].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(first, 4000, 4001.5);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "explain.json")));
        var targets = json.RootElement.GetProperty("targets");
        Assert.Equal(2, targets.GetArrayLength());
        foreach (var t in targets.EnumerateArray())
        {
            // The midpoint rule's error with 32 steps on the published network (ReLU-free but sharp); the exact check is IntegratedGradientsTests.
            Assert.InRange(t.GetProperty("completenessError").GetDouble(), 0, 0.1);
            Assert.NotEqual(0, t.GetProperty("halfMaximumRegions").GetArrayLength());
        }
        Assert.Contains(json.RootElement.GetProperty("lines").EnumerateArray(), l => l.GetProperty("name").GetString() == "Mg b 5184");
    }

    [Fact]
    public void ACheckpointOfASpectrumBaselineGetsTheMapsWithoutAttentionAndTheImageOnlyNetworkIsRefused()
    {
        string data = TinyDataset.Write(_work.File("data"), 3);
        string weights = _work.File("sscnn.bin");
        using (var network = NetworkFactory.Create(NetworkOptions.Published with { Variant = NetworkVariant.Sscnn }, seed: 2))
            network.SaveWeights(weights);
        string output = _work.File("explain");
        var (code, stdout, stderr) = CliHarness.Run("explain", "--model", "sscnn", "--weights", weights, "--data", data, "--out", output,
            "--stars", "3", "--steps", "8", "--baseline", "median");
        Assert.True(code == 0, stderr + stdout);
        Assert.True(File.Exists(Path.Combine(output, "attribution-mass.png")));
        Assert.True(File.Exists(Path.Combine(output, "attribution-age.png")));
        Assert.False(File.Exists(Path.Combine(output, "channel-attention.png")));

        (code, _, stderr) = CliHarness.Run("explain", "--model", "resnet10t", "--data", data, "--out", _work.File("refused"));
        Assert.Equal(2, code);
        Assert.Contains("--weights", stderr);
    }
}
