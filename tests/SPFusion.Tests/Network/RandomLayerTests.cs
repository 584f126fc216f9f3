using SPFusion.ML.Network;
using SPFusion.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.Tests.Network;

/// <summary>
/// Dropout and drop-path draw from the generator they are given. Runs alone because two tests reseed libtorch's
/// default generator to compare against TorchSharp's own dropout.
/// </summary>
[Collection(TorchGlobalStateCollection.Name)]
public class RandomLayerTests
{
    [Fact]
    public void SeededDropoutOnTheDefaultGeneratorMatchesTorchSharpsDropoutDrawForDraw()
    {
        using var input = rand(4, 8, 300, generator: new Generator(1));
        using var theirs = nn.Dropout(0.3);
        using var ours = new SeededDropout(0.3);
        random.manual_seed(5);
        using var expected = theirs.forward(input);
        random.manual_seed(5);
        using var actual = ours.forward(input);
        Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());
    }

    [Fact]
    public void SeededDropoutZeroesAboutPAndScalesTheRestByOneOverOneMinusP()
    {
        using var input = ones(200_000);
        using var generator = new Generator(3);
        using var layer = new SeededDropout(0.25) { Random = generator };
        using var output = layer.forward(input);
        float[] values = output.data<float>().ToArray();
        double zeroFraction = values.Count(v => v == 0) / (double)values.Length;
        Assert.InRange(zeroFraction, 0.245, 0.255);
        Assert.All(values.Where(v => v != 0).Distinct(), v => Assert.Equal(1 / 0.75f, v, 1e-6f));
        layer.eval();
        using var evaluated = layer.forward(input);
        Assert.Equal(input.data<float>().ToArray(), evaluated.data<float>().ToArray());
    }

    [Fact]
    public void GivenAGeneratorTheDrawsDoNotDependOnTheDefaultGenerator()
    {
        using var input = ones(64, 16, 10);
        Tensor Run(long defaultSeed)
        {
            random.manual_seed(defaultSeed);
            using var generator = new Generator(9);
            using var dropout = new SeededDropout(0.5) { Random = generator };
            using var dropPath = new DropPath(0.5) { Random = generator };
            using var first = dropout.forward(input);
            return dropPath.forward(first);
        }
        using var a = Run(1);
        using var b = Run(2);
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
        Assert.InRange(a.eq(0).sum().item<long>(), 1, a.numel() - 1);
    }

    [Fact]
    public void UseRandomSourceReachesEveryDropoutAndDropPathOfTheNetwork()
    {
        using var net = NetworkFactory.Create(NetworkOptions.Published, 4);
        using var generator = new Generator(2);
        net.UseRandomSource(generator);
        var layers = net.modules().OfType<RandomDropLayer>().ToList();
        Assert.Contains(layers, l => l is DropPath);
        Assert.Contains(layers, l => l is SeededDropout);
        Assert.All(layers, l => Assert.Same(generator, l.Random));
        Assert.Empty(net.modules().OfType<TorchSharp.Modules.Dropout>());
        net.UseRandomSource(null);
        Assert.All(layers, l => Assert.Null(l.Random));
    }
}
