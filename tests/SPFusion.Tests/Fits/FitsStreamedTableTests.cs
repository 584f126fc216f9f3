using System.Buffers.Binary;
using System.Text;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;
using Xunit;

namespace SPFusion.Tests.Fits;

/// <summary>
/// <see cref="FitsWriter.BeginBinaryTable"/> streams a BINTABLE's rows (the survey output's FITS table): the same
/// columns and values give the same bytes as <see cref="FitsWriter.WriteBinaryTable"/>, and a row count that does not
/// match the header's NAXIS2 is refused.
/// </summary>
public sealed class FitsStreamedTableTests : IDisposable
{
    private readonly TempFolder _temp = new("spfusion-fits-streamed");

    public void Dispose() => _temp.Dispose();

    private static readonly FitsCard[] Cards = [FitsCard.Create("MODEL", "m.zip", "model file"), FitsCard.Commentary("COMMENT", "streamed")];

    [Fact]
    public void StreamedRowsGiveTheSameFileAsAWholeTable()
    {
        int rows = 1000; // several FITS blocks, the last one padded
        var names = Enumerable.Range(0, rows).Select(i => $"star{i}").ToArray();
        var masses = Enumerable.Range(0, rows).Select(i => i % 7 == 0 ? float.NaN : i * 0.25f).ToArray();
        var lines = Enumerable.Range(2, rows).ToArray();
        string whole = _temp.File("whole.fits"), streamed = _temp.File("streamed.fits");
        using (var writer = FitsWriter.Create(whole))
        {
            writer.WriteBinaryTable(
                [FitsTableColumnData.Text("name", names, 8), FitsTableColumnData.Float32("mass", masses, unit: "solMass"), FitsTableColumnData.Int32("line", lines)],
                Cards, "T");
        }
        using (var writer = FitsWriter.Create(streamed))
        {
            var table = writer.BeginBinaryTable([new("name", 'A', 8), new("mass", 'E', 1, "solMass"), new("line", 'J', 1)], rows, Cards, "T");
            var row = new byte[table.RowLength];
            for (int i = 0; i < rows; i++)
            {
                row.AsSpan(0, 8).Fill((byte)' ');
                Encoding.ASCII.GetBytes(names[i], row);
                BinaryPrimitives.WriteSingleBigEndian(row.AsSpan(8), masses[i]);
                BinaryPrimitives.WriteInt32BigEndian(row.AsSpan(12), lines[i]);
                table.WriteRow(row);
            }
            table.Complete();
        }

        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(streamed));
        using var fits = FitsFile.Open(streamed);
        Assert.Equal("solMass", fits.GetTable(1).GetColumn("mass").Unit);
        Assert.Equal(1001L, fits.GetTable(1).ReadInt64(999, "line")[0]);
    }

    [Fact]
    public void FewerOrMoreRowsThanDeclaredAreRefused()
    {
        using var writer = FitsWriter.Create(_temp.File("short.fits"));
        var table = writer.BeginBinaryTable([new("line", 'J', 1)], 2);
        table.WriteRow(new byte[4]);
        var early = Assert.Throws<InvalidOperationException>(table.Complete);
        Assert.Contains("declares 2 rows (NAXIS2) but 1 were written", early.Message, StringComparison.Ordinal);
        var next = Assert.Throws<InvalidOperationException>(() => writer.WriteImage(new byte[1], [1]));
        Assert.Contains("rows are not complete", next.Message, StringComparison.Ordinal);
        table.WriteRow(new byte[4]);
        var extra = Assert.Throws<InvalidOperationException>(() => table.WriteRow(new byte[4]));
        Assert.Contains("declares 2 rows", extra.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => table.WriteRow(new byte[3]));
        table.Complete();
    }
}
