using SPFusion.Cli.CommandLine;
using SPFusion.Transforms.Catalogs;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Cli.Commands;

/// <summary>
/// <c>spfusion prepare</c>: raw LAMOST spectra and SDSS frames listed in a catalogue to the authors' dataset layout,
/// optionally split into K cross-validation folds.
/// </summary>
public sealed class PrepareCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "prepare";

    /// <inheritdoc/>
    public string Summary => "raw survey files (catalogue of LAMOST spectra + SDSS g/r/i frames) to the authors' dataset layout";

    /// <inheritdoc/>
    public string Usage =>
        "usage: spfusion prepare --catalog CATALOG.csv --out DIR [--folds K] [--seed 42] [--on-error fail|skip]\n" +
        "  CATALOG.csv columns: obsid,ra,dec,spectrum,g,r,i [,mass,age,snr,teff,logg,feh]; paths relative to the catalogue\n" +
        "  writes DIR/{spectrum,photometric}/<obsid>.npy and DIR/label/label.csv; with --folds K also DIR/fold1..K/{train,val,test}\n" +
        "  DIR is built beside itself and swapped in when complete; an earlier dataset prepare wrote there (folds included)\n" +
        "  is replaced, a folder holding anything else is refused\n" +
        "  --on-error skip      leave out stars that cannot be prepared (listed in DIR/skipped.csv) instead of stopping";

    /// <inheritdoc/>
    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        string catalogPath = args.Required("catalog");
        string output = args.Required("out");
        int? folds = args.Int("folds");
        int seed = args.Int("seed") ?? 42;
        string onError = args.String("on-error") ?? "fail";
        if (onError is not ("fail" or "skip")) throw new CliUsageException($"--on-error must be fail or skip, got '{onError}'");
        if (folds is < 2) throw new CliUsageException(CliArguments.Range("folds", "must be at least 2", folds));
        if (seed < 0) throw new CliUsageException(CliArguments.Range("seed", "must be at least 0", seed));
        args.EnsureAllUsed();
        InputFile.Require("--catalog", catalogPath);

        var entries = SurveyCatalog.Read(catalogPath);
        if (entries.Count == 0) throw new InvalidDataException($"{catalogPath}: the catalogue lists no stars (a header only); nothing to prepare");
        // The authors' layout names files by id: any text id (LAMOST, Gaia, APOGEE) that is a safe file name.
        var ids = new Dictionary<SurveyCatalogEntry, string>();
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            string where = $"{catalogPath}, line {e.Line}, column 'obsid'";
            ids[e] = StarId.CheckFileName(StarId.Normalize(e.ObsId), where);
            if (!written.Add(ids[e]))
                throw new InvalidDataException($"{where}: obsid '{UserText.Clip(e.ObsId)}' names the same files as an earlier row's ({ids[e]})");
        }

        // Built beside --out and swapped in when complete; a folder holding anything prepare did not write (the catalogue,
        // the survey files, a user's notes in fold1/) is refused here, before any star is prepared.
        using var staged = new StagedDataset(output);
        string dataset = staged.Folder;
        var writer = new AuthorsDatasetWriter(dataset);
        var labels = new List<AuthorsLabel>();
        var skipped = new List<SkippedStar>();
        var preparer = new StarPreparer();
        using (var bar = new ProgressBar("prepare", entries.Count))
        {
            foreach (var (star, skip) in preparer.PrepareAll(entries, skipBadStars: onError == "skip"))
            {
                bar.Advance();
                if (skip is not null)
                {
                    skipped.Add(skip);
                    continue;
                }
                var e = star!.Entry;
                var label = new AuthorsLabel(ids[e], star.Snr, e.Teff ?? double.NaN, e.Logg ?? double.NaN, e.FeH ?? double.NaN, e.Mass ?? double.NaN, e.Age ?? double.NaN);
                writer.Add(label, star.CroppedWavelength, star.CroppedFlux, star.RawPhotometry);
                labels.Add(label);
            }
        }
        writer.Complete();
        WriteSkipped(Path.Combine(dataset, SkippedFile), skipped);

        var foldLines = new List<string>();
        if (folds is { } k)
        {
            foreach (var split in FoldSplitter.Split(labels.Select(l => l.ObsId).ToList(), k, seed))
            {
                string fold = FoldFolders.Of(dataset, split.Fold + 1); // FoldSplit counts from 0, the folders from 1
                LinkSplit(dataset, Path.Combine(fold, "train"), split.Train, labels);
                LinkSplit(dataset, Path.Combine(fold, "val"), split.Validation, labels);
                LinkSplit(dataset, Path.Combine(fold, "test"), split.Test, labels);
                foldLines.Add($"fold {split.Fold + 1}: {split.Train.Count} train, {split.Validation.Count} val, {split.Test.Count} test");
            }
        }

        // The earlier dataset's folds go with it: left in place they would pair an old split with new data.
        var stale = staged.ReplacedFolds();
        staged.Commit();
        if (stale.Count > 0)
            stdout.WriteLine($"removed {stale.Count} fold folders of an earlier run ({string.Join(", ", stale)})");
        stdout.WriteLine($"prepared {labels.Count} of {entries.Count} stars into {Path.GetFullPath(output)}; skipped {skipped.Count}{(skipped.Count > 0 ? " (see skipped.csv)" : "")}");
        foreach (string line in foldLines) stdout.WriteLine(line);
        return 0;
    }

    private const string SkippedFile = "skipped.csv";

    private static void WriteSkipped(string path, IReadOnlyList<SkippedStar> skipped) =>
        AtomicFile.WriteText(path, w =>
        {
            w.WriteLine("obsid,reason");
            foreach (var s in skipped) w.WriteLine($"{s.Entry.ObsId},\"{s.Reason.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
        });

    /// <summary>A split folder in the authors' layout whose .npy files link to the dataset's own (no copies).</summary>
    private static void LinkSplit(string root, string splitDir, IReadOnlyList<string> ids, IReadOnlyList<AuthorsLabel> labels)
    {
        var byId = labels.ToDictionary(l => l.ObsId);
        Directory.CreateDirectory(Path.Combine(splitDir, "spectrum"));
        Directory.CreateDirectory(Path.Combine(splitDir, "photometric"));
        Directory.CreateDirectory(Path.Combine(splitDir, "label"));
        foreach (string id in ids)
        {
            Link(AuthorsDatasetLayout.SpectrumPath(root, id), AuthorsDatasetLayout.SpectrumPath(splitDir, id));
            Link(AuthorsDatasetLayout.PhotometricPath(root, id), AuthorsDatasetLayout.PhotometricPath(splitDir, id));
        }
        LabelCsv.Write(AuthorsDatasetLayout.LabelPath(splitDir), ids.Select(id => byId[id]));
    }

    private static void Link(string target, string link)
    {
        if (File.Exists(link)) File.Delete(link);
        try
        {
            File.CreateSymbolicLink(link, Path.GetRelativePath(Path.GetDirectoryName(link)!, target));
        }
        catch (IOException)
        {
            File.Copy(target, link); // file systems without symbolic links
        }
    }
}
