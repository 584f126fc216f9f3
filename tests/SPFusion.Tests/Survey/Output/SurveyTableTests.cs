using System.Text;
using Parquet;
using SPFusion.ML.Survey;
using SPFusion.ML.Survey.Output;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;
using Xunit;

namespace SPFusion.Tests.Survey.Output;

/// <summary>The CSV, FITS and Parquet survey tables: the same estimates read back equal from each, and each format's own facts.</summary>
public sealed class SurveyTableTests : IDisposable
{
    private readonly TempFolder _temp = new("spfusion-survey-table");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("estimates.csv")]
    [InlineData("estimates.fits")]
    [InlineData("estimates.fit")]
    [InlineData("estimates.parquet")]
    public void EveryFormatReadsBackTheSameEstimates(string name)
    {
        string path = _temp.File(name);
        SurveyTable.Write(path, SurveyEstimateSamples.Mixed.ToList(), SurveyEstimateSamples.Metadata);

        Assert.Equal(SurveyEstimateSamples.Mixed, SurveyTable.Read(path).ToList());
    }

    [Fact]
    public void TheThreeFormatsAgreeOnAManyRowTableAcrossParquetRowGroups()
    {
        var rows = SurveyEstimateSamples.Many(SurveyParquetWriter.RowGroupRows + 1_234);
        var read = new List<List<SurveyEstimate>>();
        foreach (string ext in new[] { ".csv", ".fits", ".parquet" })
        {
            string path = _temp.File("many" + ext);
            SurveyTable.Write(path, rows, SurveyEstimateSamples.Metadata);
            read.Add(SurveyTable.Read(path).ToList());
        }
        Assert.Equal(rows, read[0]);
        Assert.Equal(rows, read[1]);
        Assert.Equal(rows, read[2]);
    }

    [Theory]
    [InlineData("empty.csv")]
    [InlineData("empty.fits")]
    [InlineData("empty.parquet")]
    public void AnEmptyTableRoundTrips(string name)
    {
        string path = _temp.File(name);
        SurveyTable.Write(path, [], SurveyEstimateSamples.Metadata);
        Assert.Empty(SurveyTable.Read(path));
    }

    [Fact]
    public void CsvIsTheDocumentedTextAndTheSameBytesEveryTime()
    {
        string a = _temp.File("a.csv"), b = _temp.File("b.csv");
        SurveyTable.Write(a, SurveyEstimateSamples.Mixed.ToList());
        SurveyTable.Write(b, SurveyEstimateSamples.Mixed.ToList());
        byte[] bytes = File.ReadAllBytes(a);
        Assert.Equal(bytes, File.ReadAllBytes(b));
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no byte-order mark");

        string text = Encoding.UTF8.GetString(bytes);
        string[] expectedStart =
        [
            "obsid,mass,age,status,model,message,catalog_line",
            "101001,1.234567,3.5,ok,spfusion,,2",
            "101002,,,missing_file,,spectra/101002.fits: file not found,3",
            "\"obs,with \"\"comma\"\" and quotes\",0.1,12.25,spectrum_only,fallback,\"frames: outside SDSS, \"\"no run\"\"",
            "second line\",4",
            "101004,1E-30,3.4028235E+38,bad_frame,fallback,\"frame-r-000094-1-0012.fits.bz2: CRC mismatch — λ 6563 Å, ошибка, 星\",6",
            ",-0.5,,bad_spectrum,,\"spectra/x.fits: NaN flux at 4,001 Å\",7",
            "101006,,0.33333334,bad_row,,ra 'abc' is not a number,9",
        ];
        Assert.StartsWith(string.Join("\n", expectedStart) + "\n", text, StringComparison.Ordinal);
        Assert.EndsWith("101007,1E-45,-3.4028235E+38,ok,spfusion,\"warning: last FITS block short\r\nread anyway\",1000000\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FitsIsABinaryTableInExtensionOneWithUnitsWidthsAndProvenance()
    {
        string path = _temp.File("estimates.fits");
        SurveyTable.Write(path, SurveyEstimateSamples.Mixed.ToList(), SurveyEstimateSamples.Metadata);

        using var fits = FitsFile.Open(path);
        Assert.Equal(2, fits.Hdus.Count);
        Assert.Empty(fits[0].Axes);
        var table = fits.GetTable(1);
        Assert.Equal("ESTIMATES", table.ExtName);
        Assert.Equal(SurveyEstimateSamples.Mixed.Count, table.RowCount);
        Assert.Equal(["obsid", "mass", "age", "status", "model", "message", "catalog_line"], table.Columns.Select(c => c.Name));
        int longestObsId = SurveyEstimateSamples.Mixed.Max(r => Encoding.UTF8.GetByteCount(r.ObsId));
        int longestMessage = SurveyEstimateSamples.Mixed.Max(r => Encoding.UTF8.GetByteCount(r.Message));
        Assert.Equal($"{longestObsId}A", table.GetColumn("obsid").Format);
        Assert.Equal("1E", table.GetColumn("mass").Format);
        Assert.Equal("solMass", table.GetColumn("mass").Unit);
        Assert.Equal("Gyr", table.GetColumn("age").Unit);
        Assert.Equal("13A", table.GetColumn("status").Format); // spectrum_only, the longest status present
        Assert.Equal("8A", table.GetColumn("model").Format);
        Assert.Equal($"{longestMessage}A", table.GetColumn("message").Format);
        Assert.Equal("1J", table.GetColumn("catalog_line").Format);

        Assert.Equal("101001", table.ReadString(0, "obsid"));
        Assert.Equal(1.234567f, table.ReadFloat32(0, "mass")[0]);
        Assert.True(float.IsNaN(table.ReadFloat32(1, "mass")[0]), "no estimate is NaN");
        Assert.Equal(1_000_000L, table.ReadInt64(7, "catalog_line")[0]);
        Assert.Equal("missing_file", table.ReadString(1, "status"));

        Assert.Equal("spfusion model.zip", table.Header.GetString("MODEL"));
        Assert.Equal(new string('a', 64), table.Header.GetString("MODELSHA"));
        Assert.Equal("convnext1d.onnx", table.Header.GetString("FALLBACK"));
        Assert.Equal(new string('b', 64), table.Header.GetString("FALLBSHA"));
        Assert.Equal("1.2.3-test", table.Header.GetString("SPFUSVER"));
        Assert.Equal("2026-12-06T07:30:00", table.Header.GetString("DATE"));
    }

    [Fact]
    public void FitsTextColumnsAreAtLeastOneCharacterWide()
    {
        string path = _temp.File("blank.fits");
        SurveyTable.Write(path, [new SurveyEstimate(2, "", null, null, SurveyStatus.BadRow, "", "")], SurveyEstimateSamples.Metadata with { FallbackModelFile = null, FallbackModelSha256 = null });

        using var fits = FitsFile.Open(path);
        var table = fits.GetTable(1);
        Assert.Equal("1A", table.GetColumn("obsid").Format);
        Assert.Equal("1A", table.GetColumn("model").Format);
        Assert.Equal("1A", table.GetColumn("message").Format);
        Assert.Null(table.Header.GetString("FALLBACK"));
        Assert.Equal([new SurveyEstimate(2, "", null, null, SurveyStatus.BadRow, "", "")], SurveyTable.Read(path));
    }

    [Fact]
    public void AFitsTableFromAnotherWriterIsReadByColumnNameWithBlankPadding()
    {
        // Another writer's layout: columns in another order, an extra column, blank-padded text (FitsWriter pads with blanks).
        string path = _temp.File("other.fits");
        using (var writer = FitsWriter.Create(path))
        {
            writer.WriteBinaryTable(
            [
                FitsTableColumnData.Int32("catalog_line", [5, 8]),
                FitsTableColumnData.Text("status", ["ok", "bad_row"], 10),
                FitsTableColumnData.Float64("ra", [1.0, 2.0]),
                FitsTableColumnData.Text("obsid", ["a1", "b2"], 6),
                FitsTableColumnData.Float32("mass", [1.5f, float.NaN]),
                FitsTableColumnData.Float32("age", [2.5f, float.NaN]),
                FitsTableColumnData.Text("model", ["spfusion", ""], 8),
                FitsTableColumnData.Text("message", ["", "ra missing"], 12),
            ]);
        }
        Assert.Equal(
            [new SurveyEstimate(5, "a1", 1.5f, 2.5f, SurveyStatus.Ok, "spfusion", ""), new SurveyEstimate(8, "b2", null, null, SurveyStatus.BadRow, "", "ra missing")],
            SurveyTable.Read(path));
    }

    [Fact]
    public void AFitsTableWithoutASurveyColumnIsRefusedNamingIt()
    {
        string path = _temp.File("partial.fits");
        using (var writer = FitsWriter.Create(path))
            writer.WriteBinaryTable([FitsTableColumnData.Int32("catalog_line", [5]), FitsTableColumnData.Text("obsid", ["a"], 1)]);
        var ex = Assert.Throws<InvalidDataException>(() => SurveyTable.Read(path).ToList());
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("no column 'mass'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParquetHasNullableFloatsAndTheProvenanceMetadata()
    {
        string path = _temp.File("estimates.parquet");
        SurveyTable.Write(path, SurveyEstimateSamples.Mixed.ToList(), SurveyEstimateSamples.Metadata);

        await using var reader = await ParquetReader.CreateAsync(path);
        Assert.Equal(["obsid", "mass", "age", "status", "model", "message", "catalog_line"], reader.Schema.DataFields.Select(f => f.Name));
        Assert.True(reader.Schema.DataFields[1].IsNullable);
        Assert.Equal(typeof(float), reader.Schema.DataFields[1].ClrType);
        Assert.Equal(typeof(int), reader.Schema.DataFields[6].ClrType);
        Assert.Equal("spfusion model.zip", reader.CustomMetadata["spfusion.model"]);
        Assert.Equal(new string('a', 64), reader.CustomMetadata["spfusion.model_sha256"]);
        Assert.Equal("convnext1d.onnx", reader.CustomMetadata["spfusion.fallback_model"]);
        Assert.Equal("1.2.3-test", reader.CustomMetadata["spfusion.version"]);
        Assert.Equal("2026-12-06T07:30:00Z", reader.CustomMetadata["spfusion.date"]);
        Assert.Equal("solMass", reader.CustomMetadata["spfusion.unit.mass"]);
    }

    [Theory]
    [InlineData("estimates.txt", "'.txt' is not one of them")]
    [InlineData("estimates", "this name has none")]
    [InlineData("estimates.fits.gz", "compressed tables are not written")]
    public void AnUnknownExtensionIsRefusedNamingTheAcceptedOnes(string name, string reason)
    {
        var ex = Assert.Throws<ArgumentException>(() => SurveyTable.Write(_temp.File(name), SurveyEstimateSamples.Mixed.ToList(), SurveyEstimateSamples.Metadata));
        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        Assert.Contains(".csv, .fits (or .fit) or .parquet", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File(name)));
    }

    [Fact]
    public void FitsAndParquetNeedTheProvenance()
    {
        var ex = Assert.Throws<ArgumentException>(() => SurveyTable.Write(_temp.File("x.fits"), SurveyEstimateSamples.Mixed.ToList()));
        Assert.Contains(nameof(SurveyTableMetadata), ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("x.fits")));
    }

    [Theory]
    [InlineData(".csv")]
    [InlineData(".fits")]
    [InlineData(".parquet")]
    public void ANonFiniteEstimateIsRefusedNamingItsLineAndNothingIsWritten(string ext)
    {
        string path = _temp.File("nan" + ext);
        var rows = new List<SurveyEstimate> { SurveyEstimateSamples.Mixed[0], new(42, "x", float.NaN, 1f, SurveyStatus.Ok, SurveyEstimate.FusionModel, "") };
        var ex = Assert.Throws<ArgumentException>(() => SurveyTable.Write(path, rows, SurveyEstimateSamples.Metadata));
        Assert.Contains("catalogue line 42", ex.Message, StringComparison.Ordinal);
        Assert.Contains("mass", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("obsid,mass,age,status,model,message,catalog_line\n1,abc,2,ok,spfusion,,5\n", "line 2, column 'mass'")]
    [InlineData("obsid,mass,age,status,model,message,catalog_line\n1,1,2,ok,spfusion,,5\n1,1,2,fine,spfusion,,6\n", "line 3, column 'status'")]
    [InlineData("obsid,mass,age,status,model,message,catalog_line\n\"a\nb\",1,2,ok,spfusion,,x\n", "line 2, column 'catalog_line'")]
    [InlineData("obsid,mass,age,status,model,message,catalog_line\n1,1,2,ok,spfusion\n", "line 2: 5 fields")]
    [InlineData("obsid,mass,age,status,model,message,catalog_line\n1,1,2,ok,spfusion,\"open,5\n", "line 2, column 'message': the quoted field is not closed")]
    [InlineData("obsid,mass,age,model,status,message,catalog_line\n", "line 1: header")]
    [InlineData("", "empty file")]
    public void AMalformedCsvIsRefusedNamingFileLineAndColumn(string text, string expected)
    {
        string path = _temp.File("bad.csv");
        File.WriteAllText(path, text);
        var ex = Assert.Throws<InvalidDataException>(() => SurveyTable.Read(path).ToList());
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACsvWithCrLfLineEndsReadsTheSame()
    {
        string path = _temp.File("crlf.csv");
        File.WriteAllText(path, "obsid,mass,age,status,model,message,catalog_line\r\n7,1.5,,spectrum_only,fallback,\"a,b\",3\r\n");
        Assert.Equal([new SurveyEstimate(3, "7", 1.5f, null, SurveyStatus.SpectrumOnly, "fallback", "a,b")], SurveyTable.Read(path));
    }

    [Fact]
    public void ATruncatedFitsTableIsRefusedNamingTheFile()
    {
        string path = _temp.File("cut.fits");
        SurveyTable.Write(path, SurveyEstimateSamples.Many(100), SurveyEstimateSamples.Metadata);
        using (var stream = new FileStream(path, FileMode.Open))
        {
            using var fits = FitsFile.Open(path);
            var table = fits.GetTable(1);
            stream.SetLength(table.DataOffset + (table.RowLength * 40) + 3);
        }
        // The package's FITS reader already measures the data unit against the file before a row is read.
        var ex = Assert.Throws<FitsFormatException>(() => SurveyTable.Read(path).ToList());
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("data shorter than the header promises", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatIsNotParquetIsRefusedNamingIt()
    {
        string path = _temp.File("not.parquet");
        File.WriteAllText(path, "obsid,mass\n");
        var ex = Assert.Throws<InvalidDataException>(() => SurveyTable.Read(path).ToList());
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a readable Parquet file", ex.Message, StringComparison.Ordinal);
    }
}
