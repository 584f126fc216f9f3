namespace SPFusion.ML.Training;

/// <summary>Stops when the validation loss has not improved by at least <see cref="MinDelta"/> for <see cref="Patience"/> epochs.</summary>
/// <param name="Patience">Epochs without improvement before stopping.</param>
/// <param name="MinDelta">Smallest decrease that counts as an improvement.</param>
internal sealed record EarlyStopping(int Patience, double MinDelta)
{
    /// <summary>Best validation loss so far.</summary>
    public double Best { get; private set; } = double.PositiveInfinity;

    /// <summary>Epochs since the last improvement.</summary>
    public int Waited { get; private set; }

    /// <summary>Records an epoch's loss; returns true when it is a new best.</summary>
    public bool Observe(double validationLoss)
    {
        if (validationLoss < Best - MinDelta)
        {
            Best = validationLoss;
            Waited = 0;
            return true;
        }
        Waited++;
        return false;
    }

    /// <summary>True once patience is exhausted.</summary>
    public bool ShouldStop => Waited >= Patience;

    /// <summary>Restores the state saved in a checkpoint.</summary>
    public void Restore(double best, int waited)
    {
        Best = best;
        Waited = waited;
    }
}
