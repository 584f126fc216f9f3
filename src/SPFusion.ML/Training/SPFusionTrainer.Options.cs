using Microsoft.ML;
using SPFusion.ML.Network;
using SPFusion.ML.Persistence;

namespace SPFusion.ML.Training;

public sealed partial class SPFusionTrainer
{
    /// <summary>
    /// Training options: the recipe only (data, comparable, loggable). Defaults are the authors' recipe (ARCHITECTURE.md,
    /// "Training recipe"). The runtime services (context, progress, cancellation) are given to
    /// <c>mlContext.Regression.Trainers.SPFusion(mlContext, options, progress, cancellationToken)</c>.
    /// </summary>
    public sealed record Options
    {
        /// <summary>The options of a named recipe; set further properties with <c>with</c>.</summary>
        public static Options For(TrainingPreset preset) => preset switch
        {
            TrainingPreset.Published => new Options(),
            TrainingPreset.SmallSurvey => new Options
            {
                StandardizeTargets = true,
                StandardizeSpectra = true,
                RecalibrateBatchNorm = true,
                LearningRate = 5e-4,
                ValidationFraction = 0.15,
                AugmentImages = true,
                Network = NetworkOptions.Published with { Dropout = 0, DropPath = 0, ConvNeXtDropout = 0 },
            },
            _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "unknown training preset"),
        };

        /// <summary>Network variant and ablation switches. Default: the published SPFusion configuration.</summary>
        public NetworkOptions Network { get; init; } = NetworkOptions.Published;

        /// <summary>Input and label columns.</summary>
        public TrainingColumns Columns { get; init; } = new();

        /// <summary>Which target becomes ML.NET's <c>Score</c> (what <c>Regression.Evaluate</c>/<c>CrossValidate</c> see). Default mass.</summary>
        public ScoreTarget Score { get; init; } = ScoreTarget.Mass;

        /// <summary>Add the <c>ChannelAttention</c> (96 floats) output column. Default false.</summary>
        public bool OutputChannelAttention { get; init; }

        /// <summary>Add the <c>FusionAttention</c> output column (heads x 96 x 96 floats). Default false.</summary>
        public bool OutputFusionAttention { get; init; }

        /// <summary>
        /// T above 0: the trained model is the Monte Carlo dropout graph of the trained network (T passes with its dropout
        /// and drop-path active, masks seeded with <see cref="Seed"/>; see <see cref="Persistence.SPFusionMonteCarloDropout"/>),
        /// so it outputs <c>MassSigma</c> and <c>AgeSigma</c>. Default 0: the plain network. Needs T of at least 2 and a
        /// network with a dropout rate above 0 (the small-survey preset sets every rate to 0), and excludes the attention
        /// outputs, which the MC graph does not have.
        /// </summary>
        public int MonteCarloDropoutPasses { get; init; }

        /// <summary>Weight of the mass MSE in the loss. Default 100.</summary>
        public double MassLossWeight { get; init; } = 100;

        /// <summary>Weight of the age MSE in the loss. Default 1.</summary>
        public double AgeLossWeight { get; init; } = 1;

        /// <summary>
        /// When above 0, each target's squared error in the loss becomes twice its Huber loss with threshold HuberDelta
        /// times the training labels' standard deviation of that target: the same as the squared error for smaller
        /// residuals, linear beyond, so a few stars with large residuals (spectra at SNR 5) weigh less than in the mean
        /// squared error. Validation and model selection use the same loss. Default 0: the authors' mean squared error.
        /// </summary>
        public double HuberDelta { get; init; }

        /// <summary>
        /// With the heteroscedastic head (<see cref="NetworkOptions.PredictVariance"/>): the log-variance layer's learning
        /// rate as a multiple of <see cref="LearningRate"/>, 30 by default. Adam steps every parameter by about the learning
        /// rate, and that layer's outputs must travel several units in log-variance (from the labels' variance to each
        /// star's error) within a short run. Measured on the synthetic survey (3 folds, 12 epochs, small-survey preset):
        /// at 1 the held-out sigmas stayed near the labels' spread; 30 gave calibrated coverage and MAE 0.0980 / 0.955
        /// against 0.0991 / 1.015 at 10.
        /// </summary>
        public double LogVarianceLearningRateScale { get; init; } = 30;

