namespace SPFusion.ML.Training;

/// <summary>The scalar settings an Adam state file records (TorchSharp's <c>Adam.save_state_dict</c> layout).</summary>
/// <param name="InitialLearningRate">The learning rate given at construction.</param>
/// <param name="LearningRate">The learning rate of the next step.</param>
/// <param name="Beta1">First-moment decay.</param>
/// <param name="Beta2">Second-moment decay.</param>
/// <param name="Eps">Added to the bias-corrected square root.</param>
/// <param name="WeightDecay">L2 weight decay added to the gradient.</param>
internal readonly record struct AdamHyperparameters(double InitialLearningRate, double LearningRate, double Beta1, double Beta2, double Eps, double WeightDecay);
