using Microsoft.ML;
using Microsoft.ML.Runtime;
using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Onnx.Import;
using SPFusion.ML.Onnx.Uncertainty;
using SPFusion.ML.Persistence;
using SPFusion.ML.Runtime;
using SPFusion.Transforms;
using SPFusion.Transforms.Datasets;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Training;

/// <summary>
/// The SPFusion estimator: trains the network with TorchSharp on the <c>Spectrum</c> and <c>Photometry</c> columns
/// against the <c>Mass</c> and <c>Age</c> labels, then exports the best weights to ONNX and returns a model built on
/// ML.NET's OnnxTransformer with <c>PredictedMass</c>, <c>PredictedAge</c> and <c>Score</c> columns.
/// </summary>
public sealed partial class SPFusionTrainer : IEstimator<SPFusionPredictionTransformer>
{
    private readonly Options _options;
    private readonly MLContext _context;
    private readonly IProgress<EpochReport>? _progress;
    private readonly CancellationToken _cancellation;

    /// <summary>Created by <c>mlContext.Regression.Trainers.SPFusion(mlContext, ...)</c>.</summary>
    internal SPFusionTrainer(MLContext mlContext, Options? options, IProgress<EpochReport>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        _context = mlContext;
        _options = options ?? new Options();
        _options.Validate();
        _progress = progress;
        _cancellation = cancellationToken;
    }

    /// <summary>The options this trainer was created with.</summary>
    public Options TrainerOptions => _options;

    private bool UsesPhotometry => NetworkVariants.UsesPhotometry(_options.Network.Variant);

    private bool UsesSpectrum => NetworkVariants.UsesSpectrum(_options.Network.Variant);

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var c = _options.Columns;
        if (UsesSpectrum) TrainingSchema.Vector(inputSchema, c.Spectrum, SPFusionShapes.SpectrumLength);
        if (UsesPhotometry) TrainingSchema.Vector(inputSchema, c.Photometry, SPFusionShapes.PhotometryLength);
        TrainingSchema.Scalar(inputSchema, c.Mass);
        TrainingSchema.Scalar(inputSchema, c.Age);

