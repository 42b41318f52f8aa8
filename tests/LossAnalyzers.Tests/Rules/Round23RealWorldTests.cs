using System.Threading.Tasks;
using Xunit;
using VerifyLog = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>;
using VerifyLogExp = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.UnstableLogExpCompositionCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// Shapes from the 23rd round of the development corpus (issue #14), reduced and written anew: a softmax shifted by a
/// running maximum that is not named like one (and wrapped in a project's own autograd number), and a negative
/// log-likelihood whose log is held in a local, summed, and negated in place — over doubles and over an own autograd
/// scalar type.
/// </summary>
public class Round23RealWorldTests
{
    private const string Scalar = """
        public sealed class Scalar
        {
            public float Data;
            public Scalar(float data, Scalar parent = null, string label = "") { Data = data; }
            public Scalar Log() => new Scalar(System.MathF.Log(Data));
            public Scalar Exp() => new Scalar(System.MathF.Exp(Data));
            public static Scalar operator +(Scalar a, Scalar b) => new Scalar(a.Data + b.Data);
            public static Scalar operator -(Scalar a, Scalar b) => new Scalar(a.Data - b.Data);
            public static Scalar operator -(Scalar a) => new Scalar(-a.Data);
            public static Scalar operator /(Scalar a, Scalar b) => new Scalar(a.Data / b.Data);
            public static Scalar operator /(Scalar a, float b) => new Scalar(a.Data / b);
        }

        """;

    // ------------------------------------------------------------------ LOSS006: the maximum found in a loop

    [Fact]
    public Task SoftmaxShiftedByARunningMaximumWithAnyName_Silent() => VerifyLogExp.Diagnostics("""
        using System;

        static class Activations
        {
            public static void Normalise(double[] scores, double[] result)
            {
                double top = scores[0];
                for (int i = 1; i < scores.Length; i++)
                {
                    if (scores[i] > top)
                    {
                        top = scores[i];
                    }
                }

                double total = 0;
                for (int i = 0; i < scores.Length; i++)
                {
                    double shifted = scores[i] - top;
                    result[i] = Math.Exp(shifted);
                    total += result[i];
                }

                for (int i = 0; i < scores.Length; i++)
                {
                    result[i] /= total;
                }
            }
        }
        """);

    [Fact]
    public Task SoftmaxOfOwnScalarsShiftedByAWrappedRunningMaximum_Silent() => VerifyLogExp.Diagnostics(Scalar + """
        static class Layers
        {
            public static Scalar[] Softmax(Scalar[] outputs)
            {
                // starts at zero: max(0, largest) still keeps every exponent at or below zero
                float largest = 0f;
                for (int i = 0; i < outputs.Length; i++)
                {
                    if (largest < outputs[i].Data)
                    {
                        largest = outputs[i].Data;
                    }
                }

                Scalar shift = new(largest);
                var sum = new Scalar(0f);
                for (int i = 0; i < outputs.Length; i++)
                {
                    Scalar shifted = outputs[i] - shift;
                    outputs[i] = shifted.Exp();
                    sum += outputs[i];
                }

                for (int i = 0; i < outputs.Length; i++)
                {
                    outputs[i] /= sum;
                }

                return outputs;
            }
        }
        """);

    [Fact]
    public Task SoftmaxShiftedByARunningMinimum_StillReported() => VerifyLogExp.Diagnostics("""
        using System;

        static class Activations
        {
            public static void Normalise(double[] scores, double[] result)
            {
                // the smallest score: every other exponent is positive and can still overflow
                double low = scores[0];
                for (int i = 1; i < scores.Length; i++)
                {
                    if (scores[i] < low)
                    {
                        low = scores[i];
                    }
                }

                double total = 0;
                for (int i = 0; i < scores.Length; i++)
                {
                    double shifted = scores[i] - low;
                    result[i] = {|LOSS006:Math.Exp(shifted)|};
                    total += result[i];
                }

                for (int i = 0; i < scores.Length; i++)
                {
                    result[i] /= total;
                }
            }
        }
        """);

    [Fact]
    public Task ShiftByAValueAssignedUnconditionallyInTheLoop_StillReported() => VerifyLogExp.Diagnostics("""
        using System;

        static class Activations
        {
            public static void Normalise(double[] scores, double[] result)
            {
                // the last score, not the largest
                double pivot = 0;
                for (int i = 0; i < scores.Length; i++)
                {
                    pivot = scores[i];
                }

                double total = 0;
                for (int i = 0; i < scores.Length; i++)
                {
                    double shifted = scores[i] - pivot;
                    result[i] = {|LOSS006:Math.Exp(shifted)|};
                    total += result[i];
                }

                for (int i = 0; i < scores.Length; i++)
                {
                    result[i] /= total;
                }
            }
        }
        """);

    // ------------------------------------------------------------------ LOSS006: exponentials normalised by a helper

    private const string Normalising = """
        using System;
        using System.Collections.Generic;

        static class Distributions
        {
            // divides the values by their sum, in place (through a helper that writes into a second list)
            public static void Normalize(IList<double> values) => NormalizeInto(values, values);

            public static void NormalizeInto(IList<double> input, IList<double> output)
            {
                double total = 0;
                for (int i = 0; i < input.Count; i++)
                {
                    total += input[i];
                }

                for (int i = 0; i < input.Count; i++)
                {
                    output[i] = input[i] / total;
                }
            }

            public static void Scale(double[] values)
            {
                double total = 0;
                for (int i = 0; i < values.Length; i++)
                {
                    total += values[i];
                }

                for (int i = 0; i < values.Length; i++)
                {
                    values[i] /= total;
                }
            }

            // not a normalisation: divides by the count
            public static void Average(double[] values)
            {
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] /= values.Length;
                }
            }
        }

        """;

