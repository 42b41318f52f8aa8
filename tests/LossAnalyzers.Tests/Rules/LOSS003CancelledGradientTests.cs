using System.Threading.Tasks;
using LossAnalyzers.Tests.Infrastructure;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// LOSS003 where the only sign of the sigmoid is the cost's own gradient: d/dz of −t·log a − (1 − t)·log(1 − a) is a − t only
/// when a = σ(z), so a cost type that logs a and 1 − a and returns <c>a - t</c> from a sibling method is paired with a sigmoid
/// output layer, wherever the layer is configured (cost classes selected by an enum, by a base-class constructor, by a
/// network option: round 16 of the development corpus, issue #14). No logits are in reach, so no rewrite is offered.
/// </summary>
public class LOSS003CancelledGradientTests
{
    [Fact]
    public Task BernoulliCost_WithAMinusYGradient_IsLoss003() => VerifyCS.Diagnostics("""
        using System;

        public static class CrossEntropyCost
        {
            public static double Value(double a, double y)
            {
                return {|LOSS003:-y * Math.Log(a) - (1 - y) * Math.Log(1 - a)|};
            }

            // the sigmoid's derivative a(1 − a) cancels: the network multiplies by nothing else
            public static double Delta(double a, double aPrime, double y)
            {
                return (a - y);
            }
        }
        """);

    [Fact]
    public Task ElementwiseCost_WithSelectGradient_TermsAreLoss003() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        public sealed class BernoulliCost
        {
            public float Total(float[] activations, float[] targets)
            {
                return (float)Enumerable.Range(0, activations.Length)
                    .Aggregate(0.0, (s, c) => s - targets[c] * {|LOSS003:Math.Log(activations[c])|} - (1 - targets[c]) * {|LOSS003:Math.Log(1 - activations[c])|});
            }

            public float[] Error(float[] targets, float[] activations)
            {
                return activations.Select((a, i) => a - targets[i]).ToArray();
            }
        }
        """);

    [Fact]
    public Task GradientThatKeepsTheLossDerivative_StaysLoss001() => VerifyCS.Diagnostics("""
        using System;

        public class CrossEntropyCost
        {
            // dL/da written in full: nothing says which activation produced a
            public double Value(double a, double y) => -y * {|LOSS001:Math.Log(a)|} - (1 - y) * {|LOSS001:Math.Log(1 - a)|};

            public double Derivative(double a, double y) => (a - y) / (a * (1 - a));
        }
        """);

    [Fact]
    public Task CategoricalCost_WithPMinusTGradient_StaysLoss001() => VerifyCS.Diagnostics("""
        using System;

        public class CategoricalCost
        {
            // p − t is the softmax's gradient: no 1 − p is logged, so this is not a sigmoid's Bernoulli loss
            public double Value(double[] p, double[] t)
            {
                double loss = 0;
                for (int k = 0; k < p.Length; k++) loss -= t[k] * {|LOSS001:Math.Log(p[k])|};
                return loss;
            }

            public double[] Gradient(double[] p, double[] t) => p.Select((x, k) => x - t[k]).ToArray();
        }

        static class Ext
        {
            public static System.Collections.Generic.IEnumerable<double> Select(this double[] v, Func<double, int, double> f)
            {
                for (int i = 0; i < v.Length; i++) yield return f(v[i], i);
            }

            public static double[] ToArray(this System.Collections.Generic.IEnumerable<double> e) => System.Linq.Enumerable.ToArray(e);
        }
        """);

    [Fact]
    public Task QuadraticCostOrOtherNames_NotEvidence() => VerifyCS.Diagnostics("""
        using System;

        public class Costs
        {
            public double Quadratic(double a, double y) => 0.5 * (a - y) * (a - y);

            public double QuadraticDelta(double a, double y) => a - y;

            // the gradient's parameters are not the cross-entropy's: no link between the two methods
            public double Cross(double output, double target) => -target * {|LOSS001:Math.Log(output)|} - (1 - target) * {|LOSS001:Math.Log(1 - output)|};

            public double CrossDelta(double a, double y) => a - y;
        }

        public static class LossLibrary
        {
            public static double CrossEntropy(double predicted, double target) =>
                -target * {|LOSS001:Math.Log(predicted)|} - (1 - target) * {|LOSS001:Math.Log(1 - predicted)|};

            // the softmax with its cross-entropy cancels to p − t too: a gradient that says so is no sigmoid's
            public static double SoftmaxAndCrossEntropyDerivative(double predicted, double target) => predicted - target;
        }
        """);
}
