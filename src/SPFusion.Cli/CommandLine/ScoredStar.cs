namespace SPFusion.Cli.CommandLine;

/// <summary>A star's labels, SNR and prediction: the columns <c>TwoTargetEvaluator</c> reads, under its default names.</summary>
internal sealed class ScoredStar
{
    public float Mass { get; set; }

    public float Age { get; set; }

    public float Snr { get; set; }

    public float PredictedMass { get; set; }

    public float PredictedAge { get; set; }
}
