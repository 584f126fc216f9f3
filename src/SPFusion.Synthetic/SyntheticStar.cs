namespace SPFusion.Synthetic;

/// <summary>
/// Everything the generator decided about one catalogue star: the labels written to the catalogue, the nuisance
/// parameters (brightness, reddening, radial velocity), and where its files and pixels are. Returned in the summary so
/// examples and tests can compare what a reader recovers with the truth.
/// </summary>
/// <param name="Index">Zero-based catalogue row.</param>
/// <param name="ObsId">LAMOST-style observation id (the spectrum's OBSID card and file name).</param>
/// <param name="Ra">Right ascension (deg, ICRS), as written to the catalogue.</param>
/// <param name="Dec">Declination (deg, ICRS).</param>
/// <param name="Labels">Physical parameters.</param>
/// <param name="SnrG">Spectral g-band SNR (the SNRG card and the catalogue's snr column).</param>
/// <param name="RadialVelocity">Line-of-sight velocity in km/s (the spectrum's Z = v / c).</param>
/// <param name="MagG">Apparent g magnitude (AB, nanomaggies = 10^(-0.4 (m - 22.5))).</param>
/// <param name="MagR">Apparent r magnitude.</param>
/// <param name="MagI">Apparent i magnitude.</param>
/// <param name="DistanceModulus">Distance modulus implied by the red clump's absolute magnitude.</param>
/// <param name="ReddeningGR">Colour excess E(g-r) applied to the photometry.</param>
/// <param name="FieldIndex">Zero-based imaging field holding the star.</param>
/// <param name="PixelX">Zero-based column of the star's centre in the g frame (FITS pixel = PixelX + 1).</param>
/// <param name="PixelY">Zero-based row of the star's centre in the g frame.</param>
/// <param name="NearEdge">True when the star was placed within the cut-out half-width of a frame edge, so image preparation should reject it.</param>
/// <param name="SpectrumPath">Spectrum file, relative to the survey folder ('/' separated).</param>
/// <param name="FramePaths">g, r, i frame files, relative to the survey folder.</param>
public sealed record SyntheticStar(
    int Index,
    long ObsId,
    double Ra,
    double Dec,
    RedClumpLabels Labels,
    double SnrG,
    double RadialVelocity,
    double MagG,
    double MagR,
    double MagI,
    double DistanceModulus,
    double ReddeningGR,
    int FieldIndex,
    double PixelX,
    double PixelY,
    bool NearEdge,
    string SpectrumPath,
    IReadOnlyList<string> FramePaths);
