using System.Buffers;
using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.BZip2;
using ICSharpCode.SharpZipLib.GZip;
using SPFusion.Transforms.Fits.Bzip2;

namespace SPFusion.Transforms.Fits;

/// <summary>
/// The decompressed bytes of a FITS file with a position. Plain files seek; compressed files are read forward-only and
/// re-opened from the start when an earlier offset is needed. Decompression failures become <see cref="FitsFormatException"/>.
/// bzip2 files that index as one complete stream are decoded by <see cref="Bzip2BlockStream"/> (blocks in parallel, only
/// as far as the reader goes); others (several concatenated streams, truncated files) by SharpZipLib.
/// </summary>
internal sealed class FitsByteSource : IDisposable
{
    private readonly string _path;
    private Stream _stream;
    private byte[]? _skipBuffer;
    private byte[]? _pooled;
    private readonly Bzip2BlockIndex? _index;

    /// <summary>Plain files up to this size are read whole in one call (see <see cref="TryReadWhole"/>).</summary>
    private const int WholeFileLimit = 1 << 20;

    public FitsCompression Compression { get; }

    /// <summary>Decompressed offset of the next byte to read.</summary>
    public long Position { get; private set; }

    /// <summary>Total length for plain files; null for compressed streams (unknown until read).</summary>
    public long? Length { get; }

    private FitsByteSource(string path, FitsCompression compression, Stream stream, long? length, Bzip2BlockIndex? index = null)
    {
        _path = path;
        Compression = compression;
        _stream = stream;
        Length = length;
        _index = index;
    }

    /// <summary>True when a bzip2 file is decoded block by block (so reading stops decoding where the reader stops).</summary>
    public bool IsBlockIndexed => _index is not null;

    /// <summary>The block index of a bzip2 file decoded block by block, else null.</summary>
    public Bzip2BlockIndex? BlockIndex => _index;