        /// <summary>
        /// With <see cref="NetworkOptions.PredictVariance"/>: after training, refit the log-variance layer's offset and noise
        /// slope per target on the validation rows (two parameters each, maximum likelihood), because the layer learnt from
        /// training residuals, which the network fits better than unseen ones, most of all at low SNR. Default true; no
        /// effect without the head. Measured on the synthetic survey (3 prepared folds of 900 stars, 12 epochs, the folds'
        /// ensemble on 240 held-out stars): the median sigma of SNR &lt; 20 stars over SNR &gt; 60 stars went from 1.47x /
        /// 1.21x (mass / age) to 1.56x / 1.63x, with calibrated coverage within the Gaussian's on both targets (README).
        /// </summary>
        public bool RefitLogVariance { get; init; } = true;

        /// <summary>Adam learning rate (and the schedule's cycle start). Default 1e-3.</summary>
        public double LearningRate { get; init; } = 1e-3;

        /// <summary>Adam beta1. Default 0.9.</summary>
        public double Beta1 { get; init; } = 0.9;

        /// <summary>Adam beta2. Default 0.999 (PyTorch's; TorchSharp's own default differs).</summary>
        public double Beta2 { get; init; } = 0.999;

        /// <summary>Adam weight decay (L2). Default 1e-4.</summary>
        public double WeightDecay { get; init; } = 1e-4;

        /// <summary>Cosine warm-restart period in epochs. Default 20.</summary>
        public int SchedulePeriod { get; init; } = 20;

        /// <summary>Cycle-length multiplier after each restart. Default 1.</summary>
        public int ScheduleMultiplier { get; init; } = 1;

        /// <summary>Learning rate at the end of each cycle. Default 1e-8.</summary>
        public double MinimumLearningRate { get; init; } = 1e-8;

        /// <summary>Mini-batch size. Default 32.</summary>
        public int BatchSize { get; init; } = 32;

        /// <summary>Epoch budget. Default 150.</summary>
        public int MaxEpochs { get; init; } = 150;

        /// <summary>Epochs without a validation-loss improvement before stopping. Default 40.</summary>
        public int EarlyStoppingPatience { get; init; } = 40;

        /// <summary>Smallest validation-loss decrease that counts as an improvement. Default 0.005.</summary>
        public double EarlyStoppingMinDelta { get; init; } = 0.005;

        /// <summary>Seed for initialisation, shuffling, the validation split and dropout. Default 42.</summary>
        public int Seed { get; init; } = 42;

        /// <summary>Explicit validation rows; when null, <see cref="ValidationFraction"/> of the training rows are held out.</summary>
        public IDataView? ValidationData { get; init; }

        /// <summary>Share of the training rows held out for validation when no validation set is given. Default 0.3 (the paper's 7:3).</summary>
        public double ValidationFraction { get; init; } = 0.3;

        /// <summary>
        /// Initial weights for fine-tuning: the authors' published ONNX file (<c>.onnx</c>) or a checkpoint written by
        /// this package. Null: random initialisation from <see cref="Seed"/>. With the published file and the ConvNeXt 1D
        /// variant, the baseline starts from the release's spectral extractor (the same ConvNeXt 1D) and a seeded new head,
        /// so the two models of a comparison share their starting spectral features.
        /// </summary>
        public string? InitialWeights { get; init; }

        /// <summary>
        /// Start the output layer's bias at the training labels' mean mass and age when training from scratch. Default
        /// true. The authors' recipe keeps PyTorch's default initialisation, which is harmless over 150 epochs but makes a
        /// short run spend its first epochs learning the offsets (about 1.3 Msun and 5 Gyr). Ignored with <see cref="InitialWeights"/>,
        /// except for a baseline started from the published extractor, whose head is new, and with <see cref="ResetOutputLayer"/>.
        /// </summary>
        public bool InitializeOutputBiasFromLabels { get; init; } = true;

