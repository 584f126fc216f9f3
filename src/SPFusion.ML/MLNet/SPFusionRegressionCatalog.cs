using Microsoft.ML;
using SPFusion.ML.Training;

namespace SPFusion.ML.MLNet;

/// <summary><c>mlContext.Regression.Trainers.SPFusion(mlContext, ...)</c>: the SPFusion trainer in ML.NET's catalog.</summary>
public static class SPFusionRegressionCatalog
{
    /// <summary>
    /// The SPFusion trainer with the given recipe (defaults: the authors' recipe), working in <paramref name="mlContext"/>:
    /// one line per epoch to its log, its <c>GpuDeviceId</c> and <c>FallbackToCpu</c> for the device, its ONNX settings
    /// for the returned model. The context is an argument because ML.NET's catalogs do not expose theirs to third-party
    /// code (<c>CatalogUtils</c> is internal).
    /// </summary>
    /// <param name="catalog">The regression trainers catalog (of <paramref name="mlContext"/>).</param>
    /// <param name="mlContext">The context the trainer logs to and builds its model in.</param>
    /// <param name="options">The training recipe; null: the authors' recipe.</param>
    /// <param name="progress">Receives each epoch's report while <c>Fit</c> runs.</param>
    /// <param name="cancellationToken">Cancels <c>Fit</c> within one batch.</param>
    public static SPFusionTrainer SPFusion(this RegressionCatalog.RegressionTrainers catalog, MLContext mlContext, SPFusionTrainer.Options? options = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(mlContext);
        return new SPFusionTrainer(mlContext, options, progress, cancellationToken);
    }
}
