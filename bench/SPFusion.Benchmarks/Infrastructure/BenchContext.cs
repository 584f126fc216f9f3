namespace SPFusion.Benchmarks.Infrastructure;

/// <summary>What every measurement needs: the mode, where the shared data lives and a scratch folder.</summary>
internal sealed record BenchContext(bool Quick, string SharedDirectory, string WorkDirectory, string? Argument)
{
    /// <summary>Threads given to TorchSharp and ONNX Runtime, as in the PyTorch reference runs.</summary>
    public const int Threads = 2;

    /// <summary>Mini-batch size of the training and batched-inference rows.</summary>
    public const int Batch = 32;

    public string DataFile(params string[] parts)
    {
        string path = Path.Combine([SharedDirectory, "data", .. parts]);
        if (!File.Exists(path)) throw new FileNotFoundException($"benchmark data file missing: {path}", path);
        return path;
    }

    public string PublishedOnnx
    {
        get
        {
            string path = Path.Combine(SharedDirectory, "reference", "spfusion-published.onnx");
            if (!File.Exists(path)) throw new FileNotFoundException($"published model missing: {path}", path);
            return path;
        }
    }
}
