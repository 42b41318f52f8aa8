#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace StableLoss.Internal
{
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
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> MulAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Avx512F.FusedMultiplyAdd(a, b, c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Avx512F.FusedMultiplyAdd(a, b, c);
    }

    internal static partial class V256
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> MulAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) =>
            Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
            Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;
    }

    internal static partial class V128
    {
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
}
#endif
