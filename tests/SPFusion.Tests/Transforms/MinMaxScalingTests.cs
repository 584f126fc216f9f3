using SPFusion.Transforms;

namespace SPFusion.Tests.Transforms;

/// <summary>
/// <see cref="MinMaxScaling"/>: the vectorised extremes and scaling give, bit for bit, what the one-value-at-a-time
/// formula gives, and the first non-finite value is found wherever it sits (vector body or tail).
/// </summary>
public class MinMaxScalingTests
{
    private static float[] Values(int n, int seed)
    {
        var random = new Random(seed);
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float)((random.NextDouble() * 2e4) - 3e3) * (i % 7 == 0 ? 1e-3f : 1f);
        return values;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(17)]
    [InlineData(3_584)]
    [InlineData(16_384)]
    [InlineData(16_387)]
    public void ExtremesAndScalingEqualTheScalarFormulaBitForBit(int n)
    {
        float[] values = Values(n, seed: n);
        Assert.Equal(-1, MinMaxScaling.Extremes(values, out float min, out float max));
        Assert.Equal(values.Min(), min);
        Assert.Equal(values.Max(), max);
        var output = new float[n];
        MinMaxScaling.Scale(values, output, min, max);
        double range = (double)max - min;
        for (int i = 0; i < n; i++)
        {
            float expected = n == 1 ? float.NaN : (float)((values[i] - (double)min) / range);
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(output[i]) || (float.IsNaN(expected) && float.IsNaN(output[i])),
                $"value {i} of {n}: {output[i]:R} against {expected:R}");
        }
        if (n > 1)
        {
            Assert.Equal(0f, output[Array.IndexOf(values, min)]);
            Assert.Equal(1f, output[Array.IndexOf(values, max)]);
        }
    }

    [Theory]
    [InlineData(0, float.NaN)]
    [InlineData(5, float.PositiveInfinity)]
    [InlineData(3_000, float.NegativeInfinity)]
    [InlineData(3_583, float.NaN)]
    public void TheFirstNonFiniteValueIsFoundInTheBodyAndTheTail(int index, float bad)
    {
        float[] values = Values(3_584, seed: 2);
        values[index] = bad;
        values[^1] = float.NaN; // a later one must not be reported instead
        Assert.Equal(index, MinMaxScaling.Extremes(values, out _, out _));
    }
}
