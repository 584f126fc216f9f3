using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SPFusion.Transforms.Fits;

/// <summary>Bulk big-endian to native conversion with vectorised span primitives (no per-element reader calls).</summary>
internal static class FitsBigEndian
{
    public static void ToInt16(ReadOnlySpan<byte> src, Span<short> dst) => Swap(MemoryMarshal.Cast<byte, short>(src), dst);

    public static void ToInt32(ReadOnlySpan<byte> src, Span<int> dst) => Swap(MemoryMarshal.Cast<byte, int>(src), dst);

    public static void ToInt64(ReadOnlySpan<byte> src, Span<long> dst) => Swap(MemoryMarshal.Cast<byte, long>(src), dst);

    public static void ToFloat32(ReadOnlySpan<byte> src, Span<float> dst) => ToInt32(src, MemoryMarshal.Cast<float, int>(dst));

    public static void ToFloat64(ReadOnlySpan<byte> src, Span<double> dst) => ToInt64(src, MemoryMarshal.Cast<double, long>(dst));

    public static void FromInt16(ReadOnlySpan<short> src, Span<byte> dst) => Swap(src, MemoryMarshal.Cast<byte, short>(dst));

    public static void FromInt32(ReadOnlySpan<int> src, Span<byte> dst) => Swap(src, MemoryMarshal.Cast<byte, int>(dst));

    public static void FromInt64(ReadOnlySpan<long> src, Span<byte> dst) => Swap(src, MemoryMarshal.Cast<byte, long>(dst));

    public static void FromFloat32(ReadOnlySpan<float> src, Span<byte> dst) => FromInt32(MemoryMarshal.Cast<float, int>(src), dst);

    public static void FromFloat64(ReadOnlySpan<double> src, Span<byte> dst) => FromInt64(MemoryMarshal.Cast<double, long>(src), dst);

    private static void Swap(ReadOnlySpan<short> src, Span<short> dst)
    {
        if (BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(src, dst);
        else src.CopyTo(dst);
    }

    private static void Swap(ReadOnlySpan<int> src, Span<int> dst)
    {
        if (BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(src, dst);
        else src.CopyTo(dst);
    }

    private static void Swap(ReadOnlySpan<long> src, Span<long> dst)
    {
        if (BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(src, dst);
        else src.CopyTo(dst);
    }
}
