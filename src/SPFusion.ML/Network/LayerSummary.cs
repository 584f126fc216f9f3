namespace SPFusion.ML.Network;

/// <summary>One row of a network summary: a top-level layer, its output shape for one sample and its parameters.</summary>
/// <param name="Name">The layer's module path (the authors' names).</param>
/// <param name="OutputShape">Output shape without the batch axis.</param>
/// <param name="Parameters">Trainable parameters the layer owns.</param>
public sealed record LayerSummary(string Name, long[] OutputShape, long Parameters);
