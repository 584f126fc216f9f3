using System.Buffers;
using SPFusion.Transforms.Fits.Bzip2;

namespace SPFusion.Tests.Fits.Bzip2;

public class Bzip2InverseTransformTests
{
    /// <summary>Blocks below 4,096 bytes are walked as one chain, larger ones as 64 joined pieces; runs of four and more
    /// fall anywhere, including across the pieces' joins and at the very end.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(60_001)]
    public void HandMadeBlocksGiveBackTheirBytesWithRunsUndone(int n)
    {
        var rng = new Random(n);
        byte[] encoded = new byte[n];
        for (int i = 0; i < n; i++)
            encoded[i] = rng.Next(5) == 0 ? (byte)7 : (byte)rng.Next(6); // frequent runs of 7 and repeats of small values
        var (vector, origin) = Transform(encoded);
        byte[] output = Bzip2InverseTransform.Undo(vector, n, origin, out int length);
        try
        {
            Assert.Equal(UndoRunsOneByOne(encoded), output.AsSpan(0, length).ToArray());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    /// <summary>Damaged links that form two cycles are not followed for ever: the block comes back the plain way (n
    /// steps from the origin) for its CRC to refuse.</summary>
    [Fact]
    public void LinksSplitIntoTwoCyclesStillEndAfterNSteps()
    {
        const int n = 50_000;
        var rng = new Random(3);
        byte[] encoded = new byte[n];
        rng.NextBytes(encoded);
        var (vector, origin) = Transform(encoded);
        // Swapping the successors of two positions on one cycle cuts it in two.
        int a = 10, b = (int)(vector[vector[vector[a] >> 8] >> 8] >> 8);
        uint linkA = vector[a] & ~0xFFu, linkB = vector[b] & ~0xFFu;
        vector[a] = (vector[a] & 0xFF) | linkB;
        vector[b] = (vector[b] & 0xFF) | linkA;
        byte[] output = Bzip2InverseTransform.Undo(vector, n, origin, out int length);
        try
        {
            Assert.InRange(length, 1, n * 64);
            Assert.NotEqual(UndoRunsOneByOne(encoded), output.AsSpan(0, length).ToArray());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    // The Burrows-Wheeler transform by sorting rotations, then the links exactly as Bzip2BlockDecoder builds them.
    private static (uint[] Vector, int Origin) Transform(byte[] s)
    {
        int n = s.Length;
        int[] rows = [.. Enumerable.Range(0, n)];
        Array.Sort(rows, (x, y) =>
        {
            for (int k = 0; k < n; k++)
            {
                int c = s[(x + k) % n].CompareTo(s[(y + k) % n]);
                if (c != 0) return c;
            }

            return 0;
        });
        var vector = new uint[n];
        var counts = new int[256];
        int origin = -1;
        for (int r = 0; r < n; r++)
        {
            if (rows[r] == 0) origin = r;
            byte last = s[(rows[r] + n - 1) % n];
            vector[r] = last;
            counts[last]++;
        }

        var next = new int[256];
        for (int c = 0, sum = 0; c < 256; c++)
        {
            next[c] = sum;
            sum += counts[c];
        }

        for (int i = 0; i < n; i++)
            vector[next[(byte)vector[i]]++] |= (uint)i << 8;
        return (vector, origin);
    }

    // bzip2's run-length undo as a state machine over single bytes: after four equal bytes the next is a count.
    private static byte[] UndoRunsOneByOne(byte[] encoded)
    {
        var output = new List<byte>();
        int same = 0, last = -1;
        bool count = false;
        foreach (byte b in encoded)
        {
            if (count)
            {
                output.AddRange(Enumerable.Repeat((byte)last, b));
                (count, same, last) = (false, 0, -1);
                continue;
            }

            if (b == last)
            {
                count = ++same == 4;
            }
            else
            {
                last = b;
                same = 1;
            }

            output.Add(b);
        }

        return [.. output];
    }
}
