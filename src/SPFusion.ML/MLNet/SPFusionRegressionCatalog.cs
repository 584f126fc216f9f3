using Microsoft.ML;
using SPFusion.ML.Training;

namespace SPFusion.ML.MLNet;

/// <summary><c>mlContext.Regression.Trainers.SPFusion(...)</c>: the SPFusion trainer in ML.NET's catalog.</summary>
public static class SPFusionRegressionCatalog
{
    /// <summary>
    /// The SPFusion trainer with the given options (defaults: the authors' recipe). Progress goes to
    /// <see cref="SPFusionTrainer.Options.Progress"/> and, when <see cref="SPFusionTrainer.Options.Context"/> is set, to that context's log.
    /// </summary>
    public static SPFusionTrainer SPFusion(this RegressionCatalog.RegressionTrainers catalog, SPFusionTrainer.Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SPFusionTrainer(options);
    }

    /// <summary>
    /// The SPFusion trainer logging to <paramref name="mlContext"/> and honouring its <c>GpuDeviceId</c> and
    /// <c>FallbackToCpu</c> (ML.NET's catalogs do not expose their context to third-party trainers).
    /// </summary>
    public static SPFusionTrainer SPFusion(this RegressionCatalog.RegressionTrainers catalog, MLContext mlContext, SPFusionTrainer.Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(mlContext);
        return new SPFusionTrainer((options ?? new SPFusionTrainer.Options()) with { Context = mlContext });
    }
}
