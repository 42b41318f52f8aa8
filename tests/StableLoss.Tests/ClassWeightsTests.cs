using System;
using StableLoss.Tests.Infrastructure;
using Xunit;

namespace StableLoss.Tests;

public sealed class ClassWeightsTests
{
    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void Balanced_binary_is_n_over_two_counts(string format)
    {
        Api api = Api.For(format);
        // n = 8, 6 negatives, 2 positives: w0 = 8 / 12, w1 = 8 / 4
        var w = api.Balanced(new double[] { 0, 1, 0, 0, 0, 1, 0, 0 });
        Assert.Equal(2, w.Length);
        Assert.True(api.F.Distance(w[0], 8.0 / 12) <= 1, $"w0 = {w[0]}");
        Assert.Equal(2.0, w[1]);
        var even = api.Balanced(new double[] { 1, 0 });
        Assert.Equal(new[] { 1.0, 1.0 }, even);
    }

    [Fact]
    public void Balanced_multiclass_is_n_over_classes_times_count_and_0_for_missing_classes()
    {
        var w = ClassWeights.Balanced(new[] { 0, 1, 1, 2, 2, 2 }, 4);
        Assert.Equal(4, w.Length);
        Assert.Equal(6.0 / 4, w[0]);
        Assert.Equal(6.0 / 8, w[1]);
        Assert.Equal(6.0 / 12, w[2]);
        Assert.Equal(0.0, w[3]);
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void PositiveWeight_is_negatives_over_positives(string format)
    {
        Api api = Api.For(format);
        Assert.Equal(3.0, api.PositiveWeight(new double[] { 0, 0, 1, 0 }));
        Assert.Equal(49.0, api.PositiveWeight(new double[] { 1 }.ConcatArrays(new double[49])));
        Assert.Equal(0.0, api.PositiveWeight(new double[] { 1, 1 }));
        Assert.True(api.F.Distance(api.PositiveWeight(new double[] { 1, 1, 1, 0, 0, 0, 0 }), 4.0 / 3) <= 1);
    }
}

internal static class ArrayExtensions
{
    public static double[] ConcatArrays(this double[] a, double[] b)
    {
        var r = new double[a.Length + b.Length];
        Array.Copy(a, r, a.Length);
        Array.Copy(b, 0, r, a.Length, b.Length);
        return r;
    }
}
