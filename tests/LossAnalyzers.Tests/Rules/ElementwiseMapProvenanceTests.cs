using System.Threading.Tasks;
using Xunit;
using Loss001 = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>;
using Loss004 = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.BinaryCrossEntropyOnSoftmaxCodeFixProvider>;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// Sigmoid outputs made by mapping a sequence element by element (<c>z.Select(Sigmoid).ToArray()</c>, a lambda that
/// returns a sigmoid) and read back one element at a time, by index or by <c>foreach</c> — also from a pair zipped
/// without a selector, <c>foreach (var (t, p) in targets.Zip(probabilities))</c> (issue #14, class 1: a LINQ logistic
/// regression of the development corpus zips its targets with its sigmoid outputs). Reduced and written anew. The logits
/// are not named (the mapped sequence need not be indexable), so no rewrite is offered.
/// </summary>
public class ElementwiseMapProvenanceTests
{
    private const string Logistic = """

        static class Logistic
        {
            public static double Of(double x) => 1 / (1 + System.Math.Exp(-x));
        }
        """;

    [Fact]
    public Task SelectThroughSigmoidMethodGroup_PassedToCostHelper_ReportedWithoutFix()
    {
        const string source = """
            using System;
            using System.Linq;

            class Regression
            {
                public double Epoch(double[] scores, double[] labels) => Cost(scores.Select(Logistic.Of).ToArray(), labels);

                static double Cost(double[] p, double[] y)
                {
                    double sum = 0;
                    for (int i = 0; i < p.Length; i++)
                    {
                        var c = Math.Clamp(p[i], 1e-12, 1 - 1e-12);
                        sum += {|LOSS003:y[i] * Math.Log(c) + (1 - y[i]) * Math.Log(1 - c)|};
                    }

                    return -sum / p.Length;
                }
            }
            """ + Logistic;
        return VerifyCS.Fix(source, source);
    }

