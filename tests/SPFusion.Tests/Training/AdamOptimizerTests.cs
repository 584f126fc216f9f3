using SPFusion.ML.Training;
using SPFusion.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.Tests.Training;

/// <summary>Our Adam against TorchSharp's <c>optim.Adam</c> (PyTorch's algorithm), step for step and file for file.</summary>
public class AdamOptimizerTests
{
    private const double Lr = 1e-2, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8, WeightDecay = 1e-2;

    private static nn.Module<Tensor, Tensor> Net(long seed)
    {
        var net = nn.Sequential(nn.Linear(8, 16), nn.GELU(), nn.Linear(16, 2));
        using var generator = new Generator((ulong)seed, CPU);
        using var noGrad = no_grad();
        foreach (var p in net.parameters()) p.uniform_(-0.5, 0.5, generator);
        return net;
    }

    private static (Tensor X, Tensor Y)[] Batches(int count)
    {
        using var generator = new Generator(11, CPU);
        return Enumerable.Range(0, count).Select(_ => (randn([5, 8], generator: generator), randn([5, 2], generator: generator))).ToArray();
    }

    private static void Backward(nn.Module<Tensor, Tensor> net, (Tensor X, Tensor Y) batch)
    {
        using var scope = NewDisposeScope();
        nn.functional.mse_loss(net.forward(batch.X), batch.Y).backward();
    }

    private static void RunTorch(nn.Module<Tensor, Tensor> net, TorchSharp.Modules.Adam adam, IEnumerable<(Tensor X, Tensor Y)> batches, double? lr = null)
    {
        foreach (var batch in batches)
        {
            if (lr is double l) foreach (var g in adam.ParamGroups) g.LearningRate = l;
            adam.zero_grad();
            Backward(net, batch);
            adam.step();
        }
    }

    private static void RunOurs(nn.Module<Tensor, Tensor> net, AdamOptimizer adam, IEnumerable<(Tensor X, Tensor Y)> batches, double? lr = null)
    {
        foreach (var batch in batches)
        {
            if (lr is double l) adam.LearningRate = l;
            adam.ZeroGrad();
            Backward(net, batch);
            adam.Step();
        }
    }

