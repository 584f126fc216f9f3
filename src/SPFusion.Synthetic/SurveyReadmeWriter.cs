using System.Globalization;
using System.Text;

namespace SPFusion.Synthetic;

/// <summary>Writes README.txt: what the folder holds, the seed, and the generative model in a few lines.</summary>
internal static class SurveyReadmeWriter
{
    public static void Write(string path, SyntheticSurveyOptions options, SyntheticSurveyPlan plan)
    {
        int edge = plan.Stars.Count(s => s.NearEdge);
        string text = string.Create(CultureInfo.InvariantCulture, $"""
            SPFusion synthetic red clump survey (written by spfusion synth / SyntheticSurvey.Generate)
            Seed {options.Seed}: the same seed and options give byte-identical files.
            NOT REAL DATA. The files use the real LAMOST DR10 and SDSS frame layouts so the real-file code paths run on them.

            catalog.csv         {plan.Stars.Count} stars: obsid,ra,dec,spectrum,g,r,i,mass,age,snr,teff,logg,feh (paths relative to this folder)
            spectra/OBSID.fits.gz   LAMOST DR10 layout: empty primary (OBSID, RA, DEC, SNRU..SNRZ, Z, CLASS, SUBCLASS),
                                BINTABLE COADD, one row: FLUX, IVAR, WAVELENGTH, ANDMASK, ORMASK, NORMALIZATION ({SyntheticSpectrumModel.PixelCount}E)
            frames/frame-B-RRRRRR-C-FFFF.fits.bz2   {plan.Fields.Count} fields x g,r,i: 2048 x 1489 float32 nanomaggies, TAN WCS (CD matrix),
                                HDU1 calibration vector; r and i are shifted a few pixels and rotated 0.01-0.05 deg relative to g.
            {edge} catalogue stars lie within 64 px of a frame edge (edge fraction {options.EdgeFraction}); image preparation should reject them.

            Generative model
            - Labels: ln M ~ N(ln 1.2, 0.22) in 0.8-2.5 Msun; [Fe/H] ~ N(-0.1, 0.25) in -1..0.5;
              age = 7.5 Gyr M^-2.5 10^(0.15 [Fe/H]) 10^N(0,0.06) in 0.5-12 Gyr; Teff = 4720 - 250 [Fe/H] + 300 (M - 1.2) + N(0,25) K;
              log g = 2.44 + 0.35 log10(M/1.2) + N(0,0.03); dredge-up [C/Fe] = -0.05 - 0.5 (M-1), [N/Fe] = 0.25 + 1.0 (M-1) (+N(0,0.04) each;
              about 3x the observed slopes, so a few hundred stars carry a learnable mass signal);
              [alpha/Fe] rises from 0.02 to 0.22 for ages above ~8 Gyr.
            - Spectra: Planck(Teff) x smooth response x per-star calibration error; Gaussian lines (Ca II H&K, Ca I 4227, Balmer,
              Mg b, Na D, Ca II triplet, ~40 Fe lines) scaled by [Fe/H], [alpha/Fe], Teff, log g; CN 3883/4216 and red-system
              6925/7088/7875/8067 bands ~ C x N and the CH G band ~ C, so [C/N] (hence mass) shows in blue and red; telluric O2 bands; R = 1800; Z = v/c with v ~ N(-5, 40) km/s;
              noise sigma^2 ~ flux / arm throughput, scaled to the star's SNRG (log-uniform 5-150); IVAR = 1/sigma^2; ~25% of spectra have a few masked pixels.
            - Images: g = 17.8 - 3.125 log10(SNRG/5) + N(0,0.15); g-r and r-i from Teff and [Fe/H] plus N(0,0.01) and reddening
              E(g-r) ~ Exp(0.03); Gaussian PSF FWHM 1.2-1.6 arcsec per band, sky noise as real frames (one sky level per field, 3% per band), photon noise; {options.BackgroundSourcesPerField}
              background stars/galaxies per field. Colours constrain Teff/[Fe/H] independently of the spectrum's SNR.
            """);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n", new UTF8Encoding(false));
    }
}