    [Fact]
    public Task SelectThroughSigmoidLambda_ToList_IndexedInTheLoss_Reported() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        class Regression
        {
            public double Loss(double[] z, double[] t)
            {
                var p = z.Select(v => 1.0 / (1.0 + Math.Exp(-v))).ToList();
                double loss = 0;
                for (int i = 0; i < p.Count; i++)
                {
                    loss -= {|LOSS003:t[i] * Math.Log(p[i]) + (1 - t[i]) * Math.Log(1 - p[i])|};
                }

                return loss;
            }
        }
        """);

    [Fact]
    public Task ForEachOverTargetsZippedWithSigmoids_ClampedBce_Reported() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        class Regression
        {
            public double Loss(double[] z, double[] targets, double eps)
            {
                var probabilities = z.Select(Logistic.Of).ToArray();
                double sum = 0;
                foreach (var (t, p) in targets.Zip(probabilities))
                {
                    var clipped = Math.Clamp(p, eps, 1 - eps);
                    sum += {|LOSS003:t * Math.Log(clipped) + (1 - t) * Math.Log(1 - clipped)|};
                }

                return -sum;
            }
        }
        """ + Logistic);

    [Fact]
    public Task ForEachOverMappedSigmoids_NegatedLog_Loss001() => Loss001.Diagnostics("""
        using System;
        using System.Linq;

        class Likelihood
        {
            public double Nll(double[] z)
            {
                double nll = 0;
                foreach (var q in z.Select(Logistic.Of))
                {
                    nll -= {|LOSS001:Math.Log(q)|};
                }

                return nll;
            }
        }
        """ + Logistic);

    [Fact]
    public Task LinqSoftmax_ExponentialsOverTheirSum_FedToABinaryCrossEntropy_Loss004()
    {
        const string source = """
            using System;
            using System.Linq;

            class OutputLayer
            {
                public float[] Activate(float[] z)
                {
                    var max = z.Max();
                    var exps = z.Select(v => Math.Exp(v - max));
                    var total = exps.Sum();
                    return exps.Select(e => (float)(e / total)).ToArray();
                }

                public double Cost(float[] z, float[] y)
                {
                    var a = Activate(z);
                    double cost = 0;
                    for (int k = 0; k < y.Length; k++)
                    {
                        cost += {|LOSS004:-y[k] * Math.Log(a[k]) - (1 - y[k]) * Math.Log(1 - a[k])|};
                    }

                    return cost;
                }
            }
            """;
        // the logits of each class are not at hand where the loss is written: reported without a rewrite
        return Loss004.Fix(source, source);
    }

    [Fact]
    public Task ArrayCapturedByAnAggregateLambda_IsTheSigmoidWrittenOutside_FixedWithLogSigmoid()
    {
        // the array is written where it is declared, outside the lambda that reads it: its sigmoid is known there
        const string source = """
            using System;
            using System.Linq;

            static class Likelihood
            {
                public static double Nll(double[] z, int[] rows)
                {
                    var p = new double[z.Length];
                    for (int i = 0; i < z.Length; i++) p[i] = 1 / (1 + Math.Exp(-z[i]));
                    return Enumerable.Range(0, rows.Length).Aggregate(0.0, (a, c) => a - {|LOSS001:Math.Log(p[c])|});
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Linq;
            using StableLoss;

            static class Likelihood
            {
                public static double Nll(double[] z, int[] rows)
                {
                    var p = new double[z.Length];
                    for (int i = 0; i < z.Length; i++) p[i] = 1 / (1 + Math.Exp(-z[i]));
                    return Enumerable.Range(0, rows.Length).Aggregate(0.0, (a, c) => a - StableMath.LogSigmoid(z[c]));
                }
            }
            """;
        return Loss001.Fix(source, fixedSource);
    }

    // ---------------------------------------------------------------- negatives

    [Fact]
    public Task SelectThroughTanh_NotAProbability_NotReported() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        class Features
        {
            public double LogTotal(double[] z)
            {
                // each element is logged as it is: were tanh taken for a sigmoid, LOSS001 would report this log
                var h = z.Select(Math.Tanh).ToArray();
                double s = 0;
                foreach (var v in h)
                {
                    s -= Math.Log(v);
                }

                return s;
            }
        }
        """);

    [Fact]
    public Task ForEachOverZip_LogOfTheTargetSide_NotReported() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        class Entropy
        {
            public double OfTargets(double[] z, double[] targets)
            {
                double sum = 0;
                foreach (var (t, p) in targets.Zip(z.Select(Logistic.Of)))
                {
                    // the target side, logged unguarded: were the sides swapped, this would be a sigmoid's log
                    sum -= t * Math.Log(t);
                }

                return sum;
            }
        }
        """ + Logistic);

    [Fact]
    public Task SelectWhoseLambdaIsASigmoidOnlyOnOneBranch_NotReported() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        class Gate
        {
            public double Score(double[] z)
            {
                // each element logged as it is: were the map taken for a sigmoid, LOSS001 would report this log
                var p = z.Select(v => v > 0 ? Logistic.Of(v) : v * v).ToArray();
                double score = 0;
                for (int i = 0; i < p.Length; i++)
                {
                    score += Math.Log(p[i]);
                }

                return score;
            }
        }
        """ + Logistic);

    [Fact]
    public Task LinqDivisionByTheSumOfAnotherSequence_NotASoftmax_NotReported() => Loss004.Diagnostics("""
        using System;
        using System.Linq;

        class Weights
        {
            public double Cost(float[] z, float[] w, float[] y)
            {
                var exps = z.Select(v => Math.Exp(v));
                var total = w.Select(v => (double)v).Sum();
                var a = exps.Select(e => e / total).ToArray();
                double cost = 0;
                for (int k = 0; k < y.Length; k++)
                {
                    cost += -y[k] * Math.Log(a[k] + 1e-9) - (1 - y[k]) * Math.Log(1 - a[k] + 1e-9);
                }

                return cost;
            }
        }
        """);

    // ---------------------------------------------------------------- broken code

    [Fact]
    public Task SelectOfAMissingMethod_NoDiagnosticNoException() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        class Broken
        {
            public double Loss(double[] z, double[] t)
            {
                var p = z.Select({|CS0103:Missing|}).ToArray();
                double loss = 0;
                foreach (var ({|CS8130:y|}, {|CS8130:q|}) in t.Zip(p))
                {
                    loss -= y * Math.Log(q) + (1 - y) * Math.Log(1 - q);
                }

                return loss;
            }
        }
        """);

    // ---------------------------------------------------------------- a LINQ lambda's parameter is an element of what it walks

    [Fact]
    public Task ZipSelectorOverSigmoidPredictions_Loss003() => VerifyCS.Diagnostics("""
        using System;
        using System.Collections.Generic;
        using System.Linq;

        static class Regression
        {
            public static double Cost(List<double> scores, List<double> labels)
            {
                var predictions = scores.Select(Logistic.Of).ToList();
                return -predictions.Zip(labels, (p, y) => {|LOSS003:y * Math.Log(p) + (1 - y) * Math.Log(1 - p)|}).Average();
            }
        }
        """ + Logistic);

    [Fact]
    public Task ZipSelectorWithTheProbabilitiesSecond_Loss003() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        static class Regression
        {
            public static double Cost(double[] scores, double[] labels)
            {
                var predictions = scores.Select(s => 1 / (1 + Math.Exp(-s))).ToArray();
                return -labels.Zip(predictions, (y, p) => {|LOSS003:y * Math.Log(p) + (1 - y) * Math.Log(1 - p)|}).Sum();
            }
        }
        """);

    // (a guard, not a new form: the target-weighted log of a lambda parameter in loss code was LOSS001's before the
    // element provenance; it must stay LOSS001 now that p is known to be a softmax element)
    [Fact]
    public Task SumLambdaOverASoftmaxArray_TargetWeightedLog_Loss001() => Loss001.Diagnostics("""
        using System;
        using System.Linq;

        static class Classifier
        {
            static double[] Softmax(double[] z)
            {
                var max = z.Max();
                var e = new double[z.Length];
                double sum = 0;
                for (int i = 0; i < z.Length; i++) { e[i] = Math.Exp(z[i] - max); sum += e[i]; }
                for (int i = 0; i < z.Length; i++) e[i] /= sum;
                return e;
            }

            public static double Loss(double[] z, double[] oneHot)
            {
                var probs = Softmax(z);
                return -probs.Select((p, k) => oneHot[k] * {|LOSS001:Math.Log(p)|}).Sum();
            }
        }
        """);

    // a lambda over a sequence not known to hold probabilities: its parameter is evidence as any other (here a focal loss's
    // probability parameter, named so in loss code)
    [Fact]
    public Task ZipSelectorOverAnUnknownSequence_FallsBackToTheParametersOwnEvidence() => Loss001.Diagnostics("""
        using System;
        using System.Linq;

        static class Losses
        {
            public static double FocalLoss(double[] predictions, double[] targets, double gamma = 2.0) =>
                -targets.Zip(predictions, (t, p) =>
                    t * Math.Pow(1 - p, gamma) * {|LOSS001:Math.Log(p)|} + (1 - t) * Math.Pow(p, gamma) * {|LOSS001:Math.Log(1 - p)|}).Average();
        }
        """);

    // each parameter of a Zip selector is an element of its own sequence: y walks the labels (unknown), not the predictions
    [Fact]
    public Task ZipSelectorsOtherParameter_IsAnElementOfTheOtherSequence_Silent() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        static class Stats
        {
            public static double[] LabelLogs(double[] scores, double[] labels)
            {
                var predictions = scores.Select(s => 1 / (1 + Math.Exp(-s))).ToArray();
                return predictions.Zip(labels, (p, y) => Math.Log(y)).ToArray();
            }
        }
        """);
}
