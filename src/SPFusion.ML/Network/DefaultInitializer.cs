using SPFusion.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// PyTorch's default initialisation, drawn from a private generator so a seed gives the same weights whatever other
/// threads do with torch's global random state. Convolutions and linear layers: weight and bias uniform in
/// ±1/sqrt(fan_in) (Kaiming-uniform with a = sqrt 5); norms: weight 1, bias 0, running mean 0, running variance 1.
/// </summary>
internal static class DefaultInitializer
{
    /// <summary>Re-initialises every layer of <paramref name="root"/> in registration order from <paramref name="seed"/>.</summary>
    public static void Apply(nn.Module root, long seed)
    {
        using var generator = new Generator(unchecked((ulong)seed), CPU);
        using var noGrad = no_grad();
        foreach (var (_, module) in root.named_modules())
        {
            switch (module)
            {
                case Conv1d c: ResetConvOrLinear(c.weight!, c.bias, generator); break;
                case Conv2d c: ResetConvOrLinear(c.weight!, c.bias, generator); break;
                case Linear l: ResetConvOrLinear(l.weight!, l.bias, generator); break;
                case SamePadConv1d c: ResetConvOrLinear(c.weight, c.bias, generator); break;
                case BatchNorm b: ResetNorm(b.weight, b.bias, b.running_mean, b.running_var, b.num_batches_tracked); break;
                case ChannelLayerNorm n: ResetNorm(n.weight, n.bias, null, null, null); break;
            }
        }
    }

    /// <summary>Kaiming-uniform (a = sqrt 5) weight and the matching uniform bias; fan_in = in/groups × kernel size.</summary>
    public static void ResetConvOrLinear(Tensor weight, Tensor? bias, Generator? generator)
    {
        long fanIn = 1;
        for (int i = 1; i < weight.dim(); i++) fanIn *= weight.shape[i];
        double bound = 1.0 / Math.Sqrt(fanIn);
        using var noGrad = no_grad();
        // Tensor.uniform_ rather than nn.init.uniform_: the latter ignores its generator in TorchSharp 0.107.
        weight.uniform_(-bound, bound, generator);
        bias?.uniform_(-bound, bound, generator);
    }

    private static void ResetNorm(Tensor? weight, Tensor? bias, Tensor? runningMean, Tensor? runningVar, Tensor? batches)
    {
        weight?.FillWith(1);
        bias?.zero_();
        runningMean?.zero_();
        runningVar?.FillWith(1);
        batches?.zero_();
    }
}
