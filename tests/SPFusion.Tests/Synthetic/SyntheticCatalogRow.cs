using System.Globalization;

namespace SPFusion.Tests.Synthetic;

/// <summary>One parsed catalog.csv row (parsed here, independently of the generator).</summary>
internal sealed record SyntheticCatalogRow(long ObsId, double Ra, double Dec, string Spectrum, string G, string R, string I,
    double Mass, double Age, double Snr, double Teff, double Logg, double FeH, string RaText)
{
    public static List<SyntheticCatalogRow> ReadAll(string path)
    {
        var lines = File.ReadAllLines(path);
        Assert.Equal("obsid,ra,dec,spectrum,g,r,i,mass,age,snr,teff,logg,feh", lines[0]);
        var rows = new List<SyntheticCatalogRow>();
        foreach (string line in lines.Skip(1))
        {
            var f = line.Split(',');
            Assert.Equal(13, f.Length);
            double D(int i) => double.Parse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture);
            rows.Add(new SyntheticCatalogRow(long.Parse(f[0], CultureInfo.InvariantCulture), D(1), D(2), f[3], f[4], f[5], f[6],
                D(7), D(8), D(9), D(10), D(11), D(12), f[1]));
        }
        return rows;
    }
}
