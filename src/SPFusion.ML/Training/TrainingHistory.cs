namespace SPFusion.ML.Training;

/// <summary>What a training run did: every epoch, the best one, and how it ended.</summary>
/// <param name="Epochs">All epoch reports in order.</param>
/// <param name="BestEpoch">1-based epoch with the lowest validation loss (the kept weights unless <paramref name="AveragedEpochs"/> is above 0).</param>
/// <param name="BestValidationLoss">Validation loss of the kept weights (the average's when <paramref name="AveragedEpochs"/> is above 0).</param>
/// <param name="StoppedEarly">True when early stopping ended the run before the epoch budget.</param>
/// <param name="TrainCount">Training rows used.</param>
/// <param name="ValidationCount">Validation rows used.</param>
/// <param name="SkippedRows">Rows left out because they held non-finite values (only with <see cref="InvalidRowHandling.Skip"/>).</param>
/// <param name="AveragedEpochs">Epochs whose weight average was kept (<see cref="SPFusionTrainer.Options.AverageLastEpochs"/>); 0 when the best epoch's weights were kept.</param>
public sealed record TrainingHistory(
    IReadOnlyList<EpochReport> Epochs,
    int BestEpoch,
    double BestValidationLoss,
    bool StoppedEarly,
    long TrainCount,
    long ValidationCount,
    IReadOnlyList<SkippedRow> SkippedRows,
    int AveragedEpochs = 0);
