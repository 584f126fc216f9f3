namespace SPFusion.Transforms.Fits.Bzip2;

/// <summary>
/// One of a block's Huffman coding tables, rebuilt from its code lengths as a canonical code (codes assigned in order of
/// length, then symbol). Codes up to <see cref="FastBits"/> long decode with one table look-up; longer ones (rare) walk
/// the per-length code ranges. <see cref="Bzip2SymbolStream"/> does the reading.
/// </summary>
internal sealed class Bzip2HuffmanTable
{
    public const int MaxCodeLength = 20;
    public const int FastBits = 10;

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

    /// <summary>Look-up table for codes up to <see cref="FastBits"/> long, indexed by the next <see cref="FastBits"/>
    /// bits: symbol | length &lt;&lt; 16, or 0 for a longer code (<see cref="DecodeLong"/>).</summary>
    public ReadOnlySpan<int> Fast => _fast;

    /// <summary>Decodes a code longer than <see cref="FastBits"/> from the next <see cref="MaxCodeLength"/> bits of the
    /// stream, most significant first, in <paramref name="next20"/>; <paramref name="length"/> is the code's length.</summary>
    public int DecodeLong(uint next20, out int length)
    {
        for (int len = Math.Max(_minLength, FastBits + 1); len <= _maxLength; len++)
        {
            int c = (int)(next20 >> (MaxCodeLength - len));
            if (_lastCode[len] >= 0 && c >= _firstCode[len] && c <= _lastCode[len])
            {
                length = len;
                return _sorted[_firstIndex[len] + c - _firstCode[len]];
            }
        }

        throw new InvalidDataException("a Huffman code matches no symbol");
    }
}
