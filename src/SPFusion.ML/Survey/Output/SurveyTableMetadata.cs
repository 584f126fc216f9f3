using System.Reflection;

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// Provenance written into a FITS (header keywords) or Parquet (key-value metadata) survey table: which model files made
/// the estimates, which package version, and when. CSV carries none of it (its bytes depend on the estimates alone).
/// </summary>
/// <param name="ModelFile">The fusion model's file name (no folder).</param>
/// <param name="ModelSha256">The fusion model file's SHA-256, lower-case hex.</param>
/// <param name="FallbackModelFile">The spectrum-only fallback model's file name, or null when the run had none.</param>
/// <param name="FallbackModelSha256">The fallback model file's SHA-256, or null.</param>
/// <param name="PackageVersion">The SPFusion package version that wrote the table (<see cref="CurrentPackageVersion"/>).</param>
/// <param name="Created">When the table was written (FITS <c>DATE</c>, written in UTC).</param>
public sealed record SurveyTableMetadata(
    string ModelFile,
    string ModelSha256,
    string? FallbackModelFile,
    string? FallbackModelSha256,
    string PackageVersion,
    DateTimeOffset Created)
{
    /// <summary>This library's informational version (without the source-revision suffix).</summary>
    public static string CurrentPackageVersion { get; } =
        typeof(SurveyTableMetadata).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
}