    /// <summary>Opens <paramref name="path"/>; <paramref name="blockDecoder"/> false decodes bzip2 with SharpZipLib
    /// (the benchmark's reference path).</summary>
    public static FitsByteSource Open(string path, bool blockDecoder = true)
    {
        // .NET reports opening a folder as "Access to the path is denied", which sends the user to check permissions.
        if (Directory.Exists(path))
            throw new InvalidDataException($"{path}: is a folder, not a FITS file");
        // Unbuffered: a small plain file is read whole, a larger one in header blocks and whole fields, straight into place.
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.RandomAccess);
        try
        {
            if (TryReadWhole(path, file) is { } whole)
            {
                file.Dispose();
                return whole;
            }
            Span<byte> magic = stackalloc byte[3];
            int got = file.ReadAtLeast(magic, 3, throwOnEndOfStream: false);
            file.Position = 0;
            FitsCompression kind = got >= 2 && magic[0] == 0x1F && magic[1] == 0x8B ? FitsCompression.Gzip
                : got >= 3 && magic[0] == (byte)'B' && magic[1] == (byte)'Z' && magic[2] == (byte)'h' ? FitsCompression.BZip2
                : FitsCompression.None;
            if (kind == FitsCompression.None) return new FitsByteSource(path, kind, file, file.Length);
            if (kind == FitsCompression.BZip2 && blockDecoder && Bzip2BlockIndex.TryBuild(file) is { } index)
            {
                file.Dispose();
                return new FitsByteSource(path, kind, new Bzip2BlockStream(index), null, index);
            }

            file.Position = 0;
            try
            {
                // The decoders read in small pieces (bzip2 byte by byte), so they get a buffer of their own.
                return new FitsByteSource(path, kind, Wrap(new BufferedStream(file, 1 << 16), kind), null);
            }
            catch (Exception ex) when (IsDecompressionError(ex))
            {
                throw Corrupted(path, kind, 0, ex);
            }
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A small plain file (a LAMOST spectrum is 110 KB) costs one read system call instead of one per header block and
    /// field; the bytes live in a pooled buffer until <see cref="Dispose"/>. Null for compressed or large files.
    /// </summary>
    private static FitsByteSource? TryReadWhole(string path, FileStream file)
    {
        if (!file.CanSeek) return null;
        long length = file.Length;
        if (length is < 3 or > WholeFileLimit) return null;
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)length);
        int got = file.ReadAtLeast(buffer.AsSpan(0, (int)length), (int)length, throwOnEndOfStream: false);
        if (got != length || (buffer[0] == 0x1F && buffer[1] == 0x8B) || (buffer[0] == (byte)'B' && buffer[1] == (byte)'Z' && buffer[2] == (byte)'h'))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            file.Position = 0;
            return null;
        }
        return new FitsByteSource(path, FitsCompression.None, new MemoryStream(buffer, 0, got, writable: false), got) { _pooled = buffer };
    }

    private static Stream Wrap(Stream file, FitsCompression kind) => kind switch
    {
        // SharpZipLib checks the gzip trailer (CRC and length) and fails on a stream cut short; System.IO.Compression's
        // GZipStream ends silently when the input stops before the trailer, accepting a truncated file.
        FitsCompression.Gzip => new GZipInputStream(file) { IsStreamOwner = true },
        FitsCompression.BZip2 => new BZip2InputStream(file) { IsStreamOwner = true },
        _ => file,
    };

    /// <summary>Moves to <paramref name="offset"/>; returns false when the stream ends before it.</summary>
    public bool SeekTo(long offset)
    {
        if (Compression == FitsCompression.None)
        {
            if (offset > Length) return false;
            _stream.Position = offset;
            Position = offset;
            return true;
        }
        if (offset < Position && _index is not null)
        {
            _stream.Dispose();
            _stream = new Bzip2BlockStream(_index);
            Position = 0;
        }
        else if (offset < Position)
        {
            _stream.Dispose();
            var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            try
            {
                _stream = Wrap(file, Compression);
            }
            catch (Exception ex) when (IsDecompressionError(ex))
            {
                file.Dispose();
                throw Corrupted(_path, Compression, 0, ex);
            }
            Position = 0;
        }
        _skipBuffer ??= new byte[81920];
        while (Position < offset)
        {
            int want = (int)Math.Min(_skipBuffer.Length, offset - Position);
            int got = Read(_skipBuffer.AsSpan(0, want));
            if (got == 0) return false;
        }
        return true;
    }

    /// <summary>The reader will next read up to decompressed offset <paramref name="end"/>: a block-decoded stream decodes
    /// as far as that in one parallel batch and no further.</summary>
    public void Expect(long end)
    {
        if (_stream is Bzip2BlockStream blocks) blocks.ExpectThrough(end);
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the count read.</summary>
    public int ReadFully(Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int got = Read(buffer[total..]);
            if (got == 0) break;
            total += got;
        }
        return total;
    }

    private int Read(Span<byte> buffer)
    {
        int got;
        try
        {
            got = _stream.Read(buffer);
        }
        catch (Exception ex) when (Compression != FitsCompression.None && IsDecompressionError(ex))
        {
            throw Corrupted(_path, Compression, Position, ex);
        }
        Position += got;
        return got;
    }

    // SharpZipLib reports some corrupt blocks as index or argument errors; all of these mean "the stream is damaged".
    private static bool IsDecompressionError(Exception ex) =>
        ex is InvalidDataException or SharpZipBaseException or IOException or IndexOutOfRangeException or ArgumentException or EndOfStreamException;

    private static FitsFormatException Corrupted(string path, FitsCompression kind, long position, Exception ex) =>
        new(path, null, null, $"corrupted {(kind == FitsCompression.Gzip ? "gzip" : "bzip2")} stream near decompressed offset {position}: {ex.Message}", ex);

    public void Dispose()
    {
        // The stream goes first: a read after Dispose fails as ObjectDisposedException, never on a recycled buffer.
        _stream.Dispose();
        if (_pooled is { } pooled)
        {
            _pooled = null;
            ArrayPool<byte>.Shared.Return(pooled);
        }
    }
}
