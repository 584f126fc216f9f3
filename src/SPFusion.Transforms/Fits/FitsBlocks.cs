namespace SPFusion.Transforms.Fits;

/// <summary>FITS's 2,880-byte logical record: every header and data unit starts on one, and a file ends on one.</summary>
internal static class FitsBlocks
{
    public const int Size = 2880;

    /// <summary><paramref name="length"/> rounded up to whole records.</summary>
    public static long Pad(long length) => (length + Size - 1) / Size * Size;
}
