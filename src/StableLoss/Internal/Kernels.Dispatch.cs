using System;

namespace StableLoss.Internal;

/// <summary>
/// Entry points used by the public API. On net8.0 they route to the Vector512 / Vector256 / Vector128 kernels when
/// the hardware accelerates them (see Kernels.Vector.cs); everywhere else they run the scalar loops.
/// </summary>
internal static partial class Kernels
{
    public static int BceSum(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double posWeight, ReadOnlySpan<double> w, out double sum)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            return BceSumVector(x, y, posWeight, w, out sum);
        }
#endif
        var acc = default(CompensatedSum);
        int flags = BceSumScalar(x, y, posWeight, w, ref acc);
        sum = acc.Value;
        return flags;
    }

    public static int BceSum(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float posWeight, ReadOnlySpan<float> w, out double sum)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            return BceSumVector(x, y, posWeight, w, out sum);
        }
#endif
        var acc = default(CompensatedSum);
        int flags = BceSumScalar(x, y, posWeight, w, ref acc);
        sum = acc.Value;
        return flags;
    }

    public static int BceLosses(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double posWeight, ReadOnlySpan<double> w, Span<double> destination)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            return BceLossesVector(x, y, posWeight, w, destination);
        }
#endif
        return BceLossesScalar(x, y, posWeight, w, destination);
    }

    public static int BceLosses(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float posWeight, ReadOnlySpan<float> w, Span<float> destination)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            return BceLossesVector(x, y, posWeight, w, destination);
        }
#endif
        return BceLossesScalar(x, y, posWeight, w, destination);
    }

    public static int BceGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double posWeight, ReadOnlySpan<double> w, Span<double> destination, double divisor)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            return BceGradientVector(x, y, posWeight, w, destination, divisor);
        }
#endif
        return BceGradientScalar(x, y, posWeight, w, destination, divisor);
    }

    public static int BceGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float posWeight, ReadOnlySpan<float> w, Span<float> destination, double divisor)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            return BceGradientVector(x, y, posWeight, w, destination, divisor);
        }
#endif
        return BceGradientScalar(x, y, posWeight, w, destination, divisor);
    }

    public static void Softplus(ReadOnlySpan<double> x, Span<double> destination)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            ActivationVector(x, destination, Activation.Softplus);
            return;
        }
#endif
        SoftplusScalar(x, destination);
    }

    public static void Softplus(ReadOnlySpan<float> x, Span<float> destination)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            ActivationVector(x, destination, Activation.Softplus);
            return;
        }
#endif
        SoftplusScalar(x, destination);
    }

    public static void LogSigmoid(ReadOnlySpan<double> x, Span<double> destination)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            ActivationVector(x, destination, Activation.LogSigmoid);
            return;
        }
#endif
        LogSigmoidScalar(x, destination);
    }

    public static void LogSigmoid(ReadOnlySpan<float> x, Span<float> destination)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            ActivationVector(x, destination, Activation.LogSigmoid);
            return;
        }
#endif
        LogSigmoidScalar(x, destination);
    }

    public static void Sigmoid(ReadOnlySpan<double> x, Span<double> destination)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            ActivationVector(x, destination, Activation.Sigmoid);
            return;
        }
#endif
        SigmoidScalar(x, destination);
    }

    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> destination)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            ActivationVector(x, destination, Activation.Sigmoid);
            return;
        }
#endif
        SigmoidScalar(x, destination);
    }

    // ------------------------------------------------------------------ log-sum-exp family

    public static double Max(ReadOnlySpan<double> x)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            return MaxVector(x);
        }
#endif
        return MaxScalar(x);
    }

    public static double Max(ReadOnlySpan<float> x)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            return MaxVector(x);
        }
#endif
        return MaxScalar(x);
    }

    public static void SumExp(ReadOnlySpan<double> x, double shift, ref CompensatedSum sum)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            SumExpVector(x, shift, ref sum);
            return;
        }
#endif
        SumExpScalar(x, shift, ref sum);
    }

    public static void SumExp(ReadOnlySpan<float> x, double shift, ref CompensatedSum sum)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            SumExpVector(x, shift, ref sum);
            return;
        }
#endif
        SumExpScalar(x, shift, ref sum);
    }

    public static void ExpShifted(ReadOnlySpan<double> x, double shift, double divisor, double offset, Span<double> destination)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            ExpShiftedVector(x, shift, divisor, offset, destination);
            return;
        }
