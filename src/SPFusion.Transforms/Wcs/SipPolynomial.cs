namespace SPFusion.Transforms.Wcs;

/// <summary>
/// One SIP distortion polynomial, f(u, v) = sum of C[p,q] u^p v^q over p + q &lt;= order (Shupe et al. 2005),
/// evaluated in pixel offsets from CRPIX. Kept separate so the forward (A, B) and inverse (AP, BP) sets share code.
/// </summary>
public sealed class SipPolynomial
{
    private readonly double[] _c; // row-major [p * (order + 1) + q]

    /// <summary>Creates a polynomial; <paramref name="coefficients"/>[p, q] multiplies u^p v^q (size order+1 square).</summary>
    public SipPolynomial(int order, double[,] coefficients)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        if (order < 0 || order > 9)
            throw new ArgumentOutOfRangeException(nameof(order), order, "SIP order must be 0..9");
        if (coefficients.GetLength(0) != order + 1 || coefficients.GetLength(1) != order + 1)
            throw new ArgumentException($"coefficients must be {order + 1} x {order + 1}", nameof(coefficients));
        Order = order;
        _c = new double[(order + 1) * (order + 1)];
        for (int p = 0; p <= order; p++)
        {
            for (int q = 0; q <= order - p; q++)
                _c[(p * (order + 1)) + q] = coefficients[p, q];
        }
    }

    /// <summary>Highest total power p + q.</summary>
    public int Order { get; }

    /// <summary>Coefficient of u^p v^q (0 beyond the order).</summary>
    public double this[int p, int q] => p >= 0 && q >= 0 && p + q <= Order ? _c[(p * (Order + 1)) + q] : 0.0;

    /// <summary>f(u, v).</summary>
    public double Evaluate(double u, double v)
    {
        int n = Order + 1;
        double sum = 0;
        double up = 1;
        for (int p = 0; p <= Order; p++)
        {
            // Horner in v for this power of u.
            double inner = 0;
            for (int q = Order - p; q >= 0; q--)
                inner = (inner * v) + _c[(p * n) + q];
            sum += up * inner;
            up *= u;
        }

        return sum;
    }

    /// <summary>f and its partial derivatives, for Newton inversion of the forward distortion.</summary>
    public (double Value, double DU, double DV) EvaluateWithGradient(double u, double v)
    {
        int n = Order + 1;
        double value = 0, du = 0, dv = 0;
        for (int p = 0; p <= Order; p++)
        {
            double upm1 = p == 0 ? 0 : Pow(u, p - 1);
            double up = Pow(u, p);
            for (int q = 0; q <= Order - p; q++)
            {
                double c = _c[(p * n) + q];
                if (c == 0)
                    continue;
                double vq = Pow(v, q);
                value += c * up * vq;
                if (p > 0)
                    du += c * p * upm1 * vq;
                if (q > 0)
                    dv += c * q * up * Pow(v, q - 1);
            }
        }

        return (value, du, dv);
    }

    private static double Pow(double x, int k)
    {
        double r = 1;
        for (int i = 0; i < k; i++)
            r *= x;
        return r;
    }
}
