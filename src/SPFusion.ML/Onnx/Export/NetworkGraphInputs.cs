namespace SPFusion.ML.Onnx.Export;

/// <summary>The graph values a network body reads; null for an input the network does not read.</summary>
internal sealed record NetworkGraphInputs(string? Photometric, string? Spectrum)
{
    /// <summary>The photometric value; throws when the graph has none.</summary>
    public string RequirePhotometric() => Photometric ?? throw new InvalidOperationException("the network reads the photometric input but the graph has none");

    /// <summary>The spectrum value; throws when the graph has none.</summary>
    public string RequireSpectrum() => Spectrum ?? throw new InvalidOperationException("the network reads the spectrum input but the graph has none");
}
