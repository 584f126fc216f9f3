namespace SPFusion.ML.Training;

/// <summary>Training produced a non-finite loss.</summary>
public sealed class TrainingDivergedException(string message) : InvalidOperationException(message);
