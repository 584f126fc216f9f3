namespace SPFusion.Transforms.Wcs;

/// <summary>
/// The SIP distortion of a TAN-SIP WCS: forward polynomials A, B (pixel offsets to undistorted offsets) and optional
/// inverse polynomials AP, BP. The inverse is only a starting guess; the exact inverse is solved by Newton iteration on
/// A, B, which is what astropy's all_world2pix does (it never trusts AP/BP alone).
/// </summary>
/// <param name="A">Forward polynomial added to u.</param>
/// <param name="B">Forward polynomial added to v.</param>
/// <param name="AP">Inverse polynomial for u, or null.</param>
/// <param name="BP">Inverse polynomial for v, or null.</param>
public sealed record SipDistortion(SipPolynomial A, SipPolynomial B, SipPolynomial? AP, SipPolynomial? BP)
{
    /// <summary>Whether the header supplied both inverse polynomials.</summary>
    public bool HasInverse => AP is not null && BP is not null;
}
