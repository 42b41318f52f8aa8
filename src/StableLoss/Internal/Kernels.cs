using System;

namespace StableLoss.Internal;

/// <summary>
/// Span kernels. This file holds the portable scalar loops (the whole implementation on netstandard2.0, and the
/// tails / fallbacks on net8.0). The public API calls the dispatching methods in Kernels.Dispatch.cs.
/// Fused kernels validate while they compute and return a combination of <see cref="Flags"/>.
/// </summary>
internal static partial class Kernels
{
    // ------------------------------------------------------------------ BCE with logits

    public static int BceSumScalar(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double posWeight, ReadOnlySpan<double> w, ref CompensatedSum sum)
    {
        int flags = 0;
        bool hasW = w.Length != 0;
        for (int i = 0; i < x.Length; i++)
        {
            double yi = y[i];
            if (yi < 0.0 || yi > 1.0)
            {
                flags |= Flags.BadTarget;
            }

            double l = ScalarMath.BceWithLogits(x[i], yi, posWeight);
            if (hasW)
            {
                double wi = w[i];
                if (wi < 0.0)
                {
                    flags |= Flags.BadWeight;
                }

                l *= wi;
            }

            sum.Add(l);
        }

        return flags;
    }

    public static int BceSumScalar(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float posWeight, ReadOnlySpan<float> w, ref CompensatedSum sum)
    {
        int flags = 0;
        bool hasW = w.Length != 0;
        for (int i = 0; i < x.Length; i++)
        {
            float yi = y[i];
            if (yi < 0f || yi > 1f)
            {
                flags |= Flags.BadTarget;
            }

            double l = ScalarMath.BceWithLogits(x[i], yi, posWeight);
            if (hasW)
            {
                float wi = w[i];
                if (wi < 0f)
                {
                    flags |= Flags.BadWeight;
                }

                l *= wi;
            }

            sum.Add(l);
        }

        return flags;
    }

    public static int BceLossesScalar(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double posWeight, ReadOnlySpan<double> w, Span<double> destination)
    {
        int flags = 0;
        bool hasW = w.Length != 0;
        for (int i = 0; i < x.Length; i++)
        {
            double yi = y[i];
            if (yi < 0.0 || yi > 1.0)
            {
                flags |= Flags.BadTarget;
            }

            double l = ScalarMath.BceWithLogits(x[i], yi, posWeight);
            if (hasW)
            {
                double wi = w[i];
                if (wi < 0.0)
                {
                    flags |= Flags.BadWeight;
                }

                l *= wi;
            }

            destination[i] = l;
        }

        return flags;
    }

    public static int BceLossesScalar(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float posWeight, ReadOnlySpan<float> w, Span<float> destination)
    {
        int flags = 0;
        bool hasW = w.Length != 0;
        for (int i = 0; i < x.Length; i++)
        {
            float yi = y[i];
            if (yi < 0f || yi > 1f)
            {
                flags |= Flags.BadTarget;
            }

            double l = ScalarMath.BceWithLogits(x[i], yi, posWeight);
            if (hasW)
            {
                float wi = w[i];
                if (wi < 0f)
                {
                    flags |= Flags.BadWeight;
                }

                l *= wi;
            }

            destination[i] = (float)l;
        }

        return flags;
    }

    /// <summary>Per-element gradient; each value is divided by <paramref name="divisor"/> (1 for None/Sum, n for Mean).</summary>
    public static int BceGradientScalar(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double posWeight, ReadOnlySpan<double> w, Span<double> destination, double divisor)
    {
        int flags = 0;
        bool hasW = w.Length != 0;
        for (int i = 0; i < x.Length; i++)
        {
            double yi = y[i];
            if (yi < 0.0 || yi > 1.0)
            {
                flags |= Flags.BadTarget;
            }

            double g = ScalarMath.BceWithLogitsGradient(x[i], yi, posWeight);
            if (hasW)
            {
                double wi = w[i];
                if (wi < 0.0)
                {
                    flags |= Flags.BadWeight;
                }

                g *= wi;
            }

            destination[i] = g / divisor;
        }

        return flags;
    }

    /// <summary>Per-element gradient; each value is divided by <paramref name="divisor"/> (1 for None/Sum, n for Mean).</summary>
    public static int BceGradientScalar(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float posWeight, ReadOnlySpan<float> w, Span<float> destination, double divisor)
    {
        int flags = 0;
        bool hasW = w.Length != 0;
        for (int i = 0; i < x.Length; i++)
        {
            float yi = y[i];
            if (yi < 0f || yi > 1f)
            {
                flags |= Flags.BadTarget;
            }

            double g = ScalarMath.BceWithLogitsGradient(x[i], yi, posWeight);
            if (hasW)
            {
                float wi = w[i];
                if (wi < 0f)
                {
                    flags |= Flags.BadWeight;
                }

                g *= wi;
            }

            destination[i] = (float)(g / divisor);
        }

        return flags;
    }

    // ------------------------------------------------------------------ BCE on probabilities

    /// <summary>Adds -(y log p + (1 - y) log1p(-p)), p clamped to [lo, hi], to <paramref name="sum"/>.</summary>
    public static int BceProbabilitySumScalar(ReadOnlySpan<double> p, ReadOnlySpan<double> y, double lo, double hi, ref CompensatedSum sum)
    {
        int flags = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double pi = p[i];
            double yi = y[i];
            if (pi < 0.0 || pi > 1.0)
            {
                flags |= Flags.BadProbability;
            }

            if (yi < 0.0 || yi > 1.0)
            {
                flags |= Flags.BadTarget;
            }

            sum.Add(ScalarMath.BceOnClampedProbability(ScalarMath.Clamp(pi, lo, hi), yi));
        }