    private static void AssertSameState(nn.Module<Tensor, Tensor> torchNet, TorchSharp.Modules.Adam torchAdam, nn.Module<Tensor, Tensor> ourNet, AdamOptimizer ours)
    {
        var expected = torchNet.parameters().ToArray();
        var actual = ourNet.parameters().ToArray();
        var states = torchAdam.state_dict().State;
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            var state = (TorchSharp.Modules.Adam.State)states[i];
            Assert.Equal(state.step, ours.StepCount(i));
            AssertClose(expected[i], actual[i], $"parameter {i}");
            AssertClose(state.exp_avg, ours.ExpAvg(i), $"exp_avg {i}");
            AssertClose(state.exp_avg_sq, ours.ExpAvgSq(i), $"exp_avg_sq {i}");
        }
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        using var diff = (expected - actual).abs().max();
        double d = diff.item<float>();
        Assert.True(d <= 1e-6, $"{what}: max |difference| {d}");
    }

    [Fact]
    public void StepsMatchTorchSharpAdamIncludingALearningRateChange()
    {
        using var torchNet = Net(3);
        using var ourNet = Net(3);
        using var torchAdam = optim.Adam(torchNet.parameters(), Lr, Beta1, Beta2, Eps, WeightDecay);
        using var ours = new AdamOptimizer(ourNet.parameters(), Lr, Beta1, Beta2, Eps, WeightDecay);
        var batches = Batches(8);

        RunTorch(torchNet, torchAdam, batches[..4]);
        RunOurs(ourNet, ours, batches[..4]);
        AssertSameState(torchNet, torchAdam, ourNet, ours);
        RunTorch(torchNet, torchAdam, batches[4..], lr: 3e-3);
        RunOurs(ourNet, ours, batches[4..], lr: 3e-3);
        AssertSameState(torchNet, torchAdam, ourNet, ours);
        Assert.Equal(8, ours.StepCount(0));
        using var initial = Net(3);
        AssertDiffers(initial.parameters().First(), ourNet.parameters().First());
    }

    private static void AssertDiffers(Tensor a, Tensor b)
    {
        using var diff = (a - b).abs().max();
        Assert.True(diff.item<float>() > 1e-3, "eight Adam steps left the weights where they started");
    }

    [Fact]
    public void StateFilesAreInterchangeableWithTorchSharpAdam()
    {
        var batches = Batches(6);
        using var temp = new TempFolder("spfusion-adam");
        string dir = temp.Path;
        // TorchSharp writes (a checkpoint from before this optimiser existed); ours resumes it.
        using var torchNet = Net(5);
        using var torchAdam = optim.Adam(torchNet.parameters(), Lr, Beta1, Beta2, Eps, WeightDecay);
        RunTorch(torchNet, torchAdam, batches[..3]);
        string torchFile = Path.Combine(dir, "torch.optimizer");
        torchAdam.save_state_dict(torchFile);

        using var ourNet = Net(5);
        using (no_grad())
        {
            foreach (var (dst, src) in ourNet.parameters().Zip(torchNet.parameters())) dst.copy_(src);
        }
        // The learning rate comes from the file (the schedule resets it each epoch); betas, eps and decay must match it.
        using var ours = new AdamOptimizer(ourNet.parameters(), learningRate: 0.5, Beta1, Beta2, Eps, WeightDecay);
        ours.Load(torchFile);
        Assert.Equal((Lr, Beta1, Beta2, Eps, WeightDecay), (ours.LearningRate, ours.Beta1, ours.Beta2, ours.Eps, ours.WeightDecay));
        AssertSameState(torchNet, torchAdam, ourNet, ours);

        RunTorch(torchNet, torchAdam, batches[3..]);
        RunOurs(ourNet, ours, batches[3..]);
        AssertSameState(torchNet, torchAdam, ourNet, ours);

        // Ours writes; TorchSharp reads it back to the same state.
        string ourFile = Path.Combine(dir, "ours.optimizer");
        ours.Save(ourFile);
        using var readerNet = Net(5);
        using (no_grad())
        {
            foreach (var (dst, src) in readerNet.parameters().Zip(ourNet.parameters())) dst.copy_(src);
        }
        using var reader = optim.Adam(readerNet.parameters(), lr: 0.5);
        reader.load_state_dict(ourFile);
        AssertSameState(readerNet, reader, ourNet, ours);
    }

    [Fact]
    public void AStateFileOfAnotherOptimizerOrNetworkIsRejectedNamingTheFile()
    {
        using var temp = new TempFolder("spfusion-adam");
        string dir = temp.Path;
        using var small = Net(1);
        using var sgd = optim.SGD(small.parameters(), 0.1);
        string sgdFile = Path.Combine(dir, "sgd.optimizer");
        sgd.save_state_dict(sgdFile);
        using var ours = new AdamOptimizer(small.parameters(), Lr, Beta1, Beta2, Eps, WeightDecay);
        var ex = Assert.Throws<InvalidDataException>(() => ours.Load(sgdFile));
        Assert.Contains(sgdFile, ex.Message);

        using var other = nn.Sequential(nn.Linear(8, 3));
        using var otherAdam = new AdamOptimizer(other.parameters(), Lr, Beta1, Beta2, Eps, WeightDecay);
        string otherFile = Path.Combine(dir, "other.optimizer");
        otherAdam.Save(otherFile);
        ex = Assert.Throws<InvalidDataException>(() => ours.Load(otherFile));
        Assert.Contains(otherFile, ex.Message);
    }

    [Fact]
    public void ALearningRateScaleMultipliesThatParametersStepsOnly()
    {
        using var plain = Net(5);
        using var scaled = Net(5);
        var batches = Batches(3);
        int n = plain.parameters().Count();
        var scales = Enumerable.Repeat(1.0, n).ToArray();
        scales[n - 1] = 10; // the last bias
        using var reference = new AdamOptimizer(plain.parameters(), Lr, Beta1, Beta2, Eps, 0);
        using var optimizer = new AdamOptimizer(scaled.parameters(), Lr, Beta1, Beta2, Eps, 0, scales);
        using var before = plain.parameters().Last().detach().clone();

        // One step from the same weights and gradients: Adam's step depends on the gradient's history only, so the
        // scaled parameter moves exactly 10 times as far and every other parameter exactly as far.
        foreach (var (net, adam) in new[] { (plain, reference), (scaled, optimizer) })
        {
            adam.ZeroGrad();
            Backward(net, batches[0]);
            adam.Step();
        }
        var p = plain.parameters().ToArray();
        var q = scaled.parameters().ToArray();
        for (int i = 0; i < n - 1; i++) Assert.True(allclose(p[i], q[i], rtol: 0, atol: 1e-7), $"parameter {i} moved differently");
        using var plainStep = p[n - 1] - before;
        using var scaledStep = q[n - 1] - before;
        using var tenTimes = plainStep * 10.ToScalar();
        Assert.True(allclose(scaledStep, tenTimes, rtol: 1e-4, atol: 1e-7));
        Assert.True(plainStep.abs().max().item<float>() > 1e-4, "the reference step is too small to compare");

        Assert.Throws<ArgumentException>(() => new AdamOptimizer(plain.parameters(), Lr, Beta1, Beta2, Eps, 0, [1.0]));
    }
}
