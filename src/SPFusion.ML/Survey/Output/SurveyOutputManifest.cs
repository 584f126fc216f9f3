using System.Text.Json;
using System.Text.Json.Serialization;
using SPFusion.Transforms.Datasets;

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// The sidecar <c>OUTPUT.manifest.json</c> written beside a finished survey output (after the output, atomically):
/// the output's file name, format, row count, SHA-256, first and last catalogue line and per-status counts, when it was
/// written, and the run's fingerprint (catalogue, models, options, shard, package version). <c>spfusion merge</c>
/// checks with it that shards come from one run and that each shard file is the one its run finished; a resumed run
/// finds with it that its output is already complete. Layout (camelCase JSON):
/// <c>{"manifest":"spfusion-survey-output/1","output":"estimates.csv","format":"csv","rows":N,"sha256":"…",
/// "firstLine":2,"lastLine":N+1,"statusCounts":{"ok":…,"spectrum_only":…,…},"textBytes":{"obsid":…,"status":…,"model":…,
/// "message":…},"created":"…Z","fingerprint":{"catalogPath":…,
/// "catalogSha256":…,"modelPath":…,"modelSha256":…,"fallbackModelPath":…,"fallbackModelSha256":…,"options":{…},
/// "shard":"K/N"|null,"packageVersion":…}}</c>.
/// </summary>
internal sealed class SurveyOutputManifest
{
    public const string Kind = "spfusion-survey-output/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string Manifest { get; set; } = Kind;

    /// <summary>The output's file name (no folder: the manifest sits beside it).</summary>
    public string Output { get; set; } = "";

    /// <summary><c>csv</c>, <c>fits</c> or <c>parquet</c>.</summary>
    public string Format { get; set; } = "";

    public long Rows { get; set; }

    /// <summary>SHA-256 of the output file, lower-case hex.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>The first catalogue line in the output, or 0 when it has no rows.</summary>
    public int FirstLine { get; set; }

    /// <summary>The last catalogue line, or 0.</summary>
    public int LastLine { get; set; }

    /// <summary>Rows per status, keyed by the status's output spelling, every status listed.</summary>
    public Dictionary<string, long> StatusCounts { get; set; } = [];

    /// <summary>
    /// The longest UTF-8 value of each text column (at least 1), keyed by column name: a merge into FITS declares its
    /// column widths from the shards' manifests instead of reading every shard twice.
    /// </summary>
    public Dictionary<string, int> TextBytes { get; set; } = [];

    /// <summary>When the output was written, ISO 8601 UTC.</summary>
    public string Created { get; set; } = "";

    public SurveyRunFingerprintJson? Fingerprint { get; set; }

    /// <summary>The manifest path of an output: <c>OUTPUT.manifest.json</c>.</summary>
    public static string PathFor(string outputPath) => Path.GetFullPath(outputPath) + ".manifest.json";

    /// <summary>The widths of <see cref="TextBytes"/> (each at least 1) with <see cref="Rows"/>.</summary>
    public SurveyTableShape Shape() => SurveyTableShape.With(Rows, Width(SurveyColumns.ObsId), Width(SurveyColumns.Status), Width(SurveyColumns.Model), Width(SurveyColumns.Message));

    private int Width(string column) => TextBytes.TryGetValue(column, out int w) ? w : 1;

    /// <summary>The text widths of <paramref name="shape"/>, as stored.</summary>
    public static Dictionary<string, int> TextBytesOf(SurveyTableShape shape) => new(StringComparer.Ordinal)
    {
        [SurveyColumns.ObsId] = shape.ObsIdBytes,
        [SurveyColumns.Status] = shape.StatusBytes,
        [SurveyColumns.Model] = shape.ModelBytes,
        [SurveyColumns.Message] = shape.MessageBytes,
    };

    /// <summary>The run fingerprint it records.</summary>
    public SurveyRunFingerprint RunFingerprint(string where) => SurveyRunFingerprint.FromJson(Fingerprint, where);

    /// <summary>Writes the manifest atomically.</summary>
    public void Write(string manifestPath) =>
        AtomicFile.WriteText(manifestPath, w => w.Write(JsonSerializer.Serialize(this, Json) + "\n"));

    /// <summary>Reads a manifest; <see cref="InvalidDataException"/> naming the file when it is not one.</summary>
    public static SurveyOutputManifest Read(string manifestPath)
    {
        SurveyOutputManifest? m;
        try
        {
            m = JsonSerializer.Deserialize<SurveyOutputManifest>(File.ReadAllText(manifestPath), Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{manifestPath}: not a survey output manifest ({ex.Message})", ex);
        }
        if (m is null || m.Manifest != Kind || m.Fingerprint is null)
            throw new InvalidDataException($"{manifestPath}: not a survey output manifest (expected \"manifest\": \"{Kind}\" and a fingerprint)");
        return m;
    }

    /// <summary>True when <paramref name="outputPath"/> exists and its SHA-256 is the one recorded.</summary>
    public bool Describes(string outputPath) =>
        File.Exists(outputPath) && string.Equals(SurveyRunFingerprint.Sha256Of(outputPath), Sha256, StringComparison.Ordinal);
}
