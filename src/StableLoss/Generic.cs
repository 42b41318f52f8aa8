#if NET8_0_OR_GREATER
using System.Numerics;
using System.Runtime.CompilerServices;
using StableLoss.Annotations;

namespace StableLoss;

// Generic-math overloads (.NET 8 and later): code written over T : IFloatingPointIeee754<T> gets the same stable
// functions (and the analyzers' fixes compile there). double and float run the scalar overloads themselves (the
// type tests are constants the JIT folds away); any other T (Half, NFloat) is computed in double and rounded once.

public static partial class StableMath
{
    /// <summary>Generic <see cref="Log1p(double)"/>: log(1 + <paramref name="x"/>), exact for tiny x.</summary>
    /// <typeparam name="T">An IEEE 754 floating-point type.</typeparam>
    /// <param name="x">The argument; values below -1 give NaN, -1 gives negative infinity.</param>
    /// <returns>log(1 + x) in <typeparamref name="T"/>; NaN for NaN.</returns>
    public static T Log1p<T>(T x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return As<T>(Log1p(Unsafe.As<T, double>(ref x)));
        if (typeof(T) == typeof(float)) return As<T>(Log1p(Unsafe.As<T, float>(ref x)));
        return T.CreateTruncating(Log1p(double.CreateTruncating(x)));
    }

    /// <summary>Generic <see cref="Softplus(double)"/>: log(1 + exp(<paramref name="x"/>)), which never overflows.</summary>
    /// <typeparam name="T">An IEEE 754 floating-point type.</typeparam>
    /// <param name="x">The argument.</param>
    /// <returns>softplus(x) in <typeparamref name="T"/>; NaN for NaN.</returns>
    public static T Softplus<T>(T x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return As<T>(Softplus(Unsafe.As<T, double>(ref x)));
        if (typeof(T) == typeof(float)) return As<T>(Softplus(Unsafe.As<T, float>(ref x)));
        return T.CreateTruncating(Softplus(double.CreateTruncating(x)));
    }

    /// <summary>Generic <see cref="LogSigmoid(double)"/>: log(σ(<paramref name="x"/>)) = −softplus(−x), finite for finite x.</summary>
    /// <typeparam name="T">An IEEE 754 floating-point type.</typeparam>
    /// <param name="x">The logit.</param>
    /// <returns>log σ(x) in <typeparamref name="T"/>; NaN for NaN.</returns>
    public static T LogSigmoid<T>([Logits] T x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return As<T>(LogSigmoid(Unsafe.As<T, double>(ref x)));
        if (typeof(T) == typeof(float)) return As<T>(LogSigmoid(Unsafe.As<T, float>(ref x)));
        return T.CreateTruncating(LogSigmoid(double.CreateTruncating(x)));
    }

    /// <summary>Generic <see cref="Sigmoid(double)"/>: 1 / (1 + exp(−<paramref name="x"/>)) without overflow.</summary>
    /// <typeparam name="T">An IEEE 754 floating-point type.</typeparam>
    /// <param name="x">The logit.</param>
    /// <returns>σ(x) in <typeparamref name="T"/>; NaN for NaN.</returns>
    [return: Probability]
    public static T Sigmoid<T>(T x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return As<T>(Sigmoid(Unsafe.As<T, double>(ref x)));
        if (typeof(T) == typeof(float)) return As<T>(Sigmoid(Unsafe.As<T, float>(ref x)));
        return T.CreateTruncating(Sigmoid(double.CreateTruncating(x)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TTo As<TTo>(double value) => Unsafe.As<double, TTo>(ref value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TTo As<TTo>(float value) => Unsafe.As<float, TTo>(ref value);
}

public static partial class Loss
{
    /// <summary>
    /// Generic <see cref="BinaryCrossEntropyWithLogits(double, double)"/>: the binary cross-entropy of a logit against a
    /// target, computed from the logit.
    /// </summary>
    /// <typeparam name="T">An IEEE 754 floating-point type.</typeparam>
    /// <param name="logit">The logit x (not clamped).</param>
    /// <param name="target">The target y in [0, 1].</param>
    /// <returns>The loss in <typeparamref name="T"/>; NaN if an argument is NaN.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="target"/> is outside [0, 1].</exception>
    public static T BinaryCrossEntropyWithLogits<T>([Logits] T logit, T target) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return StableMath.As<T>(BinaryCrossEntropyWithLogits(Unsafe.As<T, double>(ref logit), Unsafe.As<T, double>(ref target)));
        if (typeof(T) == typeof(float)) return StableMath.As<T>(BinaryCrossEntropyWithLogits(Unsafe.As<T, float>(ref logit), Unsafe.As<T, float>(ref target)));
        return T.CreateTruncating(BinaryCrossEntropyWithLogits(double.CreateTruncating(logit), double.CreateTruncating(target)));
    }
}
#endif