        /// <summary>
        /// Train the output layer on standardised targets (z-scores of the training labels' mean and standard deviation)
        /// while the loss stays the recipe's weighted MSE in Msun and Gyr; the scaling is folded into the output layer
        /// after training, so the model predicts physical units and exports as the published architecture. Default false
        /// (the authors' recipe). Adam moves every weight by about the learning rate whatever the target's scale, so with
        /// raw targets the output layer must fit +-0.25 Msun and +-2.5 Gyr with equal steps: on a few hundred stars from
        /// random weights the network collapses to the label means (the README's quick-start diagnosis). Supersedes
        /// <see cref="InitializeOutputBiasFromLabels"/> (the mean is part of the scaling). With <see cref="InitialWeights"/>
        /// the loaded output layer is rewritten to predict the same values as z-scores, so fine-tuning starts unchanged.
        /// </summary>
        public bool StandardizeTargets { get; init; }

        /// <summary>
        /// Recompute every batch norm's running statistics over the training rows after each epoch, with that epoch's
        /// final weights ("precise batch norm"), so validation, model selection and the exported model use statistics
        /// of the weights they evaluate rather than the momentum-0.1 trail of the epoch's steps. Costs one forward pass
        /// over the training rows per epoch (about a quarter of an epoch). Default false (the authors' recipe); on a few
        /// hundred stars an epoch is a few dozen large steps and the trail describes another network.
        /// </summary>
        public bool RecalibrateBatchNorm { get; init; }

        /// <summary>
        /// Standardise each of the 3,584 spectrum pixels with the training rows' mean and standard deviation before the
        /// spectral extractor (<see cref="SpectrumStandardization"/>; computed once before the first epoch, stored with the
        /// weights and exported into the ONNX graph). Default false (the published network reads the min-max spectrum).
        /// Applies to networks trained from random weights: <see cref="InitialWeights"/> keep the standardisation they
        /// were trained with (the identity for the published weights), and the training log says so.
        /// </summary>
        public bool StandardizeSpectra { get; init; }

        /// <summary>
        /// When fine-tuning from <see cref="InitialWeights"/>, replace the final Linear layer by a new one (the seed's
        /// from-scratch weights and bias; the bias then goes to the training label means when <see cref="InitializeOutputBiasFromLabels"/>
        /// is set, the default) and keep everything before it. Default false. Use it
        /// when the labels or the data differ from what the weights were trained on (another survey, synthetic stars):
        /// the old output layer's predictions start far off and the first epochs are spent undoing them.
        /// </summary>
        public bool ResetOutputLayer { get; init; }

        /// <summary>
        /// Average the weights of the last N epochs of the epoch budget (stochastic weight averaging, Izmailov et al.
        /// 2018, over the tail of the cosine cycle) and keep the average instead of the best single epoch when its
        /// validation loss is not higher; batch-norm statistics of the average are recomputed over the training rows when
        /// <see cref="RecalibrateBatchNorm"/> is on, else averaged. Default 0 (the authors' recipe: the best epoch).
        /// A run that stops early before the last N epochs keeps its best epoch.
        /// </summary>
        public int AverageLastEpochs { get; init; }

        /// <summary>
        /// Train on each star's cut-out under a random flip or quarter turn (one of the square's eight symmetries, drawn
        /// per star and epoch from <see cref="Seed"/>); validation and prediction see the cut-outs as they are. Default
        /// false (the authors' recipe); on in <see cref="TrainingPreset.SmallSurvey"/>. A few hundred stars' images can
        /// otherwise be told apart pixel by pixel, which lets the network fit the training labels' noise through the image
        /// branch: on the learning benchmark's 3 folds (828 training stars each, 30 epochs) the test MAE went from 0.0840
        /// Msun and 0.924 Gyr to 0.0796 and 0.878, below the exact ridge's 0.0817 and 0.910 (README).
        /// </summary>
        public bool AugmentImages { get; init; }

        /// <summary>Training device. Default Auto (CUDA when present).</summary>
        public TrainingDevice Device { get; init; } = TrainingDevice.Auto;

        /// <summary>CPU threads for TorchSharp; null keeps libtorch's default.</summary>
        public int? NumberOfThreads { get; init; }

        /// <summary>What to do with rows holding NaN or infinite values. Default: fail naming the row.</summary>
        public InvalidRowHandling InvalidRows { get; init; } = InvalidRowHandling.Fail;

        /// <summary>Folder for the on-disk row cache (deleted after training). Default: the system temp folder.</summary>
        public string? CacheDirectory { get; init; }

