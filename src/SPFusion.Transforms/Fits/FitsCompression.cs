namespace SPFusion.Transforms.Fits;

/// <summary>How a FITS file is wrapped on disk; the reader sniffs it from magic bytes, the writer is told.</summary>
public enum FitsCompression
{
    /// <summary>A plain FITS file (seekable; data is read in place).</summary>
    None,

    /// <summary>gzip (<c>.fits.gz</c>), decompressed as a forward-only stream.</summary>
    Gzip,

    /// <summary>bzip2 (<c>.fits.bz2</c>, as SDSS distributes frames), decompressed as a forward-only stream.</summary>
    BZip2,
}
