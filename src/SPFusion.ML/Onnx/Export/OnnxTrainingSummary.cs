namespace SPFusion.ML.Onnx.Export;

/// <summary>A training run's outcome, so a deployed file says how good its weights were and on how much data.</summary>
/// <param name="Epochs">Epochs run (including those after the best one, when early stopping ended the run).</param>
/// <param name="BestValidationLoss">The validation loss of the kept weights (100·MSE(mass) + MSE(age)).</param>
/// <param name="TrainingSamples">Stars in the training split.</param>
/// <param name="ValidationSamples">Stars in the validation split.</param>
public sealed record OnnxTrainingSummary(int Epochs, double BestValidationLoss, long TrainingSamples, long ValidationSamples);
