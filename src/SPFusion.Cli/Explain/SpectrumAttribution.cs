using SPFusion.ML.Evaluation;
using SPFusion.ML.Network;
using SPFusion.Transforms;
using SPFusion.Transforms.Datasets;
using static TorchSharp.torch;

namespace SPFusion.Cli.Explain;

/// <summary>
/// Integrated gradients of mass and age over a batch of stars, reduced to what the map shows: per spectrum sample the
/// mean signed and mean absolute attribution, plus the completeness check that says whether the steps were enough:
/// <see cref="CompletenessError"/> = Σ over stars |Σ attributions - (f(input) - f(baseline))| / Σ over stars |f(input) - f(baseline)|
/// (per star, so differences of opposite sign cannot cancel).
/// </summary>
internal sealed record SpectrumAttribution(double[] MeanSpectrum, double[][] MeanAttribution, double[][] MeanAbsoluteAttribution, double[] CompletenessError)
{
    /// <summary>Stars per forward/backward pass: bounds memory whatever the batch.</summary>
    private const int Chunk = 8;

    /// <summary>Attributes both targets of <paramref name="network"/> over <paramref name="stars"/>.</summary>
    public static SpectrumAttribution Compute(StarNetwork network, IReadOnlyList<AuthorsStar> stars, bool medianBaseline, int steps)
    {
        int length = SPFusionShapes.SpectrumLength;
        var baselineValues = new float[length];
        if (medianBaseline)
        {
            var column = new float[stars.Count];
            for (int j = 0; j < length; j++)
            {
                for (int s = 0; s < stars.Count; s++) column[s] = stars[s].Spectrum[j];
                Array.Sort(column);
                baselineValues[j] = stars.Count % 2 == 1 ? column[stars.Count / 2] : 0.5f * (column[(stars.Count / 2) - 1] + column[stars.Count / 2]);
            }
        }
        var meanSpectrum = new double[length];
        var signed = new[] { new double[length], new double[length] };
        var absolute = new[] { new double[length], new double[length] };
        var error = new double[2];
        var difference = new double[2];
        using var baseline = tensor(baselineValues, [1, 1, length]);
        for (int first = 0; first < stars.Count; first += Chunk)
        {
            var batch = stars.Skip(first).Take(Chunk).ToList();
            using var scope = NewDisposeScope();
            var spectrum = tensor(batch.SelectMany(s => s.Spectrum).ToArray(), [batch.Count, 1, length]);
            var photometric = tensor(batch.SelectMany(s => s.Photometry).ToArray(),
                [batch.Count, SPFusionShapes.Bands, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize]);
            var atInput = IntegratedGradients.Predict(network, photometric, spectrum).data<float>().ToArray();
            var atBaseline = IntegratedGradients.Predict(network, photometric, baseline.expand_as(spectrum).contiguous()).data<float>().ToArray();
            for (int target = 0; target < 2; target++)
            {
                var attribution = IntegratedGradients.Attribute(network, photometric, spectrum, baseline, target, steps).data<float>().ToArray();
                for (int s = 0; s < batch.Count; s++)
                {
                    double sum = 0;
                    for (int j = 0; j < length; j++)
                    {
                        double a = attribution[(s * length) + j];
                        signed[target][j] += a;
                        absolute[target][j] += Math.Abs(a);
                        sum += a;
                    }
                    double delta = atInput[(s * 2) + target] - atBaseline[(s * 2) + target];
                    error[target] += Math.Abs(sum - delta);
                    difference[target] += Math.Abs(delta);
                }
            }
            foreach (var star in batch)
            {
                for (int j = 0; j < length; j++) meanSpectrum[j] += star.Spectrum[j];
            }
        }
        for (int j = 0; j < length; j++)
        {
            meanSpectrum[j] /= stars.Count;
            for (int t = 0; t < 2; t++)
            {
                signed[t][j] /= stars.Count;
                absolute[t][j] /= stars.Count;
            }
        }
        return new SpectrumAttribution(meanSpectrum, signed, absolute, [error[0] / difference[0], error[1] / difference[1]]);
    }
}
