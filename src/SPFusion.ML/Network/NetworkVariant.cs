namespace SPFusion.ML.Network;

/// <summary>Which network <see cref="NetworkFactory"/> builds (docs/BASELINES.md describes the comparison networks).</summary>
public enum NetworkVariant
{
    /// <summary>The two-modality SPFusion network (the paper's model).</summary>
    SPFusion,

    /// <summary>
    /// SPFusion's spectral branch as a stand-alone spectrum-only network: its ConvNeXt 1D extractor (which the published
    /// weights can initialise) and a small convolutional head, 566,850 parameters. Not the paper's ConvNeXt 1D
    /// comparison network; that is <see cref="ConvNeXt1DPaper"/>.
    /// </summary>
    ConvNeXt1D,

    /// <summary>The paper's ConvNeXt 1D comparison network as its authors' group publishes it (four stages, flatten head), 568,338 parameters.</summary>
    ConvNeXt1DPaper,

    /// <summary>RAC-Net (Zou et al. 2020), spectrum only, 756,354 parameters.</summary>
    RacNet,

    /// <summary>SSCNN (Liu et al. 2019), spectrum only; 746,954 parameters at the default hidden width 88 (<see cref="NetworkOptions.SscnnHiddenWidth"/>).</summary>
    Sscnn,

    /// <summary>timm's ResNet10-T with a two-layer regression head, image only; 4,947,210 parameters at the default head width 48.</summary>
    ResNet10T,
}
