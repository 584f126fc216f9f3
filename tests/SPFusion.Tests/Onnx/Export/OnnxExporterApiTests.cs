using System.Text.Json;
using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Export;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Onnx.Export;

public sealed class OnnxExporterApiTests
{
    [Fact]
    public void FileExportCarriesConfigurationTrainingSummaryAndInputConventions()
    {
        using var network = NetworkFactory.Create(NetworkOptions.Published with { FusionHeads = 2 }, 3);
        using var temp = new TempFolder("spfusion-export");
        string path = temp.File("model.onnx");
        OnnxExporter.Export(network, path, new OnnxExportMetadata
        {
            Training = new OnnxTrainingSummary(Epochs: 12, BestValidationLoss: 0.625, TrainingSamples: 25_991, ValidationSamples: 11_140),
            WeightsSource = "unit test",
        });
        using var runner = new OnnxModelRunner(path);
        Assert.Equal(["photometric", "spectrum"], runner.InputNames);
        Assert.Equal(["prediction", "fusion_attention", "channel_attention"], runner.OutputNames);
        var meta = runner.CustomMetadata;
        Assert.Equal(OnnxExporter.PackageVersion, meta[OnnxMetadataKeys.PackageVersion]);
        var options = JsonSerializer.Deserialize<JsonElement>(meta[OnnxMetadataKeys.NetworkOptions]);
        Assert.Equal(2, options.GetProperty("FusionHeads").GetInt32());
        Assert.Equal("SPFusion", options.GetProperty("Variant").GetString());
        Assert.Equal("12", meta[OnnxMetadataKeys.TrainingEpochs]);
        Assert.Equal("0.625", meta[OnnxMetadataKeys.TrainingBestValidationLoss]);
        Assert.Equal("25991", meta[OnnxMetadataKeys.TrainingSamples]);
        Assert.Equal("11140", meta[OnnxMetadataKeys.ValidationSamples]);
        Assert.Equal("unit test", meta[OnnxMetadataKeys.WeightsSource]);
        Assert.Contains("4000-9000 Angstrom", meta[OnnxMetadataKeys.SpectrumPreparation]);
        Assert.Contains("floor((3584-n)/2)", meta[OnnxMetadataKeys.SpectrumPreparation]);
        Assert.Contains("g, r, i", meta[OnnxMetadataKeys.PhotometricPreparation]);
        Assert.Contains("128x128", meta[OnnxMetadataKeys.PhotometricPreparation]);
    }

    [Fact]
    public void BaselineGraphTakesOnlyTheSpectrum()
    {
        using var network = NetworkFactory.Create(NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1D }, 3);
        using var stream = new MemoryStream();
        OnnxExporter.ExportToStream(network, stream);
        using var runner = new OnnxModelRunner(stream.ToArray());
        Assert.Equal(["spectrum"], runner.InputNames);
        Assert.Equal(["prediction"], runner.OutputNames);
        Assert.False(runner.CustomMetadata.ContainsKey(OnnxMetadataKeys.PhotometricPreparation));
        Assert.False(runner.CustomMetadata.ContainsKey(OnnxMetadataKeys.TrainingEpochs));
    }

    [Fact]
    public void ExportKeepsEvalModeNetworksInEvalMode()
    {
        using var network = NetworkFactory.Create(NetworkOptions.Published, 3);
        network.eval();
        _ = OnnxExporter.BuildModel(network);
        Assert.False(network.training);
    }

    [Fact]
    public void GraphHasNoShapePlumbingAndNoBatchNorms()
    {
        using var network = NetworkFactory.Create(NetworkOptions.Published, 3);
        var model = OnnxExporter.BuildModel(network);
        var ops = model.Graph.Node.Select(n => n.OpType).ToHashSet();
        Assert.DoesNotContain("Shape", ops);
        Assert.DoesNotContain("Gather", ops);
        Assert.DoesNotContain("BatchNormalization", ops);
        Assert.DoesNotContain("Dropout", ops);
        Assert.Equal(1, model.Graph.Node.Count(n => n.OpType == "Transpose"));
    }
}
