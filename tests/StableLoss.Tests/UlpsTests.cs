using System;
using StableLoss.Tests.Infrastructure;
using Xunit;

namespace StableLoss.Tests;

/// <summary>The ulp helper every accuracy test relies on.</summary>
public sealed class UlpsTests
{
    [Fact]
    public void Double_distances()
    {
        Assert.Equal(0UL, Ulps.Distance(1.0, 1.0));
        Assert.Equal(1UL, Ulps.Distance(1.0, Math.BitIncrement(1.0)));
        Assert.Equal(1UL, Ulps.Distance(1.0, Math.BitDecrement(1.0)));
        Assert.Equal(0UL, Ulps.Distance(0.0, -0.0));
        Assert.Equal(2UL, Ulps.Distance(-double.Epsilon, double.Epsilon));
        Assert.Equal(1UL, Ulps.Distance(0.0, -double.Epsilon));
        Assert.Equal(1UL, Ulps.Distance(double.MaxValue, double.PositiveInfinity));
        Assert.Equal(4UL, Ulps.Distance(-2.0, Math.BitDecrement(Math.BitDecrement(Math.BitDecrement(Math.BitDecrement(-2.0))))));
        Assert.Equal(Ulps.Distance(-1.0, 1.0), 2 * Ulps.Distance(0.0, 1.0));
        Assert.Equal(ulong.MaxValue, Ulps.Distance(double.NaN, 1.0));
        Assert.Equal(0UL, Ulps.Distance(double.NaN, double.NaN));
        Assert.Equal((ulong)(1L << 52), Ulps.Distance(1.0, 2.0));
        Assert.True(Ulps.Distance(double.MinValue, double.MaxValue) > (1UL << 63));
    }

    [Fact]
    public void Single_distances_are_measured_in_float_ulps()
    {
        Assert.Equal(1UL, Ulps.Distance(1f, MathF.BitIncrement(1f)));
        Assert.Equal(2UL, Ulps.Distance(-float.Epsilon, float.Epsilon));
        Assert.Equal(0UL, Ulps.Distance(0f, -0f));
        Assert.Equal((ulong)(1 << 23), Ulps.Distance(1f, 2f));
        Assert.Equal(1UL, Fmt.Single.Distance(1.0, MathF.BitIncrement(1f)));
        Assert.Equal(0UL, Fmt.Single.Distance(1.0, 1.0 + 1e-12)); // rounds to the same float
        Assert.Equal(ulong.MaxValue, Fmt.Single.Distance(double.NaN, 0));
    }

    [Fact]
    public void Spacing_is_the_ulp()
    {
        Assert.Equal(Math.ScaleB(1.0, -52), Ulps.Spacing(1.0));
        Assert.Equal(Math.ScaleB(1.0, -52), Ulps.Spacing(-1.5));
        Assert.Equal(double.Epsilon, Ulps.Spacing(0.0));
        Assert.Equal(Math.ScaleB(1.0, -23), Fmt.Single.Spacing(1.0));
        Assert.Equal(Math.ScaleB(1.0, 971), Ulps.Spacing(double.MaxValue));
    }

    [Fact]
    public void ErrorLog_fails_out_of_tolerance_and_non_finite_results()
    {
        var log = new ErrorLog("self-test", Fmt.Double);
        log.Check(Math.BitIncrement(Math.BitIncrement(1.0)), 1.0, 2, "2 ulp");
        log.Report(null);

        var bad = new ErrorLog("self-test", Fmt.Double);
        bad.Check(Math.BitIncrement(Math.BitIncrement(Math.BitIncrement(1.0))), 1.0, 2, "3 ulp");
        Assert.ThrowsAny<Exception>(() => bad.Report(null));

        var inf = new ErrorLog("self-test", Fmt.Double);
        inf.Check(double.PositiveInfinity, double.MaxValue, 2, "inf vs max", 1e308);
        Assert.ThrowsAny<Exception>(() => inf.Report(null));

        var empty = new ErrorLog("self-test", Fmt.Double);
        Assert.ThrowsAny<Exception>(() => empty.Report(null));
    }
}
