namespace SPFusion.Transforms.Images;

/// <summary>How a star's g/r/i cut-out is made; defaults are the paper's (128 x 128, stars near an edge refused).</summary>
public sealed record StarCutoutOptions
{
    /// <summary>Cut-out side in g-frame pixels. Default 128.</summary>
    public int Size { get; init; } = SPFusionShapes.ImageSize;

    /// <summary>Behaviour when the cut-out leaves a frame. Default <see cref="CutoutEdgePolicy.Throw"/>.</summary>
    public CutoutEdgePolicy EdgePolicy { get; init; } = CutoutEdgePolicy.Throw;
}
