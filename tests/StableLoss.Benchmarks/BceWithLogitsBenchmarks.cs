using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace StableLoss.Benchmarks;

/// <summary>Input data shared by the float and double benchmarks.</summary>
public static class Data
{
    /// <summary>
    /// The sizes N: 1K, 1M and 16M elements, or the comma-separated list in the environment variable
    /// STABLELOSS_BENCH_N (for example STABLELOSS_BENCH_N=1048576 to rerun only the 1M cases on a noisy machine).
    /// </summary>
    public static IEnumerable<int> Sizes()
    {
        string? env = Environment.GetEnvironmentVariable("STABLELOSS_BENCH_N");
        return string.IsNullOrWhiteSpace(env)
            ? new[] { 1 << 10, 1 << 20, 1 << 24 }
            : env.Split(',').Select(v => int.Parse(v.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>Logits with log-uniform magnitudes in [1e-3, 30] and random signs; targets 0 or 1.</summary>
    public static void Fill(int n, out double[] logits, out double[] targets)
    {
        var rng = new Random(12345);
        logits = new double[n];
        targets = new double[n];
        for (int i = 0; i < n; i++)
        {
            double magnitude = Math.Pow(10, -3 + 4.477 * rng.NextDouble());
            logits[i] = rng.Next(2) == 0 ? magnitude : -magnitude;
            targets[i] = rng.Next(2);
        }
    }
}

/// <summary>
/// Mean binary cross-entropy with logits over N floats: (a) the naive probability formula with MathF (baseline),
/// (b) the stable formula as a scalar loop, (c) the stable formula composed from TensorPrimitives calls into
/// preallocated buffers, (d) a plain copy of the input bytes (memory-bandwidth floor), and StableLoss.
/// </summary>
public class BceWithLogitsSingle
{
    private float[] _x = Array.Empty<float>();
    private float[] _y = Array.Empty<float>();
    private float[] _t1 = Array.Empty<float>();
    private float[] _t2 = Array.Empty<float>();
    private float[] _copyX = Array.Empty<float>();
    private float[] _copyY = Array.Empty<float>();

    [ParamsSource(typeof(Data), nameof(Data.Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Data.Fill(N, out double[] x, out double[] y);
        _x = Array.ConvertAll(x, v => (float)v);
        _y = Array.ConvertAll(y, v => (float)v);
        _t1 = new float[N];
        _t2 = new float[N];
        _copyX = new float[N];
        _copyY = new float[N];
    }

    /// <summary>(a) -(y log s + (1 - y) log(1 - s)), s = 1 / (1 + exp(-x)): overflows to infinity for |x| &gt; ~17.</summary>
    [Benchmark(Baseline = true, Description = "(a) naive MathF loop")]
    public float Naive()
    {
        float[] x = _x;
        float[] y = _y;
        float sum = 0f;
        for (int i = 0; i < x.Length; i++)
        {
            float s = 1f / (1f + MathF.Exp(-x[i]));
            sum += -(y[i] * MathF.Log(s) + (1f - y[i]) * MathF.Log(1f - s));
        }

        return sum / x.Length;
    }

    /// <summary>(b) max(x, 0) - x y + log(1 + exp(-|x|)) as a scalar loop.</summary>
    [Benchmark(Description = "(b) stable scalar loop")]
    public float StableScalar()
    {
        float[] x = _x;
        float[] y = _y;
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            float xi = x[i];
            sum += MathF.Max(xi, 0f) - xi * y[i] + MathF.Log(1f + MathF.Exp(-MathF.Abs(xi)));
        }

        return (float)(sum / x.Length);
    }

    /// <summary>(c) the stable formula composed from TensorPrimitives calls.</summary>
    [Benchmark(Description = "(c) TensorPrimitives composed")]
    public float TensorPrimitivesComposed()
    {
        Span<float> t1 = _t1;
        Span<float> t2 = _t2;
        TensorPrimitives.Abs(_x, t1);
        TensorPrimitives.Negate(t1, t1);
        TensorPrimitives.Exp(t1, t1);
        TensorPrimitives.LogP1(t1, t1);
        TensorPrimitives.Max(_x, 0f, t2);
        TensorPrimitives.Add(t2, t1, t2);
        TensorPrimitives.Multiply(_x, _y, t1);
        TensorPrimitives.Subtract(t2, t1, t2);
        return TensorPrimitives.Sum<float>(t2) / t2.Length;
    }

    /// <summary>(d) copy of the input bytes (logits and targets): the memory-bandwidth floor.</summary>
    [Benchmark(Description = "(d) copy floor")]
    public int Copy()
    {
        _x.AsSpan().CopyTo(_copyX);
        _y.AsSpan().CopyTo(_copyY);
        return _copyX.Length;
    }

    [Benchmark(Description = "StableLoss span")]
    public float StableLossSpan() => Loss.BinaryCrossEntropyWithLogits(_x, _y, Reduction.Mean);
}

/// <summary>The same comparison as <see cref="BceWithLogitsSingle"/> over N doubles.</summary>
public class BceWithLogitsDouble
{
    private double[] _x = Array.Empty<double>();
    private double[] _y = Array.Empty<double>();
    private double[] _t1 = Array.Empty<double>();
    private double[] _t2 = Array.Empty<double>();
    private double[] _copyX = Array.Empty<double>();
    private double[] _copyY = Array.Empty<double>();

    [ParamsSource(typeof(Data), nameof(Data.Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Data.Fill(N, out _x, out _y);
        _t1 = new double[N];
        _t2 = new double[N];
        _copyX = new double[N];
        _copyY = new double[N];
    }

    [Benchmark(Baseline = true, Description = "(a) naive Math loop")]
    public double Naive()
    {
        double[] x = _x;
        double[] y = _y;
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double s = 1.0 / (1.0 + Math.Exp(-x[i]));
            sum += -(y[i] * Math.Log(s) + (1.0 - y[i]) * Math.Log(1.0 - s));
        }

        return sum / x.Length;
    }

    [Benchmark(Description = "(b) stable scalar loop")]
    public double StableScalar()
    {
        double[] x = _x;
        double[] y = _y;
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i];
            sum += Math.Max(xi, 0.0) - xi * y[i] + Math.Log(1.0 + Math.Exp(-Math.Abs(xi)));
        }

        return sum / x.Length;
    }

    [Benchmark(Description = "(c) TensorPrimitives composed")]
    public double TensorPrimitivesComposed()
    {
        Span<double> t1 = _t1;
        Span<double> t2 = _t2;
        TensorPrimitives.Abs(_x, t1);
        TensorPrimitives.Negate(t1, t1);
        TensorPrimitives.Exp(t1, t1);
        TensorPrimitives.LogP1(t1, t1);
        TensorPrimitives.Max(_x, 0.0, t2);
        TensorPrimitives.Add(t2, t1, t2);
        TensorPrimitives.Multiply(_x, _y, t1);
        TensorPrimitives.Subtract(t2, t1, t2);
        return TensorPrimitives.Sum<double>(t2) / t2.Length;
    }

    [Benchmark(Description = "(d) copy floor")]
    public int Copy()
    {
        _x.AsSpan().CopyTo(_copyX);
        _y.AsSpan().CopyTo(_copyY);
        return _copyX.Length;
    }

    [Benchmark(Description = "StableLoss span")]
    public double StableLossSpan() => Loss.BinaryCrossEntropyWithLogits(_x, _y, Reduction.Mean);
}
