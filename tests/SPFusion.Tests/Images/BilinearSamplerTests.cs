using SPFusion.Transforms.Images;

namespace SPFusion.Tests.Images;

public class BilinearSamplerTests
{
    // 4 x 3 image, value = 10 * row + column.
    private static readonly float[] Image = [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23];

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(3, 2, 23)]
    [InlineData(1.5, 0.5, 6.5)]
    [InlineData(2.25, 1.75, 19.75)]
    [InlineData(-0.4, 1, 10)]     // outer half of the border pixel takes the border value
    [InlineData(3.5, 2.5, 23)]    // exactly half a pixel beyond the last centre is still inside
    [InlineData(-0.5, -0.2, 0)]
    public void InterpolatesLikeReproject(double x, double y, double expected)
    {
        Assert.True(BilinearSampler.TrySample(Image, 4, 3, x, y, out float v));
        Assert.Equal(expected, v, 1e-5);
    }

    [Theory]
    [InlineData(-0.51, 1)]
    [InlineData(3.51, 1)]
    [InlineData(1, -0.6)]
    [InlineData(1, 2.6)]
    [InlineData(double.NaN, 1)]
    public void PointsBeyondHalfAPixelHaveNoValue(double x, double y) =>
        Assert.False(BilinearSampler.TrySample(Image, 4, 3, x, y, out _));
}
