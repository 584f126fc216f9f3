using SPFusion.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// Multi-modality star fusion (paper eq. 9 with a branch in front of each factor):
/// <c>m = GELU(branch_A(x_s)) * branch_B(x_p)</c>, <c>x_f = DropPath(dw(BN(conv(m))))</c>, where each branch is
/// depthwise conv, BN, conv C->4C. Without the star operator (ablation of paper section 4.2.1) the two branches are
/// added instead, <c>m = branch_A(x_s) + branch_B(x_p)</c>, with no GELU. (Release naming: the branch applied to the
/// spectral features is <c>photo_branch</c>, the one applied to the photometric features <c>spec_branch</c>.)
/// </summary>
internal sealed class StarFusion : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Channel expansion inside the branches (StarNet's ratio, independent of the feed-forward ratio).</summary>
    public const int Expansion = 4;

#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly ModuleList<ConvBN> photo_branch;
    internal readonly ModuleList<ConvBN> spec_branch;
    internal readonly GELU act;
    internal readonly ModuleList<ConvBN> fusion;
    internal readonly DropPath drop_path;
#pragma warning restore IDE1006

    /// <summary>Creates the fusion on <paramref name="channels"/> channels with kernel <paramref name="kernelSize"/>.</summary>
    public StarFusion(long channels, long kernelSize, bool useStarOperator, double dropPath) : base(nameof(StarFusion))
    {
        UseStarOperator = useStarOperator;
        photo_branch = Branch(channels, kernelSize);
        spec_branch = Branch(channels, kernelSize);
        act = nn.GELU();
        fusion = new ModuleList<ConvBN>(
            new ConvBN(Expansion * channels, channels, kernelSize, 1, withNorm: true),
            new ConvBN(channels, channels, kernelSize, channels, withNorm: false));
        drop_path = new DropPath(dropPath);
        RegisterComponents();
    }

    /// <summary>True for GELU(a)·b, false for the additive ablation a + b.</summary>
    public bool UseStarOperator { get; }

    /// <summary>The branch applied to the spectral features x_s (release name <c>photo_branch</c>).</summary>
    public IReadOnlyList<ConvBN> SpectralBranch => [.. photo_branch];

    /// <summary>The branch applied to the photometric features x_p (release name <c>spec_branch</c>).</summary>
    public IReadOnlyList<ConvBN> PhotometricBranch => [.. spec_branch];

    /// <summary>The contraction conv + BN and the final depthwise conv.</summary>
    public IReadOnlyList<ConvBN> Fusion => [.. fusion];

    /// <summary>Fuses x_s and x_p (both [N,C,L]) into x_f [N,C,L].</summary>
    public override Tensor forward(Tensor spectral, Tensor photometric)
    {
        using var scope = NewDisposeScope();
        var a = photo_branch[1].forward(photo_branch[0].forward(spectral));
        var b = spec_branch[1].forward(spec_branch[0].forward(photometric));
        var m = UseStarOperator ? act.forward(a) * b : a.Plus(b);
        var x = fusion[1].forward(fusion[0].forward(m));
        return drop_path.forward(x).MoveToOuterDisposeScope();
    }

    private static ModuleList<ConvBN> Branch(long channels, long kernelSize) => new(
        new ConvBN(channels, channels, kernelSize, channels, withNorm: true),
        new ConvBN(channels, Expansion * channels, kernelSize, 1, withNorm: false));
}
