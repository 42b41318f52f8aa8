#if NET8_0_OR_GREATER
using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;

namespace StableLoss.Internal;

/// <summary>
/// net8.0 dispatch: picks the widest hardware-accelerated vector width (Vector512, else Vector256, else Vector128)
/// and, for the binary-cross-entropy-with-logits kernels, splits large inputs into fixed-size blocks that run on the
/// thread pool. The block decomposition does not depend on the thread count, and block partial sums are combined
/// in block order, so results are deterministic.
/// </summary>
internal static partial class Kernels
{
    /// <summary>Elements per block of the BCE kernels (also the unit of the partial sums).</summary>
    internal const int BlockSize = 1 << 16;

    /// <summary>Inputs with at least this many elements are processed on several threads.</summary>
    internal const int ParallelThreshold = 1 << 18;

    private static readonly ParallelOptions s_parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool VectorPathUsable(int length) => Vector128.IsHardwareAccelerated && length != 0;

    // ------------------------------------------------------------------ block runner

    private interface IBlockJob
    {
        int Run(int start, int length, ref CompensatedSum sum);
    }

    /// <summary>Runs <paramref name="job"/> over blocks of <see cref="BlockSize"/> elements and returns the OR of the flags.</summary>
    private static int RunBlocks<TJob>(TJob job, int n, out double sum)
        where TJob : struct, IBlockJob
    {
        if (n <= BlockSize)
        {
            var acc = default(CompensatedSum);
            int f = job.Run(0, n, ref acc);
            sum = acc.Value;
            return f;
        }

        int blocks = (n + BlockSize - 1) / BlockSize;
        var partials = new double[blocks];
        var flags = new int[blocks];
        if (n >= ParallelThreshold && Environment.ProcessorCount > 1)
        {
            Parallel.For(0, blocks, s_parallelOptions, b => RunBlock(job, b, n, partials, flags));
        }
        else
        {
            for (int b = 0; b < blocks; b++)
            {
                RunBlock(job, b, n, partials, flags);
            }
        }

        var total = default(CompensatedSum);
        int allFlags = 0;
        for (int b = 0; b < blocks; b++)
        {
            total.Add(partials[b]);
            allFlags |= flags[b];
        }

        sum = total.Value;
        return allFlags;
    }

    private static void RunBlock<TJob>(TJob job, int block, int n, double[] partials, int[] flags)
        where TJob : struct, IBlockJob
    {
        int start = block * BlockSize;
        var acc = default(CompensatedSum);
        flags[block] = job.Run(start, Math.Min(BlockSize, n - start), ref acc);
        partials[block] = acc.Value;
    }

    private enum BceOp
    {
        Sum,
        Losses,
        Gradient,
    }

    /// <summary>A BCE block over pinned memory (addresses kept as nint so the job can cross into a lambda).</summary>
    private unsafe struct BceJobDouble : IBlockJob
    {
        public nint X;
        public nint Y;
        public nint W;
        public nint D;
        public bool HasW;
        public double PosWeight;
        public double Divisor;
        public BceOp Op;

        public int Run(int start, int length, ref CompensatedSum sum)
        {
            var x = new ReadOnlySpan<double>((double*)X + start, length);
            var y = new ReadOnlySpan<double>((double*)Y + start, length);
            ReadOnlySpan<double> w = HasW ? new ReadOnlySpan<double>((double*)W + start, length) : default;
            Span<double> d = Op == BceOp.Sum ? default : new Span<double>((double*)D + start, length);
            if (Vector512.IsHardwareAccelerated)
            {
                return Op switch
                {
                    BceOp.Sum => V512.BceSum(x, y, PosWeight, w, ref sum),
                    BceOp.Losses => V512.BceLosses(x, y, PosWeight, w, d),
                    _ => V512.BceGradient(x, y, PosWeight, w, d, Divisor),
                };
            }

            if (Vector256.IsHardwareAccelerated)
            {
                return Op switch
                {
                    BceOp.Sum => V256.BceSum(x, y, PosWeight, w, ref sum),
                    BceOp.Losses => V256.BceLosses(x, y, PosWeight, w, d),
                    _ => V256.BceGradient(x, y, PosWeight, w, d, Divisor),
                };
            }

            return Op switch
            {
                BceOp.Sum => V128.BceSum(x, y, PosWeight, w, ref sum),
                BceOp.Losses => V128.BceLosses(x, y, PosWeight, w, d),
                _ => V128.BceGradient(x, y, PosWeight, w, d, Divisor),
            };
        }
    }

