using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Transforms.MLNet;

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
        return catalog.LoadFromEnumerable(new Rows(reader));
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
