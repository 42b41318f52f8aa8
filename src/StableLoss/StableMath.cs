using System;
using StableLoss.Internal;
using StableLoss.Annotations;

namespace StableLoss;

/// <summary>
/// Numerically stable building blocks for losses: log1p, softplus, log-sigmoid, sigmoid, log-sum-exp, softmax and
/// log-softmax, in double and single precision.
/// </summary>
/// <remarks>
/// <para><b>Accuracy.</b> The scalar methods are within 2 ulp of the exact result (single precision is computed in
/// double and rounded once). The span methods are vectorized on .NET 8 and later (Vector512 when it is hardware
/// accelerated, else Vector256, else Vector128, with a scalar tail) and are within 4 ulp; on netstandard2.0 they
/// run the scalar code.</para>
/// <para><b>NaN.</b> A NaN input gives a NaN output (for the reductions: a NaN anywhere gives NaN); NaN is never
/// rejected with an exception. Finite inputs never give NaN or an infinity unless the exact result itself overflows
/// (which none of these functions can do for finite input).</para>
/// <para><b>Spans.</b> <c>destination</c> must have exactly the length of the input (otherwise
/// <see cref="ArgumentException"/> naming <c>destination</c>). It may be the same memory as the input (in-place),
/// but must not overlap it at an offset.</para>
/// </remarks>
public static partial class StableMath
{
    /// <summary>
    /// Default clamp epsilon for double probabilities: 1e-12. It is far above the double resolution near 1
    /// (1 - 1e-12 is representable and distinct from 1, since the spacing of doubles below 1 is 1.1e-16) and it bounds
    /// the loss of a confidently wrong prediction to -log(1e-12) ≈ 27.6 instead of infinity.
    /// </summary>
    public const double DefaultDoubleEpsilon = 1e-12;

    /// <summary>
    /// Default clamp epsilon for float probabilities: 1e-7. The spacing of floats just below 1 is 2^-24 ≈ 6e-8, so
    /// 1 - 1e-7f rounds to 0.99999988f, which is still distinct from 1f (a double-style 1e-12 would round
    /// 1 - eps back to exactly 1f and log(1 - p) would be -infinity). -log(1e-7) ≈ 16.1 bounds the per-element loss.
    /// </summary>
    public const float DefaultSingleEpsilon = 1e-7f;

    // ------------------------------------------------------------------ scalar functions

    /// <summary>
    /// Computes log(1 + <paramref name="x"/>) accurately also for tiny <paramref name="x"/> (Log1p(1e-20) == 1e-20),
    /// where <c>Math.Log(1 + x)</c> returns 0. The rounding error of 1 + x is corrected exactly.
    /// </summary>
    /// <param name="x">The argument; values below -1 give NaN, -1 gives negative infinity.</param>
    /// <returns>log(1 + x), within 2 ulp; NaN for NaN.</returns>
    public static double Log1p(double x) => ScalarMath.Log1p(x);

    /// <inheritdoc cref="Log1p(double)"/>
    public static float Log1p(float x) => (float)ScalarMath.Log1p(x);

    /// <summary>
    /// Computes softplus(x) = log(1 + exp(x)) as max(x, 0) + log1p(exp(-|x|)), which never overflows
    /// (Softplus(800) == 800) and keeps full relative accuracy for very negative x (Softplus(-800) ≈ exp(-800)).
    /// </summary>
    /// <param name="x">The argument.</param>
    /// <returns>softplus(x), within 2 ulp; NaN for NaN.</returns>
    public static double Softplus(double x) => ScalarMath.Softplus(x);

    /// <inheritdoc cref="Softplus(double)"/>
    public static float Softplus(float x) => (float)ScalarMath.Softplus(x);

    /// <summary>
    /// Computes log(sigmoid(x)) = -softplus(-x) without forming sigmoid(x) (LogSigmoid(-800) == -800, where
    /// log(1 / (1 + exp(800))) would be -infinity).
    /// </summary>
    /// <param name="x">The argument.</param>
    /// <returns>log(sigmoid(x)), within 2 ulp; NaN for NaN.</returns>
    public static double LogSigmoid([Logits] double x) => -ScalarMath.Softplus(-x);

    /// <inheritdoc cref="LogSigmoid(double)"/>
    public static float LogSigmoid([Logits] float x) => (float)-ScalarMath.Softplus(-(double)x);

    /// <summary>
    /// Computes sigmoid(x) = 1 / (1 + exp(-x)), stable for both signs: for negative x it evaluates exp(x) / (1 + exp(x)),
    /// so exp never overflows and tiny results keep their relative accuracy.
    /// </summary>
    /// <param name="x">The argument.</param>
    /// <returns>sigmoid(x) in [0, 1]; NaN for NaN.</returns>
    [return: Probability]
    public static double Sigmoid(double x) => ScalarMath.Sigmoid(x);

    /// <inheritdoc cref="Sigmoid(double)"/>
    [return: Probability]
    public static float Sigmoid(float x) => (float)ScalarMath.Sigmoid(x);

