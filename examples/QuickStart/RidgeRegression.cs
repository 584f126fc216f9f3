namespace SPFusion.Examples.QuickStart;

/// <summary>
/// Ridge regression solved exactly: features standardised on the training rows, the intercept the label mean, and
/// (X'X + alpha I) w = X'(y - mean) solved by Cholesky. Alpha is chosen per target from a grid on a seeded 30% hold-out
/// of the training rows (as the networks' trainer holds out its validation rows), then the model is refitted on all of them.
/// </summary>
internal sealed class RidgeRegression
{
    private static readonly double[] Alphas = [1e-3, 1e-2, 0.1, 1, 3, 10, 30, 100, 300, 1000, 3000];

    private readonly double[] _mean, _scale, _weights;
    private readonly double _intercept;

    private RidgeRegression(double[] mean, double[] scale, double[] weights, double intercept, double alpha)
    {
        (_mean, _scale, _weights, _intercept, Alpha) = (mean, scale, weights, intercept, alpha);
    }

    /// <summary>The penalty the hold-out chose.</summary>
    public double Alpha { get; }

    /// <summary>Fits on <paramref name="x"/> (rows of equal length) and <paramref name="y"/>, choosing alpha on a hold-out drawn with <paramref name="seed"/>.</summary>
    public static RidgeRegression Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> y, int seed)
    {
        var order = Enumerable.Range(0, x.Count).ToArray();
        new Random(seed).Shuffle(order);
        int held = (int)Math.Round(0.3 * x.Count);
        var fitRows = order[held..];
        var holdOut = order[..held];
        double best = double.PositiveInfinity, bestAlpha = Alphas[0];
        foreach (double alpha in Alphas)
        {
            var model = FitWith(x, y, fitRows, alpha);
            double mse = holdOut.Average(i => Math.Pow(model.Predict(x[i]) - y[i], 2));
            if (mse < best) (best, bestAlpha) = (mse, alpha);
        }
        return FitWith(x, y, order, bestAlpha);
    }

    /// <summary>The prediction for one row of features.</summary>
    public double Predict(ReadOnlySpan<double> features)
    {
        double sum = _intercept;
        for (int j = 0; j < _weights.Length; j++) sum += _weights[j] * (features[j] - _mean[j]) / _scale[j];
        return sum;
    }

    private static RidgeRegression FitWith(IReadOnlyList<double[]> x, IReadOnlyList<double> y, int[] rows, double alpha)
    {
        int d = x[0].Length;
        var mean = new double[d];
        var scale = new double[d];
        foreach (int i in rows) for (int j = 0; j < d; j++) mean[j] += x[i][j] / rows.Length;
        foreach (int i in rows) for (int j = 0; j < d; j++) scale[j] += Math.Pow(x[i][j] - mean[j], 2) / rows.Length;
        for (int j = 0; j < d; j++) scale[j] = Math.Sqrt(scale[j]) is var s && s > 1e-12 ? s : 1; // a constant feature stays 0
        double intercept = rows.Average(i => y[i]);

        var gram = new double[d, d];
        var rhs = new double[d];
        var z = new double[d];
        foreach (int i in rows)
        {
            for (int j = 0; j < d; j++) z[j] = (x[i][j] - mean[j]) / scale[j];
            double target = y[i] - intercept;
            for (int j = 0; j < d; j++)
            {
                rhs[j] += z[j] * target;
                for (int k = 0; k <= j; k++) gram[j, k] += z[j] * z[k];
            }
        }
        for (int j = 0; j < d; j++) gram[j, j] += alpha;
        return new RidgeRegression(mean, scale, SolveCholesky(gram, rhs), intercept, alpha);
    }

    /// <summary>Solves A w = b for symmetric positive definite A given by its lower triangle (overwritten).</summary>
    private static double[] SolveCholesky(double[,] a, double[] b)
    {
        int d = b.Length;
        for (int j = 0; j < d; j++)
        {
            double diagonal = a[j, j];
            for (int k = 0; k < j; k++) diagonal -= a[j, k] * a[j, k];
            a[j, j] = Math.Sqrt(diagonal);
            for (int i = j + 1; i < d; i++)
            {
                double sum = a[i, j];
                for (int k = 0; k < j; k++) sum -= a[i, k] * a[j, k];
                a[i, j] = sum / a[j, j];
            }
        }
        var w = new double[d];
        for (int i = 0; i < d; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++) sum -= a[i, k] * w[k];
            w[i] = sum / a[i, i];
        }
        for (int i = d - 1; i >= 0; i--)
        {
            double sum = w[i];
            for (int k = i + 1; k < d; k++) sum -= a[k, i] * w[k];
            w[i] = sum / a[i, i];
        }
        return w;
    }
}
