namespace SPFusion.Tests.Fits;

/// <summary>A unique temporary file deleted on dispose.</summary>
internal sealed class FitsTempFile : IDisposable
{
    public FitsTempFile(string suffix = ".fits") => Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"spfusion-{Guid.NewGuid():N}{suffix}");

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
