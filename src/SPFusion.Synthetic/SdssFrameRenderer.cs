namespace SPFusion.Synthetic;

/// <summary>
/// Renders one band of a field in nanomaggies: every source drawn with a Gaussian PSF (within 6 sigma of its centre),
/// plus a small residual sky level, Gaussian sky noise and the sources' photon noise. Values are rounded to a power-of-two
/// step far below the noise (about sigma/10), as SDSS quantises its frames, which keeps the bzip2 files small and fast.
/// </summary>
internal static class SdssFrameRenderer
{
    public static float[] Render(SyntheticField field, int band, IReadOnlyList<SkySource> sources, Random noise)
    {
        int w = SyntheticField.Width, h = SyntheticField.Height;
        var image = new float[w * h];
        var wcs = field.Wcs[band];
        double psfSigma = field.FwhmArcsec[band] / 2.3548 / SyntheticField.PixelScaleArcsec;
        foreach (var s in sources)
        {
            var (cx, cy) = wcs.WorldToPixel(s.Ra, s.Dec);
            if (s.MajorArcsec > 0) DrawGalaxy(image, cx, cy, s.Flux[band], psfSigma, s);
            else DrawGaussian(image, cx, cy, s.Flux[band], psfSigma, psfSigma, 0);
        }

        double sky2 = field.SkyNoise[band] * field.SkyNoise[band];
        double perCount = field.NanomaggiesPerCount[band];
        float residual = (float)field.SkyResidual[band];
        float step = MathF.Pow(2, MathF.Floor(MathF.Log2((float)field.SkyNoise[band] / 10)));
        var deviates = new float[w];
        for (int y = 0; y < h; y++)
        {
            noise.FillGaussian(deviates);
            int row = y * w;
            for (int x = 0; x < w; x++)
            {
                float signal = image[row + x];
                float sigma = signal > 0 ? (float)Math.Sqrt(sky2 + (signal * perCount)) : (float)field.SkyNoise[band];
                float v = signal + residual + (sigma * deviates[x]);
                image[row + x] = MathF.Round(v / step) * step;
            }
        }
        return image;
    }

    private static void DrawGalaxy(float[] image, double cx, double cy, double flux, double psfSigma, SkySource s)
    {
        double a = s.MajorArcsec / SyntheticField.PixelScaleArcsec, b = s.MinorArcsec / SyntheticField.PixelScaleArcsec;
        DrawGaussian(image, cx, cy, flux, Math.Sqrt((a * a) + (psfSigma * psfSigma)), Math.Sqrt((b * b) + (psfSigma * psfSigma)), s.PositionAngleDeg * Math.PI / 180);
    }

    /// <summary>Adds an elliptical Gaussian of total <paramref name="flux"/> (widths in pixels along and across <paramref name="angle"/>).</summary>
    private static void DrawGaussian(float[] image, double cx, double cy, double flux, double sa, double sb, double angle)
    {
        int w = SyntheticField.Width, h = SyntheticField.Height;
        double reach = 6 * Math.Max(sa, sb);
        int x0 = Math.Max(0, (int)Math.Floor(cx - reach)), x1 = Math.Min(w - 1, (int)Math.Ceiling(cx + reach));
        int y0 = Math.Max(0, (int)Math.Floor(cy - reach)), y1 = Math.Min(h - 1, (int)Math.Ceiling(cy + reach));
        if (x0 > x1 || y0 > y1) return;
        double c = Math.Cos(angle), s = Math.Sin(angle);
        double norm = flux / (2 * Math.PI * sa * sb);
        for (int y = y0; y <= y1; y++)
        {
            double dy = y - cy;
            for (int x = x0; x <= x1; x++)
            {
                double dx = x - cx;
                double u = ((dx * c) + (dy * s)) / sa, v = ((-dx * s) + (dy * c)) / sb;
                image[(y * w) + x] += (float)(norm * Math.Exp(-0.5 * ((u * u) + (v * v))));
            }
        }
    }
}
