using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Transforms.Onnx;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Persistence;

/// <summary>
/// Pins the ML.NET 5.0.1 behaviour SPFusionBatchPredictor exists for: OnnxTransformer writes only its inputs, outputs,
/// custom shapes and recursion limit to a model zip, so ONNX Runtime thread settings chosen when the model was built are
/// lost, and a model loaded with <c>mlContext.Model.Load</c> runs with the loading context's session options. If a
/// later ML.NET persists them, this fails and the composer should set them instead.
/// </summary>
public class OnnxThreadSettingsPersistenceTests
{
    [Fact]
    public void ZipsBuiltWithDifferentThreadCountsAreByteIdentical()
    {
        var one = OnnxTransformerEntries(intraOpThreads: 1, interOpThreads: 1);
        var two = OnnxTransformerEntries(intraOpThreads: 2, interOpThreads: 3);
        Assert.Equal(one.Keys.Order(), two.Keys.Order());
        Assert.Contains(one.Keys, k => k.EndsWith("/OnnxModel", StringComparison.Ordinal));
        foreach (var (name, bytes) in one) Assert.Equal(bytes, two[name]);
    }

    private static Dictionary<string, byte[]> OnnxTransformerEntries(int intraOpThreads, int interOpThreads)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(SyntheticRows.Uniform(1, seed: 1));
        var options = new OnnxOptions
        {
            ModelFile = TestPaths.PublishedOnnx,
            InputColumns = ["spectrum", "photometric"],
            OutputColumns = ["mass_m_sun"],
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = interOpThreads,
        };
        // The published graph's inputs are 'spectrum' and 'photometric'; copy the row's columns to those names.
        var model = ml.Transforms.CopyColumns("spectrum", "Spectrum")
            .Append(ml.Transforms.CopyColumns("photometric", "Photometry"))
            .Append(ml.Transforms.ApplyOnnxModel(options))
            .Fit(data);
        using var zip = new MemoryStream();
        ml.Model.Save(model, data.Schema, zip);
        zip.Position = 0;
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
            {
                using var s = e.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                return m.ToArray();
            });
    }
}
