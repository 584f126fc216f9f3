namespace SPFusion.Tests.Cli;

public class SummaryCommandTests
{
    [Fact]
    public void DefaultSummaryReportsThePublishedParameterCount()
    {
        var (code, stdout, stderr) = CliHarness.Run("summary");
        Assert.True(code == 0, stderr);
        var lines = stdout.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("total parameters: 939398", lines[^1]);
        Assert.Contains(lines, l => l.StartsWith("spec_feature_extractor.extractor.2", StringComparison.Ordinal) && l.Contains("[32, 28]"));
        Assert.Contains(lines, l => l.StartsWith("fusion_trans_blk.attention", StringComparison.Ordinal) && l.Contains("[1, 96, 96]"));
        // The table's rows partition the parameters.
        long rowSum = lines.Skip(2).Take(lines.Count - 3)
            .Sum(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1].Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(939_398, rowSum);
    }

    [Fact]
    public void BaselineSummary()
    {
        var (code, stdout, stderr) = CliHarness.Run("summary", "--model", "convnext1d");
        Assert.True(code == 0, stderr);
        Assert.EndsWith("total parameters: 566850", stdout.TrimEnd());
    }

    [Theory]
    [InlineData("convnext1d-paper", "568338", "spec_feature_extractor.extractor.3", "[16, 14]")]
    [InlineData("racnet", "756354", "conv_structure.7 (+ max pool)", "[128, 14]")]
    [InlineData("sscnn", "746954", "extractor.1", "[32, 224]")]
    [InlineData("resnet10t", "4947210", "feature_extractor.layer4", "[512, 4, 4]")]
    public void ComparisonNetworkSummariesEndWithThePublishedCount(string model, string total, string layer, string shape)
    {
        var (code, stdout, stderr) = CliHarness.Run("summary", "--model", model);
        Assert.True(code == 0, stderr);
        var lines = stdout.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal($"total parameters: {total}", lines[^1]);
        Assert.Contains(lines, l => l.StartsWith(layer, StringComparison.Ordinal) && l.Contains(shape, StringComparison.Ordinal));
        // The table's rows partition the parameters.
        long rowSum = lines.Skip(2).Take(lines.Count - 3)
            .Sum(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1].Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(long.Parse(total, System.Globalization.CultureInfo.InvariantCulture), rowSum);
    }

    [Theory]
    [InlineData("sscnn", "1024", "7459010")] // the authors' group's code width
    [InlineData("resnet10t", "64", "4955450")] // 4,922,488 + 515 x 64 + 2
    public void HeadWidthChangesTheTwoLayerHead(string model, string width, string total)
    {
        var (code, stdout, stderr) = CliHarness.Run("summary", "--model", model, "--head-width", width);
        Assert.True(code == 0, stderr);
        Assert.EndsWith($"total parameters: {total}", stdout.TrimEnd(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("racnet")]
    [InlineData("spfusion")]
    public void HeadWidthIsRefusedForNetworksWithoutThatHead(string model)
    {
        var (code, _, stderr) = CliHarness.Run("summary", "--model", model, "--head-width", "64");
        Assert.Equal(2, code);
        Assert.Contains($"option --head-width applies to --model sscnn or resnet10t, not {model}", stderr);
    }

    [Fact]
    public void FusionOptionsAreRefusedForTheComparisonNetworks()
    {
        var (code, _, stderr) = CliHarness.Run("summary", "--model", "resnet10t", "--heads", "2");
        Assert.Equal(2, code);
        Assert.Contains("option --heads configures the fusion network and has no meaning with --model resnet10t", stderr);
    }

    [Theory]
    [InlineData("939398", "--no-star")]
    [InlineData("1050854", "--star-kernel", "16")]
    [InlineData("883814", "--ffn-ratio", "2")]
    [InlineData("939398", "--heads", "4")]
    [InlineData("939398", "--heads", "7")]
    [InlineData("976742", "--metaformer-blocks", "2")]
    public void AblationOptionsChangeTheReportedNetwork(string total, params string[] options)
    {
        var (code, stdout, stderr) = CliHarness.Run(["summary", .. options]);
        Assert.True(code == 0, stderr);
        Assert.EndsWith($"total parameters: {total}", stdout.TrimEnd());
    }

    [Theory]
    [InlineData("5")]
    [InlineData("3")] // divides the 96 channels, but the heads split the length 28
    public void HeadsMustDivideTheFusedLength(string heads)
    {
        var (code, _, stderr) = CliHarness.Run("summary", "--heads", heads);
        Assert.Equal(2, code);
        Assert.Contains("option --heads", stderr);
        Assert.Contains("must divide the fused feature length 28", stderr);
    }

    [Fact]
    public void FusionOptionsAreRefusedForTheBaseline()
    {
        var (code, _, stderr) = CliHarness.Run("summary", "--model", "convnext1d", "--no-star");
        Assert.Equal(2, code);
        Assert.Contains("--no-star", stderr);
    }

    [Fact]
    public void UnknownModelIsAUsageError()
    {
        var (code, _, stderr) = CliHarness.Run("summary", "--model", "resnet");
        Assert.Equal(2, code);
        Assert.Contains("'resnet'", stderr);
    }
}
