namespace SPFusion.Transforms.Fits;

/// <summary>
/// The data unit of a BINTABLE whose header <see cref="FitsWriter.BeginBinaryTable"/> wrote: rows go to the file one by
/// one (big-endian fields in column order, each exactly <see cref="RowLength"/> bytes), so a table of any length is
/// written in constant memory. <see cref="Complete"/> checks the declared row count (NAXIS2 is already in the header)
/// and pads the unit to a whole FITS block.
/// </summary>
internal sealed class FitsTableRowWriter
{
    private readonly Stream _stream;
    private readonly Action _completed;
    private long _written;
    private bool _complete;

    internal FitsTableRowWriter(Stream stream, int rowLength, long rowCount, Action completed)
    {
        _stream = stream;
        RowLength = rowLength;
        RowCount = rowCount;
        _completed = completed;
    }

    /// <summary>Bytes per row (NAXIS1).</summary>
    public int RowLength { get; }

    /// <summary>Rows the header declares (NAXIS2).</summary>
    public long RowCount { get; }

    /// <summary>Appends one encoded row.</summary>
    public void WriteRow(ReadOnlySpan<byte> row)
    {
        if (_complete) throw new InvalidOperationException("the table is complete");
        if (row.Length != RowLength) throw new ArgumentException($"a row of this table has {RowLength} bytes, not {row.Length}", nameof(row));
        if (_written == RowCount) throw new InvalidOperationException($"the header declares {RowCount} rows (NAXIS2); a further row would not be read");
        _stream.Write(row);
        _written++;
    }

    /// <summary>Ends the data unit; throws when fewer rows were written than NAXIS2 declares.</summary>
    public void Complete()
    {
        if (_complete) return;
        if (_written != RowCount) throw new InvalidOperationException($"the header declares {RowCount} rows (NAXIS2) but {_written} were written");
        long length = _written * RowLength;
        int pad = (int)((FitsWriter.BlockSize - (length % FitsWriter.BlockSize)) % FitsWriter.BlockSize);
        _stream.Write(new byte[pad]);
        _complete = true;
        _completed();
    }
}
