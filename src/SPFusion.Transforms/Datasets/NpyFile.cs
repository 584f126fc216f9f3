using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace SPFusion.Transforms.Datasets;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files (format versions 1, 2 and 3; little-endian float32/float64; C order),
/// the format of the SPFusion authors' dataset. Anything else is refused with the file named rather than guessed at.
/// </summary>
internal static class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a whole .npy file.</summary>
    /// <exception cref="InvalidDataException">The file is not a supported .npy array; the message names the file.</exception>
    public static NpyArray Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return Parse(bytes, path);
    }

    /// <summary>Parses .npy bytes; <paramref name="source"/> names the data in error messages.</summary>
    public static NpyArray Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
            throw new InvalidDataException($"{source}: not a NumPy .npy file (magic string \\x93NUMPY missing)");
        byte major = bytes[6];
        int headerLength;
        int headerStart;
        Encoding encoding;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
                headerStart = 10;
                encoding = Encoding.Latin1;
                break;
            case 2:
            case 3:
                if (bytes.Length < 12)
                    throw new InvalidDataException($"{source}: truncated .npy header");
                uint declared = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
                // Compared before any conversion: a header claiming gigabytes is refused, not allocated or overflowed.
                if (declared > (uint)(bytes.Length - 12))
                    throw new InvalidDataException($"{source}: truncated .npy header ({declared} bytes declared, {bytes.Length - 12} present)");
                headerLength = (int)declared;
                headerStart = 12;
                encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
                break;
            default:
                throw new InvalidDataException($"{source}: unsupported .npy format version {major}.{bytes[7]} (supported: 1, 2, 3)");
        }

        if (headerStart + headerLength > bytes.Length)
            throw new InvalidDataException($"{source}: truncated .npy header ({headerLength} bytes declared, {bytes.Length - headerStart} present)");
        string header = encoding.GetString(bytes.Slice(headerStart, headerLength));
        var (descr, fortran, shape) = NpyHeader.Parse(header, source);
        if (fortran)
            throw new InvalidDataException($"{source}: Fortran-ordered .npy arrays are not supported (fortran_order: True); save with C order");

        int itemSize = descr switch
        {
            "<f4" => 4,
            "<f8" => 8,
            _ => throw new InvalidDataException($"{source}: unsupported .npy dtype '{descr}' (supported: '<f4' float32, '<f8' float64, little-endian)"),
        };

        long count = 1;
        foreach (int d in shape)
            count *= d;
        ReadOnlySpan<byte> data = bytes[(headerStart + headerLength)..];
        if (data.Length != count * itemSize)
            throw new InvalidDataException($"{source}: .npy data holds {data.Length} bytes but shape ({string.Join(",", shape)}) of '{descr}' needs {count * itemSize}");

        if (itemSize == 4)
        {
            var values = new float[count];
            data.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            if (!BitConverter.IsLittleEndian)
                ReverseEach(MemoryMarshal.AsBytes(values.AsSpan()), 4);
            return new NpyArray(shape, values);
        }
        else
        {
            var values = new double[count];
            data.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            if (!BitConverter.IsLittleEndian)
                ReverseEach(MemoryMarshal.AsBytes(values.AsSpan()), 8);
            return new NpyArray(shape, values);
        }
    }

    /// <summary>Writes float32 values as a version-1 .npy file ('&lt;f4', C order), as <c>numpy.save</c> would.</summary>
    public static void Write(string path, ReadOnlySpan<float> values, params int[] shape)
    {
        CheckCount(values.Length, shape);
        using var stream = File.Create(path);
        WriteHeader(stream, "<f4", shape);
        WriteLittleEndian(stream, MemoryMarshal.AsBytes(values), 4);
    }

    /// <summary>Writes float64 values as a version-1 .npy file ('&lt;f8', C order).</summary>
    public static void Write(string path, ReadOnlySpan<double> values, params int[] shape)
    {
        CheckCount(values.Length, shape);
        using var stream = File.Create(path);
        WriteHeader(stream, "<f8", shape);
        WriteLittleEndian(stream, MemoryMarshal.AsBytes(values), 8);
    }

    /// <summary>Writes an <see cref="NpyArray"/> in its own precision.</summary>
    public static void Write(string path, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.Double is not null)
            Write(path, array.Double, array.Shape);
        else
            Write(path, array.Single!, array.Shape);
    }

    private static void CheckCount(int count, int[] shape)
    {
        long expected = 1;
        foreach (int d in shape)
        {
            if (d < 0)
                throw new ArgumentException("negative dimension in shape", nameof(shape));
            expected *= d;
        }

        if (expected != count)
            throw new ArgumentException($"shape ({string.Join(",", shape)}) holds {expected} values but {count} were given", nameof(shape));
    }

    private static void WriteHeader(Stream stream, string descr, int[] shape)
    {
        string shapeText = shape.Length == 1
            ? shape[0].ToString(CultureInfo.InvariantCulture) + ","
            : string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        // numpy pads with spaces and a newline so the data starts on a 64-byte boundary.
        int total = 10 + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        string header = dict + new string(' ', padded - total) + "\n";
        if (header.Length > ushort.MaxValue)
            throw new ArgumentException("shape too long for a version-1 .npy header", nameof(shape));
        Span<byte> prefix = stackalloc byte[10];
        Magic.CopyTo(prefix);
        prefix[6] = 1;
        prefix[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(prefix[8..], (ushort)header.Length);
        stream.Write(prefix);
        stream.Write(Encoding.Latin1.GetBytes(header));
    }

    private static void WriteLittleEndian(Stream stream, ReadOnlySpan<byte> data, int itemSize)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(data);
            return;
        }

        byte[] copy = data.ToArray();
        ReverseEach(copy, itemSize);
        stream.Write(copy);
    }

    private static void ReverseEach(Span<byte> data, int itemSize)
    {
        for (int i = 0; i + itemSize <= data.Length; i += itemSize)
            data.Slice(i, itemSize).Reverse();
    }
}