    private unsafe struct BceJobSingle : IBlockJob
    {
        public nint X;
        public nint Y;
        public nint W;
        public nint D;
        public bool HasW;
        public float PosWeight;
        public double Divisor;
        public BceOp Op;

        public int Run(int start, int length, ref CompensatedSum sum)
        {
            var x = new ReadOnlySpan<float>((float*)X + start, length);
            var y = new ReadOnlySpan<float>((float*)Y + start, length);
            ReadOnlySpan<float> w = HasW ? new ReadOnlySpan<float>((float*)W + start, length) : default;
            Span<float> d = Op == BceOp.Sum ? default : new Span<float>((float*)D + start, length);
            if (Vector512.IsHardwareAccelerated)
            {
                return Op switch
                {
                    BceOp.Sum => V512.BceSum(x, y, PosWeight, w, ref sum),
                    BceOp.Losses => V512.BceLosses(x, y, PosWeight, w, d),
                    _ => V512.BceGradient(x, y, PosWeight, w, d, Divisor),
                };
            }

            if (Vector256.IsHardwareAccelerated)
            {
                return Op switch
                {
                    BceOp.Sum => V256.BceSum(x, y, PosWeight, w, ref sum),
                    BceOp.Losses => V256.BceLosses(x, y, PosWeight, w, d),
                    _ => V256.BceGradient(x, y, PosWeight, w, d, Divisor),
                };
            }

            return Op switch
            {
                BceOp.Sum => V128.BceSum(x, y, PosWeight, w, ref sum),
                BceOp.Losses => V128.BceLosses(x, y, PosWeight, w, d),
                _ => V128.BceGradient(x, y, PosWeight, w, d, Divisor),
            };
        }
    }

    private static unsafe int RunBce(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double posWeight, ReadOnlySpan<double> w, Span<double> d, double divisor, BceOp op, out double sum)
    {
        fixed (double* px = x, py = y, pw = w, pd = d)
        {
            var job = new BceJobDouble { X = (nint)px, Y = (nint)py, W = (nint)pw, D = (nint)pd, HasW = w.Length != 0, PosWeight = posWeight, Divisor = divisor, Op = op };
            return RunBlocks(job, x.Length, out sum);
        }
    }

    private static unsafe int RunBce(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float posWeight, ReadOnlySpan<float> w, Span<float> d, double divisor, BceOp op, out double sum)
    {
        fixed (float* px = x, py = y, pw = w, pd = d)
        {
            var job = new BceJobSingle { X = (nint)px, Y = (nint)py, W = (nint)pw, D = (nint)pd, HasW = w.Length != 0, PosWeight = posWeight, Divisor = divisor, Op = op };
            return RunBlocks(job, x.Length, out sum);
        }
    }

    private static int BceSumVector(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double posWeight, ReadOnlySpan<double> w, out double sum) =>
        RunBce(x, y, posWeight, w, default, 1.0, BceOp.Sum, out sum);

    private static int BceSumVector(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float posWeight, ReadOnlySpan<float> w, out double sum) =>
        RunBce(x, y, posWeight, w, default, 1.0, BceOp.Sum, out sum);

    private static int BceLossesVector(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double posWeight, ReadOnlySpan<double> w, Span<double> destination) =>
        RunBce(x, y, posWeight, w, destination, 1.0, BceOp.Losses, out _);

    private static int BceLossesVector(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float posWeight, ReadOnlySpan<float> w, Span<float> destination) =>
        RunBce(x, y, posWeight, w, destination, 1.0, BceOp.Losses, out _);

    private static int BceGradientVector(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double posWeight, ReadOnlySpan<double> w, Span<double> destination, double divisor) =>
        RunBce(x, y, posWeight, w, destination, divisor, BceOp.Gradient, out _);

