namespace SPFusion.ML.Survey.Output;

/// <summary>
/// The one definition of the survey output's columns, their order and units, shared by every format's writer and reader.
/// <c>catalog_line</c> is last: it is the join key back to the catalogue and the sort key of merges, not an estimate.
/// </summary>
internal static class SurveyColumns
{
    public const string ObsId = "obsid";
    public const string Mass = "mass";
    public const string Age = "age";
    public const string MassSigma = "mass_sigma";
    public const string AgeSigma = "age_sigma";
    public const string Status = "status";
    public const string Model = "model";
    public const string Message = "message";
    public const string CatalogLine = "catalog_line";

    /// <summary>The columns in output order.</summary>
    public static IReadOnlyList<string> All { get; } = [ObsId, Mass, Age, Status, Model, Message, CatalogLine];

    /// <summary>
    /// The columns of a table from a model with an uncertainty: the sigmas follow the estimates. Tables of other models
    /// keep <see cref="All"/>, byte for byte as before.
    /// </summary>
    public static IReadOnlyList<string> AllWithSigma { get; } = [ObsId, Mass, Age, MassSigma, AgeSigma, Status, Model, Message, CatalogLine];

    /// <summary><see cref="AllWithSigma"/> or <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Of(bool sigma) => sigma ? AllWithSigma : All;

    /// <summary>Unit of <see cref="Mass"/> (FITS TUNIT, Parquet metadata): solar masses.</summary>
    public const string MassUnit = "solMass";

    /// <summary>Unit of <see cref="Age"/>: gigayears.</summary>
    public const string AgeUnit = "Gyr";
}
