using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Reliability;

/// <summary>Table cells whose scaling cannot be represented fail with the FITS exception naming file, column and row.</summary>
public sealed class TableValueFaultTests : IDisposable
{
    private readonly TempFolder _temp = new("spfusion-tablevalue");

    public void Dispose() => _temp.Dispose();

    private string TableWithTzero(long stored, string tzero)
    {
        using var ms = new MemoryStream();
        using (var w = new FitsWriter(ms, leaveOpen: true))
        {
            w.WriteEmptyPrimary();
            w.WriteBinaryTable([FitsTableColumnData.Int64("COUNT", [stored])], [FitsCard.Create("TZERO1", long.Parse(tzero, System.Globalization.CultureInfo.InvariantCulture))]);
        }
        string path = Path.Combine(_temp.Path, $"tzero-{tzero}.fits");
        File.WriteAllBytes(path, ms.ToArray());
        return path;
    }

    [Fact]
    public void IntegerReadWhoseTzeroOverflows64BitsNamesTheColumnAndRow()
    {
        // TZERO1 = 9e18 is integral and within the reader's bound, but 2e18 + 9e18 exceeds long.MaxValue.
        string path = TableWithTzero(2_000_000_000_000_000_000, "9000000000000000000");
        using var file = FitsFile.Open(path);
        var table = file.GetTable(1);
        var ex = Assert.Throws<FitsFormatException>(() => table.ReadInt64(0, "COUNT"));
        Assert.Contains(path, ex.Message);
        Assert.Contains("'COUNT'", ex.Message);
        Assert.Contains("row 0", ex.Message);
        // The floating read still gives the physical value.
        Assert.Equal(1.1e19, table.ReadFloat64(0, "COUNT")[0], 1e4);
    }
}
