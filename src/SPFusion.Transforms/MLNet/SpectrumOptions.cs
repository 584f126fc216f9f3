using SPFusion.Transforms.Spectra;

namespace SPFusion.Transforms.MLNet;

/// <summary>Decoded spectrum-transform options.</summary>
internal sealed record SpectrumOptions(SpectrumPreparation Preparation, string Source);
