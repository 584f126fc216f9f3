namespace SPFusion.ML.Training;

/// <summary>
/// Cosine annealing with warm restarts (Loshchilov &amp; Hutter), stepped once per epoch as in the authors' release
/// (PyTorch's CosineAnnealingWarmRestarts with T_0 = period, T_mult = multiplier, eta_min = minimum).
/// </summary>
/// <param name="BaseLearningRate">Learning rate at the start of each cycle.</param>
/// <param name="Period">Length of the first cycle in epochs.</param>
/// <param name="Multiplier">Growth factor of the cycle length after each restart (integer, &gt;= 1).</param>
/// <param name="Minimum">Learning rate at the end of a cycle.</param>
internal sealed record CosineWarmRestartSchedule(double BaseLearningRate, int Period, int Multiplier, double Minimum)
{
    /// <summary>The learning rate used during 0-based <paramref name="epoch"/>.</summary>
    public double LearningRate(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfLessThan(Period, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Multiplier, 1);
        long cycle = Period, position = epoch;
        while (position >= cycle)
        {
            position -= cycle;
            cycle *= Multiplier;
        }
        return Minimum + (BaseLearningRate - Minimum) * (1 + Math.Cos(Math.PI * position / cycle)) / 2;
    }
}
