namespace SPFusion.ML.Training;

/// <summary>One epoch of training, as logged and reported to the <c>progress</c> given to <c>mlContext.Regression.Trainers.SPFusion</c>.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="MaxEpochs">Epoch budget.</param>
/// <param name="TrainLoss">Mean training loss (100 MSE(mass) + MSE(age) with the default weights).</param>
/// <param name="ValidationLoss">Validation loss, same weighting.</param>
/// <param name="ValidationMaeMass">Validation MAE of mass (Msun).</param>
/// <param name="ValidationMaeAge">Validation MAE of age (Gyr).</param>
/// <param name="LearningRate">Learning rate used in the epoch.</param>
/// <param name="SamplesPerSecond">Training throughput.</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="EstimatedRemaining">Time left if the epoch budget is used up.</param>
/// <param name="IsBest">True when this epoch's weights are the best so far (and are kept).</param>
public sealed record EpochReport(
    int Epoch,
    int MaxEpochs,
    double TrainLoss,
    double ValidationLoss,
    double ValidationMaeMass,
    double ValidationMaeAge,
    double LearningRate,
    double SamplesPerSecond,
    TimeSpan Elapsed,
    TimeSpan EstimatedRemaining,
    bool IsBest)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"epoch {Epoch}/{MaxEpochs}: train loss {TrainLoss:0.0000}, val loss {ValidationLoss:0.0000}, val MAE mass {ValidationMaeMass:0.0000} Msun, age {ValidationMaeAge:0.0000} Gyr, lr {LearningRate:0.###e+0}, {SamplesPerSecond:0.0} samples/s, ETA {EstimatedRemaining:hh\\:mm\\:ss}{(IsBest ? " *" : "")}";
}
