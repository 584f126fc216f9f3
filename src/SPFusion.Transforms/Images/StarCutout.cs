namespace SPFusion.Transforms.Images;

/// <summary>
/// A star's aligned g, r, i cut-out on the g frame's pixel grid. Arrays are band-major [3, Size, Size] (band, row, column),
/// the layout of the network's photometric input.
/// </summary>
/// <param name="StarName">The star's name as given by the caller, for messages.</param>
/// <param name="X">The star's 0-based column in the g frame.</param>
/// <param name="Y">The star's 0-based row in the g frame.</param>
/// <param name="OriginX">g-frame column of cut-out pixel (0, 0): ceil(X - Size/2), astropy Cutout2D's rule.</param>
/// <param name="OriginY">g-frame row of cut-out pixel (0, 0): ceil(Y - Size/2).</param>
/// <param name="Size">Cut-out side in pixels.</param>
/// <param name="Raw">Values in nanomaggies (g copied, r and i bilinearly reprojected).</param>
/// <param name="Normalised">Each band min-max normalised to [0, 1] on its own.</param>
/// <param name="PaddedPixels">Pixels per band (g, r, i) filled by <see cref="CutoutEdgePolicy.PadWithBandMedian"/>; all 0 otherwise.</param>
public sealed record StarCutout(string StarName, double X, double Y, int OriginX, int OriginY, int Size, float[] Raw, float[] Normalised, int[] PaddedPixels);