    /// <summary>
    /// Computes log(<paramref name="probability"/>) after clamping it to [<paramref name="epsilon"/>, 1], so that a
    /// probability of 0 (or a slightly negative one from round-off) gives log(epsilon) instead of -infinity or NaN.
    /// </summary>
    /// <param name="probability">The probability. NaN gives NaN.</param>
    /// <param name="epsilon">The lower clamp bound, in the open interval (0, 1). The default,
    /// <see cref="DefaultDoubleEpsilon"/>, bounds the result below by log(1e-12) ≈ -27.6.</param>
    /// <returns>log(clamp(probability, epsilon, 1)).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is &lt;= 0 or &gt;= 1.</exception>
    public static double SafeLog([Probability] double probability, double epsilon = DefaultDoubleEpsilon)
    {
        if (epsilon <= 0.0 || epsilon >= 1.0)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(epsilon), "The epsilon must lie in the open interval (0, 1).");
        }

        return Math.Log(ScalarMath.Clamp(probability, epsilon, 1.0));
    }

    /// <summary>
    /// Computes log(<paramref name="probability"/>) after clamping it to [<paramref name="epsilon"/>, 1], so that a
    /// probability of 0 (or a slightly negative one from round-off) gives log(epsilon) instead of -infinity or NaN.
    /// </summary>
    /// <param name="probability">The probability. NaN gives NaN.</param>
    /// <param name="epsilon">The lower clamp bound, in the open interval (0, 1). The default,
    /// <see cref="DefaultSingleEpsilon"/>, bounds the result below by log(1e-7) ≈ -16.1.</param>
    /// <returns>log(clamp(probability, epsilon, 1)).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is &lt;= 0 or &gt;= 1.</exception>
    public static float SafeLog([Probability] float probability, float epsilon = DefaultSingleEpsilon)
    {
        if (epsilon <= 0f || epsilon >= 1f)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(epsilon), "The epsilon must lie in the open interval (0, 1).");
        }

        return (float)Math.Log(ScalarMath.Clamp(probability, epsilon, 1f));
    }

    // ------------------------------------------------------------------ log-sum-exp family

    /// <summary>
    /// Computes log(sum(exp(x_i))) shifted by the maximum, m + log1p(sum over the other elements of exp(x_i - m)),
    /// so it neither overflows nor loses the small terms (the maximal term, exactly 1, is kept out of the sum).
    /// Vectorized on .NET 8+; the sum is compensated.
    /// </summary>
    /// <param name="x">The values; must not be empty.</param>
    /// <returns>The log-sum-exp; NaN if any element is NaN; +infinity if any element is +infinity;
    /// -infinity if all elements are -infinity.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty.</exception>
    public static double LogSumExp(ReadOnlySpan<double> x)
    {
        if (x.IsEmpty)
        {
            ThrowHelper.Argument(nameof(x), "The log-sum-exp of an empty span is undefined.");
        }

        return Kernels.LogSumExpParts(x, out double m, out double tail, out _) ? m + ScalarMath.Log1p(tail) : m;
    }

    /// <inheritdoc cref="LogSumExp(ReadOnlySpan{double})"/>
    public static float LogSumExp(ReadOnlySpan<float> x)
    {
        if (x.IsEmpty)
        {
            ThrowHelper.Argument(nameof(x), "The log-sum-exp of an empty span is undefined.");
        }

        return (float)(Kernels.LogSumExpParts(x, out double m, out double tail, out _) ? m + ScalarMath.Log1p(tail) : m);
    }

    /// <summary>
    /// Writes softmax(source) = exp(x_i - m) / sum_j exp(x_j - m) (m the maximum) into <paramref name="destination"/>.
    /// Single-precision input is computed in double lanes. An empty source writes nothing.
    /// </summary>
    /// <param name="source">The logits.</param>
    /// <param name="destination">Receives the probabilities; same length as <paramref name="source"/> (in-place allowed).</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has another length than <paramref name="source"/>.</exception>
    /// <remarks>If any element is NaN or +infinity, or all are -infinity, every output is NaN.</remarks>
    public static void Softmax(ReadOnlySpan<double> source, Span<double> destination)
    {
        Guard.SameLength(source.Length, destination.Length, nameof(destination));
        if (source.IsEmpty)
        {
            return;
        }

        if (!Kernels.LogSumExpParts(source, out double m, out double tail, out _))
        {
            destination.Fill(double.NaN);
            return;
        }

        Kernels.ExpShifted(source, m, 1.0 + tail, 0.0, destination);
    }

    /// <inheritdoc cref="Softmax(ReadOnlySpan{double}, Span{double})"/>
    public static void Softmax(ReadOnlySpan<float> source, Span<float> destination)
    {
        Guard.SameLength(source.Length, destination.Length, nameof(destination));
        if (source.IsEmpty)
        {
            return;
        }

        if (!Kernels.LogSumExpParts(source, out double m, out double tail, out _))
        {
            destination.Fill(float.NaN);
            return;
        }

        Kernels.ExpShifted(source, m, 1.0 + tail, 0.0, destination);
    }

    /// <summary>
    /// Writes log-softmax(source) = x_i - LogSumExp(x), evaluated as (x_i - m) - log1p(tail) so that the largest
    /// element's value keeps full relative accuracy. An empty source writes nothing.
    /// </summary>
    /// <param name="source">The logits.</param>
    /// <param name="destination">Receives the log-probabilities; same length as <paramref name="source"/> (in-place allowed).</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has another length than <paramref name="source"/>.</exception>
    /// <remarks>If any element is NaN or +infinity, or all are -infinity, every output is NaN.</remarks>
    public static void LogSoftmax([Logits] ReadOnlySpan<double> source, Span<double> destination)
    {
        Guard.SameLength(source.Length, destination.Length, nameof(destination));
        if (source.IsEmpty)
        {
            return;
        }

        if (!Kernels.LogSumExpParts(source, out double m, out double tail, out _))
        {
            destination.Fill(double.NaN);
            return;
        }

        Kernels.Shift(source, m, ScalarMath.Log1p(tail), destination);
    }

    /// <inheritdoc cref="LogSoftmax(ReadOnlySpan{double}, Span{double})"/>
    public static void LogSoftmax([Logits] ReadOnlySpan<float> source, Span<float> destination)
    {
        Guard.SameLength(source.Length, destination.Length, nameof(destination));
        if (source.IsEmpty)
        {
            return;
        }

        if (!Kernels.LogSumExpParts(source, out double m, out double tail, out _))
        {
            destination.Fill(float.NaN);
            return;
        }

        Kernels.Shift(source, m, ScalarMath.Log1p(tail), destination);
    }

    // ------------------------------------------------------------------ element-wise span forms

    /// <summary>Writes <see cref="Softplus(double)"/> of every element into <paramref name="destination"/> (vectorized on .NET 8+, within 4 ulp).</summary>
    /// <param name="x">The arguments.</param>
    /// <param name="destination">Receives the results; same length as <paramref name="x"/> (in-place allowed).</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has another length than <paramref name="x"/>.</exception>
    public static void Softplus(ReadOnlySpan<double> x, Span<double> destination)
    {
        Guard.SameLength(x.Length, destination.Length, nameof(destination));
        Kernels.Softplus(x, destination);
    }

    /// <summary>Writes <see cref="Softplus(float)"/> of every element into <paramref name="destination"/> (vectorized on .NET 8+, within 4 ulp).</summary>
    /// <param name="x">The arguments.</param>
    /// <param name="destination">Receives the results; same length as <paramref name="x"/> (in-place allowed).</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has another length than <paramref name="x"/>.</exception>
    public static void Softplus(ReadOnlySpan<float> x, Span<float> destination)
    {
        Guard.SameLength(x.Length, destination.Length, nameof(destination));
        Kernels.Softplus(x, destination);
    }

    /// <summary>Writes <see cref="LogSigmoid(double)"/> of every element into <paramref name="destination"/> (vectorized on .NET 8+, within 4 ulp).</summary>
    /// <param name="x">The arguments.</param>
    /// <param name="destination">Receives the results; same length as <paramref name="x"/> (in-place allowed).</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has another length than <paramref name="x"/>.</exception>
    public static void LogSigmoid([Logits] ReadOnlySpan<double> x, Span<double> destination)
    {
        Guard.SameLength(x.Length, destination.Length, nameof(destination));
        Kernels.LogSigmoid(x, destination);
    }

    /// <summary>Writes <see cref="LogSigmoid(float)"/> of every element into <paramref name="destination"/> (vectorized on .NET 8+, within 4 ulp).</summary>
    /// <param name="x">The arguments.</param>
    /// <param name="destination">Receives the results; same length as <paramref name="x"/> (in-place allowed).</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has another length than <paramref name="x"/>.</exception>
    public static void LogSigmoid([Logits] ReadOnlySpan<float> x, Span<float> destination)
    {
        Guard.SameLength(x.Length, destination.Length, nameof(destination));
        Kernels.LogSigmoid(x, destination);
    }

    /// <summary>Writes <see cref="Sigmoid(double)"/> of every element into <paramref name="destination"/> (vectorized on .NET 8+, within 4 ulp).</summary>
    /// <param name="x">The arguments.</param>
    /// <param name="destination">Receives the results; same length as <paramref name="x"/> (in-place allowed).</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has another length than <paramref name="x"/>.</exception>
    public static void Sigmoid(ReadOnlySpan<double> x, Span<double> destination)
    {
        Guard.SameLength(x.Length, destination.Length, nameof(destination));
        Kernels.Sigmoid(x, destination);
    }

    /// <summary>Writes <see cref="Sigmoid(float)"/> of every element into <paramref name="destination"/> (vectorized on .NET 8+, within 4 ulp).</summary>
    /// <param name="x">The arguments.</param>
    /// <param name="destination">Receives the results; same length as <paramref name="x"/> (in-place allowed).</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has another length than <paramref name="x"/>.</exception>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> destination)
    {
        Guard.SameLength(x.Length, destination.Length, nameof(destination));
        Kernels.Sigmoid(x, destination);
    }
}
