using System;
using System.Linq;
using StableLoss.Tests.Infrastructure;
using Xunit;

namespace StableLoss.Tests;

/// <summary>Every rule of the spec's "Input validation" section, for the double and the float overloads:
/// the exception must be ArgumentException or ArgumentOutOfRangeException and name the offending parameter.</summary>
public sealed class ValidationTests
{
    private static readonly double[] X3 = { -1, 0.5, 2 };
    private static readonly double[] Y3 = { 0, 1, 0.5 };

    private static void Throws(string paramName, Action action) => ThrowsOneOf(new[] { paramName }, action);

    /// <summary>Where the spec does not say which parameter is at fault (empty input with Mean), any of the
    /// listed names is accepted.</summary>
    private static void ThrowsOneOf(string[] paramNames, Action action)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(action);
        Assert.True(ex.GetType() == typeof(ArgumentException) || ex.GetType() == typeof(ArgumentOutOfRangeException),
            "unexpected exception type " + ex.GetType());
        Assert.Contains(ex.ParamName, paramNames);
    }

    private static double[] Z(int n) => new double[n];

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void StableMath_rules(string format)
    {
        Api api = Api.For(format);
        Throws("x", () => api.LogSumExp(Array.Empty<double>()));
        foreach (int n in new[] { 2, 4 })
        {
            Throws("destination", () => api.Softmax(X3, Z(n)));
            Throws("destination", () => api.LogSoftmax(X3, Z(n)));
            Throws("destination", () => api.Softplus(X3, Z(n)));
            Throws("destination", () => api.LogSigmoid(X3, Z(n)));
            Throws("destination", () => api.Sigmoid(X3, Z(n)));
        }

        Throws("epsilon", () => api.SafeLog(0.5, 0));
        Throws("epsilon", () => api.SafeLog(0.5, -0.25));
        Throws("epsilon", () => api.SafeLog(0.5, 1));
        Throws("epsilon", () => api.SafeLog(0.5, 1.5));
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void BceWithLogits_scalar_rules(string format)
    {
        Api api = Api.For(format);
        Throws("target", () => api.Bce(0.5, -0.25));
        Throws("target", () => api.Bce(0.5, 1.25));
        Throws("target", () => api.Bce(0.5, 1.25, 2));
        Throws("posWeight", () => api.Bce(0.5, 1, -1));
        Throws("target", () => api.BceGrad(0.5, -0.25));
        Throws("target", () => api.BceGrad(0.5, 2));
        Throws("posWeight", () => api.BceGrad(0.5, 1, -0.5));
        Throws("target", () => api.Focal(0.5, -0.25, 0.25, 2));
        Throws("target", () => api.Focal(0.5, 1.5, 0.25, 2));
        Throws("alpha", () => api.Focal(0.5, 1, -0.25, 2));
        Throws("alpha", () => api.Focal(0.5, 1, 1.25, 2));
        Throws("gamma", () => api.Focal(0.5, 1, 0.25, -0.5));
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void BceWithLogits_span_rules(string format)
    {
        Api api = Api.For(format);
        // lengths
        Throws("targets", () => api.Bce(X3, new double[] { 0, 1 }, Reduction.Mean));
        Throws("targets", () => api.Bce(X3, new double[] { 0, 1, 1, 0 }, Reduction.Sum));
        Throws("sampleWeights", () => api.Bce(X3, Y3, Reduction.Mean, 1, new double[] { 1, 1 }));
        Throws("targets", () => api.Bce(X3, new double[] { 0, 1 }, Z(3)));
        Throws("destination", () => api.Bce(X3, Y3, Z(2)));
        Throws("destination", () => api.Bce(X3, Y3, Z(4)));
        Throws("sampleWeights", () => api.Bce(X3, Y3, Z(3), 1, new double[] { 1, 1, 1, 1 }));
        // values
        Throws("targets", () => api.Bce(X3, new double[] { 0, 1.5, 1 }, Reduction.Mean));
        Throws("targets", () => api.Bce(X3, new double[] { 0, -0.5, 1 }, Z(3)));
        Throws("posWeight", () => api.Bce(X3, Y3, Reduction.Sum, -2));
        Throws("posWeight", () => api.Bce(X3, Y3, Z(3), -2));
        Throws("sampleWeights", () => api.Bce(X3, Y3, Reduction.Mean, 1, new double[] { 1, -0.5, 1 }));
        Throws("sampleWeights", () => api.Bce(X3, Y3, Z(3), 1, new double[] { 1, -0.5, 1 }));
        // reductions
        Throws("reduction", () => api.Bce(X3, Y3, Reduction.None));
        Throws("reduction", () => api.Bce(X3, Y3, (Reduction)7));
        Throws("reduction", () => api.Bce(X3, Y3, (Reduction)(-1)));
        ThrowsOneOf(new[] { "logits", "reduction" }, () => api.Bce(Array.Empty<double>(), Array.Empty<double>(), Reduction.Mean));
        Assert.Equal(0.0, api.Bce(Array.Empty<double>(), Array.Empty<double>(), Reduction.Sum));
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void BceWithLogits_gradient_span_rules(string format)
    {
        Api api = Api.For(format);
        Throws("targets", () => api.BceGrad(X3, new double[] { 0, 1 }, Z(3)));
        Throws("destination", () => api.BceGrad(X3, Y3, Z(2)));
        Throws("destination", () => api.BceGrad(X3, Y3, Z(4)));
        Throws("sampleWeights", () => api.BceGrad(X3, Y3, Z(3), Reduction.None, 1, new double[] { 1 }));
        Throws("sampleWeights", () => api.BceGrad(X3, Y3, Z(3), Reduction.None, 1, new double[] { 1, 1, -1 }));
        Throws("targets", () => api.BceGrad(X3, new double[] { 0, 1, 1.5 }, Z(3)));
        Throws("posWeight", () => api.BceGrad(X3, Y3, Z(3), Reduction.None, -1));
        Throws("reduction", () => api.BceGrad(X3, Y3, Z(3), (Reduction)5));
        ThrowsOneOf(new[] { "logits", "reduction" }, () => api.BceGrad(Array.Empty<double>(), Array.Empty<double>(), Z(0), Reduction.Mean));
        api.BceGrad(Array.Empty<double>(), Array.Empty<double>(), Z(0), Reduction.Sum); // no throw
        api.BceGrad(Array.Empty<double>(), Array.Empty<double>(), Z(0), Reduction.None); // no throw
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void Bce_on_probabilities_rules(string format)
    {
        Api api = Api.For(format);
        Throws("probability", () => api.BceProb(-0.25, 1));
        Throws("probability", () => api.BceProb(1.25, 1));
        Throws("target", () => api.BceProb(0.5, -0.25));
        Throws("target", () => api.BceProb(0.5, 1.25));
        foreach (double eps in new[] { 0, -0.125, 0.5, 0.75, 1 })
        {
            Throws("epsilon", () => api.BceProb(0.5, 1, eps));
            Throws("epsilon", () => api.BceProb(new double[] { 0.5 }, new double[] { 1 }, Reduction.Mean, eps));
        }

        Throws("probabilities", () => api.BceProb(new double[] { 0.5, 1.5 }, new double[] { 1, 0 }, Reduction.Mean));
        Throws("probabilities", () => api.BceProb(new double[] { 0.5, -0.5 }, new double[] { 1, 0 }, Reduction.Sum));
        Throws("targets", () => api.BceProb(new double[] { 0.5, 0.5 }, new double[] { 1, 2 }, Reduction.Mean));
        Throws("targets", () => api.BceProb(new double[] { 0.5, 0.5 }, new double[] { 1 }, Reduction.Mean));
        Throws("reduction", () => api.BceProb(new double[] { 0.5 }, new double[] { 1 }, Reduction.None));
        Throws("reduction", () => api.BceProb(new double[] { 0.5 }, new double[] { 1 }, (Reduction)3));
        ThrowsOneOf(new[] { "probabilities", "reduction" }, () => api.BceProb(Array.Empty<double>(), Array.Empty<double>(), Reduction.Mean));
        Assert.Equal(0.0, api.BceProb(Array.Empty<double>(), Array.Empty<double>(), Reduction.Sum));
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void Focal_span_rules(string format)
    {
        Api api = Api.For(format);
        Throws("targets", () => api.Focal(X3, new double[] { 0, 1 }, Reduction.Mean, 0.25, 2));
        Throws("targets", () => api.Focal(X3, new double[] { 0, 1, 1.5 }, Reduction.Mean, 0.25, 2));
        Throws("alpha", () => api.Focal(X3, Y3, Reduction.Mean, 1.5, 2));
        Throws("gamma", () => api.Focal(X3, Y3, Reduction.Sum, 0.25, -1));
        Throws("reduction", () => api.Focal(X3, Y3, Reduction.None, 0.25, 2));
        Throws("reduction", () => api.Focal(X3, Y3, (Reduction)9, 0.25, 2));
        ThrowsOneOf(new[] { "logits", "reduction" }, () => api.Focal(Array.Empty<double>(), Array.Empty<double>(), Reduction.Mean, 0.25, 2));
        Assert.Equal(0.0, api.Focal(Array.Empty<double>(), Array.Empty<double>(), Reduction.Sum, 0.25, 2));
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void SoftmaxCrossEntropy_single_row_rules(string format)
    {
        Api api = Api.For(format);
        Throws("targetClass", () => api.Ce(X3, -1));
        Throws("targetClass", () => api.Ce(X3, 3));
        Throws("labelSmoothing", () => api.Ce(X3, 0, -0.125));
        Throws("labelSmoothing", () => api.Ce(X3, 0, 1.5));
        Throws("targetDistribution", () => api.Ce(X3, new double[] { 0.5, 0.5 }));
        Throws("targetClass", () => api.CeGrad(X3, 3, Z(3)));
        Throws("targetClass", () => api.CeGrad(X3, -1, Z(3)));
        Throws("labelSmoothing", () => api.CeGrad(X3, 0, Z(3), 2));
        Throws("destination", () => api.CeGrad(X3, 0, Z(2)));
        Throws("destination", () => api.CeGrad(X3, 0, Z(4)));
        Throws("targetDistribution", () => api.CeGrad(X3, new double[] { 1 }, Z(3)));
        Throws("destination", () => api.CeGrad(X3, new double[] { 0.25, 0.25, 0.5 }, Z(2)));
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void SoftmaxCrossEntropy_batch_rules(string format)
    {
        Api api = Api.For(format);
        double[] logits = { 1, 2, 3, 4, 5, 6 }; // 2 rows x 3 classes
        Throws("classes", () => api.Ce(logits, new[] { 0, 1 }, 0));
        Throws("classes", () => api.Ce(logits, new[] { 0, 1 }, -3));
        Throws("logits", () => api.Ce(logits, new[] { 0, 1 }, 4));
        Throws("targetClasses", () => api.Ce(logits, new[] { 0 }, 3));
        Throws("targetClasses", () => api.Ce(logits, new[] { 0, 1, 2 }, 3));
        Throws("targetClasses", () => api.Ce(logits, new[] { 0, 3 }, 3));
        Throws("targetClasses", () => api.Ce(logits, new[] { -1, 0 }, 3)); // -1 is not the ignoreIndex (-100)
        Throws("labelSmoothing", () => api.Ce(logits, new[] { 0, 1 }, 3, Reduction.Mean, 1.5));
        Throws("reduction", () => api.Ce(logits, new[] { 0, 1 }, 3, Reduction.None));
        Throws("reduction", () => api.Ce(logits, new[] { 0, 1 }, 3, (Reduction)4));
        ThrowsOneOf(new[] { "logits", "targetClasses", "reduction" }, () => api.Ce(Array.Empty<double>(), Array.Empty<int>(), 3, Reduction.Mean));
        Assert.Equal(0.0, api.Ce(Array.Empty<double>(), Array.Empty<int>(), 3, Reduction.Sum));
        // the ignoreIndex itself is accepted, also when it is a valid-looking negative number
        api.Ce(logits, new[] { -1, 0 }, 3, Reduction.Mean, 0, -1);

        Throws("classes", () => api.CeGrad(logits, new[] { 0, 1 }, 0, Z(6)));
        Throws("logits", () => api.CeGrad(logits, new[] { 0, 1 }, 4, Z(6)));
        Throws("targetClasses", () => api.CeGrad(logits, new[] { 0 }, 3, Z(6)));
        Throws("targetClasses", () => api.CeGrad(logits, new[] { 0, 5 }, 3, Z(6)));
        Throws("destination", () => api.CeGrad(logits, new[] { 0, 1 }, 3, Z(5)));
        Throws("destination", () => api.CeGrad(logits, new[] { 0, 1 }, 3, Z(7)));
        Throws("labelSmoothing", () => api.CeGrad(logits, new[] { 0, 1 }, 3, Z(6), Reduction.Mean, -0.5));
        Throws("reduction", () => api.CeGrad(logits, new[] { 0, 1 }, 3, Z(6), (Reduction)8));
    }

    [Theory]
    [MemberData(nameof(Cases.Formats), MemberType = typeof(Cases))]
    public void ClassWeights_rules(string format)
    {
        Api api = Api.For(format);
        Throws("labels", () => api.PositiveWeight(new double[] { 0, 0, 0 }));
        Throws("labels", () => api.PositiveWeight(Array.Empty<double>()));
        Throws("classes", () => ClassWeights.Balanced(new[] { 0, 1 }, 0));
        Throws("classes", () => ClassWeights.Balanced(new[] { 0, 1 }, -1));
        Throws("labels", () => ClassWeights.Balanced(new[] { 0, 2 }, 2));
        Throws("labels", () => ClassWeights.Balanced(new[] { -1, 0 }, 2));
    }

    [Fact]
    public void Epsilon_constants_match_the_spec()
    {
        Assert.Equal(1e-12, StableMath.DefaultDoubleEpsilon);
        Assert.Equal(1e-7f, StableMath.DefaultSingleEpsilon);
        Assert.NotEqual(1f, 1f - StableMath.DefaultSingleEpsilon);
        Assert.NotEqual(1.0, 1.0 - StableMath.DefaultDoubleEpsilon);
        Assert.Equal(Loss.BinaryCrossEntropy(1.0, 0.0, StableMath.DefaultDoubleEpsilon), Loss.BinaryCrossEntropy(1.0, 0.0));
        Assert.Equal(Loss.BinaryCrossEntropy(1f, 0f, StableMath.DefaultSingleEpsilon), Loss.BinaryCrossEntropy(1f, 0f));
        Assert.Equal(StableMath.SafeLog(0.0, StableMath.DefaultDoubleEpsilon), StableMath.SafeLog(0.0));
        Assert.True(Ulps.Distance(Math.Log(1e-12), StableMath.SafeLog(0.0)) <= 2);
        Assert.Equal(0.0, StableMath.SafeLog(1.0));
    }

    [Fact]
    public void Span_default_reduction_is_mean()
    {
        double[] x = { -1, 2, 30 }, y = { 0, 1, 0.5 };
        Assert.Equal(Loss.BinaryCrossEntropyWithLogits(x, y, Reduction.Mean), Loss.BinaryCrossEntropyWithLogits(x, y));
        Assert.Equal(Loss.BinaryCrossEntropy(new[] { 0.25, 0.5 }, new[] { 0.0, 1.0 }, Reduction.Mean),
            Loss.BinaryCrossEntropy(new[] { 0.25, 0.5 }, new[] { 0.0, 1.0 }));
        Assert.Equal(Loss.SoftmaxCrossEntropy(x, new[] { 1 }, 3, Reduction.Mean), Loss.SoftmaxCrossEntropy(x, new[] { 1 }, 3));
        double sum = Loss.BinaryCrossEntropyWithLogits(x, y, Reduction.Sum);
        Assert.True(Ulps.Distance(sum / 3, Loss.BinaryCrossEntropyWithLogits(x, y)) <= 2);
    }
}
