namespace SPFusion.ML.Survey.Output;

/// <summary>The JSON shape of a <see cref="SurveyRunFingerprint"/> (camelCase properties).</summary>
internal sealed class SurveyRunFingerprintJson
{
    public string? CatalogPath { get; set; }

    public string? CatalogSha256 { get; set; }

    public string? ModelPath { get; set; }

    public string? ModelSha256 { get; set; }

    public string? FallbackModelPath { get; set; }

    public string? FallbackModelSha256 { get; set; }

    public SortedDictionary<string, string>? Options { get; set; }

    public string? Shard { get; set; }

    public string? PackageVersion { get; set; }
}
