using SPFusion.Tests.Support;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Tests.Datasets;

public class LabelCsvMissingValueTests
{
    [Fact]
    public void MissingLabelsAndParametersRoundTripAsNaNButTheSnrMustBeFinite()
    {
        using var temp = new TempFolder("spfusion-labels");
        string path = temp.File("labels.csv");
        LabelCsv.Write(path, [new AuthorsLabel(7, 12.5, double.NaN, double.NaN, double.NaN, double.NaN, 3.0)]);
        var label = Assert.Single(LabelCsv.Read(path));
        Assert.Equal(12.5, label.Snr);
        Assert.True(double.IsNaN(label.TeffK) && double.IsNaN(label.Logg) && double.IsNaN(label.FeH) && double.IsNaN(label.Mass));
        Assert.Equal(3.0, label.Age);

        File.WriteAllText(path, "obsid,SNR,teff_K,logg_cm_s2,feh_dex,mass_Msun,age_Gyr\n8,,4800,2.4,0.1,1.2,\n");
        var ex = Assert.Throws<InvalidDataException>(() => LabelCsv.Read(path));
        Assert.Contains("'SNR'", ex.Message);
        Assert.Contains("line 2", ex.Message);
    }
}