        return flags;
    }

    /// <summary>Adds -(y log p + (1 - y) log1p(-p)), p clamped to [lo, hi] in float, to <paramref name="sum"/>.</summary>
    public static int BceProbabilitySumScalar(ReadOnlySpan<float> p, ReadOnlySpan<float> y, float lo, float hi, ref CompensatedSum sum)
    {
        int flags = 0;
        for (int i = 0; i < p.Length; i++)
        {
            float pi = p[i];
            float yi = y[i];
            if (pi < 0f || pi > 1f)
            {
                flags |= Flags.BadProbability;
            }

            if (yi < 0f || yi > 1f)
            {
                flags |= Flags.BadTarget;
            }

            sum.Add(ScalarMath.BceOnClampedProbability(ScalarMath.Clamp(pi, lo, hi), yi));
        }

        return flags;
    }

    // ------------------------------------------------------------------ element-wise activations

    public static void SoftplusScalar(ReadOnlySpan<double> x, Span<double> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = ScalarMath.Softplus(x[i]);
        }
    }

    public static void SoftplusScalar(ReadOnlySpan<float> x, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = (float)ScalarMath.Softplus(x[i]);
        }
    }

    public static void LogSigmoidScalar(ReadOnlySpan<double> x, Span<double> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = -ScalarMath.Softplus(-x[i]);
        }
    }

    public static void LogSigmoidScalar(ReadOnlySpan<float> x, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = (float)-ScalarMath.Softplus(-(double)x[i]);
        }
    }

    public static void SigmoidScalar(ReadOnlySpan<double> x, Span<double> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = ScalarMath.Sigmoid(x[i]);
        }
    }

    public static void SigmoidScalar(ReadOnlySpan<float> x, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = (float)ScalarMath.Sigmoid(x[i]);
        }
    }

    // ------------------------------------------------------------------ log-sum-exp building blocks

    /// <summary>Maximum of a non-empty span; NaN when any element is NaN.</summary>
    public static double MaxScalar(ReadOnlySpan<double> x)
    {
        double m = double.NegativeInfinity;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            if (double.IsNaN(v))
            {
                return double.NaN;
            }

            if (v > m)
            {
                m = v;
            }
        }

        return m;
    }

    /// <summary>Maximum of a non-empty span; NaN when any element is NaN.</summary>
    public static double MaxScalar(ReadOnlySpan<float> x)
    {
        float m = float.NegativeInfinity;
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i];
            if (float.IsNaN(v))
            {
                return double.NaN;
            }

            if (v > m)
            {
                m = v;
            }
        }

        return m;
    }

    public static int IndexOfScalar(ReadOnlySpan<double> x, double value)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    public static int IndexOfScalar(ReadOnlySpan<float> x, double value)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Adds exp(x_i - shift) for every element to <paramref name="sum"/>.</summary>
    public static void SumExpScalar(ReadOnlySpan<double> x, double shift, ref CompensatedSum sum)
    {
        for (int i = 0; i < x.Length; i++)
        {
            sum.Add(Math.Exp(x[i] - shift));
        }
    }

    /// <summary>Adds exp(x_i - shift) for every element to <paramref name="sum"/>.</summary>
    public static void SumExpScalar(ReadOnlySpan<float> x, double shift, ref CompensatedSum sum)
    {
        for (int i = 0; i < x.Length; i++)
        {
            sum.Add(Math.Exp(x[i] - shift));
        }
    }

    /// <summary>destination_i = exp(x_i - shift) / divisor - offset.</summary>
    public static void ExpShiftedScalar(ReadOnlySpan<double> x, double shift, double divisor, double offset, Span<double> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = Math.Exp(x[i] - shift) / divisor - offset;
        }
    }

    /// <summary>destination_i = exp(x_i - shift) / divisor - offset.</summary>
    public static void ExpShiftedScalar(ReadOnlySpan<float> x, double shift, double divisor, double offset, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = (float)(Math.Exp(x[i] - shift) / divisor - offset);
        }
    }

    /// <summary>destination_i = (x_i - shift) - offset.</summary>
    public static void ShiftScalar(ReadOnlySpan<double> x, double shift, double offset, Span<double> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = (x[i] - shift) - offset;
        }
    }

    /// <summary>destination_i = (x_i - shift) - offset.</summary>
    public static void ShiftScalar(ReadOnlySpan<float> x, double shift, double offset, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = (float)((x[i] - shift) - offset);
        }
    }
}

/// <summary>The element-wise activations that share one kernel shape.</summary>
internal enum Activation
{
    Softplus,
    LogSigmoid,
    Sigmoid,
}

internal static partial class Kernels
{
    public static void ActivationScalar(ReadOnlySpan<double> x, Span<double> destination, Activation op)
    {
        switch (op)
        {
            case Activation.Softplus:
                SoftplusScalar(x, destination);
                break;
            case Activation.LogSigmoid:
                LogSigmoidScalar(x, destination);
                break;
            default:
                SigmoidScalar(x, destination);
                break;
        }
    }

    public static void ActivationScalar(ReadOnlySpan<float> x, Span<float> destination, Activation op)
    {
        switch (op)
        {
            case Activation.Softplus:
                SoftplusScalar(x, destination);
                break;
            case Activation.LogSigmoid:
                LogSigmoidScalar(x, destination);
                break;
            default:
                SigmoidScalar(x, destination);
                break;
        }
    }
}
