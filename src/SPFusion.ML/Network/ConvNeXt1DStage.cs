using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// One stage of the spectral extractor: three ConvNeXt blocks, a channel LayerNorm and (except in the last stage)
/// a kernel-2 stride-2 down-sampling convolution. Mirrors the authors' <c>extractor.i</c> (<c>blocks</c>, <c>ln</c>, <c>down_sample</c>).
/// </summary>
internal sealed class ConvNeXt1DStage : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly ModuleList<ConvNeXt1DBlock> blocks;
    internal readonly ChannelLayerNorm ln;
    internal readonly Conv1d? down_sample;
#pragma warning restore IDE1006

    /// <summary>Creates a stage on <paramref name="channels"/> channels; <paramref name="outChannels"/> null means no down-sampling.</summary>
    public ConvNeXt1DStage(long channels, long? outChannels, int depth, double dropout) : base(nameof(ConvNeXt1DStage))
    {
        blocks = new ModuleList<ConvNeXt1DBlock>(Enumerable.Range(0, depth).Select(_ => new ConvNeXt1DBlock(channels, dropout)).ToArray());
        ln = new ChannelLayerNorm(channels);
        down_sample = outChannels is long o ? nn.Conv1d(channels, o, 2, stride: 2) : null;
        RegisterComponents();
    }

    /// <summary>The ConvNeXt blocks in order.</summary>
    public IReadOnlyList<ConvNeXt1DBlock> Blocks => [.. blocks];

    /// <summary>The LayerNorm after the blocks.</summary>
    public ChannelLayerNorm Norm => ln;

    /// <summary>The down-sampling convolution, or null in the last stage.</summary>
    public Conv1d? DownSample => down_sample;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        foreach (var block in blocks) x = block.forward(x);
        x = ln.forward(x);
        if (down_sample is not null) x = down_sample.forward(x);
        return x.MoveToOuterDisposeScope();
    }
}
