using System;
using System.Collections.Generic;
using System.Linq;
using StableLoss.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace StableLoss.Tests;

/// <summary>Softplus, LogSigmoid, Sigmoid and Log1p against the mpmath reference data (unary_*.csv).</summary>
public sealed class UnaryAccuracyTests
{
    private readonly ITestOutputHelper _output;

    public UnaryAccuracyTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string, string> ScalarCases()
    {
        var d = new TheoryData<string, string>();
        foreach (string f in new[] { "double", "single" })
        {
            foreach (string fn in new[] { "softplus", "logsigmoid", "sigmoid", "log1p" })
            {
                d.Add(f, fn);
            }
        }

        return d;
    }

    public static TheoryData<string, string> SpanCases()
    {
        var d = new TheoryData<string, string>();
        foreach (string f in new[] { "double", "single" })
        {
            foreach (string fn in new[] { "softplus", "logsigmoid", "sigmoid" })
            {
                d.Add(f, fn);
            }
        }

        return d;
    }

    private static Func<double, double> Scalar(Api api, string fn) => fn switch
    {
        "softplus" => api.Softplus,
        "logsigmoid" => api.LogSigmoid,
        "sigmoid" => api.Sigmoid,
        "log1p" => api.Log1p,
        _ => throw new ArgumentException(fn),
    };

    private static Action<double[], double[]> Span(Api api, string fn) => fn switch
    {
        "softplus" => api.Softplus,
        "logsigmoid" => api.LogSigmoid,
        "sigmoid" => api.Sigmoid,
        _ => throw new ArgumentException(fn),
    };

    private static List<UnaryRow> Rows(Fmt f, string fn) => ReferenceData.Unary(f).Where(r => r.Function == fn).ToList();

    [Theory]
    [MemberData(nameof(ScalarCases))]
    public void Scalar_is_within_2_ulp_of_reference(string format, string fn)
    {
        Api api = Api.For(format);
        var log = new ErrorLog("scalar " + fn, api.F);
        var f = Scalar(api, fn);
        foreach (var r in Rows(api.F, fn))
        {
            log.Check(f(r.X), r.Expected, Tol.Scalar, "x=" + ErrorLog.R(r.X));
        }

        log.Report(_output);
    }

    [Theory]
    [MemberData(nameof(SpanCases))]
    public void Span_is_within_4_ulp_of_reference_for_every_length_and_offset(string format, string fn)
    {
        Api api = Api.For(format);
        var rows = Rows(api.F, fn);
        var log = new ErrorLog("span " + fn, api.F);
        var op = Span(api, fn);
        foreach (int n in Cases.Lengths)
        {
            foreach (int off in Cases.Offsets)
            {
                var w = Cases.Window(rows, n, off);
                var x = w.Select(r => r.X).ToArray();
                var dest = new double[n];
                op(x, dest);
                for (int i = 0; i < n; i++)
                {
                    log.Check(dest[i], w[i].Expected, Tol.Span, $"n={n} off={off} i={i} x={ErrorLog.R(x[i])}");
                }
            }
        }

        log.Report(_output);
    }

    [Theory]
    [MemberData(nameof(SpanCases))]
    public void Span_and_scalar_agree(string format, string fn)
    {
        // Both are within their tolerance of the same exact value, so they differ by at most the sum.
        Api api = Api.For(format);
        var x = Rows(api.F, fn).Select(r => r.X).ToArray();
        var dest = new double[x.Length];
        Span(api, fn)(x, dest);
        var scalar = Scalar(api, fn);
        var log = new ErrorLog("span vs scalar " + fn, api.F);
        for (int i = 0; i < x.Length; i++)
        {
            log.Check(dest[i], scalar(x[i]), Tol.Scalar + Tol.Span, "x=" + ErrorLog.R(x[i]));
        }

        log.Report(_output);
    }

    [Fact]
    public void Spec_examples_hold_exactly()
    {
        Assert.Equal(1e-20, StableMath.Log1p(1e-20));
        Assert.Equal(1e-20f, StableMath.Log1p(1e-20f));
        Assert.Equal(800.0, StableMath.Softplus(800.0));
        Assert.Equal(-800.0, StableMath.LogSigmoid(-800.0));
        Assert.Equal(200f, StableMath.Softplus(200f));
        Assert.Equal(-200f, StableMath.LogSigmoid(-200f));
        Assert.Equal(1.0, StableMath.Sigmoid(800.0));
        Assert.Equal(0.0, StableMath.Sigmoid(-800.0));
        Assert.Equal(0.5, StableMath.Sigmoid(0.0));
        Assert.Equal(0.5f, StableMath.Sigmoid(0f));
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void Log1p_is_not_log_of_one_plus_x(string format)
    {
        // log(1 + x) returns 0 for x below the unit roundoff; the true value is x.
        Api api = Api.For(format);
        double tiny = api.F.IsSingle ? 1e-10f : 1e-18;
        Assert.Equal(tiny, api.Log1p(tiny));
        Assert.Equal(-tiny, api.Log1p(-tiny));
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void LogSoftmax_and_Softmax_are_consistent_with_LogSumExp(string format)
    {
        Api api = Api.For(format);
        var log = new ErrorLog("softmax/logsoftmax vs LSE", api.F);
        foreach (var row in ReferenceData.Lse(api.F).Where(r => r.X.Length <= 100))
        {
            var x = row.X;
            var ls = new double[x.Length];
            var sm = new double[x.Length];
            api.LogSoftmax(x, ls);
            api.Softmax(x, sm);
            double sum = 0;
            for (int i = 0; i < x.Length; i++)
            {
                // log softmax_i = x_i - LSE: error ~ u*(|x_i| + |LSE| + |log s| + n) absolutely (max-shifted algorithm).
                double allowance = 2 * api.F.UnitRoundoff * (Math.Abs(x[i]) + Math.Abs(row.Expected) + row.A + x.Length);
                double exact = x[i] - row.Expected; // in double; the reference LSE itself is within 0.5 ulp
                log.Check(ls[i], exact, Tol.Span, $"logsoftmax kind={row.Kind} n={x.Length} i={i}",
                    allowance + api.F.Spacing(row.Expected));
                Assert.True(sm[i] >= 0 && sm[i] <= 1, "softmax out of [0,1]");
                sum += sm[i];
            }

            Assert.True(Math.Abs(sum - 1) <= (x.Length + 4) * api.F.UnitRoundoff * 2, $"softmax sums to {sum} (n={x.Length})");
        }

        log.Report(_output);
    }
}
