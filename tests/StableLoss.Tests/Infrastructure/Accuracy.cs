using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace StableLoss.Tests.Infrastructure;

/// <summary>
/// Tolerances used by the accuracy tests (all in ulps of the expected value in the format under test).
/// </summary>
public static class Tol
{
    /// <summary>Scalar double/float APIs of an elementary function (one correctly rounded exp/log plus a few
    /// rounded operations): the bound the brief requires.</summary>
    public const double Scalar = 2;

    /// <summary>Span (vectorized) APIs: vector exp/log kernels are typically 1-3 ulp instead of ~0.5.</summary>
    public const double Span = 4;

    /// <summary>Each additional rounded multiplication or addition a composite loss needs on top of the elementary
    /// function (posWeight != 1, sample weight != 1, combination of the two terms for a fractional target, alpha_t):
    /// at most 0.5 ulp of rounding plus 0.5 ulp for the propagated error of the operand, so one ulp each.</summary>
    public const double PerExtraOperation = 1;
}

/// <summary>Collects the errors of many comparisons, reports the worst ones and the maximum.</summary>
public sealed class ErrorLog
{
    private readonly List<(double Ulps, double Allowed, string What)> _failures = new();
    private readonly string _title;
    private readonly Fmt _fmt;

    public ErrorLog(string title, Fmt fmt)
    {
        _title = title;
        _fmt = fmt;
    }

    public int Count { get; private set; }

    /// <summary>The largest measured error in ulps (distance in representable values).</summary>
    public double MaxUlps { get; private set; }

    public string? MaxWhat { get; private set; }

    /// <summary>
    /// Compares actual with expected. Passes when the ulp distance is at most allowedUlps, or when the absolute
    /// error is at most allowedUlps * ulp(expected) + absoluteAllowance (for error bounds that are not relative).
    /// A non-finite actual for a finite expected never passes.
    /// </summary>
    public void Check(double actual, double expected, double allowedUlps, string what, double absoluteAllowance = 0)
    {
        Count++;
        ulong d = _fmt.Distance(actual, expected);
        double ulps = d == ulong.MaxValue ? double.PositiveInfinity : d;
        if (ulps > MaxUlps || (MaxWhat is null && ulps >= MaxUlps))
        {
            MaxUlps = ulps;
            MaxWhat = what + " actual=" + R(actual) + " expected=" + R(expected);
        }

        bool ok = ulps <= allowedUlps;
        if (!ok && absoluteAllowance > 0 && double.IsFinite(actual) && double.IsFinite(expected))
        {
            ok = Math.Abs(actual - expected) <= allowedUlps * _fmt.Spacing(expected) + absoluteAllowance;
        }

        if (double.IsFinite(expected) && !double.IsFinite(actual))
        {
            ok = false;
        }

        if (!ok)
        {
            _failures.Add((ulps, allowedUlps, what + " actual=" + R(actual) + " expected=" + R(expected)
                + (absoluteAllowance > 0 ? " absAllowance=" + R(absoluteAllowance) : "")));
        }
    }

    public void Report(ITestOutputHelper? output)
    {
        string summary = string.Format(CultureInfo.InvariantCulture, "{0} [{1}]: {2} comparisons, max error {3} ulp{4}",
            _title, _fmt.Name, Count, MaxUlps, MaxWhat is null ? "" : " at " + MaxWhat);
        output?.WriteLine(summary);
        Assert.True(Count > 0, _title + ": nothing was compared");
        if (_failures.Count > 0)
        {
            var sb = new StringBuilder();
            sb.AppendLine(summary);
            sb.AppendLine(_failures.Count + " comparisons out of tolerance; worst:");
            foreach (var f in _failures.OrderByDescending(f => f.Ulps / f.Allowed).Take(12))
            {
                sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "  {0} ulp (allowed {1:G4}): {2}", f.Ulps, f.Allowed, f.What));
            }

            Assert.Fail(sb.ToString());
        }
    }

    public static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
