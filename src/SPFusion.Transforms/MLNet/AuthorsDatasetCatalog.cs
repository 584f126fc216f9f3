using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Transforms.MLNet;

/// <summary>A star of the authors' dataset layout as an ML.NET row, normalised and padded as their loader does.</summary>
public sealed class AuthorsDatasetRow
{
    /// <summary>The star's identifier (LAMOST obsid, Gaia source_id, APOGEE id, ...), as label.csv gives it.</summary>
    public string ObsId { get; set; } = "";

    /// <summary>Spectrum: 3,584 samples in [0,1].</summary>
    [VectorType(SpectrumPadding.DefaultLength)]
    public float[] Spectrum { get; set; } = [];

    /// <summary>g, r, i cut-outs, each band min-max normalised, 3 x 128 x 128.</summary>
    [VectorType(AuthorsDatasetLayout.Bands * AuthorsDatasetLayout.ImageSize * AuthorsDatasetLayout.ImageSize)]
    public float[] Photometry { get; set; } = [];

    /// <summary>Mass (Msun).</summary>
    public float Mass { get; set; }

    /// <summary>Age (Gyr).</summary>
    public float Age { get; set; }

    /// <summary>g-band SNR.</summary>
    public float Snr { get; set; }

    /// <summary>Effective temperature (K).</summary>
    public float Teff { get; set; }

    /// <summary>Surface gravity (log cm s^-2).</summary>
    public float Logg { get; set; }

    /// <summary>[Fe/H] (dex).</summary>
    public float FeH { get; set; }
}

/// <summary><c>mlContext.Data.LoadAuthorsDataset(dir)</c>: the authors' <c>{spectrum,photometric,label}</c> layout as a data view.</summary>
public static class AuthorsDatasetCatalog
{
    /// <summary>
    /// A streaming data view over <c>DIR/{spectrum,photometric}/&lt;obsid&gt;.npy</c> and <c>DIR/label/label.csv</c>:
    /// each cursor reads the stars one at a time (nothing is held in memory), normalised and padded as the authors' loader does.
    /// </summary>
    public static IDataView LoadAuthorsDataset(this DataOperationsCatalog catalog, string directory)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var reader = new AuthorsDatasetReader(directory);
        return new MLContext().Data.LoadFromEnumerable(new Rows(reader));
    }

    private sealed class Rows(AuthorsDatasetReader reader) : IEnumerable<AuthorsDatasetRow>
    {
        public IEnumerator<AuthorsDatasetRow> GetEnumerator()
        {
            foreach (var s in reader.ReadAll())
            {
                yield return new AuthorsDatasetRow
                {
                    ObsId = s.ObsId,
                    Spectrum = s.Spectrum,
                    Photometry = s.Photometry,
                    Mass = s.Mass,
                    Age = s.Age,
                    Snr = s.Snr,
                    Teff = s.TeffK,
                    Logg = s.Logg,
                    FeH = s.FeH,
                };
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
