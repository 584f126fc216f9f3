namespace SPFusion.Transforms.Fits;

/// <summary>
/// One header-data unit. Headers are parsed when the HDU is reached; the data unit is only read (and then cached)
/// when a typed reader asks for it, so listing a file never decodes or allocates its data.
/// </summary>
public abstract class FitsHdu
{
    private readonly FitsFile _file;
    private byte[]? _data;

    private protected FitsHdu(FitsFile file, int index, FitsHeader header, FitsHduLayout layout)
    {
        _file = file;
        Index = index;
        Header = header;
        Bitpix = layout.Bitpix;
        Axes = layout.Axes;
        DataOffset = layout.DataOffset;
        DataLength = layout.DataLength;
    }

    /// <summary>Zero-based position in the file (0 is the primary HDU).</summary>
    public int Index { get; }

    /// <summary>The parsed header.</summary>
    public FitsHeader Header { get; }

    /// <summary>PRIMARY, IMAGE, BINTABLE, or the XTENSION value of an extension this reader does not decode.</summary>
    public abstract string TypeName { get; }

    /// <summary>The EXTNAME keyword, or null.</summary>
    public string? ExtName => Header.GetString("EXTNAME");

    /// <summary>BITPIX as declared.</summary>
    public int Bitpix { get; }

    /// <summary>NAXIS1..NAXISn in FITS order (axis 1 varies fastest); empty when NAXIS = 0, whatever stale NAXISn cards say.</summary>
    public IReadOnlyList<long> Axes { get; }

    /// <summary>Offset of the data unit in the (decompressed) file.</summary>
    public long DataOffset { get; }

    /// <summary>Length of the data unit in bytes, padding excluded.</summary>
    public long DataLength { get; }

    /// <summary>The file this HDU belongs to, for messages.</summary>
    public string FilePath => _file.Path;

    /// <summary>An exception naming this HDU's file and index and <paramref name="item"/>.</summary>
    protected FitsFormatException Error(string? item, string problem) => new(_file.Path, Index, item, problem);

    /// <summary>The raw big-endian bytes of the data unit, read on first use and cached.</summary>
    private protected byte[] DataBytes => _data ??= _file.ReadData(this);

    // A field this large costs less to read from the file (one system call) than to copy out of a cached data unit
    // that first had to be read whole; small fields read one by one would each pay a system call, so they load the unit.
    private const int DirectReadMinimum = 4096;

    /// <summary>
    /// Copies <paramref name="destination"/>.Length bytes of the data unit from <paramref name="start"/>. A large field of
    /// a plain file whose unit is not cached yet is read in place, so a one-row table never loads its whole unit.
    /// </summary>
    private protected void CopyData(long start, Span<byte> destination)
    {
        if (_data is null && destination.Length >= DirectReadMinimum && DataLength <= Array.MaxLength && _file.Compression == FitsCompression.None)
        {
            _file.ReadDataRange(this, start, destination);
            return;
        }
        DataBytes.AsSpan(checked((int)start), destination.Length).CopyTo(destination);
    }
}
