using System;
using System.Collections.Generic;
using System.Linq;
using StableLoss.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace StableLoss.Tests;

/// <summary>BinaryCrossEntropyWithLogits, its gradient and BinaryCrossEntropy on probabilities against the
/// reference data (bce_logits_*.csv, bce_prob_*.csv, reductions_*.csv).</summary>
public sealed class BinaryCrossEntropyAccuracyTests
{
    private readonly ITestOutputHelper _output;

    public BinaryCrossEntropyAccuracyTests(ITestOutputHelper output) => _output = output;

    private static bool Fractional(double y) => y != 0 && y != 1;

    /// <summary>Extra ulps for the operations a row needs beyond one softplus (see <see cref="Tol.PerExtraOperation"/>).</summary>
    private static double Extra(double y, double posWeight, double weight) =>
        Tol.PerExtraOperation * ((Fractional(y) ? 1 : 0) + (posWeight != 1 ? 1 : 0) + (weight != 1 ? 1 : 0));

    private static double LossTol(BceRow r, double baseUlps) => baseUlps + Extra(r.Y, r.PosWeight, r.Weight);

    private static double GradTol(BceRow r, double baseUlps) => baseUlps + Extra(0, r.PosWeight, r.Weight);

    public static TheoryData<string, int> Groups()
    {
        var d = new TheoryData<string, int>();
        foreach (string f in new[] { "double", "single" })
        {
            for (int g = 0; g <= 5; g++)
            {
                d.Add(f, g);
            }
        }

        return d;
    }

    /// <summary>Groups that have rows with y in {0,1} (group 1 has only fractional targets, no reference gradient).</summary>
    public static TheoryData<string, int> GradientGroups()
    {
        var d = new TheoryData<string, int>();
        foreach (string f in new[] { "double", "single" })
        {
            foreach (int g in new[] { 0, 2, 3, 4, 5 })
            {
                d.Add(f, g);
            }
        }

        return d;
    }

