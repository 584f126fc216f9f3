namespace SPFusion.ML.Evaluation;

/// <summary>
/// Streams (true, predicted, snr) triples into <see cref="TargetMetrics"/> without holding them; with sigmas, also
/// <see cref="UncertaintyMetrics"/> overall and per SNR bin (which keep the sigmas, for their medians).
/// </summary>
internal sealed class TargetAccumulator
{
    /// <summary>Bin width of the SNR bins, and the SNR from which the last, open bin starts.</summary>
    public const double SnrBinWidth = 10, SnrOpenBinStart = 100;

    private const int BinCount = (int)(SnrOpenBinStart / SnrBinWidth) + 1;
    private readonly long[] _binCount = new long[BinCount];
    private readonly double[] _binAbs = new double[BinCount];
    private long _n;
    private double _sumAbs, _sumSq, _sumRes;
    private double _labelMean, _labelM2; // Welford, for SST
    private readonly UncertaintyAccumulator? _uncertainty;
    private readonly UncertaintyAccumulator[]? _binUncertainty;

    /// <param name="withSigma">Whether every row brings a sigma (<see cref="Add"/>'s <c>sigma</c>).</param>
    public TargetAccumulator(bool withSigma = false)
    {
        if (!withSigma) return;
        _uncertainty = new UncertaintyAccumulator();
        _binUncertainty = Enumerable.Range(0, BinCount).Select(_ => new UncertaintyAccumulator()).ToArray();
    }

    /// <summary>Adds one star; <paramref name="sigma"/> is required exactly when the accumulator was made with sigmas.</summary>
    public void Add(double label, double predicted, double? snr, float? sigma = null)
    {
        if (sigma.HasValue != _uncertainty is not null)
            throw new InvalidOperationException(_uncertainty is null ? "this accumulator takes no sigma" : "this accumulator needs a sigma for every row");
        double r = predicted - label;
        _n++;
        _sumAbs += Math.Abs(r);
        _sumSq += r * r;
        _sumRes += r;
        double d = label - _labelMean;
        _labelMean += d / _n;
        _labelM2 += d * (label - _labelMean);
        if (sigma is { } sg) _uncertainty!.Add(r, sg);
        if (snr is { } s)
        {
            // The evaluator rejects negative SNRs (LAMOST's -9999 "missing"); none may land in the first bin unnoticed.
            if (!(s >= 0)) throw new ArgumentOutOfRangeException(nameof(snr), s, "SNR must be >= 0");
            int bin = s >= SnrOpenBinStart ? BinCount - 1 : (int)Math.Floor(s / SnrBinWidth);
            _binCount[bin]++;
            _binAbs[bin] += Math.Abs(r);
            if (sigma is { } bs) _binUncertainty![bin].Add(r, bs);
        }
    }

    public TargetMetrics ToMetrics(bool withSnr)
    {
        if (_n == 0) throw new InvalidOperationException("no rows to evaluate");
        double mse = _sumSq / _n;
        double resMean = _sumRes / _n;
        double sst = _labelM2;
        var bins = new List<SnrBinMetrics>();
        if (withSnr)
        {
            for (int b = 0; b < BinCount; b++)
            {
                double lower = b * SnrBinWidth;
                double? upper = b == BinCount - 1 ? null : lower + SnrBinWidth;
                bins.Add(new SnrBinMetrics(lower, upper, _binCount[b], _binCount[b] == 0 ? double.NaN : _binAbs[b] / _binCount[b])
                {
                    Uncertainty = _binUncertainty?[b].ToMetrics(),
                });
            }
        }
        return new TargetMetrics(
            Count: _n,
            MeanAbsoluteError: _sumAbs / _n,
            MeanSquaredError: mse,
            RSquared: sst > 0 ? 1 - _sumSq / sst : double.NaN,
            ResidualMean: resMean,
            ResidualStdDev: Math.Sqrt(Math.Max(0, mse - resMean * resMean)),
            BySnr: bins)
        {
            Uncertainty = _uncertainty?.ToMetrics(),
        };
    }
}
