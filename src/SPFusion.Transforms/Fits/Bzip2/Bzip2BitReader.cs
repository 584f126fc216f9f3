using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace SPFusion.Transforms.Fits.Bzip2;

/// <summary>
/// Reads a bzip2 stream most significant bit first from any bit offset, through a 64-bit buffer refilled a byte at a
/// time. Reading past the data yields zeros (so loops over damaged data still end) and is reported by
/// <see cref="CheckWithinData"/>; a block decoder calls it before trusting what it read.
/// </summary>
internal ref struct Bzip2BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _next;     // next byte to load
    private ulong _buffer; // unread bits, left-aligned
    private int _count;    // number of unread bits in _buffer

    public Bzip2BitReader(ReadOnlySpan<byte> data, long bitOffset)
    {
        _data = data;
        _next = checked((int)(bitOffset >> 3));
        _buffer = 0;
        _count = 0;
        Refill();
        Skip((int)(bitOffset & 7));
    }

    /// <summary>Bit offset of the next unread bit from the start of the data.</summary>
    public readonly long Position => ((long)_next * 8) - _count;

    /// <summary>Next <paramref name="n"/> bits (1..32) without consuming them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Peek(int n)
    {
        if (_count < n) Refill();
        return (uint)(_buffer >> (64 - n));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(int n)
    {
        if (_count < n) Refill();
        _buffer <<= n;
        _count -= n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Read(int n)
    {
        uint v = Peek(n);
        _buffer <<= n;
        _count -= n;
        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ReadBit() => Read(1) != 0;

    /// <summary>Fails when the bits read so far run past the end of the data (a truncated or damaged stream).</summary>
    public readonly void CheckWithinData(string what)
    {
        if (Position > (long)_data.Length * 8)
            throw new InvalidDataException($"the compressed data ends inside {what} (truncated or damaged)");
    }

    private void Refill()
    {
        if (_next + 8 <= _data.Length)
        {
            // Whole bytes that fit go in at once; the next byte's leading bits land below them too, but they are the
            // same bits the following refill puts there, so OR-ing them twice changes nothing.
            int bytes = (63 - _count) >> 3;
            _buffer |= BinaryPrimitives.ReadUInt64BigEndian(_data[_next..]) >> _count;
            _next += bytes;
            _count += bytes * 8;
            return;
        }

        while (_count <= 56)
        {
            // Past the end the buffer fills with zeros; a runaway read is stopped here rather than looping for ever.
            if (_next >= _data.Length)
            {
                if (_next > _data.Length + 4096)
                    throw new InvalidDataException("the compressed data ends inside a block (truncated or damaged)");
                _next++;
                _count += 8;
                continue;
            }

            _buffer |= (ulong)_data[_next++] << (56 - _count);
            _count += 8;
        }
    }
}
