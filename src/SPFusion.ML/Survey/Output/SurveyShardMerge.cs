using System.Globalization;

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// The core of <c>spfusion merge</c> (issue 15): one output in catalogue order from finished shard outputs, each with
/// its manifest. Refuses, naming them: a shard without a manifest, a shard file changed since its run finished (SHA-256),
/// shards of different runs (every fingerprint field but the shard index must agree), a shard given twice, missing
/// shards of <c>K/N</c>, and missing, repeated or unexpected catalogue lines. The merged output's fingerprint is the
/// shards' without a shard, so a CSV merge equals, byte for byte, the output of one process over the whole catalogue.
/// </summary>
internal static class SurveyShardMerge
{
    /// <summary>Merges <paramref name="shardOutputs"/> into <paramref name="outputPath"/> and writes its manifest.</summary>
    /// <param name="outputPath">The merged output (format from its extension, any of the three whatever the shards' formats).</param>
    /// <param name="shardOutputs">The finished shard outputs, in any order.</param>
    /// <param name="expectedLines">The catalogue lines the whole run covers, ascending; null to check only that no line repeats and the row counts add up.</param>
    /// <param name="created">The date FITS and Parquet record (now when null).</param>
    /// <exception cref="InvalidDataException">What is wrong, naming the shard files, shards or lines.</exception>
    public static SurveyOutputManifest Merge(string outputPath, IReadOnlyList<string> shardOutputs, IEnumerable<int>? expectedLines = null, DateTimeOffset? created = null)
    {
        ArgumentNullException.ThrowIfNull(shardOutputs);
        if (shardOutputs.Count == 0) throw new ArgumentException("no shard outputs to merge", nameof(shardOutputs));
        SurveyTable.FormatOf(outputPath);
        var shards = new List<(string Path, SurveyOutputManifest Manifest, SurveyRunFingerprint Fingerprint)>();
        foreach (string shard in shardOutputs)
        {
            string full = Path.GetFullPath(shard);
            string manifestPath = SurveyOutputManifest.PathFor(full);
            if (!File.Exists(full)) throw new InvalidDataException($"{full}: no such shard output");
            if (!File.Exists(manifestPath))
                throw new InvalidDataException($"{full}: no manifest ({manifestPath}); only a finished survey output, which writes one, can be merged");
            var manifest = SurveyOutputManifest.Read(manifestPath);
            if (!manifest.Describes(full))
                throw new InvalidDataException($"{full}: its SHA-256 is not the one its manifest records ({manifest.Sha256}); the file changed after its run finished");
            shards.Add((full, manifest, manifest.RunFingerprint(manifestPath)));
        }

        var reference = shards[0];
        var mismatches = new List<string>();
        foreach (var s in shards.Skip(1))
        {
            var differences = s.Fingerprint.Differences(reference.Fingerprint, reference.Path, s.Path, ignoreShardIndex: true);
            if (differences.Count > 0) mismatches.Add(string.Join("; ", differences));
        }
        if (mismatches.Count > 0)
            throw new InvalidDataException($"the shards come from different runs: {string.Join("; ", mismatches)}");
        CheckShardSet(shards.Select(s => (s.Path, s.Fingerprint)).ToList());

        var ordered = shards.OrderBy(s => s.Fingerprint.ShardIndex ?? 0).ToList();
        var shape = new SurveyTableShape();
        foreach (var s in ordered) shape.Include(s.Manifest.Shape());
        var f = reference.Fingerprint;
        var whole = new SurveyRunFingerprint(f.CatalogPath, f.CatalogSha256, f.ModelPath, f.ModelSha256, f.FallbackModelPath, f.FallbackModelSha256, f.Options, null, null, f.PackageVersion);
        string scratch = Path.GetFullPath(outputPath) + ".merging";
        bool needsScratch = ordered.Count > SurveyTableMerger.FanIn;
        if (needsScratch) Directory.CreateDirectory(scratch);
        try
        {
            return SurveyMergedOutput.Write(outputPath, ordered.Select(s => s.Path).ToList(), scratch, shape, whole, expectedLines, shape.Rows,
                created ?? DateTimeOffset.UtcNow, $"the shard outputs ({string.Join(", ", ordered.Select(s => s.Path))})",
                sigma: ordered.Any(s => SurveyTable.HasSigma(s.Path)));
        }
        finally
        {
            if (needsScratch && Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }

    private static void CheckShardSet(List<(string Path, SurveyRunFingerprint Fingerprint)> shards)
    {
        if (shards[0].Fingerprint.ShardCount is not { } n)
        {
            if (shards.Count > 1)
                throw new InvalidDataException($"{shards[1].Path} and {shards[0].Path} are both whole-catalogue outputs, not shards of one run");
            return;
        }
        var problems = new List<string>();
        foreach (var group in shards.GroupBy(s => s.Fingerprint.ShardIndex!.Value).Where(g => g.Count() > 1))
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"shard {group.Key}/{n} is given {group.Count()} times ({string.Join(", ", group.Select(s => s.Path))})"));
        var present = shards.Select(s => s.Fingerprint.ShardIndex!.Value).ToHashSet();
        var missing = Enumerable.Range(0, n).Where(k => !present.Contains(k)).ToList();
        if (missing.Count > 0)
            problems.Add($"shard{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k}/{n}")))} missing");
        if (problems.Count > 0) throw new InvalidDataException($"the shard outputs do not make the whole run: {string.Join("; ", problems)}");
    }
}
