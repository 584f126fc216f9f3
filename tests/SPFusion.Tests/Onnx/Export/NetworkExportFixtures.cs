using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Runtime;
using SPFusion.ML.Training;
using SPFusion.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.Tests.Onnx.Export;

/// <summary>Networks in known states and fixed inputs for the export equality tests.</summary>
internal static class NetworkExportFixtures
{
    public const int Batch = 8;

    /// <summary>8 fixed inputs in [0,1], drawn from their own generator so parallel tests cannot disturb them.</summary>
    public static (Tensor Photometric, Tensor Spectrum) Inputs(long seed = 2024)
    {
        var generator = new Generator((ulong)seed);
        var photometric = rand([Batch, SPFusionShapes.Bands, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize], generator: generator);
        var spectrum = rand([Batch, 1, SPFusionShapes.SpectrumLength], generator: generator);
        return (photometric, spectrum);
    }

    /// <summary>
    /// Moves every parameter and batch-norm statistic away from its initial value (LayerNorms start as ones and zeros,
    /// batch norms as mean 0, variance 1), so a swapped or dropped weight changes the outputs.
    /// </summary>
    public static void Perturb(nn.Module network, long seed)
    {
        var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var p in network.parameters())
            p.add_(randn(p.shape, generator: generator).Times(0.05), KeptScalars.One);
        foreach (var module in network.modules())
        {
            if (module is not TorchSharp.Modules.BatchNorm bn) continue;
            bn.running_mean!.copy_(randn(bn.num_features, generator: generator).Times(0.3));
            bn.running_var!.copy_(rand(bn.num_features, generator: generator).Plus(0.5));
        }
    }

    /// <summary>Runs three Adam steps in train mode on random data, so batch-norm running statistics come from data.</summary>
    public static void TrainBriefly(StarNetwork network, long seed)
    {
        var generator = new Generator((ulong)seed);
        network.train();
        using var optimizer = new AdamOptimizer(network.parameters(), learningRate: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0);
        for (int step = 0; step < 3; step++)
        {
            using var scope = NewDisposeScope();
            var photometric = rand([4, 3, 128, 128], generator: generator);
            var spectrum = rand([4, 1, 3584], generator: generator);
            var target = randn([4, 2], generator: generator);
            using var output = network.forward(photometric, spectrum);
            var loss = nn.functional.mse_loss(output.Prediction, target);
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();
        }
    }

    /// <summary>Exports <paramref name="network"/> and asserts ONNX Runtime reproduces its eval forward on every output.</summary>
    public static void AssertExportMatchesTorch(StarNetwork network, string what)
    {
        byte[] model = OnnxExporter.ExportToBytes(network);
        var (photometric, spectrum) = Inputs();
        network.eval();
        using var noGrad = no_grad();
        using var expected = network.forward(photometric, spectrum);

        using var runner = new OnnxModelRunner(model, intraOpThreads: 2);
        var inputs = new Dictionary<string, (float[], long[])>();
        if (network.UsesSpectrum) inputs["spectrum"] = (TensorValues.ToFloats(spectrum), spectrum.shape);
        if (network.UsesPhotometry) inputs["photometric"] = (TensorValues.ToFloats(photometric), photometric.shape);
        // The graph takes exactly the inputs the network reads: an image-only graph has no spectrum input, and so on.
        Assert.Equal(inputs.Keys.Order(), runner.InputNames.Order());
        var actual = runner.Run(inputs);

        OnnxTestSupport.AssertClose(expected.Prediction, actual["prediction"].Values, $"{what}: prediction");
        Assert.Equal(expected.Prediction.shape, actual["prediction"].Shape);
        if (network is not SPFusionNetwork)
        {
            Assert.Equal(["prediction"], runner.OutputNames);
            return;
        }
        OnnxTestSupport.AssertClose(expected.FusionAttention!, actual["fusion_attention"].Values, $"{what}: fusion_attention");
        Assert.Equal(expected.FusionAttention!.shape, actual["fusion_attention"].Shape);
        OnnxTestSupport.AssertClose(expected.ChannelAttention!, actual["channel_attention"].Values, $"{what}: channel_attention");
        Assert.Equal(expected.ChannelAttention!.shape, actual["channel_attention"].Shape);
    }
}