#endif
        ExpShiftedScalar(x, shift, divisor, offset, destination);
    }

    public static void ExpShifted(ReadOnlySpan<float> x, double shift, double divisor, double offset, Span<float> destination)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            ExpShiftedVector(x, shift, divisor, offset, destination);
            return;
        }
#endif
        ExpShiftedScalar(x, shift, divisor, offset, destination);
    }

    /// <summary>
    /// Splits log-sum-exp into max + log1p(tail): <paramref name="max"/> is the maximum and <paramref name="tail"/> the
    /// sum of exp(x_i - max) over every element except the first maximal one (whose term is exactly 1). Keeping that 1
    /// out of the sum and adding it back with log1p keeps full relative accuracy when the result is tiny (for example
    /// log-sum-exp of [0, -40]). Returns false (and max = NaN or +-inf) when the span holds NaN or infinities at the top.
    /// </summary>
    public static bool LogSumExpParts(ReadOnlySpan<double> x, out double max, out double tail, out int argMax)
    {
        max = Max(x);
        tail = 0.0;
        argMax = -1;
        if (double.IsNaN(max) || double.IsInfinity(max))
        {
            return false;
        }

        argMax = IndexOfScalar(x, max);
        var sum = default(CompensatedSum);
        SumExp(x.Slice(0, argMax), max, ref sum);
        SumExp(x.Slice(argMax + 1), max, ref sum);
        tail = sum.Value;
        return true;
    }

    /// <inheritdoc cref="LogSumExpParts(ReadOnlySpan{double}, out double, out double, out int)"/>
    public static bool LogSumExpParts(ReadOnlySpan<float> x, out double max, out double tail, out int argMax)
    {
        max = Max(x);
        tail = 0.0;
        argMax = -1;
        if (double.IsNaN(max) || double.IsInfinity(max))
        {
            return false;
        }

        argMax = IndexOfScalar(x, max);
        var sum = default(CompensatedSum);
        SumExp(x.Slice(0, argMax), max, ref sum);
        SumExp(x.Slice(argMax + 1), max, ref sum);
        tail = sum.Value;
        return true;
    }
}

internal static partial class Kernels
{
    /// <summary>destination_i = (x_i - shift) - offset (log-softmax).</summary>
    public static void Shift(ReadOnlySpan<double> x, double shift, double offset, Span<double> destination)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            ShiftVector(x, shift, offset, destination);
            return;
        }
#endif
        ShiftScalar(x, shift, offset, destination);
    }

    /// <summary>destination_i = (x_i - shift) - offset (log-softmax).</summary>
    public static void Shift(ReadOnlySpan<float> x, double shift, double offset, Span<float> destination)
    {
#if NET8_0_OR_GREATER
        if (VectorPathUsable(x.Length))
        {
            ShiftVector(x, shift, offset, destination);
            return;
        }
#endif
        ShiftScalar(x, shift, offset, destination);
    }

    public static int BceProbabilitySum(ReadOnlySpan<double> p, ReadOnlySpan<double> y, double lo, double hi, out double sum)
    {
        var acc = default(CompensatedSum);
        int flags;
#if NET8_0_OR_GREATER
        // The SIMD logarithm handles positive normal numbers only: a subnormal epsilon, or one so small that
        // 1 - epsilon rounds to 1 (log(1 - p) = -infinity for p = 1), takes the scalar path.
        if (VectorPathUsable(p.Length) && lo >= 2.2250738585072014E-308 && hi < 1.0)
        {
            flags = BceProbabilitySumVector(p, y, lo, hi, ref acc);
            sum = acc.Value;
            return flags;
        }
#endif
        flags = BceProbabilitySumScalar(p, y, lo, hi, ref acc);
        sum = acc.Value;
        return flags;
    }

    public static int BceProbabilitySum(ReadOnlySpan<float> p, ReadOnlySpan<float> y, float lo, float hi, out double sum)
    {
        var acc = default(CompensatedSum);
        int flags;
#if NET8_0_OR_GREATER
        if (VectorPathUsable(p.Length) && hi < 1f)
        {
            flags = BceProbabilitySumVector(p, y, lo, hi, ref acc);
            sum = acc.Value;
            return flags;
        }
#endif
        flags = BceProbabilitySumScalar(p, y, lo, hi, ref acc);
        sum = acc.Value;
        return flags;
    }
}
