#if !STABLELOSS_PORTABLE
using System;
using Xunit;

namespace StableLoss.Tests;

/// <summary>
/// The generic-math overloads (.NET 8+) that the analyzers' fixes call in code written over
/// <c>T : IFloatingPointIeee754&lt;T&gt;</c>: bit-identical to the double and float overloads, Half computed in double
/// and rounded once, NaN in gives NaN out, and a bad target throws naming it.
/// </summary>
public sealed class GenericMathTests
{
    private static readonly double[] Inputs =
    {
        0, -0.0, 1e-20, -1e-20, 0.5, -0.5, 1, -1, 16.6, -16.6, 36.7, -36.7, 88.7, -88.7, 709.8, -709.8, 800, -800, 1e300, -1e300,
    };

    [Fact]
    public void Double_overloads_are_bit_identical()
    {
        foreach (var x in Inputs)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(StableMath.Softplus(x)), BitConverter.DoubleToInt64Bits(StableMath.Softplus<double>(x)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(StableMath.LogSigmoid(x)), BitConverter.DoubleToInt64Bits(StableMath.LogSigmoid<double>(x)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(StableMath.Sigmoid(x)), BitConverter.DoubleToInt64Bits(StableMath.Sigmoid<double>(x)));
            if (x > -1)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(StableMath.Log1p(x)), BitConverter.DoubleToInt64Bits(StableMath.Log1p<double>(x)));
            }

            foreach (var y in new[] { 0.0, 0.25, 1.0 })
            {
                Assert.Equal(
                    BitConverter.DoubleToInt64Bits(Loss.BinaryCrossEntropyWithLogits(x, y)),
                    BitConverter.DoubleToInt64Bits(Loss.BinaryCrossEntropyWithLogits<double>(x, y)));
            }
        }
    }

    [Fact]
    public void Float_overloads_are_bit_identical()
    {
        foreach (var d in Inputs)
        {
            var x = (float)d;
            Assert.Equal(BitConverter.SingleToInt32Bits(StableMath.Softplus(x)), BitConverter.SingleToInt32Bits(StableMath.Softplus<float>(x)));
            Assert.Equal(BitConverter.SingleToInt32Bits(StableMath.LogSigmoid(x)), BitConverter.SingleToInt32Bits(StableMath.LogSigmoid<float>(x)));
            Assert.Equal(BitConverter.SingleToInt32Bits(StableMath.Sigmoid(x)), BitConverter.SingleToInt32Bits(StableMath.Sigmoid<float>(x)));
            Assert.Equal(
                BitConverter.SingleToInt32Bits(Loss.BinaryCrossEntropyWithLogits(x, 1f)),
                BitConverter.SingleToInt32Bits(Loss.BinaryCrossEntropyWithLogits<float>(x, 1f)));
        }
    }

    [Fact]
    public void Half_is_the_double_result_rounded_once()
    {
        foreach (var d in new[] { 0.0, 0.5, -3, 10, -10, 60000 })
        {
            var x = (Half)d;
            Assert.Equal((Half)StableMath.Softplus((double)x), StableMath.Softplus(x));
            Assert.Equal((Half)StableMath.LogSigmoid((double)x), StableMath.LogSigmoid(x));
            Assert.Equal((Half)Loss.BinaryCrossEntropyWithLogits((double)x, 0.0), Loss.BinaryCrossEntropyWithLogits(x, (Half)0));
        }

        // the textbook form overflows in Half long before the stable one does
        Assert.True(Half.IsFinite(StableMath.LogSigmoid((Half)(-60000))));
        Assert.Equal((Half)(-60000), StableMath.LogSigmoid((Half)(-60000)));
    }

    [Fact]
    public void NaN_in_gives_NaN_out()
    {
        Assert.True(double.IsNaN(StableMath.LogSigmoid(double.NaN)));
        Assert.True(float.IsNaN(StableMath.Softplus<float>(float.NaN)));
        Assert.True(Half.IsNaN(StableMath.Sigmoid(Half.NaN)));
        Assert.True(Half.IsNaN(Loss.BinaryCrossEntropyWithLogits(Half.NaN, (Half)1)));
    }

    [Fact]
    public void A_target_outside_zero_one_throws_naming_it()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Loss.BinaryCrossEntropyWithLogits<double>(0.3, 1.5));
        Assert.Equal("target", e.ParamName);
        var h = Assert.Throws<ArgumentOutOfRangeException>(() => Loss.BinaryCrossEntropyWithLogits((Half)0.3, (Half)(-1)));
        Assert.Equal("target", h.ParamName);
    }
}
#endif
