using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Import;
using SPFusion.ML.Runtime;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.Tests.Onnx.Import;

public class PublishedOnnxImporterTests
{
    private const int Batch = 4;
    private const double Tolerance = 1e-4;

    [Fact]
    public void ImportedNetworkReproducesOnnxRuntimeOnThePublishedModel()
    {
        var random = new Random(20240917);
        float[] photometric = Uniform(random, Batch * 3 * 128 * 128);
        float[] spectrum = Uniform(random, Batch * 3584);

        float[] ortPrediction, ortAttention, ortSe;
        using (var session = new InferenceSession(TestPaths.PublishedOnnx))
        {
            var inputs = new List<NamedOnnxValue>
            {
                NamedOnnxValue.CreateFromTensor("photometric", new DenseTensor<float>(photometric, [Batch, 3, 128, 128])),
                NamedOnnxValue.CreateFromTensor("spectrum", new DenseTensor<float>(spectrum, [Batch, 1, 3584])),
            };
            using var results = session.Run(inputs);
            ortPrediction = results.Single(r => r.Name == "mass_m_sun").AsEnumerable<float>().ToArray();
            ortAttention = results.Single(r => r.Name == "age_gyr").AsEnumerable<float>().ToArray();
            ortSe = results.Single(r => r.Name == "onnx::Mul_711").AsEnumerable<float>().ToArray();
        }

        using var net = PublishedOnnxImporter.Load(TestPaths.PublishedOnnx);
        Assert.False(net.training);
        using var p = tensor(photometric, [Batch, 3, 128, 128]);
        using var s = tensor(spectrum, [Batch, 1, 3584]);
        using var noGrad = no_grad();
        using var output = net.forward(p, s);

        AssertClose(ortPrediction, output.Prediction, [Batch, 2], "mass/age");
        AssertClose(ortAttention, output.FusionAttention!, [Batch, 1, 96, 96], "fusion attention");
        AssertClose(ortSe, output.ChannelAttention!, [Batch, 96], "SE weights");
        // The predictions must be the published model's, not a degenerate constant: samples differ.
        Assert.NotEqual(ortPrediction[0], ortPrediction[2]);
    }

    [Fact]
    public void ThePublishedWeightsSubnormalsAreLoadedAndExportedAsZero()
    {
        // The authors' file holds tens of thousands of subnormal weights, which x86 multiplies about 100 times slower.
        var published = ModelProto.Parser.ParseFrom(File.ReadAllBytes(TestPaths.PublishedOnnx));
        int inFile = published.Graph.Initializer.Where(i => i.DataType == (int)TensorProto.Types.DataType.Float)
            .Sum(i => Subnormals.Count(OnnxInitializer.Read(i, "published").Values));
        Assert.True(inFile > 30_000, $"the published file holds {inFile} subnormal weights");

        using var net = PublishedOnnxImporter.Load(TestPaths.PublishedOnnx);
        foreach (var (name, parameter) in net.named_parameters())
            Assert.True(Subnormals.Count(parameter.data<float>().ToArray()) == 0, $"parameter {name} holds subnormals");
        foreach (var (name, buffer) in net.named_buffers().Where(b => b.buffer.dtype == ScalarType.Float32))
            Assert.True(Subnormals.Count(buffer.data<float>().ToArray()) == 0, $"buffer {name} holds subnormals");

        using var folder = new TempFolder("subnormals");
        string path = folder.File("exported.onnx");
        SPFusion.ML.Onnx.Export.OnnxExporter.Export(net, path);
        var exported = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        Assert.All(exported.Graph.Initializer.Where(i => i.DataType == (int)TensorProto.Types.DataType.Float),
            i => Assert.Equal(0, Subnormals.Count(OnnxInitializer.Read(i, "exported").Values)));
    }

