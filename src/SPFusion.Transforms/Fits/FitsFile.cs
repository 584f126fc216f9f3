using System.Text;

namespace SPFusion.Transforms.Fits;

/// <summary>
/// A FITS file opened for reading (plain, gzip or bzip2, sniffed from magic bytes). HDUs are discovered in order as they
/// are asked for: headers are parsed, data units are skipped (seeked over in plain files, decompressed and discarded in
/// compressed ones) and only read when an HDU's typed reader asks. Not thread-safe.
/// </summary>
public sealed class FitsFile : IDisposable
{
    private const int BlockSize = FitsBlocks.Size;
    private const int MaxHeaderBlocks = 10_000;

    private readonly FitsByteSource _source;
    private readonly List<FitsHdu> _hdus = [];
    private readonly List<string> _warnings = [];
    private byte[]? _block;
    private bool _complete;

    private FitsFile(string path, FitsByteSource source)
    {
        Path = path;
        _source = source;
    }

    /// <summary>The path the file was opened from.</summary>
    public string Path { get; }

    /// <summary>How the file is compressed on disk.</summary>
    public FitsCompression Compression => _source.Compression;

    /// <summary>
    /// Problems that do not stop reading, each naming the file: so far a last block shorter than 2,880 bytes whose data is
    /// complete (astropy reads such files and warns that they may be truncated). A plain file's length is checked when it
    /// is opened, a compressed file's when its end is reached (e.g. through <see cref="Hdus"/>).
    /// </summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>True when a bzip2 file is decoded block by block, so reading part of it decodes only the blocks up to that part.</summary>
    internal bool IsBlockIndexed => _source.IsBlockIndexed;

    /// <summary>Opens <paramref name="path"/> and parses the primary header, so a non-FITS file fails here.</summary>
    public static FitsFile Open(string path) => OpenWith(path, blockDecoder: true);

    /// <summary>As <see cref="Open(string)"/>; <paramref name="blockDecoder"/> false decodes bzip2 with SharpZipLib.</summary>
    internal static FitsFile OpenWith(string path, bool blockDecoder)
    {
        var source = FitsByteSource.Open(path, blockDecoder);
        var file = new FitsFile(path, source);
        try
        {
            if (source.Length is long length && length % BlockSize != 0) file.WarnShortLastBlock(length);
            file.EnsureDiscovered(0);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>All HDUs; reaching the end of the file parses every header (data is skipped, not decoded).</summary>
    public IReadOnlyList<FitsHdu> Hdus
    {
        get
        {
            while (TryDiscoverNext())
            {
            }
            return _hdus;
        }
    }

    /// <summary>The HDU at <paramref name="index"/>; headers up to it are parsed on demand.</summary>
    public FitsHdu this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            if (!EnsureDiscovered(index))
                throw new ArgumentOutOfRangeException(nameof(index), $"FITS file '{Path}' has {_hdus.Count} HDU(s); HDU {index} does not exist");
            return _hdus[index];
        }
    }

    /// <summary>The primary HDU; a clear error when it is not an image (e.g. random groups).</summary>
    public ImageHdu Primary => GetImage(0);

