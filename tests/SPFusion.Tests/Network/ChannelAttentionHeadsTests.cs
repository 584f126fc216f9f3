using SPFusion.ML.Network;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.Tests.Network;

/// <summary>
/// The release's multi-head wiring, checked against a loop-by-loop reference: q, k, v [N,C,L] viewed in memory order
/// as [N,h,C,L/h], per-head C x C "softmax plus one" scaled by 1/sqrt(L/h), then (w @ v) [N,h,C,d] transposed to
/// [N,C,h,d] and flattened back to [N,C,L].
/// </summary>
public sealed class ChannelAttentionHeadsTests
{
    private const int N = 2, C = 6, L = 12;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void ForwardMatchesTheReleasesReshapeTransposeWiring(int heads)
    {
        using var attention = new ChannelAttention(C, heads, dropPath: 0.3);
        attention.eval();
        var generator = new Generator(17, CPU);
        using var noGrad = no_grad();
        var (lnQ, lnK, lnV) = attention.Norms;
        foreach (var norm in new[] { lnQ, lnK, lnV })
        {
            norm.Weight.copy_(randn(C, generator: generator));
            norm.Bias.copy_(randn(C, generator: generator) * 0.3);
        }
        using var input = randn([N, C, L], generator: generator);
        var (output, map) = attention.forward(input);
        using (output)
        using (map)
        {
            Assert.Equal(new long[] { N, heads, C, C }, map.shape);
            Assert.Equal(new long[] { N, C, L }, output.shape);
            var (expectedOutput, expectedMap) = Reference(input.data<float>().ToArray(), [Affine(lnQ), Affine(lnK), Affine(lnV)], heads);
            AssertClose(expectedMap, map.data<float>().ToArray(), "attention map");
            AssertClose(expectedOutput, output.data<float>().ToArray(), "output");
        }
    }

    [Fact]
    public void LengthNotDivisibleByTheHeadsIsRejected()
    {
        using var attention = new ChannelAttention(C, 5, dropPath: 0);
        using var input = zeros(1, C, L);
        var ex = Assert.Throws<ArgumentException>(() => attention.forward(input));
        Assert.Contains("length 12 is not divisible by the 5 attention heads", ex.Message);
    }

    private static (float[] Weight, float[] Bias) Affine(ChannelLayerNorm norm) =>
        (norm.Weight.data<float>().ToArray(), norm.Bias.data<float>().ToArray());

    /// <summary>Loop reference in doubles; returns the output [N,C,L] and the map [N,h,C,C], both flattened.</summary>
    private static (double[] Output, double[] Map) Reference(float[] x, (float[] Weight, float[] Bias)[] norms, int heads)
    {
        int d = L / heads;
        var output = new double[N * C * L];
        var map = new double[N * heads * C * C];
        for (int n = 0; n < N; n++)
        {
            // Channel LayerNorm at each position, one array per q, k, v, in [C,L] memory order.
            var flat = new double[3][];
            for (int t = 0; t < 3; t++) flat[t] = new double[C * L];
            for (int l = 0; l < L; l++)
            {
                double mean = 0, variance = 0;
                for (int c = 0; c < C; c++) mean += x[(n * C + c) * L + l];
                mean /= C;
                for (int c = 0; c < C; c++) variance += Math.Pow(x[(n * C + c) * L + l] - mean, 2);
                variance /= C;
                for (int t = 0; t < 3; t++)
                    for (int c = 0; c < C; c++)
                        flat[t][c * L + l] = norms[t].Weight[c] * (x[(n * C + c) * L + l] - mean) / Math.Sqrt(variance + ChannelLayerNorm.DefaultEpsilon) + norms[t].Bias[c];
            }
            for (int g = 0; g < heads; g++)
            {
                // Head g, row r is the d-long slice starting at flat index (g*C + r)*d.
                double Q(int r, int j) => flat[0][(g * C + r) * d + j];
                double K(int r, int j) => flat[1][(g * C + r) * d + j];
                double V(int r, int j) => flat[2][(g * C + r) * d + j];
                for (int r = 0; r < C; r++)
                {
                    var s = new double[C];
                    for (int r2 = 0; r2 < C; r2++)
                        for (int j = 0; j < d; j++) s[r2] += Q(r, j) / Math.Sqrt(d) * K(r2, j);
                    double max = s.Max(), sum = 0;
                    for (int r2 = 0; r2 < C; r2++) sum += s[r2] = Math.Exp(s[r2] - max);
                    for (int r2 = 0; r2 < C; r2++) s[r2] /= 1 + sum;
                    s.CopyTo(map, ((n * heads + g) * C + r) * C);
                    // (w @ v)[g, r, :] lands in channel r, positions g*d .. g*d + d - 1.
                    for (int j = 0; j < d; j++)
                    {
                        double o = 0;
                        for (int r2 = 0; r2 < C; r2++) o += s[r2] * V(r2, j);
                        output[(n * C + r) * L + g * d + j] = o;
                    }
                }
            }
        }
        return (output, map);
    }

    private static void AssertClose(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
    }
}
