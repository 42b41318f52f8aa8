using System;
using System.Runtime.CompilerServices;

namespace StableLoss.Internal;

/// <summary>
/// The scalar kernels, in double precision. This is the only scalar implementation: the netstandard2.0 build
/// uses it for everything, and the net8.0 build uses the same code for its scalar API and for the scalar tails
/// of the vectorized loops. Single-precision entry points widen to double, call these and round once, which keeps
/// them within about half an ulp (plus the double error, which is far below a float ulp).
/// </summary>
internal static class ScalarMath
{
    /// <summary>
    /// log(1 + x), accurate for tiny x. u = 1 + x is rounded; log(u) is then corrected by the exact rounding error
    /// of that addition: log1p(x) = log(u) + (x - (u - 1)) / u (first-order Taylor term of log around u).
    /// Error about 1 ulp over the whole domain.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Log1p(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0)
        {
            // |x| < 2^-53: log1p(x) = x - x^2/2 + ... rounds to x (this also keeps the sign of -0).
            return x;
        }

        if (u == 0.0 || double.IsInfinity(u))
        {
            // x == -1 gives -inf, x == +inf gives +inf; the correction below would be 0/0 or inf - inf there.
            return Math.Log(u);
        }

        return Math.Log(u) - ((u - 1.0) - x) / u;
    }

    /// <summary>softplus(x) = log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)); no overflow for any x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Softplus(double x)
    {
        if (x > 0.0)
        {
            return x + Log1p(Math.Exp(-x));
        }

        // x <= 0 or NaN (NaN flows through Exp and Log1p).
        return Log1p(Math.Exp(x));
    }

    /// <summary>sigmoid(x) = 1 / (1 + exp(-x)), evaluated with exp of a non-positive argument only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sigmoid(double x)
    {
        if (x >= 0.0)
        {
            return 1.0 / (1.0 + Math.Exp(-x));
        }

        double e = Math.Exp(x);
        return e / (1.0 + e);
    }

    /// <summary>
    /// One binary-cross-entropy-with-logits term (weight excluded):
    /// posWeight * y * softplus(-x) + (1 - y) * softplus(x). With L = log1p(exp(-|x|)), softplus(x) = max(x, 0) + L and
    /// softplus(-x) = max(-x, 0) + L, so the term is a * L + b * |x| with a = 1 + (posWeight - 1) * y (exactly 1 for
    /// posWeight == 1) and b = 1 - y for x &gt;= 0, posWeight * y for x &lt; 0. Both products are non-negative, so there
    /// is no cancellation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double BceWithLogits(double x, double y, double posWeight)
    {
        double ax = Math.Abs(x);
        double l = Log1p(Math.Exp(-ax));
        double a = 1.0 + (posWeight - 1.0) * y;
        double b = x >= 0.0 ? 1.0 - y : posWeight * y;
        double bx = b == 0.0 ? 0.0 : b * ax; // keeps 0 * inf out for infinite logits
        return a * l + bx;
    }

    /// <summary>
    /// d/dx of <see cref="BceWithLogits"/>: (1 - y) * sigmoid(x) - posWeight * y * sigmoid(-x), with both sigmoids
    /// computed directly (no 1 - sigmoid cancellation).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double BceWithLogitsGradient(double x, double y, double posWeight)
    {
        double e = Math.Exp(-Math.Abs(x));
        double d = 1.0 + e;
        double sp; // sigmoid(x)
        double sn; // sigmoid(-x)
        if (x >= 0.0)
        {
            sp = 1.0 / d;
            sn = e / d;
        }
        else
        {
            sp = e / d;
            sn = 1.0 / d;
        }

        return (1.0 - y) * sp - (posWeight * y) * sn;
    }

    /// <summary>-(y log p + (1 - y) log(1 - p)) for an already clamped p in [eps, 1 - eps].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double BceOnClampedProbability(double p, double y)
    {
        // log(1 - p) via Log1p(-p): exact for p near 0 where 1 - p would round.
        return -(y * Math.Log(p) + (1.0 - y) * Log1p(-p));
    }

    /// <summary>Clamp p to [lo, hi] without touching NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Clamp(double p, double lo, double hi) => p < lo ? lo : (p > hi ? hi : p);

    /// <summary>Clamp p to [lo, hi] without touching NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Clamp(float p, float lo, float hi) => p < lo ? lo : (p > hi ? hi : p);

    /// <summary>
    /// Sigmoid focal loss term (torchvision.ops.sigmoid_focal_loss semantics):
    /// alpha_t * (1 - p_t)^gamma * BCEWithLogits(x, y), with 1 - p_t = y * sigmoid(-x) + (1 - y) * sigmoid(x)
    /// (a sum of non-negative terms instead of 1 - p_t, so small modulating factors keep their relative accuracy).
    /// </summary>
    public static double FocalWithLogits(double x, double y, double alpha, double gamma)
    {
        double ax = Math.Abs(x);
        double e = Math.Exp(-ax);
        double l = Log1p(e);
        double b = x >= 0.0 ? 1.0 - y : y;
        double ce = l + (b == 0.0 ? 0.0 : b * ax);

        double d = 1.0 + e;
        double sp;
        double sn;
        if (x >= 0.0)
        {
            sp = 1.0 / d;
            sn = e / d;
        }
        else
        {
            sp = e / d;
            sn = 1.0 / d;
        }

        double q = y * sn + (1.0 - y) * sp;
        double modulation = gamma == 0.0 ? 1.0 : Math.Pow(q, gamma);
        double alphaT = alpha * y + (1.0 - alpha) * (1.0 - y);
        return alphaT * modulation * ce;
    }
}
