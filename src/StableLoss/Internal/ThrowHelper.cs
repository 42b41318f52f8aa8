using System;
using System.Runtime.CompilerServices;

namespace StableLoss.Internal;

/// <summary>Throw sites kept out of line so the hot paths stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Argument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ArgumentOutOfRange(string paramName, string message) =>
        throw new ArgumentOutOfRangeException(paramName, message);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LengthMismatch(string paramName, int expected, int actual) =>
        throw new ArgumentException(
            "The span must have the same length as the input (" + expected.ToString(System.Globalization.CultureInfo.InvariantCulture) +
            "), but has length " + actual.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".",
            paramName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void TargetOutOfRange(string paramName) =>
        throw new ArgumentException("Every target must lie in [0, 1] (NaN is propagated, not rejected).", paramName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void NegativeWeight(string paramName) =>
        throw new ArgumentException("Every sample weight must be non-negative (NaN is propagated, not rejected).", paramName);

    /// <summary>Throws for the flags returned by the fused validating kernels (see <see cref="Flags"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void FromFlags(int flags, string targetsName, string weightsName)
    {
        if ((flags & Flags.BadTarget) != 0)
        {
            TargetOutOfRange(targetsName);
        }

        NegativeWeight(weightsName);
    }
}

/// <summary>Validation results reported by the fused kernels (they validate while computing).</summary>
internal static class Flags
{
    public const int BadTarget = 1;
    public const int BadWeight = 2;
    public const int BadProbability = 4;
}

/// <summary>Argument checks. Every comparison is written so that NaN passes (NaN is propagated, never rejected).</summary>
internal static class Guard
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SameLength(int expected, int actual, string paramName)
    {
        if (expected != actual)
        {
            ThrowHelper.LengthMismatch(paramName, expected, actual);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OptionalWeights(int expected, int actual, string paramName)
    {
        if (actual != 0 && actual != expected)
        {
            ThrowHelper.LengthMismatch(paramName, expected, actual);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Target(double target, string paramName)
    {
        if (target < 0.0 || target > 1.0)
        {
            ThrowHelper.ArgumentOutOfRange(paramName, "The target must lie in [0, 1].");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Probability(double probability, string paramName)
    {
        if (probability < 0.0 || probability > 1.0)
        {
            ThrowHelper.ArgumentOutOfRange(paramName, "The probability must lie in [0, 1].");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void UnitInterval(double value, string paramName)
    {
        if (value < 0.0 || value > 1.0)
        {
            ThrowHelper.ArgumentOutOfRange(paramName, "The value must lie in [0, 1].");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NonNegative(double value, string paramName)
    {
        if (value < 0.0)
        {
            ThrowHelper.ArgumentOutOfRange(paramName, "The value must be non-negative.");
        }
    }

    /// <summary>Epsilon of the probability forms: must lie in the open interval (0, 0.5).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Epsilon(double epsilon, string paramName)
    {
        if (epsilon <= 0.0 || epsilon >= 0.5)
        {
            ThrowHelper.ArgumentOutOfRange(paramName, "The epsilon must lie in the open interval (0, 0.5).");
        }
    }

    /// <summary>Checks that <paramref name="reduction"/> is defined and, unless allowed, not <see cref="Reduction.None"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Reduction(Reduction reduction, bool allowNone)
    {
        if ((uint)reduction > (uint)StableLoss.Reduction.Sum)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(reduction), "The reduction is not a defined Reduction value.");
        }

        if (!allowNone && reduction == StableLoss.Reduction.None)
        {
            ThrowHelper.Argument(nameof(reduction), "Reduction.None is not valid for a method that returns a single number; use the overload that writes per-element values into a destination span.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NotEmptyForMean(int length, Reduction reduction, string paramName)
    {
        if (length == 0 && reduction == StableLoss.Reduction.Mean)
        {
            ThrowHelper.Argument(paramName, "The mean of an empty input is undefined; pass a non-empty span or use Reduction.Sum.");
        }
    }
}
