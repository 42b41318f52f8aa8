#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace StableLoss.Internal;

/// <summary>Constants shared by the SIMD kernels of every width.</summary>
internal static class VectorConstants
{
    /// <summary>1.5 * 2^52: adding it rounds a double of magnitude &lt; 2^51 to an integer held in the low mantissa bits.</summary>
    public const double RoundMagicDouble = 6755399441055744.0;
    public const double Log2E = 1.4426950408889634;

    /// <summary>Cody-Waite split of ln 2 (high part has 32 significant bits, so k * Ln2Hi is exact for |k| &lt; 2^21).</summary>
    public const double Ln2HiDouble = 6.93147180369123816490e-01;
    public const double Ln2LoDouble = 1.90821492927058770002e-10;
    public const double TwoToMinus64 = 5.421010862427522170037e-20;

    /// <summary>1.5 * 2^23, the single-precision rounding constant.</summary>
    public const float RoundMagicSingle = 12582912f;
    public const float Log2ESingle = 1.44269504f;

    /// <summary>Split of ln 2 for the float exp reduction (high part has 9 significant bits: k * hi exact for |k| &lt; 2^15).</summary>
    public const float Ln2HiSingleExp = 0.693359375f;
    public const float Ln2LoSingleExp = -2.12194440e-4f;
    public const float TwoToMinus32 = 2.32830644e-10f;

    /// <summary>Split of ln 2 for adding ln 2 to a float logarithm.</summary>
    public const float Ln2HiSingle = 0.693145752f;
    public const float Ln2LoSingle = 1.42860677e-06f;
}

internal static partial class V512
{
    // ClampAbove(x, hi) = min(x, hi) that keeps NaN.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ClampAbove(Vector512<double> x, Vector512<double> hi) => Avx512F.Min(hi, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ClampAbove(Vector512<float> x, Vector512<float> hi) => Avx512F.Min(hi, x);

    // ScaleB(p, k) = p * 2^k for integral k (one rounding, also for subnormal results).
    // ClampBelow(x, lo) = max(x, lo) that keeps NaN (x86 max returns its second operand when one is NaN).
    // MinIgnoringNaN / MaxIgnoringNaN(v, acc): the running min / max of v that skips NaN lanes of v.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ScaleB(Vector512<double> p, Vector512<double> k) => Avx512F.Scale(p, k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ClampBelow(Vector512<double> x, Vector512<double> lo) => Avx512F.Max(lo, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> MinIgnoringNaN(Vector512<double> v, Vector512<double> acc) => Avx512F.Min(v, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> MaxIgnoringNaN(Vector512<double> v, Vector512<double> acc) => Avx512F.Max(v, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ScaleB(Vector512<float> p, Vector512<float> k) => Avx512F.Scale(p, k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ClampBelow(Vector512<float> x, Vector512<float> lo) => Avx512F.Max(lo, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> MinIgnoringNaN(Vector512<float> v, Vector512<float> acc) => Avx512F.Min(v, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> MaxIgnoringNaN(Vector512<float> v, Vector512<float> acc) => Avx512F.Max(v, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> MulAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Avx512F.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Avx512F.FusedMultiplyAdd(a, b, c);
}