        // SchemaShape.Column has no public constructor: let built-in estimators add columns of the right kinds.
        var ml = _context;
        IEstimator<ITransformer> shape = ml.Transforms.CopyColumns(SPFusionColumns.PredictedMass, c.Mass)
            .Append(ml.Transforms.CopyColumns(SPFusionColumns.PredictedAge, c.Age))
            .Append(ml.Transforms.CopyColumns(SPFusionColumns.Score, c.Mass));
        if (_options.OutputChannelAttention) shape = shape.Append(ml.Transforms.CopyColumns(SPFusionColumns.ChannelAttention, c.Spectrum));
        if (_options.OutputFusionAttention) shape = shape.Append(ml.Transforms.CopyColumns(SPFusionColumns.FusionAttention, c.Spectrum));
        return shape.GetOutputSchema(inputSchema);
    }

    /// <summary>Trains on <paramref name="input"/> (streamed once into an on-disk row cache) and returns the model.</summary>
    public SPFusionPredictionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = _options;
        var c = o.Columns;
        // Schema and weights errors first, before any pass over the data.
        CheckSchema(input.Schema, dataSet: null);
        if (o.ValidationData is { } v) CheckSchema(v.Schema, nameof(Options.ValidationData));
        // Built before the row cache: missing or incompatible initial weights fail now, not after decoding every row.
        using var network = CreateNetwork();

        using var channel = ((IHostEnvironment)_context).Register("SPFusion").Start("Training");
        void Log(string message) => channel.Info(MessageSensitivity.None, message);

        var device = DeviceSelector.Resolve(o.Device, _context.GpuDeviceId, _context.FallbackToCpu, Log);
        string cacheDir = o.CacheDirectory ?? Path.GetTempPath();
        var skipped = new List<SkippedRow>();

        using var all = StarRowCache.Build(input, c, UsesPhotometry, o.InvalidRows, cacheDir, skipped, _cancellation, isValidationData: false, withSpectrum: UsesSpectrum);
        ReportSkipped(skipped, Log);
        StarRowCache train, validation;
        IDisposable? ownedValidation = null;
        if (o.ValidationData is { } validationData)
        {
            train = all;
            var validationSkipped = new List<SkippedRow>();
            validation = StarRowCache.Build(validationData, c, UsesPhotometry, o.InvalidRows, cacheDir, validationSkipped, _cancellation, isValidationData: true, withSpectrum: UsesSpectrum);
            ownedValidation = validation;
            ReportSkipped(validationSkipped, m => Log("validation " + m));
            skipped.AddRange(validationSkipped);
        }
        else
        {
            (train, validation) = SplitCache(all);
            ownedValidation = new CompositeDisposable(train, validation);
        }
        using (ownedValidation)
        {
            if (train.Count == 0) throw new InvalidDataException("no training rows (after skipping invalid rows)");
            if (validation.Count == 0) throw new InvalidDataException("no validation rows; give more rows or a ValidationData set");
            Log($"training {o.Network.Variant} on {train.Count} rows, validating on {validation.Count}, device {device}");

            if (o.InitialWeights is not null && o.ResetOutputLayer && !HasFreshHead(o))
            {
                // The layer a from-scratch run of this seed would start with, so the new layer is reproducible; its bias is
                // replaced by the label means below when InitializeOutputBiasFromLabels is set.
                using var fresh = NetworkFactory.Create(o.Network, o.Seed);
                using (no_grad())
                {
                    network.OutputLayer.weight!.copy_(fresh.OutputLayer.weight!);
                    network.OutputLayer.bias!.copy_(fresh.OutputLayer.bias!);
                }
                Log($"output layer replaced by a new one (seed {o.Seed}) on the weights of {Path.GetFileName(o.InitialWeights)}");
            }
            bool freshOutputLayer = o.InitialWeights is null || HasFreshHead(o) || o.ResetOutputLayer;
            using var scaling = o.StandardizeTargets ? TargetScaling.For(train.LabelMoments(), device) : null;
            if (scaling is not null)
            {
                var m = train.LabelMoments();
                // A layer that already predicts physical units (fine-tuning) is rewritten to predict the same values as z-scores.
                if (!freshOutputLayer) scaling.UnfoldFrom(network.OutputLayer);
                Log($"targets standardised for training: mass {m.MeanMass:0.000} +- {m.StdMass:0.000} Msun, age {m.MeanAge:0.000} +- {m.StdAge:0.000} Gyr " +
                    "(folded into the output layer afterwards)");
            }
            else if (o.InitializeOutputBiasFromLabels && freshOutputLayer)
            {
                var (mass, age) = train.LabelMeans();
                using var means = tensor(new[] { (float)mass, (float)age });
                using (no_grad()) network.OutputLayer.bias!.copy_(means);
                Log($"output bias set to the training label means: mass {mass:0.000} Msun, age {age:0.000} Gyr");
            }
            if (network.LogVarianceLayer is { } logVariance) PrepareLogVariance(logVariance, scaling, train.LabelMoments(), Log);
            if (o.StandardizeSpectra) StandardizeSpectra(network, train, Log);
            network.to(device);
            var history = new TrainingLoop(o, device, Log, _progress, _cancellation).Run(network, train, validation, skipped, scaling);
            network.to(CPU);
            network.eval();
            if (o.RefitLogVariance && o.Network.PredictVariance) LogVarianceRefit.Apply(network, validation, o.BatchSize, Log);
            // Atomic like every output: a failed or killed save leaves an earlier weights file as it was.
            if (o.SaveWeightsTo is { } weightsPath) AtomicFile.WriteVia(weightsPath, network.SaveWeights);
            var metadata = new OnnxExportMetadata
            {
                Training = new OnnxTrainingSummary(history.Epochs.Count, history.BestValidationLoss, history.TrainCount, history.ValidationCount),
                WeightsSource = o.InitialWeights is { } w ? $"fine-tuned from {Path.GetFileName(w)}" : "trained from scratch",
            };
            byte[] onnx = o.MonteCarloDropoutPasses > 0
                ? MonteCarloDropoutGraph.Export(network, o.MonteCarloDropoutPasses, o.Seed, metadata)
                : OnnxExporter.ExportToBytes(network, metadata);
            var modelOptions = new SPFusionModelOptions
            {
                SpectrumColumn = c.Spectrum,
                PhotometryColumn = c.Photometry,
                Score = o.Score,
                IncludeChannelAttention = o.OutputChannelAttention,
                IncludeFusionAttention = o.OutputFusionAttention,
                GpuDeviceId = device.type == DeviceType.CUDA ? device.index : null,
                FallbackToCpu = _context.FallbackToCpu,
            };
            string modelFile = TemporaryModelFiles.Write(onnx);
            var chain = OnnxPipelineComposer.Compose(_context, onnx, "trained SPFusion network", modelOptions, modelFile).Fit(input);
            return new SPFusionPredictionTransformer(chain, onnx, o.Network, history, modelFile);
        }
    }

    /// <summary>
    /// A log-variance layer that comes with the weights (a checkpoint of a heteroscedastic network) is rewritten to the
    /// training units like the output layer; a new one (random start, the published file, which has none, or a reset
    /// output layer) starts at a constant: zero weights and the log of the training labels' variance, so every star
    /// starts with the error of the mean label and the first steps' likelihood is finite.
    /// </summary>
    private void PrepareLogVariance(TorchSharp.Modules.Linear logVariance, TargetScaling? scaling, LabelMoments moments, Action<string> log)
    {
        var o = _options;
        bool fresh = o.InitialWeights is null || ModelFileKind.IsOnnx(o.InitialWeights) || o.ResetOutputLayer;
        if (!fresh)
        {
            scaling?.UnfoldLogVarianceFrom(logVariance);
            return;
        }
        // In z-scores the labels' variance is 1.
        float[] start = scaling is not null ? [0f, 0f] : [(float)(2 * Math.Log(moments.MassSpread)), (float)(2 * Math.Log(moments.AgeSpread))];
        using var bias = tensor(start);
        using (no_grad())
        {
            logVariance.weight!.zero_();
            logVariance.bias!.copy_(bias);
        }
        log(FormattableString.Invariant($"heteroscedastic head: log-variance layer starts at the training labels' variance (mass sigma {moments.StdMass:0.000} Msun, age sigma {moments.StdAge:0.000} Gyr)"));
    }

    private void StandardizeSpectra(StarNetwork network, StarRowCache train, Action<string> log)
    {
        if (network.SpectrumStandardization is not { } standardization)
        {
            // A preset may ask for it; an image-only network has nothing to standardise.
            log($"spectra not standardised: the {_options.Network.Variant} network reads no spectrum");
            return;
        }
        if (_options.InitialWeights is { } weights)
        {
            // Standardising under pretrained weights would feed their stem inputs it never saw.
            log(standardization.IsIdentity
                ? $"spectra not standardised: the initial weights {Path.GetFileName(weights)} read the min-max spectrum"
                : $"spectra standardised with the statistics stored in {Path.GetFileName(weights)}");
            return;
        }
        var (mean, std) = train.SpectrumMoments();
        standardization.SetMoments(mean, std);
        log($"spectra standardised per pixel with the {train.Count} training rows' mean and standard deviation (exported with the network)");
    }

    private StarNetwork CreateNetwork()
    {
        if (_options.InitialWeights is not { } path) return NetworkFactory.Create(_options.Network, _options.Seed);
        if (ModelFileKind.IsOnnx(path))
        {
            if (_options.Network.HasPublishedLayout) return PublishedOnnxImporter.Load(path, _options.Network);
            if (IsBaseline(_options.Network)) return PublishedOnnxImporter.LoadSpectralBaseline(path, _options.Seed, _options.Network);
            throw new ArgumentException($"initial weights {path} are the published SPFusion configuration; Network options must be the published ones " +
                "(or the published ones with Variant = ConvNeXt1D, which takes the release's spectral extractor); the other comparison networks start from " +
                "random weights or from a checkpoint of their own");
        }
        var network = NetworkFactory.Create(_options.Network, _options.Seed);
        network.LoadWeights(path);
        return network;
    }

    /// <summary>
    /// Any baseline can start from the release's spectral extractor: the baseline ignores every fusion option, and its
    /// only own option (ConvNeXt dropout) does not change the weights. Its head is new (the release has no baseline head).
    /// </summary>
    private static bool IsBaseline(NetworkOptions network) => network.Variant == NetworkVariant.ConvNeXt1D;

    private static bool HasFreshHead(Options o) =>
        o.InitialWeights is { } w && ModelFileKind.IsOnnx(w) && IsBaseline(o.Network);

    private void CheckSchema(DataViewSchema schema, string? dataSet)
    {
        var c = _options.Columns;
        if (UsesSpectrum) TrainingSchema.Vector(schema, c.Spectrum, SPFusionShapes.SpectrumLength, dataSet);
        if (UsesPhotometry) TrainingSchema.Vector(schema, c.Photometry, SPFusionShapes.PhotometryLength, dataSet);
        TrainingSchema.Scalar(schema, c.Mass, dataSet);
        TrainingSchema.Scalar(schema, c.Age, dataSet);
    }

    private (StarRowCache Train, StarRowCache Validation) SplitCache(StarRowCache all)
    {
        // A seeded permutation decides which rows validate; both halves are views of the one cache file.
        var order = Enumerable.Range(0, all.Count).ToArray();
        new Random(SeedMix.Combine(_options.Seed, 0x2545F491)).Shuffle(order);
        int validationCount = (int)Math.Round(all.Count * _options.ValidationFraction);
        var validationRows = order[..validationCount];
        var trainRows = order[validationCount..];
        Array.Sort(validationRows);
        Array.Sort(trainRows);
        return (all.Subset(trainRows), all.Subset(validationRows));
    }

    private static void ReportSkipped(IReadOnlyList<SkippedRow> skipped, Action<string> log)
    {
        if (skipped.Count == 0) return;
        log($"skipped {skipped.Count} row(s) with non-finite values: " +
            string.Join("; ", skipped.Take(10).Select(s => $"row {s.Row}{(s.Id is null ? "" : $" ({s.Id})")}: {s.Reason}")) +
            (skipped.Count > 10 ? "; ..." : ""));
    }

    private sealed class CompositeDisposable(params IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items) item.Dispose();
        }
    }
}
