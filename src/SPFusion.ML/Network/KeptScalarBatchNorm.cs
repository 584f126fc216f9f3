using SPFusion.ML.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SPFusion.ML.Network;

/// <summary>
/// PyTorch's BatchNorm1d/BatchNorm2d (eps 1e-5, momentum 0.1, affine, tracked running statistics) with the same
/// parameters, buffers and state-dict names as TorchSharp's, but whose training-mode batch counter is incremented with
/// kept scalars: TorchSharp's own forward does <c>num_batches_tracked.add_(1)</c> with implicit scalars that a garbage
/// collection can free while libtorch reads them (see <see cref="KeptScalars"/>).
/// </summary>
internal sealed class KeptScalarBatchNorm : BatchNorm
{
    /// <summary>PyTorch's default momentum of the running statistics, the published recipe's.</summary>
    internal const double Momentum = 0.1;

    private readonly int _spatialDimensions;

    /// <summary>Creates the norm for inputs with 1 (<c>[N,C,L]</c> or <c>[N,C]</c>) or 2 (<c>[N,C,H,W]</c>) spatial dimensions.</summary>
    public KeptScalarBatchNorm(long features, int spatialDimensions)
        : base(features, 1e-5, Momentum, affine: true, track_running_stats: true, device: null, dtype: null,
            spatialDimensions == 1 ? "BatchNorm1d" : "BatchNorm2d")
    {
        if (spatialDimensions is not (1 or 2))
            throw new ArgumentOutOfRangeException(nameof(spatialDimensions), spatialDimensions, "batch norm supports 1 or 2 spatial dimensions");
        _spatialDimensions = spatialDimensions;
    }

    /// <summary>TorchSharp's BatchNorm forward for momentum 0.1 and tracked statistics, with a kept-scalar batch counter.</summary>
    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        if (training) num_batches_tracked?.add_(KeptScalars.One, KeptScalars.One);
        return F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum ?? 0.0, eps);
    }

    /// <summary>Same checks as TorchSharp's BatchNorm1d/BatchNorm2d.</summary>
    protected override void ValidateInputDimensions(Tensor input)
    {
        bool ok = _spatialDimensions == 1 ? input.ndim is 2 or 3 : input.ndim == 4;
        if (!ok)
            throw new ArgumentException($"expected {(_spatialDimensions == 1 ? "2D or 3D" : "4D")} input, but got {input.ndim}D input.");
    }
}
