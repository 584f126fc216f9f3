using Microsoft.ML;
using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Uncertainty;

namespace SPFusion.ML.Persistence;

/// <summary>
/// Monte Carlo dropout: a trained or published network (e.g. from <see cref="Onnx.Import.PublishedOnnxImporter.Load(string)"/>
/// or a checkpoint) written as one ONNX graph that runs T passes with the network's dropout and drop-path active at its own
/// rates (batch norm in evaluation mode) and outputs the passes' mean as <c>prediction</c> and their sample standard
/// deviation as <c>prediction_sigma</c> (and <c>dropout_sigma</c>). Loaded like any model, it gives <c>PredictedMass</c>
/// and <c>PredictedAge</c> (the means) plus <c>MassSigma</c> and <c>AgeSigma</c>.
/// </summary>
/// <remarks>
/// The dropout masks are constants in the graph, drawn once per pass from a generator seeded with the seed and shared by
/// every star of a batch, so a star's estimate and sigma depend only on (network, passes, seed), never on the other stars
/// of its batch or on call order; in each pass every star still sees an independent Bernoulli mask, so its T predictions
/// follow training-time dropout. Inference costs at most T times one pass (less: ONNX Runtime computes what comes before
/// the first dropout, SPFusion's photometric branch, once). Networks without a dropout or drop-path layer of
/// nonzero rate (RAC-Net, SSCNN, ResNet10-T, or every rate set to 0) are refused.
/// </remarks>
public static class SPFusionMonteCarloDropout
{
    /// <summary>The MC dropout graph of <paramref name="network"/> as ONNX bytes (no attention outputs).</summary>
    /// <param name="network">SPFusion or a ConvNeXt 1D comparison network; it is left in the mode it was in.</param>
    /// <param name="passes">T, at least 2.</param>
    /// <param name="seed">Seed of the masks: the same seed gives the same bytes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="passes"/> is below 2.</exception>
    /// <exception cref="ArgumentException">The network has no dropout or drop-path layer of nonzero rate.</exception>
    public static byte[] Export(StarNetwork network, int passes, int seed) => MonteCarloDropoutGraph.Export(network, passes, seed);

    /// <summary>
    /// Writes the MC dropout graph of <paramref name="network"/> as a model zip (atomically), loadable with
    /// <see cref="SPFusionModelFile.Load(MLContext, string)"/>, runnable with <see cref="SPFusionBatchPredictor.FromModelZip"/>
    /// and by <c>spfusion predict</c>.
    /// </summary>
    /// <param name="mlContext">The context the zip is composed and saved with.</param>
    /// <param name="network">SPFusion or a ConvNeXt 1D comparison network.</param>
    /// <param name="zipPath">The model zip to write.</param>
    /// <param name="passes">T, at least 2; 20 by default.</param>
    /// <param name="seed">Seed of the masks.</param>
    /// <param name="options">Input column names and Score target of the saved model; null: the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="passes"/> is below 2.</exception>
    /// <exception cref="ArgumentException">The network has no dropout or drop-path layer of nonzero rate.</exception>
    public static void Save(MLContext mlContext, StarNetwork network, string zipPath, int passes = 20, int seed = 42, SPFusionModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(zipPath);
        OnnxModelZip.Save(mlContext, MonteCarloDropoutGraph.Export(network, passes, seed), zipPath, options, input: null);
    }
}
