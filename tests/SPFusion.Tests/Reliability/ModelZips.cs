using System.IO.Compression;
using System.Text;
using Google.Protobuf;
using Microsoft.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Onnx.Export;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Reliability;

/// <summary>Builds intact and damaged ML.NET model zips around the published SPFusion ONNX graph.</summary>
internal static class ModelZips
{
    /// <summary>The zip entry in which ML.NET's OnnxTransformer stores the ONNX bytes.</summary>
    public const string OnnxEntrySuffix = "/OnnxModel";

    /// <summary>Fits the published model on a few rows and saves it; returns the zip's bytes.</summary>
    public static byte[] PublishedModelZip()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(SyntheticRows.Uniform(2, seed: 1));
        var model = ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx).Fit(data);
        using var release = model as IDisposable;
        using var ms = new MemoryStream();
        ml.Model.Save(model, data.Schema, ms);
        return ms.ToArray();
    }

    /// <summary>The same zip with the ONNX entry's content replaced (the zip itself stays valid).</summary>
    public static byte[] ReplaceOnnx(byte[] zip, byte[] onnx)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var to = target.CreateEntry(entry.FullName).Open();
                if (entry.FullName.EndsWith(OnnxEntrySuffix, StringComparison.Ordinal)) to.Write(onnx);
                else entry.Open().CopyTo(to);
            }
        }
        return output.ToArray();
    }

    /// <summary>The ONNX bytes stored in the zip.</summary>
    public static byte[] ReadOnnx(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        using var ms = new MemoryStream();
        archive.Entries.Single(e => e.FullName.EndsWith(OnnxEntrySuffix, StringComparison.Ordinal)).Open().CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>Offset and length of the ONNX entry's stored (possibly compressed) bytes inside the zip file.</summary>
    public static (int Offset, int Length) OnnxEntryData(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entry = archive.Entries.Single(e => e.FullName.EndsWith(OnnxEntrySuffix, StringComparison.Ordinal));
        byte[] name = Encoding.UTF8.GetBytes(entry.FullName);
        int at = zip.AsSpan().IndexOf(name); // the local header comes first; the central directory repeats the name at the end
        int header = at - 30;
        Assert.Equal(0x04034b50, BitConverter.ToInt32(zip, header));
        int nameLength = BitConverter.ToUInt16(zip, header + 26), extraLength = BitConverter.ToUInt16(zip, header + 28);
        return (header + 30 + nameLength + extraLength, (int)entry.CompressedLength);
    }

    /// <summary>
    /// A tiny float graph: inputs of the given names and trailing shapes, one output per name in
    /// <paramref name="outputs"/> holding a constant-size projection of the first input.
    /// </summary>
    public static byte[] TinyOnnx((string Name, long[] Dims)[] inputs, string output, long outputWidth)
    {
        var graph = new OnnxGraphBuilder("tiny");
        var names = inputs.Select(i => graph.AddInput(i.Name, i.Dims)).ToArray();
        long width = inputs[0].Dims.Aggregate(1L, (a, b) => a * b);
        string flat = graph.AddNode("Flatten", [names[0]], "flatten", OnnxAttribute.Int("axis", 1));
        string weights = graph.AddInitializer("w", Enumerable.Repeat(0.5f, (int)(width * outputWidth)).ToArray(), [width, outputWidth]);
        string y = graph.AddNode("MatMul", [flat, weights], "project");
        graph.AddOutput(y, output, outputWidth);
        return graph.Build("test").ToByteArray();
    }
}
