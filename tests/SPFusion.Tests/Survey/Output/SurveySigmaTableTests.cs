using System.Text;
using Parquet;
using SPFusion.ML.Survey;
using SPFusion.ML.Survey.Output;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Survey.Output;

/// <summary>
/// Tables of a model with an uncertainty: <c>mass_sigma</c> and <c>age_sigma</c> after <c>age</c> in every format, with
/// units in FITS and Parquet, read back equal, and through a resumed run journal; tables without sigmas are unchanged
/// (the existing table and journal tests pin their bytes).
/// </summary>
public sealed class SurveySigmaTableTests : IDisposable
{
    private readonly TempFolder _temp = new("spfusion-survey-sigma");

    public void Dispose() => _temp.Dispose();

    /// <summary>Estimated rows with sigmas, rows without an estimate (no sigma), and a fallback estimate without one.</summary>
    private static IReadOnlyList<SurveyEstimate> Rows { get; } =
    [
        new(2, "101001", 1.234567f, 3.5f, SurveyStatus.Ok, SurveyEstimate.FusionModel, "") { MassSigma = 0.0625f, AgeSigma = 1.5f },
        new(3, "101002", null, null, SurveyStatus.MissingFile, "", "spectra/101002.fits: file not found"),
        new(5, "101003", 0.9f, 11f, SurveyStatus.SpectrumOnly, SurveyEstimate.FallbackModel, "frames: outside SDSS"),
        new(8, "101004", 1.1f, 2.25f, SurveyStatus.Ok, SurveyEstimate.FusionModel, "") { MassSigma = 0f, AgeSigma = 0.333333343f },
    ];

    [Theory]
    [InlineData("sigma.csv")]
    [InlineData("sigma.fits")]
    [InlineData("sigma.parquet")]
    public void EveryFormatReadsBackTheSigmas(string name)
    {
        string path = _temp.File(name);
        SurveyTable.Write(path, Rows.ToList(), SurveyEstimateSamples.Metadata);
        Assert.Equal(Rows, SurveyTable.Read(path).ToList());
        Assert.True(SurveyTable.HasSigma(path));
    }

    [Fact]
    public void CsvHasTheSigmaColumnsAfterTheEstimates()
    {
        string path = _temp.File("sigma.csv");
        SurveyTable.Write(path, Rows.ToList());
        var lines = File.ReadAllText(path, Encoding.UTF8).Split('\n');
        Assert.Equal("obsid,mass,age,mass_sigma,age_sigma,status,model,message,catalog_line", lines[0]);
        Assert.Equal("101001,1.234567,3.5,0.0625,1.5,ok,spfusion,,2", lines[1]);
        Assert.Equal("101002,,,,,missing_file,,spectra/101002.fits: file not found,3", lines[2]);
        Assert.Equal("101003,0.9,11,,,spectrum_only,fallback,frames: outside SDSS,5", lines[3]);

        string plain = _temp.File("plain.csv");
        SurveyTable.Write(plain, SurveyEstimateSamples.Mixed.ToList());
        Assert.StartsWith(SurveyCsvWriter.Header, File.ReadAllText(plain), StringComparison.Ordinal);
        Assert.False(SurveyTable.HasSigma(plain));
    }

    [Fact]
    public void FitsDeclaresTheSigmaUnits()
    {
        string path = _temp.File("sigma.fits");
        SurveyTable.Write(path, Rows.ToList(), SurveyEstimateSamples.Metadata);
        using var file = FitsFile.Open(path);
        var table = file.GetTable(1);
        Assert.Equal(["obsid", "mass", "age", "mass_sigma", "age_sigma", "status", "model", "message", "catalog_line"], table.Columns.Select(c => c.Name));
        Assert.Equal("solMass", table.GetColumn("mass_sigma").Unit);
        Assert.Equal("Gyr", table.GetColumn("age_sigma").Unit);
    }