internal static partial class V256
{
    // ClampAbove(x, hi) = min(x, hi) that keeps NaN.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ClampAbove(Vector256<double> x, Vector256<double> hi) =>
        Avx.IsSupported ? Avx.Min(hi, x) : Vector256.ConditionalSelect(Vector256.GreaterThan(x, hi), hi, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ClampAbove(Vector256<float> x, Vector256<float> hi) =>
        Avx.IsSupported ? Avx.Min(hi, x) : Vector256.ConditionalSelect(Vector256.GreaterThan(x, hi), hi, x);

    // ScaleB(p, k) = p * 2^k for integral k (one rounding, also for subnormal results).
    // ClampBelow(x, lo) = max(x, lo) that keeps NaN (x86 max returns its second operand when one is NaN).
    // MinIgnoringNaN / MaxIgnoringNaN(v, acc): the running min / max of v that skips NaN lanes of v.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ScaleB(Vector256<double> p, Vector256<double> k) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.Scale(p, k) : ScaleBBits(p, k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ClampBelow(Vector256<double> x, Vector256<double> lo) =>
        Avx.IsSupported ? Avx.Max(lo, x) : Vector256.ConditionalSelect(Vector256.LessThan(x, lo), lo, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> MinIgnoringNaN(Vector256<double> v, Vector256<double> acc) =>
        Avx.IsSupported ? Avx.Min(v, acc) : Vector256.ConditionalSelect(Vector256.LessThan(v, acc), v, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> MaxIgnoringNaN(Vector256<double> v, Vector256<double> acc) =>
        Avx.IsSupported ? Avx.Max(v, acc) : Vector256.ConditionalSelect(Vector256.GreaterThan(v, acc), v, acc);

    private static Vector256<double> ScaleBBits(Vector256<double> p, Vector256<double> k)
    {
        // p * 2^k through the exponent bits; for k &lt; -1000 scale by 2^(k+64) first and 2^-64 after, so that a
        // subnormal result is rounded once. Valid for k in [-1087, 1023].
        Vector256<double> magic = Vector256.Create(VectorConstants.RoundMagicDouble);
        Vector256<double> subnormal = Vector256.LessThan(k, Vector256.Create(-1000.0));
        Vector256<double> kScaled = k + (subnormal & Vector256.Create(64.0));
        Vector256<long> bits = (kScaled + magic).AsInt64() + Vector256.Create(1023L);
        Vector256<double> scale = Vector256.ShiftLeft(bits, 52).AsDouble();
        Vector256<double> fix = Vector256.ConditionalSelect(subnormal, Vector256.Create(VectorConstants.TwoToMinus64), Vector256<double>.One);
        return p * scale * fix;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ScaleB(Vector256<float> p, Vector256<float> k) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.Scale(p, k) : ScaleBBits(p, k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ClampBelow(Vector256<float> x, Vector256<float> lo) =>
        Avx.IsSupported ? Avx.Max(lo, x) : Vector256.ConditionalSelect(Vector256.LessThan(x, lo), lo, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MinIgnoringNaN(Vector256<float> v, Vector256<float> acc) =>
        Avx.IsSupported ? Avx.Min(v, acc) : Vector256.ConditionalSelect(Vector256.LessThan(v, acc), v, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MaxIgnoringNaN(Vector256<float> v, Vector256<float> acc) =>
        Avx.IsSupported ? Avx.Max(v, acc) : Vector256.ConditionalSelect(Vector256.GreaterThan(v, acc), v, acc);

    private static Vector256<float> ScaleBBits(Vector256<float> p, Vector256<float> k)
    {
        // As the double version with 2^(k+32) * 2^-32 for k &lt; -120. Valid for k in [-158, 127].
        Vector256<float> magic = Vector256.Create(VectorConstants.RoundMagicSingle);
        Vector256<float> subnormal = Vector256.LessThan(k, Vector256.Create(-120f));
        Vector256<float> kScaled = k + (subnormal & Vector256.Create(32f));
        Vector256<int> bits = (kScaled + magic).AsInt32() + Vector256.Create(127);
        Vector256<float> scale = Vector256.ShiftLeft(bits, 23).AsSingle();
        Vector256<float> fix = Vector256.ConditionalSelect(subnormal, Vector256.Create(VectorConstants.TwoToMinus32), Vector256<float>.One);
        return p * scale * fix;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> MulAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;
}

internal static partial class V128
{
    // ClampAbove(x, hi) = min(x, hi) that keeps NaN.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> ClampAbove(Vector128<double> x, Vector128<double> hi) =>
        Sse2.IsSupported ? Sse2.Min(hi, x) : Vector128.ConditionalSelect(Vector128.GreaterThan(x, hi), hi, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ClampAbove(Vector128<float> x, Vector128<float> hi) =>
        Sse.IsSupported ? Sse.Min(hi, x) : Vector128.ConditionalSelect(Vector128.GreaterThan(x, hi), hi, x);

    // ScaleB(p, k) = p * 2^k for integral k (one rounding, also for subnormal results).
    // ClampBelow(x, lo) = max(x, lo) that keeps NaN (x86 max returns its second operand when one is NaN).
    // MinIgnoringNaN / MaxIgnoringNaN(v, acc): the running min / max of v that skips NaN lanes of v.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> ScaleB(Vector128<double> p, Vector128<double> k) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.Scale(p, k) : ScaleBBits(p, k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> ClampBelow(Vector128<double> x, Vector128<double> lo) =>
        Sse2.IsSupported ? Sse2.Max(lo, x) : Vector128.ConditionalSelect(Vector128.LessThan(x, lo), lo, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> MinIgnoringNaN(Vector128<double> v, Vector128<double> acc) =>
        Sse2.IsSupported ? Sse2.Min(v, acc) : Vector128.ConditionalSelect(Vector128.LessThan(v, acc), v, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> MaxIgnoringNaN(Vector128<double> v, Vector128<double> acc) =>
        Sse2.IsSupported ? Sse2.Max(v, acc) : Vector128.ConditionalSelect(Vector128.GreaterThan(v, acc), v, acc);

    private static Vector128<double> ScaleBBits(Vector128<double> p, Vector128<double> k)
    {
        // p * 2^k through the exponent bits; for k &lt; -1000 scale by 2^(k+64) first and 2^-64 after, so that a
        // subnormal result is rounded once. Valid for k in [-1087, 1023].
        Vector128<double> magic = Vector128.Create(VectorConstants.RoundMagicDouble);
        Vector128<double> subnormal = Vector128.LessThan(k, Vector128.Create(-1000.0));
        Vector128<double> kScaled = k + (subnormal & Vector128.Create(64.0));
        Vector128<long> bits = (kScaled + magic).AsInt64() + Vector128.Create(1023L);
        Vector128<double> scale = Vector128.ShiftLeft(bits, 52).AsDouble();
        Vector128<double> fix = Vector128.ConditionalSelect(subnormal, Vector128.Create(VectorConstants.TwoToMinus64), Vector128<double>.One);
        return p * scale * fix;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ScaleB(Vector128<float> p, Vector128<float> k) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.Scale(p, k) : ScaleBBits(p, k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ClampBelow(Vector128<float> x, Vector128<float> lo) =>
        Sse.IsSupported ? Sse.Max(lo, x) : Vector128.ConditionalSelect(Vector128.LessThan(x, lo), lo, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MinIgnoringNaN(Vector128<float> v, Vector128<float> acc) =>
        Sse.IsSupported ? Sse.Min(v, acc) : Vector128.ConditionalSelect(Vector128.LessThan(v, acc), v, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MaxIgnoringNaN(Vector128<float> v, Vector128<float> acc) =>
        Sse.IsSupported ? Sse.Max(v, acc) : Vector128.ConditionalSelect(Vector128.GreaterThan(v, acc), v, acc);

    private static Vector128<float> ScaleBBits(Vector128<float> p, Vector128<float> k)
    {
        // As the double version with 2^(k+32) * 2^-32 for k &lt; -120. Valid for k in [-158, 127].
        Vector128<float> magic = Vector128.Create(VectorConstants.RoundMagicSingle);
        Vector128<float> subnormal = Vector128.LessThan(k, Vector128.Create(-120f));
        Vector128<float> kScaled = k + (subnormal & Vector128.Create(32f));
        Vector128<int> bits = (kScaled + magic).AsInt32() + Vector128.Create(127);
        Vector128<float> scale = Vector128.ShiftLeft(bits, 23).AsSingle();
        Vector128<float> fix = Vector128.ConditionalSelect(subnormal, Vector128.Create(VectorConstants.TwoToMinus32), Vector128<float>.One);
        return p * scale * fix;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> MulAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c)
    {
        if (Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a, b, c);
        }

        if (AdvSimd.Arm64.IsSupported)
        {
            return AdvSimd.Arm64.FusedMultiplyAdd(c, a, b);
        }

        return a * b + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c)
    {
        if (Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a, b, c);
        }

        if (AdvSimd.IsSupported)
        {
            return AdvSimd.FusedMultiplyAdd(c, a, b);
        }

        return a * b + c;
    }
}
#endif