    private static int BceGradientVector(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float posWeight, ReadOnlySpan<float> w, Span<float> destination, double divisor) =>
        RunBce(x, y, posWeight, w, destination, divisor, BceOp.Gradient, out _);

    // ------------------------------------------------------------------ single-threaded kernels

    private static void ActivationVector(ReadOnlySpan<double> x, Span<double> destination, Activation op)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            V512.ActivationSpan(x, destination, op);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            V256.ActivationSpan(x, destination, op);
        }
        else
        {
            V128.ActivationSpan(x, destination, op);
        }
    }

    private static void ActivationVector(ReadOnlySpan<float> x, Span<float> destination, Activation op)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            V512.ActivationSpan(x, destination, op);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            V256.ActivationSpan(x, destination, op);
        }
        else
        {
            V128.ActivationSpan(x, destination, op);
        }
    }

    private static double MaxVector(ReadOnlySpan<double> x) =>
        Vector512.IsHardwareAccelerated ? V512.Max(x) : Vector256.IsHardwareAccelerated ? V256.Max(x) : V128.Max(x);

    private static double MaxVector(ReadOnlySpan<float> x) =>
        Vector512.IsHardwareAccelerated ? V512.Max(x) : Vector256.IsHardwareAccelerated ? V256.Max(x) : V128.Max(x);

    private static void SumExpVector(ReadOnlySpan<double> x, double shift, ref CompensatedSum sum)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            V512.SumExp(x, shift, ref sum);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            V256.SumExp(x, shift, ref sum);
        }
        else
        {
            V128.SumExp(x, shift, ref sum);
        }
    }

    private static void SumExpVector(ReadOnlySpan<float> x, double shift, ref CompensatedSum sum)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            V512.SumExp(x, shift, ref sum);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            V256.SumExp(x, shift, ref sum);
        }
        else
        {
            V128.SumExp(x, shift, ref sum);
        }
    }

    private static void ExpShiftedVector(ReadOnlySpan<double> x, double shift, double divisor, double offset, Span<double> destination)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            V512.ExpShifted(x, shift, divisor, offset, destination);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            V256.ExpShifted(x, shift, divisor, offset, destination);
        }
        else
        {
            V128.ExpShifted(x, shift, divisor, offset, destination);
        }
    }

    private static void ExpShiftedVector(ReadOnlySpan<float> x, double shift, double divisor, double offset, Span<float> destination)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            V512.ExpShifted(x, shift, divisor, offset, destination);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            V256.ExpShifted(x, shift, divisor, offset, destination);
        }
        else
        {
            V128.ExpShifted(x, shift, divisor, offset, destination);
        }
    }

    private static void ShiftVector(ReadOnlySpan<double> x, double shift, double offset, Span<double> destination)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            V512.Shift(x, shift, offset, destination);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            V256.Shift(x, shift, offset, destination);
        }
        else
        {
            V128.Shift(x, shift, offset, destination);
        }
    }

    private static void ShiftVector(ReadOnlySpan<float> x, double shift, double offset, Span<float> destination)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            V512.Shift(x, shift, offset, destination);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            V256.Shift(x, shift, offset, destination);
        }
        else
        {
            V128.Shift(x, shift, offset, destination);
        }
    }

    private static int BceProbabilitySumVector(ReadOnlySpan<double> p, ReadOnlySpan<double> y, double lo, double hi, ref CompensatedSum sum) =>
        Vector512.IsHardwareAccelerated ? V512.BceProbabilitySum(p, y, lo, hi, ref sum)
        : Vector256.IsHardwareAccelerated ? V256.BceProbabilitySum(p, y, lo, hi, ref sum)
        : V128.BceProbabilitySum(p, y, lo, hi, ref sum);

    private static int BceProbabilitySumVector(ReadOnlySpan<float> p, ReadOnlySpan<float> y, float lo, float hi, ref CompensatedSum sum) =>
        Vector512.IsHardwareAccelerated ? V512.BceProbabilitySum(p, y, lo, hi, ref sum)
        : Vector256.IsHardwareAccelerated ? V256.BceProbabilitySum(p, y, lo, hi, ref sum)
        : V128.BceProbabilitySum(p, y, lo, hi, ref sum);
}
#endif
