using SPFusion.Transforms;
namespace SPFusion.ML.Training;

/// <summary>Input column names the trainer reads.</summary>
public sealed record TrainingColumns
{
    /// <summary>Spectrum column: vector of 3,584 floats. Default <c>Spectrum</c>.</summary>
    public string Spectrum { get; init; } = SPFusionColumns.Spectrum;

    /// <summary>Photometry column: vector of 3 x 128 x 128 floats (not read by the spectrum-only baseline). Default <c>Photometry</c>.</summary>
    public string Photometry { get; init; } = SPFusionColumns.Photometry;

    /// <summary>Mass label column (float, Msun). Default <c>Mass</c>.</summary>
    public string Mass { get; init; } = SPFusionColumns.Mass;

    /// <summary>Age label column (float, Gyr). Default <c>Age</c>.</summary>
    public string Age { get; init; } = SPFusionColumns.Age;

    /// <summary>Optional row id (e.g. <c>ObsId</c>) used to name bad rows in errors; ignored when absent. Default <c>ObsId</c>.</summary>
    public string? RowId { get; init; } = "ObsId";
}
