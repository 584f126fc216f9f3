using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Persistence;
using SPFusion.Tests.Support;
using SPFusion.Transforms;

namespace SPFusion.Tests.Reliability;

/// <summary>The published model zip, built once for the fault tests.</summary>
public sealed class PublishedModelZipFixture
{
    public byte[] Zip { get; } = ModelZips.PublishedModelZip();
}

/// <summary>
/// Damaged or foreign model zips fail in <see cref="SPFusionModelFile.Load(MLContext, string)"/> with an
/// <see cref="InvalidDataException"/> naming the file and the problem, instead of ML.NET's generic errors.
/// </summary>
public sealed class ModelFileFaultTests(PublishedModelZipFixture fixture) : IClassFixture<PublishedModelZipFixture>, IDisposable
{
    private readonly TempFolder _temp = new("spfusion-modelzip");

    public void Dispose() => _temp.Dispose();

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_temp.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static InvalidDataException LoadFails(string path, params string[] fragments)
    {
        var ex = Assert.Throws<InvalidDataException>(() => SPFusionModelFile.Load(new MLContext(seed: 1), path));
        Assert.True(ex.Message.Contains(path, StringComparison.Ordinal), $"path not in: {ex.Message}");
        foreach (string f in fragments) Assert.True(ex.Message.Contains(f, StringComparison.Ordinal), $"'{f}' not in: {ex.Message}");
        return ex;
    }

    [Fact]
    public void TheIntactZipLoadsAndPredictsLikeTheInMemoryModel()
    {
        var rows = SyntheticRows.Uniform(3, seed: 4);
        var ml = new MLContext(seed: 1);
        var model = SPFusionModelFile.Load(ml, Write("intact.zip", fixture.Zip), out var inputSchema);
        using var release = model as IDisposable; // deletes ML.NET's temporary copy of the graph
        Assert.NotNull(inputSchema.GetColumnOrNull(SPFusionColumns.Spectrum));
        var data = ml.Data.LoadFromEnumerable(rows);
        var loaded = model.Transform(data);
        var fitted = ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx).Fit(data);
        using var releaseFitted = fitted as IDisposable;
        var inMemory = fitted.Transform(data);
        foreach (string column in new[] { SPFusionColumns.PredictedMass, SPFusionColumns.PredictedAge })
        {
            var expected = inMemory.GetColumn<float>(column).ToArray();
            var actual = loaded.GetColumn<float>(column).ToArray();
            Assert.Equal(3, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5);
        }
    }

    [Fact]
    public void MissingFileIsFileNotFound()
    {
        string path = Path.Combine(_temp.Path, "absent.zip");
        var ex = Assert.Throws<FileNotFoundException>(() => SPFusionModelFile.Load(new MLContext(), path));
        Assert.Contains(path, ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(-1)]
    [InlineData(-10)]
    public void TruncatedZipNamesTheFile(int keep)
    {
        byte[] zip = fixture.Zip;
        int length = keep switch { -1 => zip.Length / 2, < 0 => zip.Length + keep, _ => keep };
        LoadFails(Write($"truncated-{length}.zip", zip[..length]), "not a loadable SPFusion model zip", "zip");
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.5)]
    [InlineData(0.99)]
    public void FlippedBytesInsideTheStoredOnnxEntryNameTheFile(double where)
    {
        var (offset, length) = ModelZips.OnnxEntryData(fixture.Zip);
        byte[] zip = (byte[])fixture.Zip.Clone();
        int at = offset + (int)(where * (length - 16));
        for (int i = 0; i < 16; i++) zip[at + i] ^= 0xA5;
        // ML.NET alone loads a flip inside the weights silently; the CRC check catches every position.
        LoadFails(Write($"flipped-{where}.zip", zip), "corrupted model zip", ModelZips.OnnxEntrySuffix, "CRC-32");
    }

    [Fact]
    public void TruncatedOnnxInsideAValidZipNamesTheFile()
    {
        byte[] onnx = ModelZips.ReadOnnx(fixture.Zip);
        LoadFails(Write("half-onnx.zip", ModelZips.ReplaceOnnx(fixture.Zip, onnx[..(onnx.Length / 2)])), "not a loadable SPFusion model zip");
    }

    [Fact]
    public void OnnxWithWrongInputNamesNamesTheFile()
    {
        byte[] tiny = ModelZips.TinyOnnx([("x", [1, 3584]), ("y", [3, 128, 128])], "mass_m_sun", 2);
        LoadFails(Write("wrong-names.zip", ModelZips.ReplaceOnnx(fixture.Zip, tiny)), "embedded ONNX graph", "input 'spectrum' missing");
    }

    [Fact]
    public void OnnxWithWrongInputShapesNamesTheFile()
    {
        byte[] tiny = ModelZips.TinyOnnx([("spectrum", [1, 7]), ("photometric", [3, 8, 8])], "mass_m_sun", 2);
        LoadFails(Write("wrong-shapes.zip", ModelZips.ReplaceOnnx(fixture.Zip, tiny)), "embedded ONNX graph", "input 'spectrum'", "[N,1,3584]");
    }

    [Fact]
    public void AForeignModelWithoutSPFusionOutputsIsRefused()
    {
        // ML.NET keeps a copy of an ONNX graph given as a stream under its temp path; this test's folder goes with the test.
        var ml = new MLContext(seed: 1) { TempFilePath = _temp.Path };
        byte[] tiny = ModelZips.TinyOnnx([("x", [4])], "y", 2);
        var data = ml.Data.LoadFromEnumerable(new[] { new FourFloats { X = [1, 2, 3, 4] } });
        using var model = ml.Transforms.ApplyOnnxModel(["y"], ["x"], new MemoryStream(tiny)).Fit(data);
        string path = Path.Combine(_temp.Path, "foreign.zip");
        ml.Model.Save(model, data.Schema, path);
        LoadFails(path, "not an SPFusion model", "'PredictedMass'");
    }

    private sealed class FourFloats
    {
        [VectorType(4)]
        [ColumnName("x")]
        public float[] X { get; set; } = [];
    }
}
