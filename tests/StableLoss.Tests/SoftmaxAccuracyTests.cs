using System;
using System.Linq;
using StableLoss.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace StableLoss.Tests;

/// <summary>
/// LogSumExp and softmax cross-entropy against lse_*.csv, softmax_ce_*.csv and softmax_batch_*.csv.
///
/// Tolerance: |actual - expected| &lt;= 4 ulp(expected) + 2u (S + A + n), with S and A from the data
/// (generate_reference.py, condition_terms):
///   S = sum_j |dF/dx_j| |x_j| is |F| times the relative condition number of F; a perfect algorithm working on inputs
///     perturbed by one unit roundoff errs by ~u S. This is what makes "LSE near 0 by cancellation" and
///     "cross-entropy near 0" testable: the bound grows exactly as far as the problem is ill-conditioned.
///   A = errors of the max-shifted algorithm the spec prescribes that are not covered by S: rounding of x_j - max,
///     of log(s), and of the weighted sum over the classes; n = the summation of s (recursive summation bound
///     gamma_(n-1) on a relative error of s, which becomes an absolute error of log s).
/// The factor 2 covers the exp/log kernel errors (&lt;= 2 ulp each) inside these terms.
/// </summary>
public sealed class SoftmaxAccuracyTests
{
    private readonly ITestOutputHelper _output;

    public SoftmaxAccuracyTests(ITestOutputHelper output) => _output = output;

    private static double Allowance(Fmt f, double s, double a, int n) => 2 * f.UnitRoundoff * (s + a + n);

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void LogSumExp_is_within_conditioned_tolerance(string format)
    {
        Api api = Api.For(format);
        var log = new ErrorLog("LogSumExp", api.F);
        foreach (var r in ReferenceData.Lse(api.F))
        {
            log.Check(api.LogSumExp(r.X), r.Expected, Tol.Span, $"kind={r.Kind} n={r.X.Length}", Allowance(api.F, r.S, r.A, r.X.Length));
        }

        log.Report(_output);
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void LogSumExp_of_prefixes_of_every_length_is_consistent(string format)
    {
        // Exercises every vector width and tail of the reduction: LSE of a prefix of length n, compared with a
        // double evaluation of the same max-shifted formula (exact enough: double has >= 29 more bits than float;
        // for double inputs the comparison gets the same allowance as the reference test).
        Api api = Api.For(format);
        var x = ReferenceData.Lse(api.F).Single(r => r.Kind == "wide" && r.X.Length == 1000).X;
        var log = new ErrorLog("LogSumExp by length", api.F);
        foreach (int n in Cases.Lengths.Where(n => n > 0 && n <= 1000))
        {
            var p = x.Take(n).ToArray();
            double m = p.Max();
            double s = p.Sum(v => Math.Exp(v - m));
            double expected = m + Math.Log(s);
            double cond = p.Sum(v => Math.Exp(v - m) / s * Math.Abs(v));
            double shifted = p.Sum(v => Math.Exp(v - m) / s * Math.Abs(v - m));
            double allowance = Allowance(api.F, cond, shifted + Math.Abs(Math.Log(s)) + 1, n)
                + (api.F.IsSingle ? 0 : Allowance(Fmt.Double, cond, shifted + Math.Abs(Math.Log(s)) + 1, n));
            log.Check(api.LogSumExp(p), expected, Tol.Span, $"n={n}", allowance);
        }

        log.Report(_output);
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void SoftmaxCrossEntropy_single_row_is_within_conditioned_tolerance(string format)
    {
        Api api = Api.For(format);
        var log = new ErrorLog("SoftmaxCrossEntropy single row", api.F);
        foreach (var r in ReferenceData.SoftmaxCe(api.F))
        {
            double allowance = Allowance(api.F, r.S, r.A, r.Logits.Length);
            if (r.IsClass)
            {
                log.Check(api.Ce(r.Logits, r.Target, r.LabelSmoothing), r.Expected, Tol.Span,
                    $"class kind={r.Kind} n={r.Logits.Length} t={r.Target} ls={r.LabelSmoothing}", allowance);
            }
            else
            {
                log.Check(api.Ce(r.Logits, r.Distribution!), r.Expected, Tol.Span, $"dist kind={r.Kind} n={r.Logits.Length}", allowance);
            }
        }

        log.Report(_output);
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void SoftmaxCrossEntropy_batch_sum_and_mean_match_exact_values(string format)
    {
        Api api = Api.For(format);
        var log = new ErrorLog("SoftmaxCrossEntropy batch", api.F);
        foreach (var b in ReferenceData.SoftmaxBatches(api.F))
        {
            double sum = api.Ce(b.Logits, b.Targets, b.Classes, Reduction.Sum, b.LabelSmoothing, b.IgnoreIndex);
            double mean = api.Ce(b.Logits, b.Targets, b.Classes, Reduction.Mean, b.LabelSmoothing, b.IgnoreIndex);
            if (b.NonIgnored == 0)
            {
                Assert.Equal(0.0, sum);
                Assert.True(double.IsNaN(mean), $"batch {b.Id}: every row ignored, Mean must be NaN, was {mean}");
                continue;
            }

            // row allowances (data) + recursive summation over the rows
            double allowance = 2 * api.F.UnitRoundoff * b.AllowanceTotal + (b.NonIgnored + 2) * api.F.UnitRoundoff * Math.Abs(b.Sum);
            log.Check(sum, b.Sum, Tol.Span, $"Sum batch {b.Id}", allowance);
            log.Check(mean, b.Mean, Tol.Span + 1, $"Mean batch {b.Id}", allowance / b.NonIgnored);
        }

        log.Report(_output);
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void SoftmaxCrossEntropy_batch_equals_sum_of_rows(string format)
    {
        Api api = Api.For(format);
        var log = new ErrorLog("batch vs single rows", api.F);
        foreach (var b in ReferenceData.SoftmaxBatches(api.F).Where(b => b.NonIgnored > 0))
        {
            double rowsSum = 0, magnitude = 0;
            for (int r = 0; r < b.Rows; r++)
            {
                if (b.Targets[r] == b.IgnoreIndex)
                {
                    continue;
                }

                double v = api.Ce(b.Logits.Skip(r * b.Classes).Take(b.Classes).ToArray(), b.Targets[r], b.LabelSmoothing);
                rowsSum += v;
                magnitude += Math.Abs(v);
            }

            double allowance = 4 * api.F.UnitRoundoff * b.AllowanceTotal + 2 * (b.NonIgnored + 2) * api.F.UnitRoundoff * magnitude;
            log.Check(api.Ce(b.Logits, b.Targets, b.Classes, Reduction.Sum, b.LabelSmoothing, b.IgnoreIndex), rowsSum, 2 * Tol.Span,
                $"batch {b.Id}", allowance);
        }

        log.Report(_output);
    }
}
