using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML.Network;
using SPFusion.ML.Training;
using SPFusion.Transforms;
using SPFusion.Transforms.Datasets;
using static TorchSharp.torch;

namespace SPFusion.ML.Evaluation;

/// <summary>
/// Integrated gradients of mass and age over a batch of stars, reduced to what the map shows: per spectrum sample the
/// mean signed and mean absolute attribution, plus the completeness check that says whether the steps were enough:
/// <see cref="CompletenessError"/> = Σ over stars |Σ attributions - (f(input) - f(baseline))| / Σ over stars |f(input) - f(baseline)|
/// (per star, so differences of opposite sign cannot cancel). <c>spfusion explain</c> draws it over the mean spectrum.
/// </summary>
/// <param name="MeanSpectrum">The stars' mean input spectrum, 3,584 samples.</param>
/// <param name="MeanAttribution">Per target (0 mass, 1 age) the mean signed attribution of each of the 3,584 samples.</param>
/// <param name="MeanAbsoluteAttribution">Per target the mean absolute attribution of each sample.</param>
/// <param name="CompletenessError">Per target the relative completeness error defined above (a few per cent at 32 steps).</param>
public sealed record SpectrumAttribution(double[] MeanSpectrum, double[][] MeanAttribution, double[][] MeanAbsoluteAttribution, double[] CompletenessError)
{
    /// <summary>Stars per forward/backward pass: bounds memory whatever the batch.</summary>
    private const int Chunk = 8;

    /// <summary>Attributes both targets of <paramref name="network"/> over the rows of <paramref name="stars"/> (integrated gradients).</summary>
    /// <param name="network">A trained network that reads the spectrum (e.g. <see cref="NetworkFactory.Create"/> plus
    /// <see cref="StarNetwork.LoadWeights"/>, or the published weights through <c>PublishedOnnxImporter.Load</c>).</param>
    /// <param name="stars">Prepared stars (e.g. <c>ml.Data.LoadAuthorsDataset(dir)</c>); their own cut-outs stay fixed.</param>
    /// <param name="medianBaseline">True: the path starts at the stars' per-sample median spectrum; false: at zeros.</param>
    /// <param name="steps">Points on the path (midpoint rule); 32 keeps the completeness error at a few per cent.</param>
    /// <param name="spectrumColumn">The spectrum column: 3,584 Single.</param>
    /// <param name="photometryColumn">The photometry column: 3 x 128 x 128 Single (zeros are used when the network reads no images and the column is absent).</param>
    /// <exception cref="ArgumentException">No rows, a column missing or of the wrong type, a network that reads no spectrum, or fewer than 1 step.</exception>
    public static SpectrumAttribution Compute(StarNetwork network, IDataView stars, bool medianBaseline = true, int steps = 32,
        string spectrumColumn = SPFusionColumns.Spectrum, string photometryColumn = SPFusionColumns.Photometry)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stars);
        var spectra = stars.GetColumn<float[]>(TrainingSchema.Vector(stars.Schema, spectrumColumn, SPFusionShapes.SpectrumLength)).ToList();
        List<float[]> photometry = network.UsesPhotometry || stars.Schema.GetColumnOrNull(photometryColumn) is not null
            ? [.. stars.GetColumn<float[]>(TrainingSchema.Vector(stars.Schema, photometryColumn, SPFusionShapes.PhotometryLength))]
            : [.. spectra.Select(_ => new float[SPFusionShapes.PhotometryLength])];
        return Compute(network, [.. spectra.Zip(photometry)], medianBaseline, steps);
    }

    /// <summary>As the public overload, on stars read from the authors' layout.</summary>
    internal static SpectrumAttribution Compute(StarNetwork network, IReadOnlyList<AuthorsStar> stars, bool medianBaseline, int steps) =>
        Compute(network, [.. stars.Select(s => (s.Spectrum, s.Photometry))], medianBaseline, steps);

    private static SpectrumAttribution Compute(StarNetwork network, IReadOnlyList<(float[] Spectrum, float[] Photometry)> stars, bool medianBaseline, int steps)
    {
        if (stars.Count == 0) throw new ArgumentException("no stars to attribute", nameof(stars));
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
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