    /// <summary>The first HDU whose EXTNAME matches (case-insensitive), or null.</summary>
    public FitsHdu? Find(string extName) =>
        Hdus.FirstOrDefault(h => string.Equals(h.ExtName?.Trim(), extName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The image HDU at <paramref name="index"/>; a clear error when it is a table or absent.</summary>
    public ImageHdu GetImage(int index) => this[index] as ImageHdu
        ?? throw new FitsFormatException(Path, index, null, $"expected an image HDU, found {this[index].TypeName}");

    /// <summary>The binary table at <paramref name="index"/>; a clear error when it is not one.</summary>
    public BinaryTableHdu GetTable(int index) => this[index] as BinaryTableHdu
        ?? throw new FitsFormatException(Path, index, null, $"expected a BINTABLE HDU, found {this[index].TypeName}");

    /// <summary>The binary table with this EXTNAME; a clear error when absent or not a table.</summary>
    public BinaryTableHdu GetTable(string extName)
    {
        var hdu = Find(extName) ?? throw new FitsFormatException(Path, null, $"EXTNAME '{extName}'", $"no HDU named '{extName}' among {_hdus.Count} HDU(s)");
        return hdu as BinaryTableHdu ?? throw new FitsFormatException(Path, hdu.Index, $"EXTNAME '{extName}'", $"expected a BINTABLE HDU, found {hdu.TypeName}");
    }

    /// <inheritdoc/>
    public void Dispose() => _source.Dispose();

    private bool EnsureDiscovered(int index)
    {
        while (_hdus.Count <= index)
        {
            if (!TryDiscoverNext()) return false;
        }
        return true;
    }

    private bool TryDiscoverNext()
    {
        if (_complete) return false;
        int index = _hdus.Count;
        long headerOffset = 0;
        if (index > 0)
        {
            var prev = _hdus[^1];
            long dataEnd = prev.DataOffset + prev.DataLength;
            if (!_source.SeekTo(dataEnd)) throw Truncated(prev, _source.Position);
            headerOffset = Pad(dataEnd);
            // A file that ends inside the last data unit's padding has lost nothing; accept it as complete, with a warning.
            if (!_source.SeekTo(headerOffset))
            {
                if (_source.Length is null) WarnShortLastBlock(_source.Position);
                _complete = true;
                return false;
            }
        }
        else if (!_source.SeekTo(0))
        {
            throw new FitsFormatException(Path, 0, null, "cannot read the file start");
        }

        var images = ReadHeaderImages(index, headerOffset, out bool atEnd);
        if (atEnd)
        {
            _complete = true;
            return false;
        }
        var header = new FitsHeader(FitsCardParser.ParseCards(images, Path, index), Path, index);
        long dataOffset = _source.Position;
        var layout = FitsHduLayout.From(header, index, dataOffset);
        if (_source.Length is long total && dataOffset + layout.DataLength > total)
        {
            throw new FitsFormatException(Path, index, "data unit",
                $"data shorter than the header promises: {layout.DataLength} bytes expected from offset {dataOffset}, the file has {total - dataOffset}");
        }
        FitsHdu hdu = layout.Kind switch
        {
            "PRIMARY" or "IMAGE" => new ImageHdu(this, index, header, layout),
            "BINTABLE" => new BinaryTableHdu(this, index, header, layout),
            _ => new UnsupportedHdu(this, index, header, layout),
        };
        _hdus.Add(hdu);
        return true;
    }

    private List<string> ReadHeaderImages(int index, long headerOffset, out bool atEnd)
    {
        atEnd = false;
        var images = new List<string>(BlockSize / FitsCardParser.CardLength);
        var block = _block ??= new byte[BlockSize];
        for (int b = 0; b < MaxHeaderBlocks; b++)
        {
            int got = _source.ReadFully(block);
            if (got == 0 && b == 0 && index > 0)
            {
                atEnd = true;
                return images;
            }
            if (got == 0 && b == 0) throw new FitsFormatException(Path, index, null, "the file is empty");
            if (b == 0 && index == 0 && got >= 8 && !block.AsSpan(0, 8).SequenceEqual("SIMPLE  "u8))
                throw new FitsFormatException(Path, 0, "SIMPLE", "not a FITS file: it does not start with a SIMPLE card");
            if (got < BlockSize)
            {
                throw new FitsFormatException(Path, index, "header",
                    got == 0
                        ? $"truncated file: missing END card (the file ends after {images.Count} header cards)"
                        : $"truncated file: header block at offset {headerOffset + ((long)b * BlockSize)} has only {got} of {BlockSize} bytes");
            }
            if (b == 0 && index > 0 && !block.AsSpan(0, 8).SequenceEqual("XTENSION"u8))
            {
                throw new FitsFormatException(Path, index, "XTENSION",
                    $"unexpected bytes after HDU {index - 1} at offset {headerOffset}: expected an XTENSION header or the end of the file");
            }
            for (int c = 0; c < BlockSize / FitsCardParser.CardLength; c++)
            {
                var span = block.AsSpan(c * FitsCardParser.CardLength, FitsCardParser.CardLength);
                if (FitsCardParser.IsEndCard(span)) return images;
                string image = Encoding.Latin1.GetString(span);
                // The check on the bytes is vectorised; the string check only runs to word the error.
                if (!FitsCardParser.IsPrintable(span)) FitsHeader.CheckAscii(image, Path, index, images.Count);
                images.Add(image);
            }
        }
        throw new FitsFormatException(Path, index, "header", $"no END card within {MaxHeaderBlocks} header blocks");
    }

    internal byte[] ReadData(FitsHdu hdu)
    {
        long n = hdu.DataLength;
        if (n > Array.MaxLength)
            throw new FitsFormatException(Path, hdu.Index, "data unit", $"data unit of {n} bytes is too large to load into memory (limit {Array.MaxLength})");
        _source.Expect(hdu.DataOffset + n);
        if (!_source.SeekTo(hdu.DataOffset)) throw Truncated(hdu, _source.Position);
        if (n == 0) return [];
        // Compressed streams have no known length: grow with the data actually decoded, never to an unchecked header size.
        byte[] buffer = new byte[_source.Length is null ? Math.Min(n, 1 << 24) : n];
        long filled = 0;
        while (filled < n)
        {
            if (filled == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(n, (long)buffer.Length * 2));
            int got = _source.ReadFully(buffer.AsSpan((int)filled, buffer.Length - (int)filled));
            filled += got;
            if (got == 0) break;
        }
        if (filled < n) throw Truncated(hdu, hdu.DataOffset + filled);
        return buffer;
    }

    /// <summary>
    /// Reads <paramref name="destination"/>.Length bytes of <paramref name="hdu"/>'s data unit from <paramref name="start"/>
    /// straight from a plain file, without loading the whole unit; from a block-indexed bzip2 file, decoding the blocks up
    /// to the range, or for a range of HDU 0 nearer the end, the blocks from the end back to it (<see cref="FitsTailRead"/>).
    /// </summary>
    internal void ReadDataRange(FitsHdu hdu, long start, Span<byte> destination)
    {
        long offset = hdu.DataOffset + start;
        if (_source.BlockIndex is { } index && FitsTailRead.TryRead(index, hdu, offset, destination, Path)) return;
        _source.Expect(offset + destination.Length);
        if (!_source.SeekTo(offset)) throw Truncated(hdu, _source.Position);
        int got = _source.ReadFully(destination);
        if (got < destination.Length) throw Truncated(hdu, offset + got);
    }

    private FitsFormatException Truncated(FitsHdu hdu, long reached) =>
        new(Path, hdu.Index, "data unit",
            $"data shorter than the header promises: {hdu.DataLength} bytes expected from offset {hdu.DataOffset}, the file ends at {reached}");

    private void WarnShortLastBlock(long length) =>
        _warnings.Add($"{Path}: the file ends {BlockSize - (length % BlockSize)} bytes short of a whole {BlockSize}-byte FITS block " +
            $"({length} bytes{(Compression == FitsCompression.None ? "" : " decompressed")}); its data is complete, but other readers (astropy) warn it may be truncated");

    private static long Pad(long offset) => FitsBlocks.Pad(offset);
}
