using System;
using System.Linq;
using StableLoss.Tests.Infrastructure;
using Xunit;

namespace StableLoss.Tests;

public sealed class GradientTests
{
    [Fact]
    public void Bce_gradient_matches_central_difference_of_the_loss()
    {
        // Central difference with h = 1e-5 max(1,|x|): truncation error ~ h^2 |f'''| / 6 <= 1e-10 relative to the
        // curvature scale, and the rounding error of the difference ~ 4u (|f(x+h)| + |f(x-h)|) / 2h. The tolerance is
        // 1e-7 relative plus that rounding term.
        var rng = new Random(12345);
        var xs = Enumerable.Range(0, 300).Select(_ => rng.NextDouble() * 80 - 40).Concat(new[] { 0.0, 1e-3, -1e-3, 30, -30 }).ToArray();
        foreach (double x in xs)
        {
            foreach (double y in new[] { 0.0, 1.0, 0.3, 0.75 })
            {
                foreach (double pw in new[] { 1.0, 2.5, 0.2 })
                {
                    double h = 1e-5 * Math.Max(1, Math.Abs(x));
                    double lp = Loss.BinaryCrossEntropyWithLogits(x + h, y, pw), lm = Loss.BinaryCrossEntropyWithLogits(x - h, y, pw);
                    double fd = (lp - lm) / ((x + h) - (x - h));
                    double g = Loss.BinaryCrossEntropyWithLogitsGradient(x, y, pw);
                    double tol = 1e-7 * Math.Abs(fd) + 4 * Fmt.Double.UnitRoundoff * (Math.Abs(lp) + Math.Abs(lm)) / (2 * h) + 1e-300;
                    Assert.True(Math.Abs(g - fd) <= tol, $"x={x} y={y} pw={pw}: gradient {g}, finite difference {fd}");
                }
            }
        }
    }

    [Fact]
    public void Bce_gradient_has_no_cancellation_for_confident_predictions()
    {
        // sigmoid(x) - 1 for y = 1 and large x cancels to 0 or a few ulps of 1; the spec requires -sigmoid(-x).
        Assert.True(Ulps.Distance(-1 / (1 + Math.Exp(40)), Loss.BinaryCrossEntropyWithLogitsGradient(40.0, 1.0)) <= 2);
        Assert.True(Ulps.Distance((float)(-1 / (1 + Math.Exp(20))), Loss.BinaryCrossEntropyWithLogitsGradient(20f, 1f)) <= 2);
        Assert.True(Loss.BinaryCrossEntropyWithLogitsGradient(800.0, 1.0) <= 0);
        Assert.Equal(-1.0, Loss.BinaryCrossEntropyWithLogitsGradient(-800.0, 1.0));
        Assert.Equal(1.0, Loss.BinaryCrossEntropyWithLogitsGradient(800.0, 0.0));
    }

