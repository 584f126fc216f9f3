using SPFusion.Transforms.Fits;
using SPFusion.Transforms.Images;

namespace SPFusion.Synthetic;

/// <summary>
/// Writes one band of a synthetic field as an SDSS frame (2048 x 1489): the cards of a real frame header (BUNIT, FILTER,
/// RUN/CAMCOL/FIELD, RADECSYS ICRS, EQUINOX 2000 and the band's TAN WCS with a CD matrix) and a calibration vector; the
/// layout itself is <see cref="SdssFrameWriter"/>'s.
/// </summary>
internal static class SdssFrameFileWriter
{
    public static void Write(string path, SyntheticField field, int band, float[] image)
    {
        var wcs = field.Wcs[band];
        var (ra, dec) = wcs.PixelToWorld((SyntheticField.Width / 2.0) - 1, (SyntheticField.Height / 2.0) - 1); // FITS pixel (1024, 744.5)
        var cards = new List<FitsCard>
        {
            FitsCard.Create("RA", Math.Round(ra, 6), "Frame centre right ascension (deg)"),
            FitsCard.Create("DEC", Math.Round(dec, 6), "Frame centre declination (deg)"),
            FitsCard.Create("ORIGIN", "SPFusion", "Synthetic: not an observation"),
            FitsCard.Create("TELESCOP", "2.5m"),
            FitsCard.Create("RUN", (long)field.Run, "Run number (9001+ are synthetic)"),
            FitsCard.Create("CAMCOL", (long)field.CamCol, "column in the imaging camera"),
            FitsCard.Create("FIELD", (long)field.FieldNumber, "Field number"),
            FitsCard.Create("FILTER", SyntheticField.Bands[band], "filter used"),
            FitsCard.Create("EQUINOX", 2000.0),
            FitsCard.Create("BUNIT", "nanomaggy", "1 nanomaggy = 3.631e-6 Jy"),
            FitsCard.Create("SYNFWHM", Math.Round(field.FwhmArcsec[band], 4), "[arcsec] PSF FWHM of the synthetic frame"),
            FitsCard.Create("RADECSYS", "ICRS", "International Celestial Ref. System"),
            FitsCard.Create("CTYPE1", "RA---TAN", "Coordinate type"),
            FitsCard.Create("CTYPE2", "DEC--TAN", "Coordinate type"),
            FitsCard.Create("CUNIT1", "deg", "Units"),
            FitsCard.Create("CUNIT2", "deg", "Units"),
            FitsCard.Create("CRPIX1", wcs.CrPix1, "X of reference pixel"),
            FitsCard.Create("CRPIX2", wcs.CrPix2, "Y of reference pixel"),
            FitsCard.Create("CRVAL1", wcs.CrVal1, "RA of reference pixel (deg)"),
            FitsCard.Create("CRVAL2", wcs.CrVal2, "Dec of reference pixel (deg)"),
            FitsCard.Create("CD1_1", wcs.Cd11, "RA deg per column pixel"),
            FitsCard.Create("CD1_2", wcs.Cd12, "RA deg per row pixel"),
            FitsCard.Create("CD2_1", wcs.Cd21, "Dec deg per column pixel"),
            FitsCard.Create("CD2_2", wcs.Cd22, "Dec deg per row pixel"),
            FitsCard.Create("NMGY", Math.Round(field.NanomaggiesPerCount[band], 8), "Calibration factor [nMgy per count]"),
            FitsCard.Commentary("COMMENT", "Synthetic SDSS-layout frame written by spfusion synth; see README.txt of the survey."),
        };
        var calib = new float[SyntheticField.Width];
        for (int x = 0; x < calib.Length; x++)
            calib[x] = (float)(field.NanomaggiesPerCount[band] * (1 + (0.01 * Math.Sin(x * Math.PI / SyntheticField.Width))));

        SdssFrameWriter.Write(path, cards, image, SyntheticField.Width, SyntheticField.Height, calib);
    }
}
