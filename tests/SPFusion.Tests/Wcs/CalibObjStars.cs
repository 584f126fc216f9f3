using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Wcs;

/// <summary>Rows of calibObj-004510-4-star.fits.gz for one field (SDSS pixel convention: first pixel centre at 0.5).</summary>
internal sealed record CalibObjStar(int Row, double Ra, double Dec, double[] Colc, double[] Rowc, double[] PsfFlux, long[] Flags, long[] Flags2)
{
    /// <summary>
    /// Whether photo measured the centroid in this band cleanly: not saturated (FLAGS bit 18 SATUR, FLAGS2 bit 11
    /// SATUR_CENTER), not interpolated at the centre (FLAGS2 bit 12 INTERP_CENTER), no cosmic ray (FLAGS bit 12).
    /// </summary>
    public bool CleanCentroid(int band) =>
        (Flags[band] & ((1L << 18) | (1L << 12))) == 0 && (Flags2[band] & ((1L << 11) | (1L << 12))) == 0;

    public static IReadOnlyList<CalibObjStar> Field(int field)
    {
        using var file = FitsFile.Open(TestPaths.DataFile("sdss", "calibObj-004510-4-star.fits.gz"));
        var t = file.GetTable(1);
        var stars = new List<CalibObjStar>();
        for (int r = 0; r < t.RowCount; r++)
        {
            if (t.ReadFloat64(r, "FIELD")[0] != field)
                continue;
            stars.Add(new CalibObjStar(r, t.ReadFloat64(r, "RA")[0], t.ReadFloat64(r, "DEC")[0],
                t.ReadFloat64(r, "COLC"), t.ReadFloat64(r, "ROWC"), t.ReadFloat64(r, "PSFFLUX"), t.ReadInt64(r, "FLAGS"), t.ReadInt64(r, "FLAGS2")));
        }

        return stars;
    }
}
