namespace SPFusion.Benchmarks.Infrastructure;

/// <summary>What every measurement needs: the mode, the repository whose tests/data and models/ it reads and a scratch folder.</summary>
internal sealed record BenchContext(bool Quick, string RepositoryRoot, string WorkDirectory, string? Argument)
{
    /// <summary>Threads given to TorchSharp and ONNX Runtime, as in the PyTorch reference runs.</summary>
    public const int Threads = 2;

    /// <summary>Mini-batch size of the training and batched-inference rows.</summary>
    public const int Batch = 32;

    public string DataFile(params string[] parts)
    {
        string path = Path.Combine([RepositoryRoot, "tests", "data", .. parts]);
        if (!File.Exists(path)) throw new FileNotFoundException($"benchmark data file missing: {path}", path);
        return path;
    }

    public string PublishedOnnx
    {
        get
        {
            string path = Path.Combine(RepositoryRoot, "models", "spfusion-published.onnx");
            if (!File.Exists(path)) throw new FileNotFoundException($"published model missing: {path}", path);
            return path;
        }
    }
}
