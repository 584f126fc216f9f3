namespace SPFusion.ML.Onnx.Export;

/// <summary>Keys of the model-level metadata the exporter writes (ONNX Runtime: <c>ModelMetadata.CustomMetadataMap</c>).</summary>
internal static class OnnxMetadataKeys
{
    /// <summary>Version of the SPFusion package that wrote the file.</summary>
    public const string PackageVersion = "spfusion.package_version";

    /// <summary>The network configuration, JSON of <c>NetworkOptions</c>.</summary>
    public const string NetworkOptions = "spfusion.network_options";

    /// <summary>Where the weights came from.</summary>
    public const string WeightsSource = "spfusion.weights_source";

    /// <summary>Training summary: epochs.</summary>
    public const string TrainingEpochs = "spfusion.training.epochs";

    /// <summary>Training summary: best validation loss.</summary>
    public const string TrainingBestValidationLoss = "spfusion.training.best_validation_loss";

    /// <summary>Training summary: training split size.</summary>
    public const string TrainingSamples = "spfusion.training.training_samples";

    /// <summary>Training summary: validation split size.</summary>
    public const string ValidationSamples = "spfusion.training.validation_samples";

    /// <summary>How the <c>spectrum</c> input must be prepared.</summary>
    public const string SpectrumPreparation = "spfusion.input.spectrum";

    /// <summary>How the <c>photometric</c> input must be prepared.</summary>
    public const string PhotometricPreparation = "spfusion.input.photometric";

    /// <summary>What the outputs hold.</summary>
    public const string Outputs = "spfusion.outputs";

    /// <summary>The factors the total sigma was multiplied by after fitting on validation stars ("mass=F;age=F").</summary>
    public const string SigmaCalibration = "spfusion.sigma_calibration";
}