    [Fact]
    public Task ExponentialsNormalisedByAHelper_Reported() => VerifyLogExp.Diagnostics(Normalising + """
        static class MaxEnt
        {
            public static double[] Posterior(double[] bias, double[][] weights, int[] features)
            {
                var distribution = new double[bias.Length];
                for (int c = 0; c < bias.Length; c++)
                {
                    double score = bias[c];
                    foreach (var f in features)
                    {
                        score += weights[c][f];
                    }

                    distribution[c] = {|LOSS006:Math.Pow(Math.E, score)|};
                }

                Distributions.Normalize(distribution);
                return distribution;
            }

            public static void Rows(double[][] scores)
            {
                for (int r = 0; r < scores.Length; r++)
                {
                    for (int c = 0; c < scores[r].Length; c++)
                    {
                        scores[r][c] = {|LOSS006:Math.Exp(scores[r][c])|};
                    }

                    Distributions.Scale(scores[r]);
                }
            }
        }
        """);

    [Fact]
    public Task ExponentialsAveragedOrNormalisedAfterAShift_Silent() => VerifyLogExp.Diagnostics(Normalising + """
        static class MaxEnt
        {
            public static void Averaged(double[] scores)
            {
                for (int c = 0; c < scores.Length; c++)
                {
                    scores[c] = Math.Exp(scores[c]);
                }

                Distributions.Average(scores);
            }

            public static void Shifted(double[] scores)
            {
                double max = double.NegativeInfinity;
                foreach (var s in scores)
                {
                    max = Math.Max(max, s);
                }

                for (int c = 0; c < scores.Length; c++)
                {
                    double shifted = scores[c] - max;
                    scores[c] = Math.Exp(shifted);
                }

                Distributions.Normalize(scores);
            }
        }
        """);

    // ------------------------------------------------------------------ LOSS001: the log held, summed, negated in place

    [Fact]
    public Task TargetClassLogHeldInALocal_AccumulatorNegatedInPlace_Reported() => VerifyLog.Diagnostics("""
        using System;

        static class Objective
        {
            public static double Forward(double[][] outputs, int[] labels)
            {
                double total = 0;
                for (int i = 0; i < outputs.Length; i++)
                {
                    double[] row = outputs[i];
                    int label = labels[i];
                    double chosen = row[label];
                    double logChosen = {|LOSS001:Math.Log(chosen)|};
                    total += logChosen;
                }

                total = -total / outputs.Length;
                return total;
            }
        }
        """);

    [Fact]
    public Task TargetClassLogHeldInALocal_AccumulatorReturnedAsIs_Silent() => VerifyLog.Diagnostics("""
        using System;

        static class Scores
        {
            // a log-score summed and returned with its sign: a classifier's log-likelihood, no loss
            public static double Score(double[][] outputs, int[] labels)
            {
                double total = 0;
                for (int i = 0; i < outputs.Length; i++)
                {
                    double chosen = outputs[i][labels[i]];
                    double logChosen = Math.Log(chosen);
                    total += logChosen;
                }

                total = total / outputs.Length;
                return total;
            }
        }
        """);

    [Fact]
    public Task OwnScalarTargetClassLog_Negated_ReportedWithoutFix() => VerifyLog.Diagnostics(Scalar + """
        static class Objective
        {
            public static Scalar Forward(Scalar[][] outputs, int[] labels)
            {
                Scalar total = new(0f);
                for (int i = 0; i < outputs.Length; i++)
                {
                    Scalar[] row = outputs[i];
                    Scalar chosen = row[labels[i]];
                    Scalar logChosen = {|LOSS001:chosen.Log()|};
                    total += logChosen;
                }

                total = -total / outputs.Length;
                return total;
            }

            public static Scalar One(Scalar[] output, int label) => -{|LOSS001:output[label].Log()|};
        }
        """);

    [Fact]
    public Task OwnScalarLogNotNegated_OrOfAWholeValue_Silent() => VerifyLog.Diagnostics(Scalar + """
        static class Priors
        {
            // a log-prior added with its sign, and the log of a value that is no element of an array
            public static Scalar LogPrior(Scalar[] prior, int label) => prior[label].Log();

            public static Scalar Penalty(Scalar weight) => -weight.Log();
        }
        """);

    // ------------------------------------------------------------------ a perplexity is a metric

    [Fact]
    public Task PerplexityInALossClass_ChangeOfBaseHeldAndNegated_Silent() => VerifyLog.Diagnostics("""
        using System;

        class SoftmaxLoss
        {
            // bits per symbol of a held-out sequence: a reported metric, where +∞ for a missed symbol is the metric's value
            public static double MedianPerplexity(double[][] probabilities, int[] targets)
            {
                double bits = 0;
                for (int t = 0; t < targets.Length; t++)
                {
                    double chosen = probabilities[t][targets[t]];
                    double log2Chosen = Math.Log(chosen) / Math.Log(2);
                    bits += -log2Chosen;
                }

                return Math.Pow(2, bits / targets.Length);
            }
        }
        """);

    [Fact]
    public Task ChangeOfBaseInATrainingLoss_StillReported() => VerifyLog.Diagnostics("""
        using System;

        class SoftmaxLoss
        {
            public static double Measure(double[] probabilities, int target) =>
                -{|LOSS001:Math.Log(probabilities[target])|} / Math.Log(2);
        }
        """);
}