        /// <summary>Folder for per-epoch checkpoints (weights, optimiser, schedule and RNG state); null writes none.</summary>
        public string? CheckpointDirectory { get; init; }

        /// <summary>
        /// Also save the kept (best) weights here as a TorchSharp checkpoint, for <see cref="InitialWeights"/> and
        /// <c>spfusion export-onnx --from</c>. Null: not saved (the ONNX graph inside the model holds them).
        /// </summary>
        public string? SaveWeightsTo { get; init; }

        /// <summary>Continue from the last checkpoint in <see cref="CheckpointDirectory"/> when there is one.</summary>
        public bool Resume { get; init; }

        /// <summary>Checks the options; throws naming the first bad one.</summary>
        public void Validate()
        {
            Network.Validate();
            ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
            ArgumentOutOfRangeException.ThrowIfLessThan(MaxEpochs, 1, nameof(MaxEpochs));
            ArgumentOutOfRangeException.ThrowIfLessThan(EarlyStoppingPatience, 1, nameof(EarlyStoppingPatience));
            ArgumentOutOfRangeException.ThrowIfNegative(EarlyStoppingMinDelta, nameof(EarlyStoppingMinDelta));
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate, nameof(LearningRate));
            ArgumentOutOfRangeException.ThrowIfLessThan(SchedulePeriod, 1, nameof(SchedulePeriod));
            ArgumentOutOfRangeException.ThrowIfNegative(AverageLastEpochs, nameof(AverageLastEpochs));
            if (!(HuberDelta >= 0 && double.IsFinite(HuberDelta)))
                throw new ArgumentOutOfRangeException(nameof(HuberDelta), HuberDelta, "must be a finite number of at least 0");
            if (!(LogVarianceLearningRateScale > 0 && double.IsFinite(LogVarianceLearningRateScale)))
                throw new ArgumentOutOfRangeException(nameof(LogVarianceLearningRateScale), LogVarianceLearningRateScale, "must be a finite number > 0");
            if (HuberDelta > 0 && Network.PredictVariance)
                throw new ArgumentException($"{nameof(HuberDelta)} and Network.{nameof(NetworkOptions.PredictVariance)} are two different losses; a heteroscedastic head trains under the Gaussian likelihood", nameof(HuberDelta));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(AverageLastEpochs, MaxEpochs, nameof(AverageLastEpochs));
            ArgumentOutOfRangeException.ThrowIfLessThan(ScheduleMultiplier, 1, nameof(ScheduleMultiplier));
            if (!(ValidationFraction > 0 && ValidationFraction < 1))
                throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "must lie in (0, 1)");
            if (NumberOfThreads is < 1) throw new ArgumentOutOfRangeException(nameof(NumberOfThreads), NumberOfThreads, "must be at least 1");
            if (Network.Variant != NetworkVariant.SPFusion && OutputChannelAttention)
                throw new ArgumentException($"{nameof(OutputChannelAttention)} needs the SPFusion variant: the {Network.Variant} baseline has no channel attention", nameof(OutputChannelAttention));
            if (Network.Variant != NetworkVariant.SPFusion && OutputFusionAttention)
                throw new ArgumentException($"{nameof(OutputFusionAttention)} needs the SPFusion variant: the {Network.Variant} baseline has no fusion attention", nameof(OutputFusionAttention));
            if (Resume && CheckpointDirectory is null) throw new ArgumentException("Resume needs a CheckpointDirectory", nameof(Resume));
            if (MonteCarloDropoutPasses != 0)
            {
                if (MonteCarloDropoutPasses < 2)
                    throw new ArgumentOutOfRangeException(nameof(MonteCarloDropoutPasses), MonteCarloDropoutPasses, "Monte Carlo dropout needs at least 2 passes (0: off)");
                if (OutputChannelAttention || OutputFusionAttention)
                    throw new ArgumentException("the Monte Carlo dropout graph has no attention outputs; train without them", nameof(MonteCarloDropoutPasses));
                if (Onnx.Uncertainty.MonteCarloDropoutGraph.NoDropoutReason(Network) is { } reason)
                    throw new ArgumentException(reason, nameof(MonteCarloDropoutPasses));
            }
        }
    }
}
