using System.Text;

namespace SPFusion.Tests.Reliability;

/// <summary>Seeded random mutations of a FITS file: byte flips, header card rewrites, truncations, insertions, deletions.</summary>
internal sealed class FitsMutator(int seed)
{
    private static readonly string[] Keys =
        ["BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "NAXIS3", "PCOUNT", "GCOUNT", "TFIELDS", "TFORM1", "TFORM2", "TDIM1", "TDIM2",
         "BSCALE", "BZERO", "BLANK", "TSCAL1", "TZERO1", "TNULL1", "EXTEND", "XTENSION", "SIMPLE", "GROUPS", "TTYPE1"];

    private static readonly string[] Values =
        ["0", "-1", "1", "2", "3", "8", "16", "-32", "-64", "999", "1000", "2147483648", "9223372036854775807",
         "-9223372036854775808", "1099511627776", "99999999999999999999", "1.5", "1E400", "T", "F", "'3Z'", "'(2,2)'",
         "'(0)'", "'1PE(5)'", "'2PE'", "'0E'", "'9223372036854775807X'", "'BINTABLE'", "'IMAGE   '", "'TABLE   '", "''",
         "'unterminated", "(1.0, 2.0)", "", "'A''B'"];

    private readonly Random _rng = new(seed);

    /// <summary>Returns the mutated bytes and a description for failure messages.</summary>
    public (byte[] Bytes, string What) Mutate(byte[] fits)
    {
        switch (_rng.Next(6))
        {
            case 0:
                {
                    var copy = (byte[])fits.Clone();
                    int n = 1 + _rng.Next(8);
                    var at = new List<int>();
                    for (int i = 0; i < n; i++)
                    {
                        // Headers are where structure lives: aim half of the flips at the first blocks.
                        int p = _rng.Next(2) == 0 ? _rng.Next(Math.Min(copy.Length, 2 * FitsBytes.Block)) : _rng.Next(copy.Length);
                        copy[p] = (byte)_rng.Next(256);
                        at.Add(p);
                    }
                    return (copy, $"bytes set at {string.Join(",", at)}");
                }
            case 1:
            case 2:
                {
                    var cards = CardOffsets(fits);
                    if (cards.Count == 0) goto case 0;
                    int card = cards[_rng.Next(cards.Count)];
                    string key = _rng.Next(3) == 0 ? Keys[_rng.Next(Keys.Length)] : Encoding.Latin1.GetString(fits, card, 8).TrimEnd();
                    string value = Values[_rng.Next(Values.Length)];
                    string image = key == "END" ? "END" : FitsBytes.CardImage(key.Length == 0 ? "COMMENT" : key, value);
                    return (FitsBytes.Overwrite(fits, card, image.PadRight(FitsBytes.Card)), $"card at {card} -> '{image.TrimEnd()}'");
                }
            case 3:
                {
                    int cut = _rng.Next(fits.Length);
                    return (fits[..cut], $"cut at {cut}");
                }
            case 4:
                {
                    int at = _rng.Next(fits.Length + 1);
                    byte[] insert = _rng.Next(3) switch
                    {
                        0 => Encoding.Latin1.GetBytes(FitsBytes.CardImage(Keys[_rng.Next(Keys.Length)], Values[_rng.Next(Values.Length)])),
                        1 => Enumerable.Repeat((byte)' ', FitsBytes.Block).ToArray(),
                        _ => Enumerable.Range(0, 1 + _rng.Next(200)).Select(_ => (byte)_rng.Next(256)).ToArray(),
                    };
                    return ([.. fits[..at], .. insert, .. fits[at..]], $"{insert.Length} bytes inserted at {at}");
                }
            default:
                {
                    int at = _rng.Next(fits.Length);
                    int len = 1 + _rng.Next(Math.Min(3 * FitsBytes.Card, fits.Length - at));
                    return ([.. fits[..at], .. fits[(at + len)..]], $"{len} bytes deleted at {at}");
                }
        }
    }

    /// <summary>Offsets of the cards of every header (up to and including END), found by scanning for XTENSION at block starts.</summary>
    private static List<int> CardOffsets(byte[] fits)
    {
        var offsets = new List<int>();
        for (int block = 0; block + FitsBytes.Block <= fits.Length; block += FitsBytes.Block)
        {
            string first = Encoding.Latin1.GetString(fits, block, 8);
            if (block != 0 && first != "XTENSION") continue;
            for (int at = block; at + FitsBytes.Card <= fits.Length; at += FitsBytes.Card)
            {
                offsets.Add(at);
                if (Encoding.Latin1.GetString(fits, at, 8) == "END     ") break;
            }
        }
        return offsets;
    }
}
