using System.Globalization;

namespace SPFusion.Transforms.Wcs;

/// <summary>
/// Builds a <see cref="TanWcs"/> from FITS WCS keywords. The linear part follows wcslib's precedence
/// (PCi_j with CDELTi, else CDi_j, else CDELTi with CROTA2); SIP is read whenever A_ORDER is present, as astropy does.
/// Anything that is not a plain celestial TAN (other projections, DSS plate solutions) is refused, never approximated.
/// </summary>
internal static class TanWcsHeaderParser
{
    private static readonly string[] DssKeywords = ["PLTRAH", "AMDX1", "PPO3"];

    public static TanWcs Parse(WcsKeywords h, string source)
    {
        foreach (string k in DssKeywords)
        {
            if (h.Contains(k))
                throw new InvalidDataException($"{source}: not a TAN WCS: keyword {k} marks a DSS plate solution, whose polynomial plate model TAN cannot represent");
        }

        string ctype1 = h.GetString("CTYPE1") ?? throw Missing(source, "CTYPE1");
        string ctype2 = h.GetString("CTYPE2") ?? throw Missing(source, "CTYPE2");
        bool sip1 = CheckCtype(ctype1, "RA--", "CTYPE1", source);
        bool sip2 = CheckCtype(ctype2, "DEC-", "CTYPE2", source);
        if (sip1 != sip2)
            throw new InvalidDataException($"{source}: not a TAN WCS: CTYPE1 '{ctype1}' and CTYPE2 '{ctype2}' disagree about -SIP");

        for (int axis = 1; axis <= 2; axis++)
        {
            string? unit = h.GetString("CUNIT" + axis);
            if (unit is not null && unit.Length > 0 && !unit.Equals("deg", StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"{source}: keyword CUNIT{axis} = '{unit}' is not 'deg'");
        }

        double crpix1 = Require(h, "CRPIX1", source);
        double crpix2 = Require(h, "CRPIX2", source);
        double crval1 = Require(h, "CRVAL1", source);
        double crval2 = Require(h, "CRVAL2", source);
        double[,] cd = LinearPart(h, source, out string origin);
        double det = (cd[0, 0] * cd[1, 1]) - (cd[0, 1] * cd[1, 0]);
        if (det == 0 || !double.IsFinite(1 / det))
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{source}: the pixel-to-sky matrix from {origin} [[{cd[0, 0]}, {cd[0, 1]}], [{cd[1, 0]}, {cd[1, 1]}]] is singular (zero determinant)"));
        }
        double lonPole = h.GetDouble("LONPOLE") ?? double.NaN;

        SipDistortion? sip = null;
        if (sip1 || h.Contains("A_ORDER"))
            sip = ReadSip(h, source);
        return new TanWcs(crpix1, crpix2, crval1, crval2, cd, lonPole, sip, source);
    }

    private static bool CheckCtype(string ctype, string prefix, string key, string source)
    {
        string c = ctype.Trim().ToUpperInvariant();
        if (c.Length >= 8 && c.StartsWith(prefix, StringComparison.Ordinal) && c.AsSpan(4).SequenceEqual("-TAN"))
            return false;
        if (c.StartsWith(prefix, StringComparison.Ordinal) && c.AsSpan(4).SequenceEqual("-TAN-SIP"))
            return true;
        throw new InvalidDataException($"{source}: not a TAN WCS: keyword {key} = '{ctype}' (expected '{prefix}-TAN' or '{prefix}-TAN-SIP')");
    }

    /// <summary>The CD-equivalent matrix; <paramref name="origin"/> names the keywords it came from, for error messages.</summary>
    private static double[,] LinearPart(WcsKeywords h, string source, out string origin)
    {
        bool hasPc = h.Contains("PC1_1") || h.Contains("PC1_2") || h.Contains("PC2_1") || h.Contains("PC2_2");
        bool hasCd = h.Contains("CD1_1") || h.Contains("CD1_2") || h.Contains("CD2_1") || h.Contains("CD2_2");
        if (hasPc)
        {
            // Missing CDELTi default to 1 and missing PC off-diagonals to 0 (FITS WCS paper I).
            double cdelt1 = h.GetDouble("CDELT1") ?? 1.0;
            double cdelt2 = h.GetDouble("CDELT2") ?? 1.0;
            origin = "PCi_j and CDELTi";
            return new[,]
            {
                { cdelt1 * (h.GetDouble("PC1_1") ?? 1.0), cdelt1 * (h.GetDouble("PC1_2") ?? 0.0) },
                { cdelt2 * (h.GetDouble("PC2_1") ?? 0.0), cdelt2 * (h.GetDouble("PC2_2") ?? 1.0) },
            };
        }

        if (hasCd)
        {
            // An absent CDi_j is zero when others are given (FITS WCS paper II).
            origin = "CDi_j";
            return new[,]
            {
                { h.GetDouble("CD1_1") ?? 0.0, h.GetDouble("CD1_2") ?? 0.0 },
                { h.GetDouble("CD2_1") ?? 0.0, h.GetDouble("CD2_2") ?? 0.0 },
            };
        }

        double c1 = h.GetDouble("CDELT1") ?? throw Missing(source, "CD1_1 or CDELT1");
        double c2 = h.GetDouble("CDELT2") ?? throw Missing(source, "CD2_2 or CDELT2");
        double rho = (h.GetDouble("CROTA2") ?? 0.0) * Math.PI / 180.0;
        double cos = Math.Cos(rho), sin = Math.Sin(rho);
        origin = "CDELTi and CROTA2";
        return new[,]
        {
            { c1 * cos, -c2 * sin },
            { c1 * sin, c2 * cos },
        };
    }

    private static SipDistortion ReadSip(WcsKeywords h, string source)
    {
        var a = ReadPolynomial(h, "A", source, required: true)!;
        var b = ReadPolynomial(h, "B", source, required: true)!;
        var ap = ReadPolynomial(h, "AP", source, required: false);
        var bp = ReadPolynomial(h, "BP", source, required: false);
        if ((ap is null) != (bp is null))
            throw new InvalidDataException($"{source}: SIP inverse incomplete: {(ap is null ? "AP_ORDER" : "BP_ORDER")} is missing while the other is present");
        return new SipDistortion(a, b, ap, bp);
    }

    private static SipPolynomial? ReadPolynomial(WcsKeywords h, string name, string source, bool required)
    {
        string orderKey = name + "_ORDER";
        double? order = h.GetDouble(orderKey);
        if (order is null)
        {
            if (required)
                throw Missing(source, orderKey);
            return null;
        }

        int n = (int)order.Value;
        if (n != order.Value || n < 0 || n > 9)
            throw new InvalidDataException($"{source}: keyword {orderKey} = {order.Value.ToString(CultureInfo.InvariantCulture)} is not an order 0..9");
        var c = new double[n + 1, n + 1];
        for (int p = 0; p <= n; p++)
        {
            for (int q = 0; q <= n - p; q++)
                c[p, q] = h.GetDouble(string.Create(CultureInfo.InvariantCulture, $"{name}_{p}_{q}")) ?? 0.0;
        }

        return new SipPolynomial(n, c);
    }

    private static double Require(WcsKeywords h, string key, string source) => h.GetDouble(key) ?? throw Missing(source, key);

    private static InvalidDataException Missing(string source, string key) =>
        new($"{source}: WCS keyword {key} is missing");
}
