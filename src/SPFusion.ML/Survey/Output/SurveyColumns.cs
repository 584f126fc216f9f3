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
    public const string Status = "status";
    public const string Model = "model";
    public const string Message = "message";
    public const string CatalogLine = "catalog_line";

    /// <summary>The columns in output order.</summary>
    public static IReadOnlyList<string> All { get; } = [ObsId, Mass, Age, Status, Model, Message, CatalogLine];

    /// <summary>Unit of <see cref="Mass"/> (FITS TUNIT, Parquet metadata): solar masses.</summary>
    public const string MassUnit = "solMass";

    /// <summary>Unit of <see cref="Age"/>: gigayears.</summary>
    public const string AgeUnit = "Gyr";
}