    [Fact]
    public async Task ParquetHasNullableSigmasWithUnits()
    {
        string path = _temp.File("sigma.parquet");
        SurveyTable.Write(path, Rows.ToList(), SurveyEstimateSamples.Metadata);
        await using var reader = await ParquetReader.CreateAsync(path);
        Assert.Equal(["obsid", "mass", "age", "mass_sigma", "age_sigma", "status", "model", "message", "catalog_line"], reader.Schema.DataFields.Select(f => f.Name));
        Assert.True(reader.Schema.DataFields.Single(f => f.Name == "mass_sigma").IsNullable);
        Assert.Equal("solMass", reader.CustomMetadata["spfusion.unit.mass_sigma"]);
        Assert.Equal("Gyr", reader.CustomMetadata["spfusion.unit.age_sigma"]);
    }

    [Fact]
    public void ARowWithSigmasIsRefusedByATableWithoutTheColumns()
    {
        using var stream = new MemoryStream();
        using var writer = SurveyTable.OpenWriter(stream, SurveyOutputFormat.Csv, null, new SurveyTableShape());
        var ex = Assert.Throws<ArgumentException>(() => writer.Write(Rows[0]));
        Assert.Contains("catalogue line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANegativeOrNonFiniteSigmaIsRefused()
    {
        var negative = Rows[0] with { MassSigma = -0.1f };
        var ex = Assert.Throws<ArgumentException>(() => SurveyTable.Write(_temp.File("bad.csv"), [negative]));
        Assert.Contains("mass_sigma", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SurveyTable.Write(_temp.File("bad.csv"), [Rows[0] with { AgeSigma = float.NaN }]));
        Assert.False(File.Exists(_temp.File("bad.csv")));

        File.WriteAllText(_temp.File("negative.csv"), SurveyCsvWriter.HeaderWithSigma + "1,1,2,-1,0.5,ok,spfusion,,2\n");
        var read = Assert.Throws<InvalidDataException>(() => SurveyTable.Read(_temp.File("negative.csv")).ToList());
        Assert.Contains("line 2, column 'mass_sigma'", read.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("resumed.csv")]
    [InlineData("resumed.fits")]
    [InlineData("resumed.parquet")]
    public void AResumedRunWithSigmasGivesTheUninterruptedOutput(string name)
    {
        File.WriteAllText(_temp.File("catalog.csv"), "obsid,ra,dec\n1,2,3\n");
        File.WriteAllBytes(_temp.File("ensemble.zip"), [1, 2, 3]);
        var fingerprint = SurveyRunFingerprint.Of(_temp.File("catalog.csv"), _temp.File("ensemble.zip"), null, new Dictionary<string, string>(), null, null);
        var chunks = new[] { Rows.Take(2).ToList(), Rows.Skip(2).ToList() };
        var lines = Rows.Select(r => r.Line);

        string whole = _temp.File("whole-" + name);
        using (var journal = SurveyRunJournal.Open(whole, fingerprint, resume: false, sigma: true))
        {
            journal.Commit(0, chunks[0]);
            journal.Commit(1, chunks[1]);
            journal.Finish(lines, SurveyEstimateSamples.Created);
        }

        string output = _temp.File(name);
        using (var journal = SurveyRunJournal.Open(output, fingerprint, resume: false, sigma: true))
            journal.Commit(1, chunks[1]);
        string part = Path.Combine(SurveyRunJournal.WorkFolderFor(output), SurveyJournalEntry.PartName(1));
        Assert.StartsWith(SurveyCsvWriter.HeaderWithSigma, File.ReadAllText(part), StringComparison.Ordinal);
        using (var journal = SurveyRunJournal.Open(output, fingerprint, resume: true, sigma: true))
        {
            Assert.True(journal.IsCommitted(1));
            journal.Commit(0, chunks[0]);
            journal.Finish(lines, SurveyEstimateSamples.Created);
        }
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(output));
        Assert.Equal(Rows, SurveyTable.Read(output).ToList());
    }
}
