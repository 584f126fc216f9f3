using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// The regression head: squeeze-excitation channel weights a, then
/// <c>y = Linear 32->2 (mean over length (BN(Conv1d 96->32 k7 "same" (x · a))))</c>; y = (mass, age).
/// Field names (<c>se_blk</c>, <c>conv_blk</c>, <c>out_linear</c>) are the authors' <c>classification_head</c>'s. The
/// heteroscedastic head adds <c>log_variance</c>, a second Linear 33->2 on the same pooled features and the spectrum's
/// noise level (<see cref="SpectrumNoise"/>).
/// </summary>
internal sealed class SEHead : nn.Module<Tensor, (Tensor Prediction, Tensor ChannelWeights, Tensor? LogVariance)>
{
#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly SqueezeExcitation se_blk;
    internal readonly ConvBnSequence conv_blk;
    internal readonly Linear out_linear;
    internal readonly Linear? log_variance;
#pragma warning restore IDE1006

    /// <summary>
    /// Creates the head for <paramref name="channels"/> input channels and <paramref name="targets"/> outputs, with the
    /// log-variance layer when <paramref name="predictVariance"/> is set.
    /// </summary>
    public SEHead(long channels, long hiddenChannels, long targets, bool predictVariance = false) : base(nameof(SEHead))
    {
        se_blk = new SqueezeExcitation(channels, channels / 16);
        conv_blk = new ConvBnSequence(channels, hiddenChannels, 7, 1, withNorm: true);
        out_linear = nn.Linear(hiddenChannels, targets);
        if (predictVariance) log_variance = nn.Linear(hiddenChannels + 1, targets);
        RegisterComponents();
    }

    /// <summary>The channel attention.</summary>
    public SqueezeExcitation ChannelAttention => se_blk;

    /// <summary>The convolution and its batch norm.</summary>
    public ConvBnSequence ConvBlock => conv_blk;

    /// <summary>The output layer.</summary>
    public Linear Output => out_linear;

    /// <summary>The log-variance layer of the heteroscedastic head; null without it.</summary>
    public Linear? LogVariance => log_variance;

    /// <summary>Returns the prediction [N,targets] and the channel weights [N,C]; no log-variances (they need the spectrum).</summary>
    public override (Tensor Prediction, Tensor ChannelWeights, Tensor? LogVariance) forward(Tensor input) => forward(input, null);

    /// <summary>
    /// Returns the prediction [N,targets], the channel weights [N,C] and, with the heteroscedastic head and
    /// <paramref name="spectrumNoise"/> ([N,1] from <see cref="SpectrumNoise.LogLevel"/>), the log-variances [N,targets].
    /// </summary>
    public (Tensor Prediction, Tensor ChannelWeights, Tensor? LogVariance) forward(Tensor input, Tensor? spectrumNoise)
    {
        using var scope = NewDisposeScope();
        var weights = se_blk.forward(input);
        var features = conv_blk.forward(input * weights.unsqueeze(-1));
        var pooled = features.mean([-1]);
        var prediction = out_linear.forward(pooled);
        var logVariance = log_variance is not null && spectrumNoise is not null ? log_variance.forward(cat([pooled, spectrumNoise], 1)) : null;
        return (prediction.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope(), logVariance?.MoveToOuterDisposeScope());
    }
}