    [Fact]
    public void ImportedNetworkFineTunesLikeAFreshOne()
    {
        using var net = PublishedOnnxImporter.Load(TestPaths.PublishedOnnx);
        Assert.All(net.parameters(), q => Assert.True(q.requires_grad));
        Assert.Equal(939_398, net.TrainableParameterCount());

        var bn = net.Head.ConvBlock.Norm!;
        using var meanBefore = bn.running_mean!.clone();
        using var weightBefore = net.Head.Output.weight!.clone();
        using var stemBefore = net.SpectralExtractor.Stem.weight!.clone();

        net.train();
        using var generator = new Generator(7, CPU);
        using var p = rand([2, 3, 128, 128], generator: generator);
        using var s = rand([2, 1, 3584], generator: generator);
        using var target = tensor(new float[] { 1.2f, 3.0f, 1.0f, 5.0f }, [2, 2]);
        using var optimizer = new AdamOptimizer(net.parameters(), learningRate: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0);
        optimizer.ZeroGrad();
        using var output = net.forward(p, s);
        using var loss = nn.functional.mse_loss(output.Prediction, target);
        loss.backward();
        optimizer.Step();

        Assert.False(weightBefore.allclose(net.Head.Output.weight!, 0, 0), "output layer unchanged by an optimizer step");
        Assert.False(stemBefore.allclose(net.SpectralExtractor.Stem.weight!, 0, 0), "spectral stem unchanged by an optimizer step");
        Assert.False(meanBefore.allclose(bn.running_mean!, 0, 0), "batch norm running mean not updated in training mode");
    }

    [Fact]
    public void GraphWithAMisnamedNodeIsRejectedNamingThatNode()
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(TestPaths.PublishedOnnx));
        var node = model.Graph.Node.First(n => n.Name == "/spec_feature_extractor/extractor.1/down_sample/Conv");
        node.Name = "/spec_feature_extractor/extractor.1/upsample/Conv";
        using var temp = new TempFolder("spfusion-import");
        string path = WriteTemp(temp, model);
        var ex = Assert.Throws<InvalidDataException>(() => PublishedOnnxImporter.Load(path));
        Assert.Contains("/spec_feature_extractor/extractor.1/upsample/Conv", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void InitializerOfTheWrongShapeIsRejectedNamingNodeAndInitializer()
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(TestPaths.PublishedOnnx));
        var init = model.Graph.Initializer.Single(i => i.Name == "classification_head.out_linear.bias");
        init.Dims.Clear();
        init.Dims.Add(1);
        init.Dims.Add(2);
        using var temp = new TempFolder("spfusion-import");
        string path = WriteTemp(temp, model);
        var ex = Assert.Throws<InvalidDataException>(() => PublishedOnnxImporter.Load(path));
        Assert.Contains("/classification_head/out_linear/Gemm", ex.Message);
        Assert.Contains("classification_head.out_linear.bias", ex.Message);
    }

    [Fact]
    public void FileThatIsNotOnnxIsRejected()
    {
        using var temp = new TempFolder("spfusion-import");
        string path = temp.File("not-onnx.onnx");
        File.WriteAllBytes(path, [0xff, 0xff, 0xff, 0x01, 0x02]);
        var ex = Assert.Throws<InvalidDataException>(() => PublishedOnnxImporter.Load(path));
        Assert.Contains(path, ex.Message);
    }

    private static string WriteTemp(TempFolder temp, ModelProto model)
    {
        string path = temp.File("model.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    private static float[] Uniform(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = random.NextSingle();
        return values;
    }

    private static void AssertClose(float[] expected, torch.Tensor actual, long[] shape, string what)
    {
        Assert.Equal(shape, actual.shape);
        float[] got = actual.contiguous().data<float>().ToArray();
        Assert.Equal(expected.Length, got.Length);
        double worst = 0;
        for (int i = 0; i < got.Length; i++) worst = Math.Max(worst, Math.Abs(got[i] - expected[i]));
        Assert.True(worst <= Tolerance, $"{what}: largest difference to ONNX Runtime {worst:E3} exceeds {Tolerance:E0}");
    }
}
