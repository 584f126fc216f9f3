using SPFusion.Transforms.Spectra;

namespace SPFusion.Tests.Spectra;

public class SpectrumPreparationTests
{
    // A LAMOST-like file: grid pixels 0..3908 (3699.99-9099.1 Angstrom), wavelengths rounded to float32 as in real files.
    private static double[] LamostWavelengths(int first = 0, int count = 3909)
    {
        var w = new double[count];
        for (int i = 0; i < count; i++)
            w[i] = (float)Math.Pow(10, 3.5682 + (1e-4 * (first + i)));
        return w;
    }

    private static float[] Flux(double[] wavelength) =>
        wavelength.Select(w => (float)(100 + (0.01 * w) + (5 * Math.Sin(w / 37.0)))).ToArray();

    [Fact]
    public void CropBoundsOnLamostGridAreThePaperS3522Pixels()
    {
        Assert.Equal(339, LamostGrid.FirstIndexAtOrAbove(4000));
        Assert.Equal(3860, LamostGrid.LastIndexAtOrBelow(9000));
        Assert.Equal(3522, new SpectrumPreparation().CroppedLength);
    }

    [Fact]
    public void EachInputSampleHasTheWavelengthOfThePixelPreparePutsThere()
    {
        var w = LamostWavelengths();
        var preparation = new SpectrumPreparation();
        var p = preparation.Prepare(w, Flux(w), default, default, "synthetic");
        for (int sample = 0; sample < 3584; sample++)
        {
            double expected = sample >= p.LeftPad && sample < p.LeftPad + p.Flux.Length ? p.Wavelength[sample - p.LeftPad] : double.NaN;
            if (double.IsNaN(expected)) Assert.True(double.IsNaN(preparation.WavelengthOfSample(sample)), $"sample {sample} is padding");
            else Assert.Equal(expected, preparation.WavelengthOfSample(sample), 1e-3); // the file's float32 rounding
        }
    }

    [Fact]
    public void OnGridSpectrumIsCroppedNormalisedAndPadded()
    {
        var w = LamostWavelengths();
        var f = Flux(w);
        var p = new SpectrumPreparation().Prepare(w, f, default, default, "synthetic");
        Assert.False(p.Resampled);
        Assert.Equal(3522, p.Flux.Length);
        Assert.Equal(31, p.LeftPad);
        Assert.Equal(w[339], p.Wavelength[0]);
        Assert.Equal(w[3860], p.Wavelength[^1]);
        Assert.Equal(f[339], p.Flux[0]);
        Assert.Equal(3584, p.Input.Length);
        Assert.All(p.Input[..31], v => Assert.Equal(0f, v));
        Assert.All(p.Input[(31 + 3522)..], v => Assert.Equal(0f, v));
        float min = f[339..3861].Min();
        float max = f[339..3861].Max();
        for (int i = 0; i < 3522; i++)
            Assert.Equal((float)((f[339 + i] - (double)min) / ((double)max - min)), p.Input[31 + i]);
        Assert.Equal(0f, p.Input[31..3553].Min());
        Assert.Equal(1f, p.Input[31..3553].Max());
    }

    [Fact]
    public void GridStartingElsewhereOnLamostGridCropsTheSamePixels()
    {
        var w = LamostWavelengths(first: 100, count: 3800);
        var f = Flux(w);
        var p = new SpectrumPreparation().Prepare(w, f, default, default, "shifted-start");
        Assert.False(p.Resampled);
        Assert.Equal(w[239], p.Wavelength[0]);
        Assert.Equal(f[239], p.Flux[0]);
    }

    [Fact]
    public void OtherGridIsInterpolatedOntoLamostGrid()
    {
        // Linear 1-Angstrom grid; flux linear in wavelength, so linear interpolation is exact.
        int count = 5401;
        var w = new double[count];
        var f = new float[count];
        for (int i = 0; i < count; i++)
        {
            w[i] = 3800 + i;
            f[i] = (float)(2 + (0.001 * w[i]));
        }

        var p = new SpectrumPreparation().Prepare(w, f, default, default, "linear-grid");
        Assert.True(p.Resampled);
        Assert.Equal(3522, p.Flux.Length);
        for (int t = 0; t < 3522; t++)
        {
            double expectedW = Math.Pow(10, 3.5682 + (1e-4 * (339 + t)));
            Assert.Equal(expectedW, p.Wavelength[t], 9);
            Assert.Equal(2 + (0.001 * expectedW), p.Flux[t], 2e-6); // float32 flux
        }
    }

    [Fact]
    public void HalfPixelShiftedLogGridIsDetectedAsAnotherGrid()
    {
        var w = Enumerable.Range(0, 3909).Select(i => Math.Pow(10, 3.5682 + (1e-4 * (i + 0.5)))).ToArray();
        var p = new SpectrumPreparation().Prepare(w, Flux(w), default, default, "half-shift");
        Assert.True(p.Resampled);
        Assert.Equal(Math.Pow(10, 3.5682 + 0.0339), p.Wavelength[0], 9);
    }

