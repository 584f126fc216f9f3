namespace SPFusion.ML.Training;

/// <summary>Means and population standard deviations of the training labels.</summary>
internal readonly record struct LabelMoments(double MeanMass, double MeanAge, double StdMass, double StdAge);
