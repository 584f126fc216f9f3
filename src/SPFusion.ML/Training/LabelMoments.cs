namespace SPFusion.ML.Training;

/// <summary>Means and population standard deviations of the training labels.</summary>
internal readonly record struct LabelMoments(double MeanMass, double MeanAge, double StdMass, double StdAge)
{
    /// <summary>
    /// <see cref="StdMass"/>, or 1 when it is 0 or not finite: a constant label has no spread, and every use (scaling,
    /// Huber thresholds, likelihood weights, the variance head's start) needs a finite positive one.
    /// </summary>
    public double MassSpread => Spread(StdMass);

    /// <summary><see cref="StdAge"/>, or 1 when it is 0 or not finite (see <see cref="MassSpread"/>).</summary>
    public double AgeSpread => Spread(StdAge);

    private static double Spread(double std) => std > 0 && double.IsFinite(std) ? std : 1;
}
