using System.CommandLine;
using System.Globalization;
using SPFusion.Cli.CommandLine;
using SPFusion.Transforms.Catalogs;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Cli.Commands;

/// <summary>
/// <c>spfusion prepare</c>: raw LAMOST spectra and SDSS frames listed in a catalogue to the authors' dataset layout,
/// optionally split into K cross-validation folds.
/// </summary>
internal sealed class PrepareCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "prepare";

    /// <inheritdoc/>
    public string Summary => "raw survey files (catalogue of LAMOST spectra + SDSS g/r/i frames) to the authors' dataset layout";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => [_catalog, _out, _folds, _validationFraction, _seed, _onError];

    private readonly Option<string?> _catalog = CliOptions.Text("--catalog", "CATALOG.csv",
        "columns obsid,ra,dec,spectrum,g,r,i [,mass,age,snr,teff,logg,feh]; paths relative to the catalogue", required: true);

    private readonly Option<string?> _out = CliOptions.Text("--out", "DIR",
        "writes DIR/{spectrum,photometric}/<obsid>.npy and DIR/label/label.csv; DIR is built beside itself and swapped in when " +
        "complete; an earlier dataset prepare wrote there (folds included) is replaced, a folder holding anything else is refused",
        required: true);

    private readonly Option<int?> _folds = CliOptions.Int("--folds", "also write DIR/fold1..K/{train,val,test}", min: 2);

    private readonly Option<double?> _validationFraction = CliOptions.OpenFraction("--validation-fraction",
        "with --folds: share of each fold's non-test stars in val/ (default 0.3, the paper's 7:3; 0.15 matches the small-survey preset)");

    private readonly Option<int?> _seed = CliOptions.Int("--seed", "seed of the fold split (default 42)", min: 0);

    private readonly Option<OnError?> _onError = CliOptions.Choice("--on-error",
        "fail (default) stops at the first star that cannot be prepared; skip leaves such stars out (listed in DIR/skipped.csv)",
        ("fail", OnError.Fail), ("skip", OnError.Skip));

    private enum OnError
    {
        Fail,
        Skip,
    }

    /// <inheritdoc/>
    public int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        string catalogPath = args.GetValue(_catalog)!;
        string output = args.GetValue(_out)!;
        int? folds = args.GetValue(_folds);
        double? validationFraction = args.GetValue(_validationFraction);
        int seed = args.GetValue(_seed) ?? 42;
        if (validationFraction is not null && folds is null)
            throw new CliUsageException("--validation-fraction splits the folds: give --folds too");
        bool skipBadStars = args.GetValue(_onError) == OnError.Skip;
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
            foreach (var (star, skip) in preparer.PrepareAll(entries, skipBadStars: skipBadStars))
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
            var starIds = labels.Select(l => l.ObsId).ToList();
            var splits = validationFraction is { } v ? FoldSplitter.Split(starIds, k, seed, trainFraction: 1 - v) : FoldSplitter.Split(starIds, k, seed);
            foreach (var split in splits)
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
