using System.Runtime.CompilerServices;

namespace SPFusion.Transforms.Fits.Bzip2;

/// <summary>
/// One of a block's Huffman coding tables, rebuilt from its code lengths as a canonical code (codes assigned in order of
/// length, then symbol). Codes up to <see cref="FastBits"/> long decode with one table look-up; longer ones (rare) walk
/// the per-length code ranges.
/// </summary>
internal sealed class Bzip2HuffmanTable
{
    public const int MaxCodeLength = 20;
    private const int FastBits = 10;

    private readonly int[] _fast = new int[1 << FastBits]; // symbol | length << 16; 0 = longer than FastBits
    private readonly int[] _firstCode = new int[MaxCodeLength + 2];
    private readonly int[] _lastCode = new int[MaxCodeLength + 2]; // -1 when no code has that length
    private readonly int[] _firstIndex = new int[MaxCodeLength + 2];
    private readonly int[] _sorted; // symbols ordered by (length, symbol)
    private int _minLength;
    private int _maxLength;

    public Bzip2HuffmanTable(int alphabetSize) => _sorted = new int[alphabetSize];

    /// <summary>Rebuilds the table from <paramref name="lengths"/> (1..20 each).</summary>
    public void Build(ReadOnlySpan<byte> lengths)
    {
        Array.Clear(_fast);
        _minLength = MaxCodeLength;
        _maxLength = 1;
        foreach (byte l in lengths)
        {
            _minLength = Math.Min(_minLength, l);
            _maxLength = Math.Max(_maxLength, l);
        }

        int code = 0, index = 0;
        for (int len = 1; len <= MaxCodeLength; len++)
        {
            _firstCode[len] = code;
            _firstIndex[len] = index;
            for (int s = 0; s < lengths.Length; s++)
            {
                if (lengths[s] != len) continue;
                _sorted[index++] = s;
                if (len <= FastBits)
                {
                    // More codes than the length allows (damaged lengths) would run past the table; they never decode.
                    int start = code << (FastBits - len), span = 1 << (FastBits - len);
                    if (start + span <= _fast.Length)
                        _fast.AsSpan(start, span).Fill(s | (len << 16));
                }

                code++;
            }

            _lastCode[len] = index > _firstIndex[len] ? code - 1 : -1;
            code <<= 1;
        }
    }

    /// <summary>Decodes one symbol.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Decode(ref Bzip2BitReader reader)
    {
        int entry = _fast[reader.Peek(FastBits)];
        if (entry != 0)
        {
            reader.Skip(entry >> 16);
            return entry & 0xFFFF;
        }

        return DecodeLong(ref reader);
    }

    private int DecodeLong(ref Bzip2BitReader reader)
    {
        for (int len = Math.Max(_minLength, FastBits + 1); len <= _maxLength; len++)
        {
            int c = (int)reader.Peek(len);
            if (_lastCode[len] >= 0 && c >= _firstCode[len] && c <= _lastCode[len])
            {
                reader.Skip(len);
                return _sorted[_firstIndex[len] + c - _firstCode[len]];
            }
        }

        throw new InvalidDataException("a Huffman code matches no symbol");
    }
}
