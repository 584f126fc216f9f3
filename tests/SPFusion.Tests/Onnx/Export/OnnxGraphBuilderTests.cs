using SPFusion.ML.Onnx.Export;

namespace SPFusion.Tests.Onnx.Export;

public sealed class OnnxGraphBuilderTests
{
    [Fact]
    public void BuildsOpset17IrVersion8WithDynamicBatchAndMetadata()
    {
        var graph = new OnnxGraphBuilder("g");
        string x = graph.AddInput("x", 4);
        string y = graph.AddNode("Add", [x, graph.Scalar(2f)], "add");
        graph.AddOutput(y, "y", 4);
        graph.AddMetadata("key", "value");
        var model = graph.Build("1.2.3");

        Assert.Equal(8, model.IrVersion);
        var opset = Assert.Single(model.OpsetImport);
        Assert.Equal(("", 17L), (opset.Domain, opset.Version));
        Assert.Equal("N", model.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal("N", model.Graph.Output[0].Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal("y", Assert.Single(model.Graph.Node).Output[0]);
        Assert.Equal("value", Assert.Single(model.MetadataProps).Value);
    }

    [Fact]
    public void SharesRepeatedConstantsAndKeepsNamesUnique()
    {
        var graph = new OnnxGraphBuilder("g");
        Assert.Equal(graph.Scalar(1f), graph.Scalar(1f));
        Assert.NotEqual(graph.Scalar(1f), graph.Scalar(2f));
        Assert.Equal(graph.Int64Vector(0, 32, -1), graph.Int64Vector(0, 32, -1));
        string a = graph.AddInitializer("w", [1f], [1]);
        string b = graph.AddInitializer("w", [2f], [1]);
        Assert.NotEqual(a, b);
        Assert.Equal(2, graph.StoredFloatCount);
    }

    [Fact]
    public void RejectsInitializerWhoseShapeDoesNotMatchItsData()
    {
        var graph = new OnnxGraphBuilder("g");
        var ex = Assert.Throws<ArgumentException>(() => graph.AddInitializer("w", [1f, 2f, 3f], [2, 2]));
        Assert.Contains("'w'", ex.Message);
    }

    [Fact]
    public void StoresSubnormalWeightsAsZero()
    {
        var graph = new OnnxGraphBuilder("g");
        float[] weights = [0.25f, 1e-40f, -3e-39f, -1f];
        string name = graph.AddInitializer("w", weights, [4]);
        var model = graph.Build("1.2.3");

        var stored = Assert.Single(model.Graph.Initializer, i => i.Name == name);
        float[] values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(stored.RawData.Span).ToArray();
        Assert.Equal([0.25f, 0f, -0f, -1f], values);
        Assert.Equal(1e-40f, weights[1]);
    }

    [Fact]
    public void RejectsDuplicateMetadataKeys()
    {
        var graph = new OnnxGraphBuilder("g");
        graph.AddMetadata("k", "1");
        Assert.Throws<ArgumentException>(() => graph.AddMetadata("k", "2"));
    }
}
