using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Runtime;

/// <summary>
/// Tensor arithmetic whose <see cref="Scalar"/> operands outlive the native call.
/// TorchSharp's <see cref="Scalar"/> is a raw native pointer with a finaliser; an implicit one (<c>x + 1e-6</c>,
/// <c>x.pow(2)</c>, and even <c>a + b</c> of two tensors, which passes an implicit alpha of 1) is unreachable once its
/// handle is read, so a garbage collection during the call can free it while libtorch is still reading it.
/// Constants here are static (never collected); per-call values are disposed only after the call returns.
/// </summary>
internal static class KeptScalars
{
    /// <summary>The alpha of a plain addition, and the exponent of a square: static, so never finalised.</summary>
    internal static readonly Scalar One = 1.ToScalar(), Two = 2.ToScalar();

    /// <summary><c>a + b</c> of two tensors (TorchSharp's operator passes an implicit alpha).</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><c>a + value</c>.</summary>
    public static Tensor Plus(this Tensor a, double value)
    {
        using var s = value.ToScalar();
        return a.add(s, One);
    }

    /// <summary><c>a * value</c>.</summary>
    public static Tensor Times(this Tensor a, double value)
    {
        using var s = value.ToScalar();
        return a.mul(s);
    }

    /// <summary><c>a / value</c>.</summary>
    public static Tensor DividedBy(this Tensor a, double value)
    {
        using var s = value.ToScalar();
        return a.div(s);
    }

    /// <summary><c>a.pow(2)</c>: the same ATen call as before (TorchSharp's <c>square()</c> is itself <c>pow(2)</c>).</summary>
    public static Tensor Squared(this Tensor a) => a.pow(Two);

    /// <summary>In-place <c>fill_(value)</c>.</summary>
    public static Tensor FillWith(this Tensor a, double value)
    {
        using var s = value.ToScalar();
        return a.fill_(s);
    }
}
