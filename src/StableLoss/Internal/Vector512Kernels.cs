#if NET8_0_OR_GREATER
// MASTER: This file is the hand-written master of the SIMD kernels. The 256-bit and 128-bit copies are generated from it
// MASTER: by generate-vector-kernels.sh (a textual substitution of the vector width); edit this file and rerun the script.
// MASTER: The width-specific fused multiply-add lives in VectorWidths.cs.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StableLoss.Internal
{
    /// <summary>
    /// SIMD kernels on Vector512 lanes. Callers check Vector512.IsHardwareAccelerated. The loops are marked
    /// AggressiveOptimization: they are compiled fully optimized on first call (with every math kernel inlined) instead
    /// of starting in tier-0 code that calls the kernels out of line and runs an order of magnitude slower. They are
    /// also NoInlining: inlined into a large tier-1 caller, the dozens of vector temporaries exceed what the JIT
    /// keeps in registers and the loop ran about 3.5 times slower.
    /// </summary>
    internal static partial class V512
    {
        // =================================================================== double-precision math kernels

        /// <summary>
        /// exp(x) for x &lt;= 0 (and NaN). Range reduction x = k ln2 + r with |r| &lt;= ln2/2 (Cody-Waite split of ln2), a
        /// degree-13 Taylor polynomial for exp(r) (truncation error &lt; 5e-18 relative) and scaling by 2^k with
        /// ScaleB (vscalefpd, or exponent-bit arithmetic that rounds subnormal results once); x &lt;= -746 gives 0.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> ExpNonPositive(Vector512<double> x)
        {
            // exp(-746) is below half the smallest subnormal, so the clamp maps -inf (and anything lower) to exactly 0.
            x = ClampBelow(x, Vector512.Create(-746.0));
            Vector512<double> magic = Vector512.Create(VectorConstants.RoundMagicDouble);
            Vector512<double> t = MulAdd(x, Vector512.Create(VectorConstants.Log2E), magic);
            Vector512<double> k = t - magic;
            Vector512<double> r = MulAdd(k, Vector512.Create(-VectorConstants.Ln2HiDouble), x);
            r = MulAdd(k, Vector512.Create(-VectorConstants.Ln2LoDouble), r);

            Vector512<double> p = Vector512.Create(1.0 / 6227020800.0);
            p = MulAdd(p, r, Vector512.Create(1.0 / 479001600.0));
            p = MulAdd(p, r, Vector512.Create(1.0 / 39916800.0));
            p = MulAdd(p, r, Vector512.Create(1.0 / 3628800.0));
            p = MulAdd(p, r, Vector512.Create(1.0 / 362880.0));
            p = MulAdd(p, r, Vector512.Create(1.0 / 40320.0));
            p = MulAdd(p, r, Vector512.Create(1.0 / 5040.0));
            p = MulAdd(p, r, Vector512.Create(1.0 / 720.0));
            p = MulAdd(p, r, Vector512.Create(1.0 / 120.0));
            p = MulAdd(p, r, Vector512.Create(1.0 / 24.0));
            p = MulAdd(p, r, Vector512.Create(1.0 / 6.0));
            p = MulAdd(p, r, Vector512.Create(0.5));
            p = MulAdd(p, r, Vector512<double>.One);
            p = MulAdd(p, r, Vector512<double>.One);

            return ScaleB(p, k);
        }

        /// <summary>
        /// log(1 + f) for f in [-0.25, 0.5], f exact: s = f / (2 + f), log(1 + f) = f - (f^2/2 - s (f^2/2 + R(s^2))) with
        /// R the atanh series 2/3 s^2 + 2/5 s^4 + ... (11 terms, truncation &lt; 2e-17 relative).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> Log1pCore(Vector512<double> f)
        {
            Vector512<double> s = f / (Vector512.Create(2.0) + f);
            Vector512<double> z = s * s;
            Vector512<double> r = Vector512.Create(2.0 / 23.0);
            r = MulAdd(r, z, Vector512.Create(2.0 / 21.0));
            r = MulAdd(r, z, Vector512.Create(2.0 / 19.0));
            r = MulAdd(r, z, Vector512.Create(2.0 / 17.0));
            r = MulAdd(r, z, Vector512.Create(2.0 / 15.0));
            r = MulAdd(r, z, Vector512.Create(2.0 / 13.0));
            r = MulAdd(r, z, Vector512.Create(2.0 / 11.0));
            r = MulAdd(r, z, Vector512.Create(2.0 / 9.0));
            r = MulAdd(r, z, Vector512.Create(2.0 / 7.0));
            r = MulAdd(r, z, Vector512.Create(2.0 / 5.0));
            r = MulAdd(r, z, Vector512.Create(2.0 / 3.0));
            r *= z;
            Vector512<double> hfsq = Vector512.Create(0.5) * f * f;
            return f - (hfsq - s * (hfsq + r));
        }

        /// <summary>
        /// log1p(t) for t in [0, 1] (and NaN): t &lt; 0.5 uses the core directly; t &gt;= 0.5 uses
        /// log1p(t) = ln2 + log(1 + (t - 1)/2), where (t - 1)/2 is exact. No rounding of 1 + t ever happens.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Log1pUnit(Vector512<double> t)
        {
            Vector512<double> upper = Vector512.GreaterThanOrEqual(t, Vector512.Create(0.5));
            Vector512<double> f = Vector512.ConditionalSelect(upper, (t - Vector512<double>.One) * Vector512.Create(0.5), t);
            Vector512<double> g = Log1pCore(f);
            Vector512<double> shifted = Vector512.Create(VectorConstants.Ln2HiDouble) + (g + Vector512.Create(VectorConstants.Ln2LoDouble));
            return Vector512.ConditionalSelect(upper, shifted, g);
        }

        /// <summary>The BCE-with-logits term a * log1p(exp(-|x|)) + b * |x| (see ScalarMath.BceWithLogits).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> Bce(Vector512<double> x, Vector512<double> y, Vector512<double> posWeight, Vector512<double> posWeightMinusOne)
        {
            Vector512<double> ax = Vector512.Abs(x);
            Vector512<double> l = Log1pUnit(ExpNonPositive(-ax));
            Vector512<double> a = MulAdd(posWeightMinusOne, y, Vector512<double>.One);
            Vector512<double> b = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<double>.Zero), Vector512<double>.One - y, posWeight * y);
            Vector512<double> bx = Vector512.AndNot(b * ax, Vector512.Equals(b, Vector512<double>.Zero));
            return MulAdd(a, l, bx);
        }

        /// <summary>(1 - y) sigmoid(x) - posWeight y sigmoid(-x), both sigmoids from one exp(-|x|).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> BceGradient(Vector512<double> x, Vector512<double> y, Vector512<double> posWeight)
        {
            Vector512<double> e = ExpNonPositive(-Vector512.Abs(x));
            Vector512<double> d = Vector512<double>.One + e;
            Vector512<double> nonNegative = Vector512.GreaterThanOrEqual(x, Vector512<double>.Zero);
            Vector512<double> sp = Vector512.ConditionalSelect(nonNegative, Vector512<double>.One, e) / d;
            Vector512<double> sn = Vector512.ConditionalSelect(nonNegative, e, Vector512<double>.One) / d;
            return (Vector512<double>.One - y) * sp - (posWeight * y) * sn;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> ApplyActivation(Vector512<double> x, Activation op)
        {
            Vector512<double> ax = Vector512.Abs(x);
            Vector512<double> e = ExpNonPositive(-ax);
            if (op == Activation.Sigmoid)
            {
                Vector512<double> num = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<double>.Zero), Vector512<double>.One, e);
                return num / (Vector512<double>.One + e);
            }

            Vector512<double> l = Log1pUnit(e);
            return op == Activation.Softplus
                ? Vector512.Max(x, Vector512<double>.Zero) + l
                : Vector512.Min(x, Vector512<double>.Zero) - l;
        }

        /// <summary>
        /// log(v) for positive normal v: v = 2^e * m with m in [sqrt(2)/2, sqrt(2)) taken from the bits,
        /// log(v) = e ln2 + log1p(m - 1) (m - 1 is exact).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> LogNormal(Vector512<double> v)
        {
            Vector512<ulong> bits = v.AsUInt64();
            Vector512<double> e = (Vector512.ShiftRightLogical(bits, 52) | Vector512.Create(0x4330000000000000UL)).AsDouble()
                - Vector512.Create(4503599627371519.0); // 2^52 + 1023: the unbiased exponent, exactly
            Vector512<double> m = ((bits & Vector512.Create(0x000FFFFFFFFFFFFFUL)) | Vector512.Create(0x3FF0000000000000UL)).AsDouble();
            Vector512<double> upper = Vector512.GreaterThan(m, Vector512.Create(1.4142135623730951));
            m = Vector512.ConditionalSelect(upper, m * Vector512.Create(0.5), m);
            e += upper & Vector512<double>.One;
            Vector512<double> g = Log1pCore(m - Vector512<double>.One);
            return MulAdd(e, Vector512.Create(VectorConstants.Ln2HiDouble), MulAdd(e, Vector512.Create(VectorConstants.Ln2LoDouble), g));
        }

        /// <summary>
        /// -(y log p + (1 - y) log1p(-p)) for p already clamped to [eps, 1 - eps] (eps a normal number). log1p(-p) is
        /// log(u) - ((u - 1) + p) / u with u = 1 - p (the correction is the exact rounding error of u; it is 0 for p &gt;= 0.5).
        /// A NaN p propagates through the final (p - p) term.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> BceProbability(Vector512<double> p, Vector512<double> y)
        {
            Vector512<double> lp = LogNormal(p);
            Vector512<double> u = Vector512<double>.One - p;
            Vector512<double> l1p = LogNormal(u) - ((u - Vector512<double>.One) + p) / u;
            return (p - p) - MulAdd(y, lp, (Vector512<double>.One - y) * l1p);
        }

        // =================================================================== single-precision math kernels

        /// <summary>exp(x) for x &lt;= 0 in float lanes: as the double kernel with a degree-7 Taylor polynomial
        /// (truncation &lt; 5e-9 relative); x &lt;= -104 gives 0.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> ExpNonPositive(Vector512<float> x)
        {
            // exp(-104) is below half the smallest float subnormal, so the clamp maps -inf (and anything lower) to exactly 0.
            x = ClampBelow(x, Vector512.Create(-104f));
            Vector512<float> magic = Vector512.Create(VectorConstants.RoundMagicSingle);
            Vector512<float> t = MulAdd(x, Vector512.Create(VectorConstants.Log2ESingle), magic);
            Vector512<float> k = t - magic;
            Vector512<float> r = MulAdd(k, Vector512.Create(-VectorConstants.Ln2HiSingleExp), x);
            r = MulAdd(k, Vector512.Create(-VectorConstants.Ln2LoSingleExp), r);

            Vector512<float> p = Vector512.Create(1f / 5040f);
            p = MulAdd(p, r, Vector512.Create(1f / 720f));
            p = MulAdd(p, r, Vector512.Create(1f / 120f));
            p = MulAdd(p, r, Vector512.Create(1f / 24f));
            p = MulAdd(p, r, Vector512.Create(1f / 6f));
            p = MulAdd(p, r, Vector512.Create(0.5f));
            p = MulAdd(p, r, Vector512<float>.One);
            p = MulAdd(p, r, Vector512<float>.One);

            return ScaleB(p, k);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> Log1pCore(Vector512<float> f)
        {
            Vector512<float> s = f / (Vector512.Create(2f) + f);
            Vector512<float> z = s * s;
            Vector512<float> r = Vector512.Create(2f / 13f);
            r = MulAdd(r, z, Vector512.Create(2f / 11f));
            r = MulAdd(r, z, Vector512.Create(2f / 9f));
            r = MulAdd(r, z, Vector512.Create(2f / 7f));
            r = MulAdd(r, z, Vector512.Create(2f / 5f));
            r = MulAdd(r, z, Vector512.Create(2f / 3f));
            r *= z;
            Vector512<float> hfsq = Vector512.Create(0.5f) * f * f;
            return f - (hfsq - s * (hfsq + r));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Log1pUnit(Vector512<float> t)
        {
            Vector512<float> upper = Vector512.GreaterThanOrEqual(t, Vector512.Create(0.5f));
            Vector512<float> f = Vector512.ConditionalSelect(upper, (t - Vector512<float>.One) * Vector512.Create(0.5f), t);
            Vector512<float> g = Log1pCore(f);
            Vector512<float> shifted = Vector512.Create(VectorConstants.Ln2HiSingle) + (g + Vector512.Create(VectorConstants.Ln2LoSingle));
            return Vector512.ConditionalSelect(upper, shifted, g);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> Bce(Vector512<float> x, Vector512<float> y, Vector512<float> posWeight, Vector512<float> posWeightMinusOne)
        {
            Vector512<float> ax = Vector512.Abs(x);
            Vector512<float> l = Log1pUnit(ExpNonPositive(-ax));
            Vector512<float> a = MulAdd(posWeightMinusOne, y, Vector512<float>.One);
            Vector512<float> b = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), Vector512<float>.One - y, posWeight * y);
            Vector512<float> bx = Vector512.AndNot(b * ax, Vector512.Equals(b, Vector512<float>.Zero));
            return MulAdd(a, l, bx);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> BceGradient(Vector512<float> x, Vector512<float> y, Vector512<float> posWeight)
        {
            Vector512<float> e = ExpNonPositive(-Vector512.Abs(x));
            Vector512<float> d = Vector512<float>.One + e;
            Vector512<float> nonNegative = Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero);
            Vector512<float> sp = Vector512.ConditionalSelect(nonNegative, Vector512<float>.One, e) / d;
            Vector512<float> sn = Vector512.ConditionalSelect(nonNegative, e, Vector512<float>.One) / d;
            return (Vector512<float>.One - y) * sp - (posWeight * y) * sn;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> ApplyActivation(Vector512<float> x, Activation op)
        {
            Vector512<float> ax = Vector512.Abs(x);
            Vector512<float> e = ExpNonPositive(-ax);
            if (op == Activation.Sigmoid)
            {
                Vector512<float> num = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), Vector512<float>.One, e);
                return num / (Vector512<float>.One + e);
            }

            Vector512<float> l = Log1pUnit(e);
            return op == Activation.Softplus
                ? Vector512.Max(x, Vector512<float>.Zero) + l
                : Vector512.Min(x, Vector512<float>.Zero) - l;
        }

        // =================================================================== loops: BCE with logits

        /// <summary>Adds the (weighted) losses to <paramref name="sum"/>; lane-wise Kahan, scalar tail via ScalarMath.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static int BceSum(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double posWeight, ReadOnlySpan<double> w, ref CompensatedSum sum)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            ref double yr = ref MemoryMarshal.GetReference(y);
            ref double wr = ref MemoryMarshal.GetReference(w);
            bool hasW = w.Length != 0;
            Vector512<double> pw = Vector512.Create(posWeight);
            Vector512<double> pwm1 = Vector512.Create(posWeight - 1.0);
            Vector512<double> s = Vector512<double>.Zero;
            Vector512<double> c = Vector512<double>.Zero;
            Vector512<double> yMin = Vector512<double>.Zero;
            Vector512<double> yMax = Vector512<double>.Zero;
            Vector512<double> wMin = Vector512<double>.Zero;
            nuint n = (nuint)x.Length;
            nuint i = 0;
            if (n >= (nuint)Vector512<double>.Count)
            {
                if (hasW)
                {
                    for (; i <= n - (nuint)Vector512<double>.Count; i += (nuint)Vector512<double>.Count)
                    {
                        Vector512<double> yv = Vector512.LoadUnsafe(ref yr, i);
                        Vector512<double> l = Bce(Vector512.LoadUnsafe(ref xr, i), yv, pw, pwm1);
                        yMin = MinIgnoringNaN(yv, yMin);
                        yMax = MaxIgnoringNaN(yv, yMax);
                        Vector512<double> wv = Vector512.LoadUnsafe(ref wr, i);
                        wMin = MinIgnoringNaN(wv, wMin);
                        l *= wv;

                        Vector512<double> yk = l - c;
                        Vector512<double> tk = s + yk;
                        c = (tk - s) - yk;
                        s = tk;
                    }
                }
                else
                {
                    for (; i <= n - (nuint)Vector512<double>.Count; i += (nuint)Vector512<double>.Count)
                    {
                        Vector512<double> yv = Vector512.LoadUnsafe(ref yr, i);
                        Vector512<double> l = Bce(Vector512.LoadUnsafe(ref xr, i), yv, pw, pwm1);
                        yMin = MinIgnoringNaN(yv, yMin);
                        yMax = MaxIgnoringNaN(yv, yMax);

                        Vector512<double> yk = l - c;
                        Vector512<double> tk = s + yk;
                        c = (tk - s) - yk;
                        s = tk;
                    }
                }

                for (int lane = 0; lane < Vector512<double>.Count; lane++)
                {
                    double sl = s.GetElement(lane);
                    sum.Add(sl);
                    if (!double.IsInfinity(sl))
                    {
                        sum.Add(-c.GetElement(lane));
                    }
                }
            }

            // Reduce the validation masks before the call: values live across a call are spilled in the loop.
            int flags = ToFlags(yMin, yMax, wMin);
            return flags | Kernels.BceSumScalar(x.Slice((int)i), y.Slice((int)i), posWeight, hasW ? w.Slice((int)i) : default, ref sum);
        }

        /// <summary>Adds the (weighted) losses to <paramref name="sum"/>; losses in float lanes, accumulated in double lanes.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static int BceSum(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float posWeight, ReadOnlySpan<float> w, ref CompensatedSum sum)
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float yr = ref MemoryMarshal.GetReference(y);
            ref float wr = ref MemoryMarshal.GetReference(w);
            bool hasW = w.Length != 0;
            Vector512<float> pw = Vector512.Create(posWeight);
            Vector512<float> pwm1 = Vector512.Create(posWeight - 1f);
            Vector512<double> s0 = Vector512<double>.Zero;
            Vector512<double> s1 = Vector512<double>.Zero;
            Vector512<float> yMin = Vector512<float>.Zero;
            Vector512<float> yMax = Vector512<float>.Zero;
            Vector512<float> wMin = Vector512<float>.Zero;
            nuint n = (nuint)x.Length;
            nuint i = 0;
            if (n >= (nuint)Vector512<float>.Count)
            {
                if (hasW)
                {
                    for (; i <= n - (nuint)Vector512<float>.Count; i += (nuint)Vector512<float>.Count)
                    {
                        Vector512<float> yv = Vector512.LoadUnsafe(ref yr, i);
                        Vector512<float> l = Bce(Vector512.LoadUnsafe(ref xr, i), yv, pw, pwm1);
                        yMin = MinIgnoringNaN(yv, yMin);
                        yMax = MaxIgnoringNaN(yv, yMax);
                        Vector512<float> wv = Vector512.LoadUnsafe(ref wr, i);
                        wMin = MinIgnoringNaN(wv, wMin);
                        l *= wv;

                        (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(l);
                        s0 += lo;
                        s1 += hi;
                    }
                }
                else
                {
                    for (; i <= n - (nuint)Vector512<float>.Count; i += (nuint)Vector512<float>.Count)
                    {
                        Vector512<float> yv = Vector512.LoadUnsafe(ref yr, i);
                        Vector512<float> l = Bce(Vector512.LoadUnsafe(ref xr, i), yv, pw, pwm1);
                        yMin = MinIgnoringNaN(yv, yMin);
                        yMax = MaxIgnoringNaN(yv, yMax);

                        (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(l);
                        s0 += lo;
                        s1 += hi;
                    }
                }

                sum.Add(Vector512.Sum(s0));
                sum.Add(Vector512.Sum(s1));
            }

            // Reduce the validation masks before the call: values live across a call are spilled in the loop.
            int flags = ToFlags(yMin, yMax, wMin);
            return flags | Kernels.BceSumScalar(x.Slice((int)i), y.Slice((int)i), posWeight, hasW ? w.Slice((int)i) : default, ref sum);
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static int BceLosses(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double posWeight, ReadOnlySpan<double> w, Span<double> destination)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            ref double yr = ref MemoryMarshal.GetReference(y);
            ref double wr = ref MemoryMarshal.GetReference(w);
            ref double dr = ref MemoryMarshal.GetReference(destination);
            bool hasW = w.Length != 0;
            Vector512<double> pw = Vector512.Create(posWeight);
            Vector512<double> pwm1 = Vector512.Create(posWeight - 1.0);
            Vector512<double> yMin = Vector512<double>.Zero;
            Vector512<double> yMax = Vector512<double>.Zero;
            Vector512<double> wMin = Vector512<double>.Zero;
            nuint n = (nuint)x.Length;
            nuint i = 0;
            if (n >= (nuint)Vector512<double>.Count)
            {
                if (hasW)
                {
                    for (; i <= n - (nuint)Vector512<double>.Count; i += (nuint)Vector512<double>.Count)
                    {
                        Vector512<double> yv = Vector512.LoadUnsafe(ref yr, i);
                        Vector512<double> l = Bce(Vector512.LoadUnsafe(ref xr, i), yv, pw, pwm1);
                        yMin = MinIgnoringNaN(yv, yMin);
                        yMax = MaxIgnoringNaN(yv, yMax);
                        Vector512<double> wv = Vector512.LoadUnsafe(ref wr, i);
                        wMin = MinIgnoringNaN(wv, wMin);
                        l *= wv;

                        l.StoreUnsafe(ref dr, i);
                    }
                }
                else
                {
                    for (; i <= n - (nuint)Vector512<double>.Count; i += (nuint)Vector512<double>.Count)
                    {
                        Vector512<double> yv = Vector512.LoadUnsafe(ref yr, i);
                        Vector512<double> l = Bce(Vector512.LoadUnsafe(ref xr, i), yv, pw, pwm1);
                        yMin = MinIgnoringNaN(yv, yMin);
                        yMax = MaxIgnoringNaN(yv, yMax);

                        l.StoreUnsafe(ref dr, i);
                    }
                }
            }

            // Reduce the validation masks before the call: values live across a call are spilled in the loop.
            int flags = ToFlags(yMin, yMax, wMin);
            return flags | Kernels.BceLossesScalar(x.Slice((int)i), y.Slice((int)i), posWeight, hasW ? w.Slice((int)i) : default, destination.Slice((int)i));
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static int BceLosses(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float posWeight, ReadOnlySpan<float> w, Span<float> destination)
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float yr = ref MemoryMarshal.GetReference(y);
            ref float wr = ref MemoryMarshal.GetReference(w);
            ref float dr = ref MemoryMarshal.GetReference(destination);
            bool hasW = w.Length != 0;
            Vector512<float> pw = Vector512.Create(posWeight);
            Vector512<float> pwm1 = Vector512.Create(posWeight - 1f);
            Vector512<float> yMin = Vector512<float>.Zero;
            Vector512<float> yMax = Vector512<float>.Zero;
            Vector512<float> wMin = Vector512<float>.Zero;
            nuint n = (nuint)x.Length;
            nuint i = 0;
            if (n >= (nuint)Vector512<float>.Count)
            {
                if (hasW)
                {
                    for (; i <= n - (nuint)Vector512<float>.Count; i += (nuint)Vector512<float>.Count)
                    {
                        Vector512<float> yv = Vector512.LoadUnsafe(ref yr, i);
                        Vector512<float> l = Bce(Vector512.LoadUnsafe(ref xr, i), yv, pw, pwm1);
                        yMin = MinIgnoringNaN(yv, yMin);
                        yMax = MaxIgnoringNaN(yv, yMax);
                        Vector512<float> wv = Vector512.LoadUnsafe(ref wr, i);
                        wMin = MinIgnoringNaN(wv, wMin);
                        l *= wv;

                        l.StoreUnsafe(ref dr, i);
                    }
                }
                else
                {
                    for (; i <= n - (nuint)Vector512<float>.Count; i += (nuint)Vector512<float>.Count)
                    {
                        Vector512<float> yv = Vector512.LoadUnsafe(ref yr, i);
                        Vector512<float> l = Bce(Vector512.LoadUnsafe(ref xr, i), yv, pw, pwm1);
                        yMin = MinIgnoringNaN(yv, yMin);
                        yMax = MaxIgnoringNaN(yv, yMax);

                        l.StoreUnsafe(ref dr, i);
                    }
                }
            }

            // Reduce the validation masks before the call: values live across a call are spilled in the loop.
            int flags = ToFlags(yMin, yMax, wMin);
            return flags | Kernels.BceLossesScalar(x.Slice((int)i), y.Slice((int)i), posWeight, hasW ? w.Slice((int)i) : default, destination.Slice((int)i));
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static int BceGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double posWeight, ReadOnlySpan<double> w, Span<double> destination, double divisor)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            ref double yr = ref MemoryMarshal.GetReference(y);
            ref double wr = ref MemoryMarshal.GetReference(w);
            ref double dr = ref MemoryMarshal.GetReference(destination);
            bool hasW = w.Length != 0;
            bool divide = divisor != 1.0;
            Vector512<double> pw = Vector512.Create(posWeight);
            Vector512<double> div = Vector512.Create(divisor);
            Vector512<double> yMin = Vector512<double>.Zero;
            Vector512<double> yMax = Vector512<double>.Zero;
            Vector512<double> wMin = Vector512<double>.Zero;
            nuint n = (nuint)x.Length;
            nuint i = 0;
            if (n >= (nuint)Vector512<double>.Count)
            {
                if (hasW)
                {
                    for (; i <= n - (nuint)Vector512<double>.Count; i += (nuint)Vector512<double>.Count)
                    {
                        Vector512<double> yv = Vector512.LoadUnsafe(ref yr, i);
                        Vector512<double> g = BceGradient(Vector512.LoadUnsafe(ref xr, i), yv, pw);
                        yMin = MinIgnoringNaN(yv, yMin);
                        yMax = MaxIgnoringNaN(yv, yMax);
                        Vector512<double> wv = Vector512.LoadUnsafe(ref wr, i);
                        wMin = MinIgnoringNaN(wv, wMin);
                        g *= wv;

                        if (divide)
                        {
                            g /= div;
                        }

                        g.StoreUnsafe(ref dr, i);
                    }
                }
                else
                {
                    for (; i <= n - (nuint)Vector512<double>.Count; i += (nuint)Vector512<double>.Count)
                    {
                        Vector512<double> yv = Vector512.LoadUnsafe(ref yr, i);
                        Vector512<double> g = BceGradient(Vector512.LoadUnsafe(ref xr, i), yv, pw);
                        yMin = MinIgnoringNaN(yv, yMin);
                        yMax = MaxIgnoringNaN(yv, yMax);

                        if (divide)
                        {
                            g /= div;
                        }

                        g.StoreUnsafe(ref dr, i);
                    }
                }
            }

            // Reduce the validation masks before the call: values live across a call are spilled in the loop.
            int flags = ToFlags(yMin, yMax, wMin);
            return flags | Kernels.BceGradientScalar(x.Slice((int)i), y.Slice((int)i), posWeight, hasW ? w.Slice((int)i) : default, destination.Slice((int)i), divisor);
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static int BceGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float posWeight, ReadOnlySpan<float> w, Span<float> destination, double divisor)
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float yr = ref MemoryMarshal.GetReference(y);
            ref float wr = ref MemoryMarshal.GetReference(w);
            ref float dr = ref MemoryMarshal.GetReference(destination);
            bool hasW = w.Length != 0;
            bool divide = divisor != 1.0;
            Vector512<float> pw = Vector512.Create(posWeight);
            Vector512<double> div = Vector512.Create(divisor);
            Vector512<float> yMin = Vector512<float>.Zero;
            Vector512<float> yMax = Vector512<float>.Zero;
            Vector512<float> wMin = Vector512<float>.Zero;
            nuint n = (nuint)x.Length;
            nuint i = 0;
            if (n >= (nuint)Vector512<float>.Count)
            {
                if (hasW)
                {
                    for (; i <= n - (nuint)Vector512<float>.Count; i += (nuint)Vector512<float>.Count)
                    {
                        Vector512<float> yv = Vector512.LoadUnsafe(ref yr, i);
                        Vector512<float> g = BceGradient(Vector512.LoadUnsafe(ref xr, i), yv, pw);
                        yMin = MinIgnoringNaN(yv, yMin);
                        yMax = MaxIgnoringNaN(yv, yMax);
                        Vector512<float> wv = Vector512.LoadUnsafe(ref wr, i);
                        wMin = MinIgnoringNaN(wv, wMin);
                        g *= wv;

                        if (divide)
                        {
                            // Divide in double so that a divisor above 2^24 is not rounded before use.
                            (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(g);
                            g = Vector512.Narrow(lo / div, hi / div);
                        }

                        g.StoreUnsafe(ref dr, i);
                    }
                }
                else
                {
                    for (; i <= n - (nuint)Vector512<float>.Count; i += (nuint)Vector512<float>.Count)
                    {
                        Vector512<float> yv = Vector512.LoadUnsafe(ref yr, i);
                        Vector512<float> g = BceGradient(Vector512.LoadUnsafe(ref xr, i), yv, pw);
                        yMin = MinIgnoringNaN(yv, yMin);
                        yMax = MaxIgnoringNaN(yv, yMax);

                        if (divide)
                        {
                            // Divide in double so that a divisor above 2^24 is not rounded before use.
                            (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(g);
                            g = Vector512.Narrow(lo / div, hi / div);
                        }

                        g.StoreUnsafe(ref dr, i);
                    }
                }
            }

            // Reduce the validation masks before the call: values live across a call are spilled in the loop.
            int flags = ToFlags(yMin, yMax, wMin);
            return flags | Kernels.BceGradientScalar(x.Slice((int)i), y.Slice((int)i), posWeight, hasW ? w.Slice((int)i) : default, destination.Slice((int)i), divisor);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int ToFlags(Vector512<double> yMin, Vector512<double> yMax, Vector512<double> wMin) =>
            (Vector512.LessThanAny(yMin, Vector512<double>.Zero) || Vector512.GreaterThanAny(yMax, Vector512<double>.One) ? Flags.BadTarget : 0)
            | (Vector512.LessThanAny(wMin, Vector512<double>.Zero) ? Flags.BadWeight : 0);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int ToFlags(Vector512<float> yMin, Vector512<float> yMax, Vector512<float> wMin) =>
            (Vector512.LessThanAny(yMin, Vector512<float>.Zero) || Vector512.GreaterThanAny(yMax, Vector512<float>.One) ? Flags.BadTarget : 0)
            | (Vector512.LessThanAny(wMin, Vector512<float>.Zero) ? Flags.BadWeight : 0);

        // =================================================================== loops: BCE on probabilities

        /// <summary>Adds the losses for probabilities clamped to [lo, hi] (lo normal) to <paramref name="sum"/>; lane-wise Kahan.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static int BceProbabilitySum(ReadOnlySpan<double> p, ReadOnlySpan<double> y, double lo, double hi, ref CompensatedSum sum)
        {
            ref double pr = ref MemoryMarshal.GetReference(p);
            ref double yr = ref MemoryMarshal.GetReference(y);
            Vector512<double> lov = Vector512.Create(lo);
            Vector512<double> hiv = Vector512.Create(hi);
            Vector512<double> s = Vector512<double>.Zero;
            Vector512<double> c = Vector512<double>.Zero;
            Vector512<double> pMin = Vector512<double>.Zero;
            Vector512<double> pMax = Vector512<double>.Zero;
            Vector512<double> yMin = Vector512<double>.Zero;
            Vector512<double> yMax = Vector512<double>.Zero;
            nuint n = (nuint)p.Length;
            nuint i = 0;
            int flags = 0;
            if (n >= (nuint)Vector512<double>.Count)
            {
                for (; i <= n - (nuint)Vector512<double>.Count; i += (nuint)Vector512<double>.Count)
                {
                    Vector512<double> pv = Vector512.LoadUnsafe(ref pr, i);
                    Vector512<double> yv = Vector512.LoadUnsafe(ref yr, i);
                    pMin = MinIgnoringNaN(pv, pMin);
                    pMax = MaxIgnoringNaN(pv, pMax);
                    yMin = MinIgnoringNaN(yv, yMin);
                    yMax = MaxIgnoringNaN(yv, yMax);
                    Kahan(ref s, ref c, BceProbability(ClampAbove(ClampBelow(pv, lov), hiv), yv));
                }

                FlushKahan(s, c, ref sum);
                flags = ProbabilityFlags(pMin, pMax, yMin, yMax);
            }

            return flags | Kernels.BceProbabilitySumScalar(p.Slice((int)i), y.Slice((int)i), lo, hi, ref sum);
        }

        /// <summary>Float probabilities: clamped in float (so 1 - eps is the float bound), evaluated in double lanes.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static int BceProbabilitySum(ReadOnlySpan<float> p, ReadOnlySpan<float> y, float lo, float hi, ref CompensatedSum sum)
        {
            ref float pr = ref MemoryMarshal.GetReference(p);
            ref float yr = ref MemoryMarshal.GetReference(y);
            Vector512<float> lov = Vector512.Create(lo);
            Vector512<float> hiv = Vector512.Create(hi);
            Vector512<double> s = Vector512<double>.Zero;
            Vector512<double> c = Vector512<double>.Zero;
            Vector512<float> pMin = Vector512<float>.Zero;
            Vector512<float> pMax = Vector512<float>.Zero;
            Vector512<float> yMin = Vector512<float>.Zero;
            Vector512<float> yMax = Vector512<float>.Zero;
            nuint n = (nuint)p.Length;
            nuint i = 0;
            int flags = 0;
            if (n >= (nuint)Vector512<float>.Count)
            {
                for (; i <= n - (nuint)Vector512<float>.Count; i += (nuint)Vector512<float>.Count)
                {
                    Vector512<float> pv = Vector512.LoadUnsafe(ref pr, i);
                    Vector512<float> yv = Vector512.LoadUnsafe(ref yr, i);
                    pMin = MinIgnoringNaN(pv, pMin);
                    pMax = MaxIgnoringNaN(pv, pMax);
                    yMin = MinIgnoringNaN(yv, yMin);
                    yMax = MaxIgnoringNaN(yv, yMax);
                    (Vector512<double> p0, Vector512<double> p1) = Vector512.Widen(ClampAbove(ClampBelow(pv, lov), hiv));
                    (Vector512<double> y0, Vector512<double> y1) = Vector512.Widen(yv);
                    Kahan(ref s, ref c, BceProbability(p0, y0));
                    Kahan(ref s, ref c, BceProbability(p1, y1));
                }

                FlushKahan(s, c, ref sum);
                flags = ProbabilityFlags(pMin.AsDouble(), pMax.AsDouble(), yMin.AsDouble(), yMax.AsDouble(), single: true);
            }

            return flags | Kernels.BceProbabilitySumScalar(p.Slice((int)i), y.Slice((int)i), lo, hi, ref sum);
        }

        private static int ProbabilityFlags(Vector512<double> pMin, Vector512<double> pMax, Vector512<double> yMin, Vector512<double> yMax, bool single = false)
        {
            if (single)
            {
                return ToFlags(yMin.AsSingle(), yMax.AsSingle(), Vector512<float>.Zero)
                    | (Vector512.LessThanAny(pMin.AsSingle(), Vector512<float>.Zero) || Vector512.GreaterThanAny(pMax.AsSingle(), Vector512<float>.One) ? Flags.BadProbability : 0);
            }

            return ToFlags(yMin, yMax, Vector512<double>.Zero)
                | (Vector512.LessThanAny(pMin, Vector512<double>.Zero) || Vector512.GreaterThanAny(pMax, Vector512<double>.One) ? Flags.BadProbability : 0);
        }

        // =================================================================== loops: activations

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static void ActivationSpan(ReadOnlySpan<double> x, Span<double> destination, Activation op)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            ref double dr = ref MemoryMarshal.GetReference(destination);
            nuint n = (nuint)x.Length;
            nuint i = 0;
            if (n >= (nuint)Vector512<double>.Count)
            {
                for (; i <= n - (nuint)Vector512<double>.Count; i += (nuint)Vector512<double>.Count)
                {
                    ApplyActivation(Vector512.LoadUnsafe(ref xr, i), op).StoreUnsafe(ref dr, i);
                }
            }

            Kernels.ActivationScalar(x.Slice((int)i), destination.Slice((int)i), op);
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static void ActivationSpan(ReadOnlySpan<float> x, Span<float> destination, Activation op)
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float dr = ref MemoryMarshal.GetReference(destination);
            nuint n = (nuint)x.Length;
            nuint i = 0;
            if (n >= (nuint)Vector512<float>.Count)
            {
                for (; i <= n - (nuint)Vector512<float>.Count; i += (nuint)Vector512<float>.Count)
                {
                    ApplyActivation(Vector512.LoadUnsafe(ref xr, i), op).StoreUnsafe(ref dr, i);
                }
            }

            Kernels.ActivationScalar(x.Slice((int)i), destination.Slice((int)i), op);
        }

        // =================================================================== loops: log-sum-exp family (float in double lanes)

        /// <summary>Maximum; NaN if any element is NaN.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static double Max(ReadOnlySpan<double> x)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            nuint n = (nuint)x.Length;
            nuint i = 0;
            double m = double.NegativeInfinity;
            if (n >= (nuint)Vector512<double>.Count)
            {
                Vector512<double> mv = Vector512.Create(double.NegativeInfinity);
                Vector512<double> nan = Vector512<double>.Zero;
                for (; i <= n - (nuint)Vector512<double>.Count; i += (nuint)Vector512<double>.Count)
                {
                    Vector512<double> v = Vector512.LoadUnsafe(ref xr, i);
                    nan |= ~Vector512.Equals(v, v);
                    mv = Vector512.Max(mv, v);
                }

                if (nan != Vector512<double>.Zero)
                {
                    return double.NaN;
                }

                for (int lane = 0; lane < Vector512<double>.Count; lane++)
                {
                    m = Math.Max(m, mv.GetElement(lane));
                }
            }

            double tail = Kernels.MaxScalar(x.Slice((int)i));
            return double.IsNaN(tail) ? tail : Math.Max(m, tail);
        }

        /// <summary>Maximum; NaN if any element is NaN.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static double Max(ReadOnlySpan<float> x)
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            nuint n = (nuint)x.Length;
            nuint i = 0;
            double m = double.NegativeInfinity;
            if (n >= (nuint)Vector512<float>.Count)
            {
                Vector512<float> mv = Vector512.Create(float.NegativeInfinity);
                Vector512<float> nan = Vector512<float>.Zero;
                for (; i <= n - (nuint)Vector512<float>.Count; i += (nuint)Vector512<float>.Count)
                {
                    Vector512<float> v = Vector512.LoadUnsafe(ref xr, i);
                    nan |= ~Vector512.Equals(v, v);
                    mv = Vector512.Max(mv, v);
                }

                if (nan != Vector512<float>.Zero)
                {
                    return double.NaN;
                }

                for (int lane = 0; lane < Vector512<float>.Count; lane++)
                {
                    m = Math.Max(m, mv.GetElement(lane));
                }
            }

            double tail = Kernels.MaxScalar(x.Slice((int)i));
            return double.IsNaN(tail) ? tail : Math.Max(m, tail);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Kahan(ref Vector512<double> s, ref Vector512<double> c, Vector512<double> v)
        {
            Vector512<double> y = v - c;
            Vector512<double> t = s + y;
            c = (t - s) - y;
            s = t;
        }

        private static void FlushKahan(Vector512<double> s, Vector512<double> c, ref CompensatedSum sum)
        {
            for (int lane = 0; lane < Vector512<double>.Count; lane++)
            {
                double sl = s.GetElement(lane);
                sum.Add(sl);
                if (!double.IsInfinity(sl))
                {
                    sum.Add(-c.GetElement(lane));
                }
            }
        }

        /// <summary>Adds exp(x_i - shift) (shift &gt;= every x_i) to <paramref name="sum"/>.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static void SumExp(ReadOnlySpan<double> x, double shift, ref CompensatedSum sum)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            nuint n = (nuint)x.Length;
            nuint i = 0;
            if (n >= (nuint)Vector512<double>.Count)
            {
                Vector512<double> m = Vector512.Create(shift);
                Vector512<double> s = Vector512<double>.Zero;
                Vector512<double> c = Vector512<double>.Zero;
                for (; i <= n - (nuint)Vector512<double>.Count; i += (nuint)Vector512<double>.Count)
                {
                    Kahan(ref s, ref c, ExpNonPositive(Vector512.LoadUnsafe(ref xr, i) - m));
                }

                FlushKahan(s, c, ref sum);
            }

            Kernels.SumExpScalar(x.Slice((int)i), shift, ref sum);
        }

        /// <summary>Adds exp(x_i - shift) (shift &gt;= every x_i) to <paramref name="sum"/>, in double lanes.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static void SumExp(ReadOnlySpan<float> x, double shift, ref CompensatedSum sum)
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            nuint n = (nuint)x.Length;
            nuint i = 0;
            if (n >= (nuint)Vector512<float>.Count)
            {
                Vector512<double> m = Vector512.Create(shift);
                Vector512<double> s = Vector512<double>.Zero;
                Vector512<double> c = Vector512<double>.Zero;
                for (; i <= n - (nuint)Vector512<float>.Count; i += (nuint)Vector512<float>.Count)
                {
                    (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(Vector512.LoadUnsafe(ref xr, i));
                    Kahan(ref s, ref c, ExpNonPositive(lo - m));
                    Kahan(ref s, ref c, ExpNonPositive(hi - m));
                }

                FlushKahan(s, c, ref sum);
            }

            Kernels.SumExpScalar(x.Slice((int)i), shift, ref sum);
        }

        /// <summary>destination_i = exp(x_i - shift) / divisor - offset.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static void ExpShifted(ReadOnlySpan<double> x, double shift, double divisor, double offset, Span<double> destination)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            ref double dr = ref MemoryMarshal.GetReference(destination);
            nuint n = (nuint)x.Length;
            nuint i = 0;
            if (n >= (nuint)Vector512<double>.Count)
            {
                Vector512<double> m = Vector512.Create(shift);
                Vector512<double> d = Vector512.Create(divisor);
                Vector512<double> o = Vector512.Create(offset);
                for (; i <= n - (nuint)Vector512<double>.Count; i += (nuint)Vector512<double>.Count)
                {
                    (ExpNonPositive(Vector512.LoadUnsafe(ref xr, i) - m) / d - o).StoreUnsafe(ref dr, i);
                }
            }

            Kernels.ExpShiftedScalar(x.Slice((int)i), shift, divisor, offset, destination.Slice((int)i));
        }

        /// <summary>destination_i = exp(x_i - shift) / divisor - offset, in double lanes.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static void ExpShifted(ReadOnlySpan<float> x, double shift, double divisor, double offset, Span<float> destination)
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float dr = ref MemoryMarshal.GetReference(destination);
            nuint n = (nuint)x.Length;
            nuint i = 0;
            if (n >= (nuint)Vector512<float>.Count)
            {
                Vector512<double> m = Vector512.Create(shift);
                Vector512<double> d = Vector512.Create(divisor);
                Vector512<double> o = Vector512.Create(offset);
                for (; i <= n - (nuint)Vector512<float>.Count; i += (nuint)Vector512<float>.Count)
                {
                    (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(Vector512.LoadUnsafe(ref xr, i));
                    Vector512.Narrow(ExpNonPositive(lo - m) / d - o, ExpNonPositive(hi - m) / d - o).StoreUnsafe(ref dr, i);
                }
            }

            Kernels.ExpShiftedScalar(x.Slice((int)i), shift, divisor, offset, destination.Slice((int)i));
        }

        /// <summary>destination_i = (x_i - shift) - offset.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static void Shift(ReadOnlySpan<double> x, double shift, double offset, Span<double> destination)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            ref double dr = ref MemoryMarshal.GetReference(destination);
            nuint n = (nuint)x.Length;
            nuint i = 0;
            if (n >= (nuint)Vector512<double>.Count)
            {
                Vector512<double> m = Vector512.Create(shift);
                Vector512<double> o = Vector512.Create(offset);
                for (; i <= n - (nuint)Vector512<double>.Count; i += (nuint)Vector512<double>.Count)
                {
                    ((Vector512.LoadUnsafe(ref xr, i) - m) - o).StoreUnsafe(ref dr, i);
                }
            }

            Kernels.ShiftScalar(x.Slice((int)i), shift, offset, destination.Slice((int)i));
        }

        /// <summary>destination_i = (x_i - shift) - offset, in double lanes.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static void Shift(ReadOnlySpan<float> x, double shift, double offset, Span<float> destination)
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float dr = ref MemoryMarshal.GetReference(destination);
            nuint n = (nuint)x.Length;
            nuint i = 0;
            if (n >= (nuint)Vector512<float>.Count)
            {
                Vector512<double> m = Vector512.Create(shift);
                Vector512<double> o = Vector512.Create(offset);
                for (; i <= n - (nuint)Vector512<float>.Count; i += (nuint)Vector512<float>.Count)
                {
                    (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(Vector512.LoadUnsafe(ref xr, i));
                    Vector512.Narrow((lo - m) - o, (hi - m) - o).StoreUnsafe(ref dr, i);
                }
            }

            Kernels.ShiftScalar(x.Slice((int)i), shift, offset, destination.Slice((int)i));
        }
    }
}
#endif
