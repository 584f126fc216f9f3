namespace SPFusion.ML.Survey;

/// <summary>One catalogue row's outcome in a survey run: the estimate (when there is one), its status and who made it.</summary>
/// <param name="Line">The row's 1-based line in the catalogue file (the header is line 1): the output's sort key.</param>
/// <param name="ObsId">The catalogue's obsid, as written there.</param>
/// <param name="Mass">Estimated mass (Msun); null when no model estimated the row.</param>
/// <param name="Age">Estimated age (Gyr); null when no model estimated the row.</param>
/// <param name="Status">What happened to the row.</param>
/// <param name="Model">Which model estimated it: <see cref="FusionModel"/>, <see cref="FallbackModel"/>, or empty.</param>
/// <param name="Message">Empty for a clean <c>ok</c>; otherwise the file and the reason (or a reader's warning).</param>
public sealed record SurveyEstimate(int Line, string ObsId, float? Mass, float? Age, SurveyStatus Status, string Model, string Message)
{
    /// <summary>Standard deviation of <see cref="Mass"/> (Msun) from a model with an uncertainty (e.g. an ensemble); null otherwise.</summary>
    public float? MassSigma { get; init; }

    /// <summary>Standard deviation of <see cref="Age"/> (Gyr) from a model with an uncertainty; null otherwise.</summary>
    public float? AgeSigma { get; init; }

    /// <summary>The <c>model</c> value of rows estimated by the fusion model.</summary>
    public const string FusionModel = "spfusion";

    /// <summary>The <c>model</c> value of rows estimated by the spectrum-only fallback model.</summary>
    public const string FallbackModel = "fallback";
}