    private static bool HasWeights(int group) => group >= 4;

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void Scalar_loss_is_within_tolerance(string format)
    {
        Api api = Api.For(format);
        var log = new ErrorLog("scalar BCE with logits", api.F);
        foreach (var r in ReferenceData.Bce(api.F).Where(r => r.Weight == 1))
        {
            string what = $"x={ErrorLog.R(r.X)} y={ErrorLog.R(r.Y)} pw={ErrorLog.R(r.PosWeight)}";
            log.Check(api.Bce(r.X, r.Y, r.PosWeight), r.Loss, LossTol(r, Tol.Scalar), what);
            if (r.PosWeight == 1)
            {
                log.Check(api.Bce(r.X, r.Y), r.Loss, LossTol(r, Tol.Scalar), what + " (2-argument overload)");
            }
        }

        log.Report(_output);
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void Scalar_gradient_is_within_tolerance(string format)
    {
        Api api = Api.For(format);
        var log = new ErrorLog("scalar BCE gradient", api.F);
        foreach (var r in ReferenceData.Bce(api.F).Where(r => r.Weight == 1 && r.Grad.HasValue))
        {
            log.Check(api.BceGrad(r.X, r.Y, r.PosWeight), r.Grad!.Value, GradTol(r, Tol.Scalar),
                $"x={ErrorLog.R(r.X)} y={r.Y} pw={ErrorLog.R(r.PosWeight)}");
        }

        log.Report(_output);
    }

    [Theory]
    [MemberData(nameof(Groups))]
    public void Span_per_element_loss_is_within_tolerance_for_every_length(string format, int group)
    {
        Api api = Api.For(format);
        var rows = ReferenceData.Bce(api.F).Where(r => r.Group == group).ToList();
        double pw = rows[0].PosWeight;
        var log = new ErrorLog($"span BCE with logits (destination) group {group}", api.F);
        foreach (int n in Cases.Lengths)
        {
            foreach (int off in Cases.Offsets)
            {
                var w = Cases.Window(rows, n, off);
                var dest = new double[n];
                api.Bce(w.Select(r => r.X).ToArray(), w.Select(r => r.Y).ToArray(), dest, pw,
                    HasWeights(group) ? w.Select(r => r.Weight).ToArray() : null);
                for (int i = 0; i < n; i++)
                {
                    log.Check(dest[i], w[i].Loss, LossTol(w[i], Tol.Span), $"n={n} off={off} i={i} x={ErrorLog.R(w[i].X)} y={ErrorLog.R(w[i].Y)}");
                }
            }
        }

        log.Report(_output);
    }

    [Theory]
    [MemberData(nameof(GradientGroups))]
    public void Span_gradient_is_within_tolerance_for_every_length_and_reduction(string format, int group)
    {
        Api api = Api.For(format);
        var rows = ReferenceData.Bce(api.F).Where(r => r.Group == group && r.Grad.HasValue).ToList();
        double pw = rows[0].PosWeight;
        var log = new ErrorLog($"span BCE gradient group {group}", api.F);
        foreach (int n in Cases.Lengths)
        {
            foreach (int off in Cases.Offsets)
            {
                var w = Cases.Window(rows, n, off);
                var x = w.Select(r => r.X).ToArray();
                var y = w.Select(r => r.Y).ToArray();
                var weights = HasWeights(group) ? w.Select(r => r.Weight).ToArray() : null;
                foreach (var red in new[] { Reduction.None, Reduction.Sum, Reduction.Mean })
                {
                    if (n == 0 && red == Reduction.Mean)
                    {
                        continue; // empty + Mean is a validation error (ValidationTests)
                    }

                    var dest = new double[n];
                    api.BceGrad(x, y, dest, red, pw, weights);
                    for (int i = 0; i < n; i++)
                    {
                        // Mean: the reference divided by n in double (one more rounding in the float format: +1 ulp).
                        double expected = red == Reduction.Mean ? w[i].Grad!.Value / n : w[i].Grad!.Value;
                        log.Check(dest[i], expected, GradTol(w[i], Tol.Span) + (red == Reduction.Mean ? 1 : 0),
                            $"{red} n={n} off={off} i={i} x={ErrorLog.R(x[i])} y={y[i]}");
                    }
                }
            }
        }

        log.Report(_output);
    }

    [Theory]
    [MemberData(nameof(Groups))]
    public void Span_scalar_and_destination_paths_agree(string format, int group)
    {
        Api api = Api.For(format);
        var rows = ReferenceData.Bce(api.F).Where(r => r.Group == group && r.Weight == 1).ToList();
        if (rows.Count == 0)
        {
            rows = ReferenceData.Bce(api.F).Where(r => r.Group == group).Select(r => r with { Weight = 1 }).ToList();
        }

        double pw = rows[0].PosWeight;
        var x = rows.Select(r => r.X).ToArray();
        var y = rows.Select(r => r.Y).ToArray();
        var dest = new double[x.Length];
        api.Bce(x, y, dest, pw);
        var log = new ErrorLog($"span vs scalar BCE group {group}", api.F);
        for (int i = 0; i < x.Length; i++)
        {
            log.Check(dest[i], api.Bce(x[i], y[i], pw), 2 * LossTol(rows[i], Tol.Span), $"x={ErrorLog.R(x[i])} y={y[i]}");
        }

        log.Report(_output);
    }

    [Theory]
    [MemberData(nameof(Groups))]
    public void Span_sum_and_mean_match_exact_sums(string format, int group)
    {
        Api api = Api.For(format);
        var rows = ReferenceData.Bce(api.F).Where(r => r.Group == group).ToList();
        var red = ReferenceData.Reductions(api.F).Single(r => r.Function == "bce_logits" && r.Group == group);
        Assert.Equal(rows.Count, red.Count);
        var x = rows.Select(r => r.X).ToArray();
        var y = rows.Select(r => r.Y).ToArray();
        var weights = HasWeights(group) ? rows.Select(r => r.Weight).ToArray() : null;
        double allowance = Cases.SumAllowance(api.F, rows.Select(r => (r.Loss, LossTol(r, Tol.Span))));
        double sum = api.Bce(x, y, Reduction.Sum, rows[0].PosWeight, weights);
        double mean = api.Bce(x, y, Reduction.Mean, rows[0].PosWeight, weights);
        var log = new ErrorLog($"BCE with logits Sum/Mean group {group}", api.F);
        log.Check(sum, red.Sum, 1, "Sum", allowance);
        log.Check(mean, red.Mean, 2, "Mean", allowance / rows.Count);
        log.Report(_output);
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void Probability_form_is_within_tolerance(string format)
    {
        Api api = Api.For(format);
        var log = new ErrorLog("scalar BCE on probabilities (default epsilon)", api.F);
        double eps = api.F.IsSingle ? StableMath.DefaultSingleEpsilon : StableMath.DefaultDoubleEpsilon;
        foreach (var r in ReferenceData.Prob(api.F))
        {
            double tol = Tol.Scalar + (Fractional(r.Y) ? Tol.PerExtraOperation : 0);
            string what = $"p={ErrorLog.R(r.P)} y={ErrorLog.R(r.Y)}";
            log.Check(api.BceProb(r.P, r.Y), r.Expected, tol, what);
            log.Check(api.BceProb(r.P, r.Y, eps), r.Expected, tol, what + " (explicit default epsilon)");
        }

        log.Report(_output);
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void Probability_form_sum_and_mean_match_exact_sums(string format)
    {
        Api api = Api.For(format);
        var rows = ReferenceData.Prob(api.F);
        var red = ReferenceData.Reductions(api.F).Single(r => r.Function == "bce_prob");
        var p = rows.Select(r => r.P).ToArray();
        var y = rows.Select(r => r.Y).ToArray();
        double allowance = Cases.SumAllowance(api.F, rows.Select(r => (r.Expected, Tol.Span + (Fractional(r.Y) ? 1.0 : 0.0))));
        var log = new ErrorLog("BCE on probabilities Sum/Mean", api.F);
        log.Check(api.BceProb(p, y, Reduction.Sum), red.Sum, 1, "Sum", allowance);
        log.Check(api.BceProb(p, y, Reduction.Mean), red.Mean, 2, "Mean", allowance / rows.Count);
        // span results for many lengths: the mean of a window must match the per-element references
        foreach (int n in Cases.Lengths.Where(n => n > 0))
        {
            var w = Cases.Window(rows, n, 5);
            double expected = w.Sum(r => r.Expected);
            // twice the allowance: the double sum of the rounded references is itself not exact
            double a = 2 * Cases.SumAllowance(api.F, w.Select(r => (r.Expected, Tol.Span + (Fractional(r.Y) ? 1.0 : 0.0))));
            log.Check(api.BceProb(w.Select(r => r.P).ToArray(), w.Select(r => r.Y).ToArray(), Reduction.Sum), expected, 1, $"window n={n}", a);
        }

        log.Report(_output);
    }
}
