using System.Globalization;
using System.Security.Cryptography;

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// What a survey run's output depends on: the catalogue (its path, since relative spectrum and frame paths resolve
/// against its folder, and its SHA-256), the fusion and fallback model files (path and SHA-256), the options that change
/// results, the shard, and the package version. Stored in the run's <c>run.json</c> and in a finished output's manifest:
/// a resume refuses a work folder whose fingerprint differs, and a merge refuses shards of different runs, each naming
/// every field that differs. Fields are (name, text) pairs in a fixed order.
/// </summary>
internal sealed class SurveyRunFingerprint
{
    private readonly List<KeyValuePair<string, string>> _fields;

    /// <param name="catalogPath">The catalogue file (stored as a full path).</param>
    /// <param name="catalogSha256">Its SHA-256, lower-case hex.</param>
    /// <param name="modelPath">The fusion model file.</param>
    /// <param name="modelSha256">Its SHA-256.</param>
    /// <param name="fallbackModelPath">The fallback model file, or null when the run has none.</param>
    /// <param name="fallbackModelSha256">Its SHA-256, or null.</param>
    /// <param name="options">Options that change results (e.g. <c>on-error</c>), by name; compared by name and text.</param>
    /// <param name="shardIndex">The 0-based shard K of <c>--shard K/N</c>, or null for a whole-catalogue run.</param>
    /// <param name="shardCount">The shard count N, or null.</param>
    /// <param name="packageVersion">The package version (<see cref="SurveyTableMetadata.CurrentPackageVersion"/>).</param>
    public SurveyRunFingerprint(
        string catalogPath,
        string catalogSha256,
        string modelPath,
        string modelSha256,
        string? fallbackModelPath,
        string? fallbackModelSha256,
        IReadOnlyDictionary<string, string> options,
        int? shardIndex,
        int? shardCount,
        string packageVersion)
    {
        ArgumentNullException.ThrowIfNull(options);
        if ((shardIndex is null) != (shardCount is null)) throw new ArgumentException("give both the shard index and the shard count, or neither");
        if (shardIndex is { } k && (k < 0 || k >= shardCount)) throw new ArgumentOutOfRangeException(nameof(shardIndex), $"shard {k}/{shardCount}: K must be in 0..N-1");
        if ((fallbackModelPath is null) != (fallbackModelSha256 is null)) throw new ArgumentException("give both the fallback model's path and its SHA-256, or neither");
        CatalogPath = Path.GetFullPath(catalogPath);
        CatalogSha256 = catalogSha256;
        ModelPath = Path.GetFullPath(modelPath);
        ModelSha256 = modelSha256;
        FallbackModelPath = fallbackModelPath is null ? null : Path.GetFullPath(fallbackModelPath);
        FallbackModelSha256 = fallbackModelSha256;
        Options = new SortedDictionary<string, string>(options.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        ShardIndex = shardIndex;
        ShardCount = shardCount;
        PackageVersion = packageVersion;
        _fields =
        [
            new("catalogue path", CatalogPath),
            new("catalogue sha256", CatalogSha256),
            new("model path", ModelPath),
            new("model sha256", ModelSha256),
            new("fallback model path", FallbackModelPath ?? "(none)"),
            new("fallback model sha256", FallbackModelSha256 ?? "(none)"),
            .. Options.Select(o => new KeyValuePair<string, string>($"option '{o.Key}'", o.Value)),
            new("shard", Shard ?? "(none)"),
            new("package version", PackageVersion),
        ];
    }

    /// <summary>Fingerprints the files themselves (SHA-256 of each) with this package's version.</summary>
    public static SurveyRunFingerprint Of(string catalogPath, string modelPath, string? fallbackModelPath, IReadOnlyDictionary<string, string> options, int? shardIndex = null, int? shardCount = null) =>
        new(catalogPath, Sha256Of(catalogPath), modelPath, Sha256Of(modelPath), fallbackModelPath, fallbackModelPath is null ? null : Sha256Of(fallbackModelPath),
            options, shardIndex, shardCount, SurveyTableMetadata.CurrentPackageVersion);

    public string CatalogPath { get; }

    public string CatalogSha256 { get; }

    public string ModelPath { get; }

    public string ModelSha256 { get; }

    public string? FallbackModelPath { get; }

    public string? FallbackModelSha256 { get; }

    /// <summary>The options, sorted by name (ordinal).</summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    public int? ShardIndex { get; }

    public int? ShardCount { get; }

    /// <summary><c>K/N</c>, or null for a whole-catalogue run.</summary>
    public string? Shard => ShardIndex is { } k ? string.Create(CultureInfo.InvariantCulture, $"{k}/{ShardCount}") : null;

    public string PackageVersion { get; }

    /// <summary>The fields in comparison order; an option appears as <c>option 'NAME'</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    /// <summary>The provenance a FITS or Parquet table records.</summary>
    public SurveyTableMetadata ToTableMetadata(DateTimeOffset created) =>
        new(Path.GetFileName(ModelPath), ModelSha256, FallbackModelPath is null ? null : Path.GetFileName(FallbackModelPath), FallbackModelSha256, PackageVersion, created);

    /// <summary>
    /// Every field that differs, as <c>NAME differs: STORED (LABEL) vs THIS (this run)</c>; empty when the runs agree.
    /// <paramref name="ignoreShardIndex"/> compares only the shard count (for shards of one run being merged).
    /// </summary>
    public IReadOnlyList<string> Differences(SurveyRunFingerprint stored, string storedLabel, string thisLabel, bool ignoreShardIndex = false)
    {
        var mine = Fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var theirs = stored.Fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        if (ignoreShardIndex)
        {
            mine["shard"] = ShardCount is { } n ? $"?/{n}" : "(none)";
            theirs["shard"] = stored.ShardCount is { } m ? $"?/{m}" : "(none)";
        }
        var differences = new List<string>();
        foreach (var (name, value) in stored.Fields)
        {
            string old = theirs[name];
            if (!mine.TryGetValue(name, out var now)) differences.Add($"{name} is {old} in the {storedLabel}, not set in {thisLabel}");
            else if (!string.Equals(old, now, StringComparison.Ordinal)) differences.Add($"{name} differs: {old} ({storedLabel}) vs {now} ({thisLabel})");
        }
        foreach (var (name, value) in Fields)
        {
            if (!theirs.ContainsKey(name)) differences.Add($"{name} is {mine[name]} in {thisLabel}, not set in the {storedLabel}");
        }
        return differences;
    }

    /// <summary>The SHA-256 of a file, lower-case hex (streamed).</summary>
    public static string Sha256Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The JSON form (a plain object) stored in run.json and manifests.</summary>
    public SurveyRunFingerprintJson ToJson() => new()
    {
        CatalogPath = CatalogPath,
        CatalogSha256 = CatalogSha256,
        ModelPath = ModelPath,
        ModelSha256 = ModelSha256,
        FallbackModelPath = FallbackModelPath,
        FallbackModelSha256 = FallbackModelSha256,
        Options = new SortedDictionary<string, string>(Options.ToDictionary(o => o.Key, o => o.Value), StringComparer.Ordinal),
        Shard = Shard,
        PackageVersion = PackageVersion,
    };

    /// <summary>Reads the JSON form; <paramref name="where"/> names the file in errors.</summary>
    public static SurveyRunFingerprint FromJson(SurveyRunFingerprintJson? json, string where)
    {
        if (json?.CatalogPath is null || json.CatalogSha256 is null || json.ModelPath is null || json.ModelSha256 is null || json.PackageVersion is null || json.Options is null)
            throw new InvalidDataException($"{where}: the run fingerprint is incomplete (catalogue, model, options and package version are required)");
        int? k = null, n = null;
        if (json.Shard is { } shard)
        {
            var parts = shard.Split('/');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int kk) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int nn) || kk >= nn)
                throw new InvalidDataException($"{where}: shard '{shard}' is not K/N with 0 <= K < N");
            (k, n) = (kk, nn);
        }
        try
        {
            return new SurveyRunFingerprint(json.CatalogPath, json.CatalogSha256, json.ModelPath, json.ModelSha256, json.FallbackModelPath, json.FallbackModelSha256, json.Options, k, n, json.PackageVersion);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{where}: {ex.Message}", ex);
        }
    }
}
