namespace SPFusion.Synthetic;

/// <summary>
/// Every random decision of a survey except pixel and spectrum noise, drawn in a fixed order from one seeded
/// <see cref="Random"/>: fields, then per star labels, SNR, photometry, velocity, position and a spectrum noise seed,
/// then background sources. The noise seeds let files be written in parallel without changing a byte.
/// </summary>
internal sealed class SyntheticSurveyPlan
{
    /// <summary>Half the 128-pixel cut-out: stars closer than this to an edge cannot be cut out.</summary>
    public const int CutoutHalfWidth = 64;

    /// <summary>Extra margin so that a star safe in g stays safe after the r/i shifts and rotations.</summary>
    private const int SafetyMargin = 12;

    /// <summary>Minimum distance (pixels) between a catalogue star and any other source, so each target is isolated.</summary>
    private const double MinSeparation = 12;

    public required IReadOnlyList<SyntheticField> Fields { get; init; }

    public required IReadOnlyList<SyntheticStar> Stars { get; init; }

    public required IReadOnlyList<int> SpectrumSeeds { get; init; }

    /// <summary>Per field: catalogue stars first, then background sources.</summary>
    public required IReadOnlyList<IReadOnlyList<SkySource>> Sources { get; init; }

    public int BackgroundSourceCount { get; init; }

    public static SyntheticSurveyPlan Draw(SyntheticSurveyOptions options)
    {
        var rng = new Random(options.Seed);
        int fieldCount = (options.StarCount + options.StarsPerField - 1) / options.StarsPerField;
        var fields = new SyntheticField[fieldCount];
        for (int f = 0; f < fieldCount; f++) fields[f] = SyntheticField.Sample(f, rng);

        var stars = new List<SyntheticStar>(options.StarCount);
        var seeds = new List<int>(options.StarCount);
        var sources = new List<SkySource>[fieldCount];
        var positions = new List<(double X, double Y)>[fieldCount];
        for (int f = 0; f < fieldCount; f++)
        {
            sources[f] = [];
            positions[f] = [];
        }
        long obsId = 700_000_000 + rng.Next(0, 1_000_000);
        for (int i = 0; i < options.StarCount; i++)
        {
            int f = i / options.StarsPerField;
            var field = fields[f];
            var labels = RedClumpLabelModel.Sample(rng);
            double snr = rng.NextLogUniform(StarPhotometryModel.MinSnrG, StarPhotometryModel.MaxSnrG);
            var phot = StarPhotometryModel.Sample(labels, snr, rng);
            double rv = rng.NextGaussian(-5, 40);
            bool edge = rng.NextDouble() < options.EdgeFraction;
            var (x, y) = Place(rng, edge, positions[f]);
            positions[f].Add((x, y));
            var (ra, dec) = field.Wcs[0].PixelToWorld(x, y);
            obsId += rng.Next(1, 40);
            seeds.Add(rng.Next());
            string[] frames = [.. Enumerable.Range(0, 3).Select(b => "frames/" + field.FileName(b))];
            stars.Add(new SyntheticStar(i, obsId, ra, dec, labels, snr, rv, phot.G, phot.R, phot.I, phot.DistanceModulus, phot.ReddeningGR,
                f, x, y, edge, $"spectra/{obsId}.fits.gz", frames));
            sources[f].Add(new SkySource(ra, dec, [SkySource.Nanomaggies(phot.G), SkySource.Nanomaggies(phot.R), SkySource.Nanomaggies(phot.I)]));
        }

        int background = 0;
        for (int f = 0; f < fieldCount; f++)
        {
            for (int k = 0; k < options.BackgroundSourcesPerField; k++)
            {
                double x, y;
                do
                {
                    x = rng.NextUniform(0, SyntheticField.Width - 1);
                    y = rng.NextUniform(0, SyntheticField.Height - 1);
                }
                while (TooClose(positions[f], x, y));
                var (ra, dec) = fields[f].Wcs[0].PixelToWorld(x, y);
                sources[f].Add(BackgroundSource(rng, ra, dec));
                background++;
            }
        }

        return new SyntheticSurveyPlan
        {
            Fields = fields,
            Stars = stars,
            SpectrumSeeds = seeds,
            Sources = sources,
            BackgroundSourceCount = background,
        };
    }

    /// <summary>Field stars (70 %, r = 17-21.5) and small galaxies (30 %, r = 17.5-20.5, 1-3 arcsec, random shape).</summary>
    private static SkySource BackgroundSource(Random rng, double ra, double dec)
    {
        if (rng.NextDouble() < 0.7)
        {
            double r = rng.NextUniform(17, 21.5), gr = rng.NextUniform(0.2, 1.4), ri = rng.NextUniform(0.05, 0.6);
            return new SkySource(ra, dec, [SkySource.Nanomaggies(r + gr), SkySource.Nanomaggies(r), SkySource.Nanomaggies(r - ri)]);
        }
        double rg = rng.NextUniform(17.5, 20.5), grg = rng.NextUniform(0.5, 1.2), rig = rng.NextUniform(0.3, 0.5);
        double major = rng.NextUniform(1, 3);
        return new SkySource(ra, dec, [SkySource.Nanomaggies(rg + grg), SkySource.Nanomaggies(rg), SkySource.Nanomaggies(rg - rig)],
            major, major * rng.NextUniform(0.3, 1), rng.NextUniform(0, 180));
    }

    private static (double X, double Y) Place(Random rng, bool edge, List<(double X, double Y)> taken)
    {
        double w = SyntheticField.Width, h = SyntheticField.Height;
        while (true)
        {
            double x, y;
            if (edge)
            {
                // 4-60 px from one edge: visible in the frame, but no room for a 128-px cut-out.
                double d = rng.NextUniform(4, CutoutHalfWidth - 4);
                int side = rng.Next(4);
                double along = rng.NextDouble();
                (x, y) = side switch
                {
                    0 => (d, along * (h - 1)),
                    1 => (w - 1 - d, along * (h - 1)),
                    2 => (along * (w - 1), d),
                    _ => (along * (w - 1), h - 1 - d),
                };
            }
            else
            {
                double m = CutoutHalfWidth + SafetyMargin;
                x = rng.NextUniform(m, w - 1 - m);
                y = rng.NextUniform(m, h - 1 - m);
            }
            if (!TooClose(taken, x, y)) return (x, y);
        }
    }

    private static bool TooClose(List<(double X, double Y)> taken, double x, double y) =>
        taken.Any(p => ((p.X - x) * (p.X - x)) + ((p.Y - y) * (p.Y - y)) < MinSeparation * MinSeparation);
}
