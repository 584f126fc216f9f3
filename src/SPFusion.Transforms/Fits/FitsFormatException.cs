namespace SPFusion.Transforms.Fits;

/// <summary>
/// A FITS file that cannot be read as the standard says; the message always names the file, the HDU and the card or
/// column at fault. <see cref="InvalidDataException"/> is sealed in .NET, so this derives from <see cref="IOException"/>,
/// which the CLI also maps to exit code 2; catch <see cref="IOException"/> (or this type) to handle both.
/// </summary>
public sealed class FitsFormatException : IOException
{
    /// <summary>The file (or header source) at fault.</summary>
    public string FileName { get; }

    /// <summary>Zero-based HDU index, or null when the fault is not inside an HDU (e.g. a compressed stream).</summary>
    public int? HduIndex { get; }

    /// <summary>The keyword or column at fault, or null.</summary>
    public string? Item { get; }

    /// <summary>Builds the message from its parts so every reader error reads the same way.</summary>
    public FitsFormatException(string source, int? hduIndex, string? item, string problem, Exception? inner = null)
        : base(Compose(source, hduIndex, item, problem), inner)
    {
        FileName = source;
        HduIndex = hduIndex;
        Item = item;
    }

    private static string Compose(string source, int? hduIndex, string? item, string problem)
    {
        string where = $"FITS file '{source}'";
        if (hduIndex is int h) where += $", HDU {h}";
        if (item is not null) where += $", {item}";
        return $"{where}: {problem}";
    }
}
