using Microsoft.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Network;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Training;

/// <summary>
/// <see cref="SPFusionTrainer.Options.RefitLogVariance"/>: the offset and noise slope fitted by maximum likelihood on
/// constructed residuals, and a trained model whose validation likelihood the refit can only raise.
/// </summary>
[Collection(TorchGlobalStateCollection.Name)]
public class LogVarianceRefitTests
{
    /// <summary>Residuals drawn with log-variance s + alpha + beta u.</summary>
    private static (double[] S, double[] Squared, double[] U) Residuals(int n, double alpha, double beta, int seed)
    {
        var random = new Random(seed);
        var s = new double[n];
        var squared = new double[n];
        var u = new double[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = -1 + (0.5 * random.NextDouble());
            u[i] = (2 * random.NextDouble()) - 1;
            double z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            double r = z * Math.Exp((s[i] + alpha + (beta * u[i])) / 2);
            squared[i] = r * r;
        }
        return (s, squared, u);
    }

    [Fact]
    public void TheFitRecoversTheOffsetAndSlopeOfTheResidualsVariance()
    {
        var (s, squared, u) = Residuals(40_000, alpha: 0.7, beta: 1.2, seed: 3);
        var (offset, slope) = LogVarianceRefit.Fit(s, squared, u, withSlope: true);
        // Standard errors at n = 40,000: about 0.007 for the offset and 0.012 for the slope.
        Assert.Equal(0.7, offset, 0.04);
        Assert.Equal(1.2, slope, 0.06);
    }

    [Fact]
    public void WithoutTheSlopeTheOffsetIsTheClosedFormMaximum()
    {
        var (s, squared, u) = Residuals(500, alpha: -0.4, beta: 0.8, seed: 5);
        var (offset, slope) = LogVarianceRefit.Fit(s, squared, u, withSlope: false);
        Assert.Equal(0, slope);
        // d/da sum(z + r^2 e^-z) = 0 at a = ln(mean(r^2 e^-s)).
        double expected = Math.Log(squared.Select((q, i) => q * Math.Exp(-s[i])).Average());
        Assert.Equal(expected, offset, 1e-6);
    }

    [Fact]
    public void TheRefitCannotLowerTheValidationLikelihoodAndIsOnByDefault()
    {
        var options = new SPFusionTrainer.Options
        {
            MaxEpochs = 2,
            BatchSize = 8,
            Seed = 7,
            NumberOfThreads = 2,
            Device = TrainingDevice.Cpu,
            StandardizeTargets = true,
            Network = NetworkOptions.Published with { PredictVariance = true },
        };
        double ValidationNll(bool refit, out List<string> log)
        {
            var ml = new MLContext(seed: 1);
            var lines = new List<string>();
            ml.Log += (_, e) => { lock (lines) lines.Add(e.RawMessage); };
            var train = ml.Data.LoadFromEnumerable(LearnableStars.Create(32, seed: 11));
            var validation = ml.Data.LoadFromEnumerable(LearnableStars.Create(40, seed: 12));
            using var model = ml.Regression.Trainers.SPFusion(ml, options with { ValidationData = validation, RefitLogVariance = refit }).Fit(train);
            var metrics = ml.Regression.EvaluateTwoTargets(model.Transform(validation));
            log = lines;
            return metrics.Mass.Uncertainty!.MeanNegativeLogLikelihood + metrics.Age.Uncertainty!.MeanNegativeLogLikelihood;
        }
        double before = ValidationNll(refit: false, out _);
        double after = ValidationNll(refit: true, out var log);
        Assert.Contains(log, l => l.StartsWith("heteroscedastic head refitted on the 40 validation rows", StringComparison.Ordinal));
        // The refit maximises this likelihood over a family that contains the unrefitted layer (offset and slope 0).
        Assert.True(after <= before + 1e-4, $"validation NLL {after} after the refit, {before} before");

        // On by default, and a network without the head has nothing to refit.
        Assert.True(new SPFusionTrainer.Options().RefitLogVariance);
        (options with { Network = NetworkOptions.Published }).Validate();
    }
}