    [Fact]
    public void Bce_gradient_span_with_sample_weights_scales_each_element()
    {
        double[] x = { -3, -0.5, 0, 2, 9, 40 }, y = { 0, 1, 1, 0, 0.5, 1 }, w = { 0, 1, 2.5, 0.5, 3, 1 };
        var d = new double[x.Length];
        Loss.BinaryCrossEntropyWithLogitsGradient(x, y, d, Reduction.None, 1.5, w);
        for (int i = 0; i < x.Length; i++)
        {
            double expected = w[i] * Loss.BinaryCrossEntropyWithLogitsGradient(x[i], y[i], 1.5);
            Assert.True(Ulps.Distance(expected, d[i]) <= 6, $"i={i}: {d[i]} vs {expected}");
        }

        var mean = new double[x.Length];
        Loss.BinaryCrossEntropyWithLogitsGradient(x, y, mean, Reduction.Mean, 1.5, w);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Ulps.Distance(d[i] / x.Length, mean[i]) <= 2, $"Mean i={i}: {mean[i]} vs {d[i] / x.Length}");
        }
    }

    private static double[] SoftmaxInDouble(double[] x)
    {
        double m = x.Max();
        var e = x.Select(v => Math.Exp(v - m)).ToArray();
        double s = e.Sum();
        return e.Select(v => v / s).ToArray();
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void Softmax_ce_gradient_is_softmax_minus_target_and_sums_to_zero(string format)
    {
        Api api = Api.For(format);
        double u = api.F.UnitRoundoff;
        var rng = new Random(7);
        foreach (int n in new[] { 1, 2, 3, 5, 8, 9, 16, 17, 33, 100 })
        {
            for (int rep = 0; rep < 4; rep++)
            {
                double scale = new[] { 1.0, 10, 100, 1000 }[rep];
                var x = Enumerable.Range(0, n).Select(_ => (double)(float)((rng.NextDouble() - 0.5) * 2 * scale)).ToArray();
                var p = SoftmaxInDouble(x);
                int t = rng.Next(n);
                foreach (double ls in new[] { 0.0, 0.125 })
                {
                    var g = new double[n];
                    api.CeGrad(x, t, g, ls);
                    double sum = 0, mag = 0;
                    for (int j = 0; j < n; j++)
                    {
                        double target = (j == t ? 1 - ls : 0) + ls / n;
                        // softmax in the format (few ulps, relative) minus the target: absolute error ~ 8u (p_j + target)
                        Assert.True(Math.Abs(g[j] - (p[j] - target)) <= 8 * u * (p[j] + target) + 2 * api.F.Spacing(0),
                            $"n={n} scale={scale} ls={ls} j={j}: {g[j]} vs {p[j] - target}");
                        sum += g[j];
                        mag += Math.Abs(g[j]);
                    }

                    Assert.True(Math.Abs(sum) <= (n + 8) * u * Math.Max(mag, 1), $"gradient sums to {sum} (n={n})");
                }

                // a target distribution that sums to exactly 1 (dyadic weights k_j / 2^20), so that softmax - q is
                // also the exact derivative of -sum q_j log p_j (which is (sum q) p - q in general)
                var k = Enumerable.Range(0, n).Select(_ => rng.Next(1, 1000)).ToArray();
                int rest = (1 << 20) - k.Sum();
                k[rng.Next(n)] += rest;
                var q = k.Select(v => Math.ScaleB(v, -20)).ToArray();
                var gd = new double[n];
                api.CeGrad(x, q, gd);
                for (int j = 0; j < n; j++)
                {
                    Assert.True(Math.Abs(gd[j] - (p[j] - q[j])) <= 8 * u * (p[j] + q[j]) + 2 * api.F.Spacing(0), $"dist n={n} j={j}: {gd[j]} vs {p[j] - q[j]}");
                }

                // finite-difference check of the class form in double (moderate scale only)
                if (api.F.IsSingle || scale > 10)
                {
                    continue;
                }

                var g0 = new double[n];
                api.CeGrad(x, t, g0, 0);
                for (int j = 0; j < n; j++)
                {
                    const double h = 1e-6;
                    var xp = (double[])x.Clone();
                    var xm = (double[])x.Clone();
                    xp[j] += h;
                    xm[j] -= h;
                    double fd = (api.Ce(xp, t) - api.Ce(xm, t)) / (xp[j] - xm[j]);
                    Assert.True(Math.Abs(fd - g0[j]) <= 1e-6, $"FD n={n} j={j}: {g0[j]} vs {fd}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void Batch_gradient_and_loss_skip_ignored_rows(string format)
    {
        Api api = Api.For(format);
        const int classes = 4;
        double[] logits =
        {
            1, 2, 3, 4,
            -1, 0.5, 0, 2,
            10, -10, 0, 0,
            0.25, 0.25, 0.25, 0.25,
            3, 1, 4, 1,
        };
        int[] targets = { 3, -100, 0, -100, 2 };
        int live = 3;
        double u = api.F.UnitRoundoff;

        var rowLoss = new double[5];
        var rowGrad = new double[5][];
        for (int r = 0; r < 5; r++)
        {
            var row = logits.Skip(r * classes).Take(classes).ToArray();
            rowGrad[r] = new double[classes];
            if (targets[r] >= 0)
            {
                rowLoss[r] = api.Ce(row, targets[r], 0.125);
                api.CeGrad(row, targets[r], rowGrad[r], 0.125);
            }
        }

        double sum = rowLoss.Sum();
        double s = api.Ce(logits, targets, classes, Reduction.Sum, 0.125);
        double m = api.Ce(logits, targets, classes, Reduction.Mean, 0.125);
        Assert.True(Math.Abs(s - sum) <= 16 * u * sum, $"Sum {s} vs rows {sum}");
        Assert.True(Math.Abs(m - sum / live) <= 16 * u * sum / live, $"Mean {m} vs rows/{live} {sum / live} (Mean divides by the non-ignored rows)");

        foreach (var red in new[] { Reduction.Sum, Reduction.Mean })
        {
            var g = Enumerable.Repeat(double.NaN, logits.Length).ToArray(); // ignored rows must be overwritten with 0
            api.CeGrad(logits, targets, classes, g, red, 0.125);
            for (int r = 0; r < 5; r++)
            {
                for (int j = 0; j < classes; j++)
                {
                    double expected = targets[r] < 0 ? 0 : red == Reduction.Mean ? rowGrad[r][j] / live : rowGrad[r][j];
                    double actual = g[r * classes + j];
                    if (targets[r] < 0)
                    {
                        Assert.Equal(0.0, actual);
                    }
                    else
                    {
                        Assert.True(Math.Abs(actual - expected) <= 8 * u * (Math.Abs(expected) + 1.0 / live), $"{red} row {r} class {j}: {actual} vs {expected}");
                    }
                }
            }
        }

        // every row ignored: Sum is 0 and Mean is NaN (spec), gradient all zero
        int[] none = { -100, -100, -100, -100, -100 };
        Assert.Equal(0.0, api.Ce(logits, none, classes, Reduction.Sum));
        Assert.True(double.IsNaN(api.Ce(logits, none, classes, Reduction.Mean)));
        var gz = Enumerable.Repeat(1.0, logits.Length).ToArray();
        api.CeGrad(logits, none, classes, gz, Reduction.Sum);
        Assert.All(gz, v => Assert.Equal(0.0, v));

        // a custom ignoreIndex
        int[] custom = { 3, 7, 0, 7, 2 };
        Assert.True(Math.Abs(api.Ce(logits, custom, classes, Reduction.Sum, 0.125, 7) - sum) <= 16 * u * sum);
    }
}