    [Fact]
    public void GridThatDivergesInTheMiddleIsNotTakenAsLamost()
    {
        var w = LamostWavelengths();
        w[2000] *= 1.00005; // 0.2 grid pixel off in the middle only
        var f = Flux(w);
        Assert.True(new SpectrumPreparation().Prepare(w, f, default, default, "kinked").Resampled);
    }

    [Fact]
    public void CoverageShortOfTheCropIsAnErrorNamingTheFile()
    {
        var w = LamostWavelengths(first: 400, count: 3400);
        var ex = Assert.Throws<InvalidDataException>(() => new SpectrumPreparation().Prepare(w, Flux(w), default, default, "short.fits"));
        Assert.Contains("short.fits", ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not span the crop", ex.Message, StringComparison.Ordinal);

        var lin = Enumerable.Range(0, 4000).Select(i => 4100.0 + i).ToArray();
        ex = Assert.Throws<InvalidDataException>(() => new SpectrumPreparation().Prepare(lin, Flux(lin), default, default, "short-linear.fits"));
        Assert.Contains("short-linear.fits", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASpectrumCoarserThanHalfOfLamostsGridIsRefusedNotInterpolated()
    {
        // 50 samples spanning the whole crop: interpolation would make up 3,472 of the 3,522 pixels.
        var coarse = Enumerable.Range(0, 50).Select(i => 3990 + (5020.0 * i / 49)).ToArray();
        var ex = Assert.Throws<InvalidDataException>(() => new SpectrumPreparation().Prepare(coarse, Flux(coarse), default, default, "coarse.fits"));
        Assert.Contains("coarse.fits", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at least 1761 (half of LAMOST's 3522)", ex.Message, StringComparison.Ordinal);

        // Just above the limit is still a spectrum (2,000 samples, 2.5 Angstrom apart).
        var fine = Enumerable.Range(0, 2005).Select(i => 3995 + (2.5 * i)).ToArray();
        Assert.True(new SpectrumPreparation().Prepare(fine, Flux(fine), default, default, "fine.fits").Resampled);
    }

    [Fact]
    public void CropLongerThanThePaddedLengthIsAnError()
    {
        var w = LamostWavelengths();
        var prep = new SpectrumPreparation(new SpectrumPreparationOptions { MinWavelength = 3700, MaxWavelength = 9090 });
        var ex = Assert.Throws<InvalidDataException>(() => prep.Prepare(w, Flux(w), default, default, "wide.fits"));
        Assert.Contains("wide.fits", ex.Message, StringComparison.Ordinal);
        Assert.Contains("exceed the padded length 3584", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConstantOrNonFiniteFluxIsAnError()
    {
        var w = LamostWavelengths();
        var constant = new float[w.Length];
        Array.Fill(constant, 3f);
        var ex = Assert.Throws<InvalidDataException>(() => new SpectrumPreparation().Prepare(w, constant, default, default, "flat.fits"));
        Assert.Contains("flat.fits", ex.Message, StringComparison.Ordinal);
        Assert.Contains("constant", ex.Message, StringComparison.Ordinal);

        var nan = Flux(w);
        nan[1000] = float.NaN;
        ex = Assert.Throws<InvalidDataException>(() => new SpectrumPreparation().Prepare(w, nan, default, default, "nan.fits"));
        Assert.Contains("nan.fits", ex.Message, StringComparison.Ordinal);
        Assert.Contains("non-finite", ex.Message, StringComparison.Ordinal);

        // Outside the crop a NaN does not matter.
        var outside = Flux(w);
        outside[10] = float.NaN;
        Assert.Equal(3522, new SpectrumPreparation().Prepare(w, outside, default, default, "ok").Flux.Length);
    }

    [Fact]
    public void BadPixelBridgingIsOffByDefaultAndInterpolatesWhenOn()
    {
        var w = LamostWavelengths();
        var f = Flux(w);
        var ivar = Enumerable.Repeat(1f, w.Length).ToArray();
        var orMask = new int[w.Length];
        f[1500] = 1e6f;
        ivar[1500] = 0;
        f[2500] = -1e6f;
        f[2501] = -1e6f;
        orMask[2500] = 4;
        orMask[2501] = 1;

        var plain = new SpectrumPreparation().Prepare(w, f, ivar, orMask, "spiky");
        Assert.Equal(1e6f, plain.Flux[1500 - 339]);

        var bridged = new SpectrumPreparation(new SpectrumPreparationOptions { BridgeBadPixels = true }).Prepare(w, f, ivar, orMask, "spiky");
        double t = (w[1500] - w[1499]) / (w[1501] - w[1499]);
        Assert.Equal((float)(f[1499] + (t * ((double)f[1501] - f[1499]))), bridged.Flux[1500 - 339]);
        double t2 = (w[2501] - w[2499]) / (w[2502] - w[2499]);
        Assert.Equal((float)(f[2499] + (t2 * ((double)f[2502] - f[2499]))), bridged.Flux[2501 - 339]);
        Assert.True(bridged.Flux.Max() < 1000);
        Assert.True(bridged.Flux.Min() > 0);
    }
}
