using SPFusion.ML;
using SPFusion.Transforms;

namespace SPFusion.Tests.Support;

/// <summary>
/// Tiny synthetic stars whose labels are a simple function of the inputs, so a few epochs visibly learn:
/// the spectrum's mean level encodes the mass, the photometry's mean brightness the age.
/// </summary>
internal static class LearnableStars
{
    public static List<StarRow> Create(int count, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<StarRow>(count);
        for (int i = 0; i < count; i++)
        {
            float u = rng.NextSingle(), v = rng.NextSingle();
            var spectrum = new float[SPFusionShapes.SpectrumLength];
            var photometry = new float[SPFusionShapes.PhotometryLength];
            for (int j = 0; j < spectrum.Length; j++) spectrum[j] = Math.Clamp(0.2f + 0.6f * u + 0.05f * (rng.NextSingle() - 0.5f), 0, 1);
            for (int j = 0; j < photometry.Length; j++) photometry[j] = Math.Clamp(0.2f + 0.6f * v + 0.05f * (rng.NextSingle() - 0.5f), 0, 1);
            rows.Add(new StarRow
            {
                Spectrum = spectrum,
                Photometry = photometry,
                Mass = 0.8f + 1.7f * u,
                Age = 1f + 10f * v,
                Snr = 5 + 145 * rng.NextSingle(),
            });
        }
        return rows;
    }
}
