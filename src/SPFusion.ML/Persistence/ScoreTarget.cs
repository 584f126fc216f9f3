namespace SPFusion.ML.Persistence;

/// <summary>Which predicted target ML.NET's scalar <c>Score</c> column carries (ML.NET's regression evaluators and CrossValidate read only <c>Score</c>).</summary>
public enum ScoreTarget
{
    /// <summary>Score = predicted mass (Msun); the default.</summary>
    Mass,

    /// <summary>Score = predicted age (Gyr).</summary>
    Age,
}
