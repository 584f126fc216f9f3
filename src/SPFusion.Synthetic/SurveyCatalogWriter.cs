using System.Globalization;
using System.Text;

namespace SPFusion.Synthetic;

/// <summary>
/// Writes catalog.csv in the <c>spfusion prepare</c> format: obsid, ra, dec, the spectrum and g/r/i frame paths relative
/// to the catalogue's folder, then the labels mass, age, snr (spectral g-band SNR), teff, logg, feh. Invariant culture,
/// '\n' line ends, RA/Dec with 8 decimals (about a milliarcsecond, far below a pixel).
/// </summary>
internal static class SurveyCatalogWriter
{
    public const string Header = "obsid,ra,dec,spectrum,g,r,i,mass,age,snr,teff,logg,feh";

    public static void Write(string path, IReadOnlyList<SyntheticStar> stars)
    {
        var sb = new StringBuilder();
        sb.Append(Header).Append('\n');
        foreach (var s in stars)
        {
            var l = s.Labels;
            sb.Append(CultureInfo.InvariantCulture,
                $"{s.ObsId},{s.Ra:F8},{s.Dec:F8},{s.SpectrumPath},{s.FramePaths[0]},{s.FramePaths[1]},{s.FramePaths[2]},{l.Mass:F4},{l.Age:F4},{s.SnrG:F2},{l.Teff:F1},{l.Logg:F4},{l.FeH:F4}")
              .Append('\n');
        }
        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
    }
}
