using SPFusion.ML.Runtime;

namespace SPFusion.Tests.Runtime;

public sealed class SubnormalsTests
{
    [Fact]
    public void FlushesOnlySubnormalsKeepingTheirSign()
    {
        float[] values = [1e-40f, -1e-40f, float.Epsilon, 1.17549435e-38f, -2f, 0f, 3.5e-38f];

        float[] flushed = Subnormals.Flushed(values);

        Assert.Equal(3, Subnormals.Count(values));
        Assert.Equal([0f, -0f, 0f, 1.17549435e-38f, -2f, 0f, 3.5e-38f], flushed);
        Assert.True(float.IsNegative(flushed[1]));
        Assert.Equal(0, Subnormals.Count(flushed));
        // The caller's array is left as it was.
        Assert.Equal(1e-40f, values[0]);
    }

    [Fact]
    public void ReturnsTheSameArrayWhenNothingIsSubnormal()
    {
        float[] values = [1f, -0.5f, 0f, float.MaxValue];

        Assert.Same(values, Subnormals.Flushed(values));
    }
}
