namespace SPFusion.Transforms.MLNet;

/// <summary>Output column names of <c>LoadLamostSpectrum</c>; null leaves a column out.</summary>
public sealed record LamostSpectrumColumns
{
    /// <summary>Wavelengths in Angstrom (vector of Double). Default <c>Wavelength</c>.</summary>
    public string Wavelength { get; init; } = "Wavelength";

    /// <summary>Flux (vector of Single). Default <c>Flux</c>.</summary>
    public string Flux { get; init; } = "Flux";

    /// <summary>Inverse variance (vector of Single). Default <c>Ivar</c>.</summary>
    public string? Ivar { get; init; } = "Ivar";

    /// <summary>OR mask (vector of Int32). Default <c>OrMask</c>.</summary>
    public string? OrMask { get; init; } = "OrMask";

    /// <summary>g-band SNR from the header's SNRG (Single). Default <c>Snr</c>, the evaluator's SNR column.</summary>
    public string? Snr { get; init; } = SPFusionColumns.Snr;

    /// <summary>OBSID (Int64). Default <c>ObsId</c>.</summary>
    public string? ObsId { get; init; } = "ObsId";
}
