using System;
using System.Linq;
using StableLoss.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace StableLoss.Tests;

/// <summary>FocalLossWithLogits against focal_*.csv and reductions_*.csv.</summary>
public sealed class FocalLossAccuracyTests
{
    private readonly ITestOutputHelper _output;

    public FocalLossAccuracyTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// Tolerance in ulps for one focal-loss value:
    ///   base (elementary functions) + 1 (alpha_t product) + 1 (the product with (1-p_t)^gamma)
    ///   + gamma                        (pow amplifies the ~1 ulp error of 1-p_t by gamma)
    ///   + 2 K                          (K = |x f'(x)/f(x)| from the data: the spec prescribes evaluation in log space,
    ///                                   exp(gamma*log(1-p_t) + log ce); the absolute error of that exponent,
    ///                                   a few ulps of a number of size ~K, becomes a relative error of ~K ulps)
    ///   + gamma / min(y, 1-y) + 1      (fractional y: 1-p_t is at least min(y,1-y), so computing it as 1 - p_t
    ///                                   loses at most a factor 1/min(y,1-y); +1 for combining the two ce terms).
    /// </summary>
    public static double Tolerance(FocalRow r, double baseUlps)
    {
        double t = baseUlps + 2 + r.Gamma + 2 * r.K;
        if (r.Y != 0 && r.Y != 1)
        {
            t += r.Gamma / Math.Min(r.Y, 1 - r.Y) + 1;
        }

        return t;
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void Scalar_is_within_tolerance(string format)
    {
        Api api = Api.For(format);
        var log = new ErrorLog("scalar focal loss", api.F);
        foreach (var r in ReferenceData.Focal(api.F))
        {
            log.Check(api.Focal(r.X, r.Y, r.Alpha, r.Gamma), r.Expected, Tolerance(r, Tol.Scalar),
                $"x={ErrorLog.R(r.X)} y={ErrorLog.R(r.Y)} alpha={r.Alpha} gamma={r.Gamma} K={r.K}");
        }

        log.Report(_output);
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void Span_sum_and_mean_match_exact_sums(string format)
    {
        Api api = Api.For(format);
        var log = new ErrorLog("focal loss Sum/Mean", api.F);
        foreach (var red in ReferenceData.Reductions(api.F).Where(r => r.Function == "focal"))
        {
            var rows = ReferenceData.Focal(api.F).Where(r => r.Group == red.Group).ToList();
            Assert.Equal(red.Count, rows.Count);
            var x = rows.Select(r => r.X).ToArray();
            var y = rows.Select(r => r.Y).ToArray();
            double allowance = Cases.SumAllowance(api.F, rows.Select(r => (r.Expected, Tolerance(r, Tol.Span))));
            log.Check(api.Focal(x, y, Reduction.Sum, rows[0].Alpha, rows[0].Gamma), red.Sum, 1, $"Sum group {red.Group}", allowance);
            log.Check(api.Focal(x, y, Reduction.Mean, rows[0].Alpha, rows[0].Gamma), red.Mean, 2, $"Mean group {red.Group}", allowance / rows.Count);
        }

        log.Report(_output);
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void Span_sum_over_every_length_matches_scalar_values(string format)
    {
        Api api = Api.For(format);
        var rows = ReferenceData.Focal(api.F).Where(r => r.Group == 0).ToList();
        var log = new ErrorLog("focal loss span Sum by length", api.F);
        foreach (int n in Cases.Lengths)
        {
            foreach (int off in Cases.Offsets)
            {
                var w = Cases.Window(rows, n, off);
                double expected = w.Sum(r => r.Expected);
                double allowance = 2 * Cases.SumAllowance(api.F, w.Select(r => (r.Expected, Tolerance(r, Tol.Span))));
                log.Check(api.Focal(w.Select(r => r.X).ToArray(), w.Select(r => r.Y).ToArray(), Reduction.Sum, rows[0].Alpha, rows[0].Gamma),
                    expected, 1, $"n={n} off={off}", allowance);
            }
        }

        log.Report(_output);
    }

    [Fact]
    public void Defaults_are_alpha_one_quarter_and_gamma_two()
    {
        foreach (double x in new[] { -3.0, -0.5, 0, 0.25, 2, 7 })
        {
            foreach (double y in new[] { 0.0, 1.0, 0.5 })
            {
                Assert.Equal(Loss.FocalLossWithLogits(x, y, 0.25, 2.0), Loss.FocalLossWithLogits(x, y));
                Assert.Equal(Loss.FocalLossWithLogits((float)x, (float)y, 0.25f, 2f), Loss.FocalLossWithLogits((float)x, (float)y));
            }
        }

        double[] xs = { -1, 2, 3 }, ys = { 0, 1, 1 };
        Assert.Equal(Loss.FocalLossWithLogits(xs, ys, Reduction.Mean, 0.25, 2.0), Loss.FocalLossWithLogits(xs, ys));
    }

    [Fact]
    public void Gamma_zero_alpha_half_is_half_the_bce_loss()
    {
        foreach (double x in new[] { -30.0, -3, 0, 0.7, 12, 700 })
        {
            foreach (double y in new[] { 0.0, 1.0, 0.25 })
            {
                double bce = Loss.BinaryCrossEntropyWithLogits(x, y);
                double focal = Loss.FocalLossWithLogits(x, y, 0.5, 0.0);
                Assert.True(Ulps.Distance(focal, 0.5 * bce) <= 4, $"x={x} y={y}: focal={focal} bce/2={0.5 * bce}");
            }
        }
    }
}
