using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SPFusion.Transforms.Datasets;

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// Makes a survey run's output resumable after a kill at any moment. The run works in <c>OUTPUT.parts/</c> beside the
/// output: <c>run.json</c> (the run's <see cref="SurveyRunFingerprint"/>, written before anything else), one
/// <c>part-NNNNNN.csv</c> per committed chunk (its rows in catalogue order, written to a temporary name, fsynced and
/// renamed), and <c>journal.jsonl</c>, one line per committed part (<see cref="SurveyJournalEntry"/>), appended and
/// fsynced only after the part is in place. Only journaled parts are trusted: a torn last journal line, a part without
/// a journal line (a kill between rename and append) and temporary files are discarded on resume and their chunks
/// done again; a journaled part whose length or CRC-32 differs is refused. <see cref="Finish(IEnumerable{int}, DateTimeOffset?)"/>
/// merges the parts by catalogue line into the output (streamed, atomically replaced), checks every expected line is
/// there exactly once, writes <c>OUTPUT.manifest.json</c> and deletes the work folder. The journal file stays open and
/// exclusively locked while the run lives, so a second process cannot run into the same folder. One thread commits
/// (the class is not thread-safe). Chunk ids must name the same rows in every attempt of a run: keep the options that
/// decide the chunking in the fingerprint (a mismatch would still be caught, as missing or repeated lines, at finish).
/// </summary>
internal sealed class SurveyRunJournal : IDisposable
{
    public const string RunFileName = "run.json";
    public const string JournalFileName = "journal.jsonl";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };
    private readonly SortedDictionary<int, SurveyJournalEntry> _entries;
    private readonly SurveyRunFingerprint _fingerprint;
    private FileStream? _journal;
    private bool _done;
    private bool _sigma;

    private SurveyRunJournal(string outputPath, SurveyRunFingerprint fingerprint, FileStream? journal, SortedDictionary<int, SurveyJournalEntry> entries, SurveyOutputManifest? finished)
    {
        OutputPath = Path.GetFullPath(outputPath);
        Format = SurveyTable.FormatOf(outputPath);
        WorkFolder = WorkFolderFor(outputPath);
        _fingerprint = fingerprint;
        _journal = journal;
        _entries = entries;
        FinishedManifest = finished;
        _done = finished is not null;
    }

    /// <summary>The output file.</summary>
    public string OutputPath { get; }

    /// <summary>Its format (from the extension).</summary>
    public SurveyOutputFormat Format { get; }

    /// <summary>The work folder, <c>OUTPUT.parts</c>.</summary>
    public string WorkFolder { get; }

    /// <summary>
    /// True when a resume found the output already finished by a run with this fingerprint (no work folder, a manifest
    /// whose SHA-256 matches the output): nothing is left to do, and <see cref="Commit"/> and Finish refuse.
    /// </summary>
    public bool IsFinished => FinishedManifest is not null;

    /// <summary>The finished output's manifest when <see cref="IsFinished"/>, else null.</summary>
    public SurveyOutputManifest? FinishedManifest { get; private set; }

    /// <summary>Committed chunk ids and their row counts.</summary>
    public IReadOnlyDictionary<int, int> CommittedChunks => _entries.ToDictionary(e => e.Key, e => e.Value.Rows);

    /// <summary>True when <paramref name="chunkId"/> is committed (skip it on resume).</summary>
    public bool IsCommitted(int chunkId) => _entries.ContainsKey(chunkId);

    /// <summary>Rows in all committed chunks.</summary>
    public long CommittedRows => _entries.Values.Sum(e => (long)e.Rows);

    /// <summary>The work folder of an output: <c>OUTPUT.parts</c> beside it.</summary>
    public static string WorkFolderFor(string outputPath) => Path.GetFullPath(outputPath) + ".parts";

    /// <summary>
    /// Starts a run writing <paramref name="outputPath"/>, or continues one. Without <paramref name="resume"/> an
    /// existing work folder is refused (naming it and <c>--resume</c>). With it, a work folder is continued when its
    /// fingerprint equals <paramref name="fingerprint"/> (else refused, naming every field that differs); without a work
    /// folder, an output whose manifest matches is reported finished (<see cref="IsFinished"/>), and otherwise the run
    /// starts afresh (so <c>--resume</c> is safe on a first start, e.g. in a requeued cluster job).
    /// </summary>
    /// <exception cref="ArgumentException">The output's extension names no format.</exception>
    /// <exception cref="IOException">The work folder exists without <paramref name="resume"/>, or another process holds it.</exception>
    /// <exception cref="InvalidDataException">The fingerprint differs, or the journal or a journaled part is damaged.</exception>
    /// <remarks><paramref name="sigma"/>: the run's model has an uncertainty, so parts and output carry the sigma columns.
    /// It follows from the model, which the fingerprint fixes, so every attempt of a run agrees on it.</remarks>
    public static SurveyRunJournal Open(string outputPath, SurveyRunFingerprint fingerprint, bool resume, bool sigma = false)
    {
        var journal = OpenCore(outputPath, fingerprint, resume);
        journal._sigma = sigma;
        return journal;
    }

    private static SurveyRunJournal OpenCore(string outputPath, SurveyRunFingerprint fingerprint, bool resume)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        SurveyTable.FormatOf(outputPath);
        string output = Path.GetFullPath(outputPath);
        string folder = WorkFolderFor(output);
        string manifestPath = SurveyOutputManifest.PathFor(output);
        if (Directory.Exists(folder))
        {
            if (!resume)
                throw new IOException($"{folder}: an unfinished survey run writing {output} is there; pass --resume to continue it, or delete the folder to start over");
            return Continue(output, folder, fingerprint);
        }
        if (resume && File.Exists(manifestPath))
        {
            var manifest = SurveyOutputManifest.Read(manifestPath);
            var differences = fingerprint.Differences(manifest.RunFingerprint(manifestPath), "finished output", "this run");
            if (differences.Count > 0)
                throw new InvalidDataException($"{manifestPath}: {output} was finished by another run ({string.Join("; ", differences)}); " +
                    "resume with the catalogue, models, options and version that wrote it, or start over without --resume");
            if (manifest.Describes(output)) return new SurveyRunJournal(output, fingerprint, null, [], manifest);
        }
        return Start(output, folder, manifestPath, fingerprint);
    }

    private static SurveyRunJournal Start(string output, string folder, string manifestPath, SurveyRunFingerprint fingerprint)
    {
        // A manifest always describes the output beside it; this run will replace that output.
        File.Delete(manifestPath);
        Directory.CreateDirectory(folder);
        WriteRunFile(folder, fingerprint);
        var journal = OpenJournalFile(folder);
        journal.Flush(flushToDisk: true);
        return new SurveyRunJournal(output, fingerprint, journal, [], null);
    }

    private static void WriteRunFile(string folder, SurveyRunFingerprint fingerprint) =>
        AtomicFile.WriteText(Path.Combine(folder, RunFileName), w => w.Write(JsonSerializer.Serialize(fingerprint.ToJson(), Json) + "\n"));

    private static SurveyRunJournal Continue(string output, string folder, SurveyRunFingerprint fingerprint)
    {
        string runFile = Path.Combine(folder, RunFileName);
        string journalFile = Path.Combine(folder, JournalFileName);
        if (!File.Exists(runFile))
        {
            // run.json is written before the journal; a folder without it was left before the first commit.
            if (File.Exists(journalFile) && new FileInfo(journalFile).Length > 0)
                throw new InvalidDataException($"{folder}: {JournalFileName} has entries but {RunFileName} is missing, so the run that wrote them is unknown; delete the folder to start over");
            WriteRunFile(folder, fingerprint);
        }
        else
        {
            SurveyRunFingerprintJson? json;
            try
            {
                json = JsonSerializer.Deserialize<SurveyRunFingerprintJson>(File.ReadAllText(runFile), Json);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{runFile}: not a survey run fingerprint ({ex.Message}); delete {folder} to start over", ex);
            }
            var differences = fingerprint.Differences(SurveyRunFingerprint.FromJson(json, runFile), "unfinished run", "this run");
            if (differences.Count > 0)
                throw new InvalidDataException($"{folder}: cannot resume: {string.Join("; ", differences)}; " +
                    "resume with the catalogue, models, options and version of the unfinished run, or delete the folder to start over");
        }
        var journal = OpenJournalFile(folder);
        try
        {
            var entries = ReadJournal(journal, journalFile);
            foreach (var entry in entries.Values) VerifyPart(folder, entry);
            DeleteStrays(folder, entries);
            DeleteKilledOutputWrites(output);
            return new SurveyRunJournal(output, fingerprint, journal, entries, null);
        }
        catch
        {
            journal.Dispose();
            throw;
        }
    }

    private static FileStream OpenJournalFile(string folder)
    {
        string path = Path.Combine(folder, JournalFileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException($"{path}: locked by another process running this survey output ({ex.Message}); one run at a time per output", ex);
        }
    }

    /// <summary>Reads the committed entries; cuts a torn last line off the file so that appends start on a fresh line.</summary>
    private static SortedDictionary<int, SurveyJournalEntry> ReadJournal(FileStream journal, string path)
    {
        var bytes = new byte[journal.Length];
        journal.Seek(0, SeekOrigin.Begin);
        journal.ReadExactly(bytes);
        int complete = bytes.AsSpan().LastIndexOf((byte)'\n') + 1;
        var entries = new SortedDictionary<int, SurveyJournalEntry>();
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes, 0, complete);
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException($"{path}: not UTF-8 text; the journal is damaged: delete its folder to start over", ex);
        }
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length - 1; i++)
        {
            var entry = SurveyJournalEntry.TryParse(lines[i])
                ?? throw new InvalidDataException($"{path}, line {i + 1}: not a journal entry ('{SurveyFieldParser.Clip(lines[i])}'); a complete line is never torn by a kill, so the journal is damaged: delete its folder to start over");
            if (!entries.TryAdd(entry.Chunk, entry))
                throw new InvalidDataException($"{path}, line {i + 1}: chunk {entry.Chunk} is journaled twice; the journal is damaged: delete its folder to start over");
        }
        if (complete < bytes.Length)
        {
            // A kill mid-append leaves a line without its LF: never trusted, its chunk is done again.
            journal.SetLength(complete);
            journal.Flush(flushToDisk: true);
        }
        journal.Seek(0, SeekOrigin.End);
        return entries;
    }

    private static void VerifyPart(string folder, SurveyJournalEntry entry)
    {
        string path = Path.Combine(folder, entry.Part);
        if (!File.Exists(path))
            throw new InvalidDataException($"{path}: journaled (chunk {entry.Chunk}, {entry.Rows} rows) but missing; delete {folder} to start over");
        long length = new FileInfo(path).Length;
        if (length != entry.Bytes)
            throw new InvalidDataException($"{path}: {length} bytes but the journal recorded {entry.Bytes}; the part is damaged: delete {folder} to start over");
        uint crc = Crc32Of(path);
        if (crc != entry.Crc32)
            throw new InvalidDataException($"{path}: CRC-32 {crc:x8} but the journal recorded {entry.Crc32:x8}; the part is damaged: delete {folder} to start over");
    }

    private static uint Crc32Of(string path)
    {
        var crc = new Crc32();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        crc.Append(stream);
        return crc.GetCurrentHashAsUInt32();
    }

    /// <summary>Deletes what a killed run left untrusted: unjournaled parts, temporary files and merge scratch files.</summary>
    private static void DeleteStrays(string folder, SortedDictionary<int, SurveyJournalEntry> entries)
    {
        var trusted = entries.Values.Select(e => e.Part).ToHashSet(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            string name = Path.GetFileName(file);
            bool stray = (name.StartsWith("part-", StringComparison.Ordinal) && !trusted.Contains(name))
                || (name.StartsWith('.') && name.Contains(".partial", StringComparison.Ordinal))
                || name.StartsWith(SurveyTableMerger.ScratchPrefix, StringComparison.Ordinal);
            if (stray) File.Delete(file);
        }
    }

    /// <summary>
    /// Deletes the temporary file a run killed while finishing left beside the output (the atomic write's
    /// <c>.NAME.PID-GUID.partial.EXT</c>; the pattern is exact, so another output's temporary file is never taken). The
    /// journal's lock is held, so no live run of this output is writing it.
    /// </summary>
    private static void DeleteKilledOutputWrites(string output)
    {
        string folder = Path.GetDirectoryName(output)!;
        var pattern = new Regex("^\\." + Regex.Escape(Path.GetFileNameWithoutExtension(output)) + "\\.[0-9]+-[0-9a-f]{32}\\.partial" + Regex.Escape(Path.GetExtension(output)) + "$", RegexOptions.CultureInvariant);
        foreach (string file in Directory.EnumerateFiles(folder, ".*.partial*"))
        {
            if (pattern.IsMatch(Path.GetFileName(file))) File.Delete(file);
        }
    }

    /// <summary>
    /// Commits a finished chunk durably: its rows (in any order; written in catalogue order) become part
    /// <c>part-NNNNNN.csv</c>, then its journal line is appended and fsynced. After a kill, a chunk is either committed
    /// whole or not at all.
    /// </summary>
    /// <exception cref="InvalidOperationException">The chunk is already committed, or the run is finished.</exception>
    /// <exception cref="ArgumentException">A row cannot be written, or a catalogue line appears twice in the chunk.</exception>
    public void Commit(int chunkId, IReadOnlyList<SurveyEstimate> rows)
    {
        ThrowIfDone();
        ArgumentOutOfRangeException.ThrowIfNegative(chunkId);
        ArgumentNullException.ThrowIfNull(rows);
        if (_entries.ContainsKey(chunkId)) throw new InvalidOperationException($"chunk {chunkId} is already committed in {WorkFolder}");
        var sorted = rows.ToArray();
        foreach (var row in sorted) SurveyEstimateCheck.Validate(row);
        Array.Sort(sorted, (a, b) => a.Line.CompareTo(b.Line));
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Line == sorted[i - 1].Line) throw new ArgumentException($"chunk {chunkId}: catalogue line {sorted[i].Line} appears twice", nameof(rows));
        }

        using var buffer = new MemoryStream();
        using (var csv = new SurveyCsvWriter(buffer, _sigma))
        {
            foreach (var row in sorted) csv.Write(row);
            csv.Complete();
        }
        byte[] bytes = buffer.ToArray();
        string part = SurveyJournalEntry.PartName(chunkId);
        AtomicFile.Write(Path.Combine(WorkFolder, part), s => s.Write(bytes));
        var entry = new SurveyJournalEntry(chunkId, part, sorted.Length, bytes.LongLength, Crc32.HashToUInt32(bytes), SurveyTableShape.Of(sorted));
        _journal!.Write(Encoding.UTF8.GetBytes(entry.ToLine()));
        _journal.Flush(flushToDisk: true);
        _entries.Add(chunkId, entry);
    }

    /// <summary>
    /// Writes the output from the committed parts in catalogue order and checks it holds exactly
    /// <paramref name="expectedLines"/> (ascending), each once; then writes the manifest and deletes the work folder.
    /// </summary>
    /// <param name="expectedLines">The catalogue lines the run must cover, ascending (streamed: any length).</param>
    /// <param name="created">The date FITS and Parquet record (now when null).</param>
    /// <exception cref="InvalidDataException">Lines missing, repeated or unexpected (named, up to ten of each, with counts), or a part damaged; the output is left unchanged and the parts kept.</exception>
    public SurveyOutputManifest Finish(IEnumerable<int> expectedLines, DateTimeOffset? created = null)
    {
        ArgumentNullException.ThrowIfNull(expectedLines);
        return FinishCore(expectedLines, null, created);
    }

    /// <summary>As <see cref="Finish(IEnumerable{int}, DateTimeOffset?)"/>, knowing only how many rows the run must hold.</summary>
    public SurveyOutputManifest Finish(long expectedRows, DateTimeOffset? created = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedRows);
        return FinishCore(null, expectedRows, created);
    }

    private SurveyOutputManifest FinishCore(IEnumerable<int>? expectedLines, long? expectedRows, DateTimeOffset? created)
    {
        ThrowIfDone();
        foreach (var entry in _entries.Values) VerifyPart(WorkFolder, entry);
        var shape = new SurveyTableShape();
        foreach (var entry in _entries.Values) shape.Include(entry.Shape);
        var parts = _entries.Values.Select(e => Path.Combine(WorkFolder, e.Part)).ToList();
        var manifest = SurveyMergedOutput.Write(OutputPath, parts, WorkFolder, shape, _fingerprint, expectedLines, expectedRows,
            created ?? DateTimeOffset.UtcNow, $"the committed parts in {WorkFolder} (kept)", _sigma);
        _journal?.Dispose();
        _journal = null;
        Directory.Delete(WorkFolder, recursive: true);
        _done = true;
        FinishedManifest = manifest;
        return manifest;
    }

    private void ThrowIfDone()
    {
        if (_done) throw new InvalidOperationException(IsFinished ? $"{OutputPath} is already finished" : "the journal is closed");
    }

    /// <summary>Closes the journal (releasing its lock) without finishing: the work folder stays for a resume.</summary>
    public void Dispose()
    {
        _journal?.Dispose();
        _journal = null;
        _done = true;
    }
}
