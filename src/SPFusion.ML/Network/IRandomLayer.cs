using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// A layer that draws random numbers in training (dropout, drop-path). The trainer hands every such layer its own
/// generator so a run's random stream cannot be consumed by other work in the process; without one the layer uses
/// libtorch's process-wide default generator, as TorchSharp's own layers do.
/// </summary>
public interface IRandomLayer
{
    /// <summary>Generator for the training-time draws; null means libtorch's default generator.</summary>
    Generator? Random { get; set; }
}
