using System;
using System.Collections.Generic;
using System.Linq;
using StableLoss.Tests.Infrastructure;
using Xunit;

namespace StableLoss.Tests;

/// <summary>NaN in -> NaN out (without throwing), and finite logits never give NaN or infinity.</summary>
public sealed class NanAndFiniteTests
{
    private static double[] Extremes(Fmt f) => f.IsSingle
        ? new double[] { 0, -0.0, float.Epsilon, -float.Epsilon, 1e-30f, -1e-30f, 1, -1, 20, -20, 88.7f, -88.7f, 103, -103, 1e4, -1e4, 1e30f, -1e30f, float.MaxValue, -float.MaxValue }
        : new double[] { 0, -0.0, double.Epsilon, -double.Epsilon, 1e-300, -1e-300, 1, -1, 36.7, -36.7, 709.8, -709.8, 745, -745, 1e4, -1e4, 1e300, -1e300, double.MaxValue, -double.MaxValue };

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void Scalar_functions_propagate_NaN(string format)
    {
        Api api = Api.For(format);
        double nan = double.NaN;
        Assert.True(double.IsNaN(api.Log1p(nan)));
        Assert.True(double.IsNaN(api.Softplus(nan)));
        Assert.True(double.IsNaN(api.LogSigmoid(nan)));
        Assert.True(double.IsNaN(api.Sigmoid(nan)));
        Assert.True(double.IsNaN(api.SafeLog(nan)));
        foreach (double y in new[] { 0.0, 1.0, 0.5 })
        {
            Assert.True(double.IsNaN(api.Bce(nan, y)), "BCE(NaN, y)");
            Assert.True(double.IsNaN(api.Bce(nan, y, 2)), "BCE(NaN, y, 2)");
            Assert.True(double.IsNaN(api.BceGrad(nan, y)), "grad(NaN, y)");
            Assert.True(double.IsNaN(api.Focal(nan, y, 0.25, 2)), "focal(NaN, y)");
            Assert.True(double.IsNaN(api.BceProb(nan, y)), "BCE(p=NaN)");
        }

        // NaN targets are not "outside [0, 1]": no exception, NaN result
        Assert.True(double.IsNaN(api.Bce(0.5, nan)), "BCE(x, NaN)");
        Assert.True(double.IsNaN(api.BceGrad(0.5, nan)), "grad(x, NaN)");
        Assert.True(double.IsNaN(api.Focal(0.5, nan, 0.25, 2)), "focal(x, NaN)");
        Assert.True(double.IsNaN(api.BceProb(0.5, nan)), "BCE(p, NaN)");
        Assert.True(double.IsNaN(api.BceProb(nan, nan)), "BCE(NaN, NaN)");
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void Span_functions_propagate_NaN_only_at_its_position(string format)
    {
        Api api = Api.For(format);
        foreach (int n in new[] { 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 37, 64, 65 })
        {
            for (int pos = 0; pos < n; pos += Math.Max(1, n / 5))
            {
                var x = Enumerable.Range(0, n).Select(i => (double)(i % 7) - 3.5).ToArray();
                x[pos] = double.NaN;
                var y = Enumerable.Range(0, n).Select(i => (double)(i % 2)).ToArray();
                foreach (var (name, op) in new (string, Action<double[], double[]>)[]
                {
                    ("softplus", api.Softplus), ("logsigmoid", api.LogSigmoid), ("sigmoid", api.Sigmoid),
                    ("bce", (a, d) => api.Bce(a, y, d)), ("grad", (a, d) => api.BceGrad(a, y, d)),
                })
                {
                    var dest = new double[n];
                    op(x, dest);
                    for (int i = 0; i < n; i++)
                    {
                        Assert.True(i == pos ? double.IsNaN(dest[i]) : double.IsFinite(dest[i]), $"{name} n={n} pos={pos} i={i}: {dest[i]}");
                    }
                }

                Assert.True(double.IsNaN(api.LogSumExp(x)), $"LSE n={n} pos={pos}");
                Assert.True(double.IsNaN(api.Bce(x, y, Reduction.Sum)), $"BCE Sum n={n}");
                Assert.True(double.IsNaN(api.Bce(x, y, Reduction.Mean)), $"BCE Mean n={n}");
                Assert.True(double.IsNaN(api.Focal(x, y, Reduction.Mean, 0.25, 2)), $"focal Mean n={n}");
                Assert.True(double.IsNaN(api.Ce(x, 0)), $"CE n={n}");
                var yNan = (double[])y.Clone();
                yNan[pos] = double.NaN;
                Assert.True(double.IsNaN(api.Bce(y, yNan, Reduction.Sum)), $"BCE NaN target n={n}");
                var p = Enumerable.Range(0, n).Select(i => 0.25).ToArray();
                p[pos] = double.NaN;
                Assert.True(double.IsNaN(api.BceProb(p, y, Reduction.Mean)), $"BCE prob n={n}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void Finite_logits_give_finite_results_at_the_extremes(string format)
    {
        Api api = Api.For(format);
        var xs = Extremes(api.F);
        var failures = new List<string>();
        void Expect(double v, string what)
        {
            if (!double.IsFinite(v))
            {
                failures.Add(what + " = " + v);
            }
        }

        foreach (double x in xs)
        {
            Expect(api.Softplus(x), $"Softplus({x})");
            Expect(api.LogSigmoid(x), $"LogSigmoid({x})");
            Expect(api.Sigmoid(x), $"Sigmoid({x})");
            foreach (double y in new[] { 0.0, 1.0, 0.5, 0.25 })
            {
                // posWeight 1 keeps the exact loss <= max|x| (representable); posWeight 0.5 as well.
                Expect(api.Bce(x, y), $"BCE({x},{y})");
                Expect(api.Bce(x, y, 0.5), $"BCE({x},{y},0.5)");
                Expect(api.BceGrad(x, y), $"grad({x},{y})");
                Expect(api.BceGrad(x, y, 3), $"grad({x},{y},3)");
                Expect(api.Focal(x, y, 0.25, 2), $"focal({x},{y})");
                Expect(api.Focal(x, y, 0.5, 0.5), $"focal({x},{y},0.5,0.5)");
            }
        }

        var ys = xs.Select((_, i) => (double)(i % 2)).ToArray();
        var d = new double[xs.Length];
        foreach (var (name, op) in new (string, Action<double[], double[]>)[]
        {
            ("softplus", api.Softplus), ("logsigmoid", api.LogSigmoid), ("sigmoid", api.Sigmoid),
            ("bce", (a, dd) => api.Bce(a, ys, dd)), ("grad", (a, dd) => api.BceGrad(a, ys, dd)), ("softmax", api.Softmax),
        })
        {
            op(xs, d);
            for (int i = 0; i < d.Length; i++)
            {
                Expect(d[i], $"{name} span x={xs[i]}");
            }
        }

        // LSE/softmax CE: the exact results stay representable when the logits are at most half the largest value apart
        double big = api.F.IsSingle ? 1e38f : 1e307;
        var moderate = xs.Where(v => Math.Abs(v) <= big).ToArray();
        Expect(api.LogSumExp(moderate), "LSE");
        for (int t = 0; t < moderate.Length; t++)
        {
            Expect(api.Ce(moderate, t), $"CE target {t}");
            Expect(api.Ce(moderate, t, 0.25), $"CE smoothed target {t}");
        }

        var ls = new double[moderate.Length];
        api.LogSoftmax(moderate, ls);
        foreach (double v in ls)
        {
            Expect(v, "LogSoftmax");
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
