using SPFusion.Tests.Support;
using SPFusion.Transforms.Images;

namespace SPFusion.Tests.Images;

/// <summary>The three decoded frames of SDSS field 4510-4-30, decoded once for all alignment tests.</summary>
public sealed class Field4510Frames
{
    public Field4510Frames()
    {
        var cache = new FrameCache(maxFrames: 3);
        G = cache.Get(TestPaths.DataFile("sdss", "frame-g-004510-4-0030.fits.bz2"));
        R = cache.Get(TestPaths.DataFile("sdss", "frame-r-004510-4-0030.fits.bz2"));
        I = cache.Get(TestPaths.DataFile("sdss", "frame-i-004510-4-0030.fits.bz2"));
    }

    public SdssFrame G { get; }

    public SdssFrame R { get; }

    public SdssFrame I { get; }
}
