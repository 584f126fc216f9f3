using SPFusion.Transforms.Fits;

namespace SPFusion.Transforms.Wcs;

/// <content>Construction from FITS headers.</content>
public sealed partial class TanWcs
{
    /// <summary>
    /// Reads a TAN or TAN-SIP WCS from a FITS header (CD; PC with CDELT; or CDELT with CROTA2; SIP A/B with optional AP/BP).
    /// </summary>
    /// <param name="header">The header holding the WCS keywords.</param>
    /// <param name="source">Names the header (file and HDU) in error messages.</param>
    /// <exception cref="InvalidDataException">Not a TAN WCS (other projection, DSS plate solution), a missing keyword, or a singular matrix.</exception>
    public static TanWcs FromHeader(FitsHeader header, string source)
    {
        ArgumentNullException.ThrowIfNull(header);
        return TanWcsHeaderParser.Parse(Keywords(header), source);
    }

    internal static WcsKeywords Keywords(FitsHeader header) => new(
        header.GetDouble,
        k => header.GetString(k)?.Trim(),
        header.Contains);
}
