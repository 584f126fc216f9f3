namespace SPFusion.Tests.Support;

/// <summary>A fresh folder under the system temp path, deleted with everything in it when the test is done.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix) =>
        Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}")).FullName;

    public string Path { get; }

    /// <summary>A path inside the folder (not created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
