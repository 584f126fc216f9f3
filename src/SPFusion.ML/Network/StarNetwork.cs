using SPFusion.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// Common base of the networks the trainer and exporter handle: forward takes the photometric cut-outs
/// [N,3,128,128] and the spectrum [N,1,3584] (both min-max normalised) and returns a <see cref="NetworkOutput"/>.
/// Single-modality networks accept and ignore the other tensor (which may then be empty) so one training loop serves
/// every variant.
/// </summary>
public abstract class StarNetwork : nn.Module<Tensor, Tensor, NetworkOutput>
{
    /// <summary>Targets predicted: mass and age.</summary>
    public const int Targets = 2;

    /// <summary>Passes the module name to TorchSharp.</summary>
    protected StarNetwork(string name, NetworkOptions options) : base(name)
    {
        Options = options;
    }

    /// <summary>The configuration the network was built from.</summary>
    public NetworkOptions Options { get; }

    /// <summary>True when forward reads the photometric input.</summary>
    public abstract bool UsesPhotometry { get; }

    /// <summary>True when forward reads the spectrum input (false only for the image-only ResNet10-T).</summary>
    public virtual bool UsesSpectrum => true;

    /// <summary>The final Linear layer whose two outputs are (mass, age); the trainer seeds its bias with the label means.</summary>
    public abstract TorchSharp.Modules.Linear OutputLayer { get; }

    /// <summary>
    /// The heteroscedastic head's layer whose two outputs are the log-variances of mass and age, in the same units as
    /// <see cref="OutputLayer"/>'s outputs squared; null for networks without one (<see cref="NetworkOptions.PredictVariance"/>).
    /// </summary>
    internal virtual TorchSharp.Modules.Linear? LogVarianceLayer => null;

    /// <summary>
    /// The per-pixel standardisation in front of the spectral extractor (the identity unless training set it); null for
    /// a network that reads no spectrum.
    /// </summary>
    public abstract SpectrumStandardization? SpectrumStandardization { get; }

    /// <summary>Trainable parameters (all parameters with <c>requires_grad</c>).</summary>
    public long TrainableParameterCount() => parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    /// <summary>
    /// Makes every dropout and drop-path layer draw from <paramref name="generator"/> (null: libtorch's default), so a
    /// training run's random stream is its own whatever else the process does with libtorch.
    /// </summary>
    public void UseRandomSource(Generator? generator)
    {
        foreach (var layer in modules().OfType<RandomDropLayer>()) layer.Random = generator;
    }

    /// <summary>Saves the weights and batch-norm statistics (TorchSharp state-dict format).</summary>
    public void SaveWeights(string path) => save(path);

    /// <summary>Loads weights saved by <see cref="SaveWeights"/> into a network built with the same options.</summary>
    public void LoadWeights(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"weights file not found: {path}", path);
        try
        {
            load(path, strict: true);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: not a weights file for this network configuration ({ex.Message})", ex);
        }
    }

    /// <summary>Checks the shapes of the inputs the network reads; names the input at fault.</summary>
    protected void ValidateInputs(Tensor photometric, Tensor spectrum)
    {
        ArgumentNullException.ThrowIfNull(photometric);
        ArgumentNullException.ThrowIfNull(spectrum);
        if (UsesSpectrum && (spectrum.dim() != 3 || spectrum.shape[1] != 1 || spectrum.shape[2] != SPFusionShapes.SpectrumLength))
            throw new ArgumentException($"spectrum input must be [N,1,{SPFusionShapes.SpectrumLength}], got [{string.Join(",", spectrum.shape)}]", nameof(spectrum));
        if (!UsesPhotometry) return;
        if (photometric.dim() != 4 || photometric.shape[1] != SPFusionShapes.Bands
            || photometric.shape[2] != SPFusionShapes.ImageSize || photometric.shape[3] != SPFusionShapes.ImageSize)
            throw new ArgumentException($"photometric input must be [N,{SPFusionShapes.Bands},{SPFusionShapes.ImageSize},{SPFusionShapes.ImageSize}], got [{string.Join(",", photometric.shape)}]", nameof(photometric));
        if (UsesSpectrum && photometric.shape[0] != spectrum.shape[0])
            throw new ArgumentException($"photometric batch {photometric.shape[0]} differs from spectrum batch {spectrum.shape[0]}", nameof(photometric));
    }
}
