using System.Threading.Tasks;
using Xunit;
using VerifyLog = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>;
using VerifyLogExp = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.UnstableLogExpCompositionCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// Shapes from the 24th round of the development corpus (issue #14), reduced and written anew: statistics and RL code —
/// a flat index computed from loop counters is no class label, a label made 0-based is one, scores divided by their
/// largest magnitude are bounded, a library's own log1p and square, the generic sigmoid ratio, and a Boltzmann draw
/// (roulette wheel) whose exponent a helper scales by a temperature.
/// </summary>
public class Round24RealWorldTests
{
    // ------------------------------------------------------------------ LOSS001: what a class label is

    [Fact]
    public Task GaussianLogDensityOfAFlatBuffer_IndexFromLoopCounters_Silent() => VerifyLog.Diagnostics("""
        using System;

        static class Policy
        {
            // −log σ of a Gaussian: σ is a standard deviation read at b · n + a, not a class probability
            public static float LogProb(float[] u, float[] mean, float[] std, int batch, int dims)
            {
                float total = 0f;
                for (int b = 0; b < batch; b++)
                {
                    for (int a = 0; a < dims; a++)
                    {
                        int idx = b * dims + a;
                        float sigma = std[idx];
                        float z = (u[idx] - mean[idx]) / sigma;
                        total += -0.5f * z * z - (float)Math.Log(sigma);
                    }
                }

                return total;
            }
        }
        """);

    [Fact]
    public Task NegativeLogOfTheClassALabelNamesAfterShiftingItToZeroBased_Reported() => VerifyLog.Diagnostics("""
        using System;

        static class Objective
        {
            // the labels are 1-based
            public static double Nll(double[][] probabilities, int[] labels)
            {
                double total = 0;
                for (int i = 0; i < labels.Length; i++)
                {
                    total -= {|LOSS001:Math.Log(probabilities[i][labels[i] - 1])|};
                }

                return total;
            }
        }
        """);

    [Fact]
    public Task NegativeLogAtARowOffsetHeldInALocalPlusTheArgmaxOfTheTarget_Reported() => VerifyLog.Diagnostics("""
        using System;

        static class Objective
        {
            public static void Nll(float[] predicted, float[] oneHot, float[] result, int rows, int width)
            {
                for (int i = 0; i < rows; i++)
                {
                    int offset = i * width, target = ArgMax(oneHot, offset, width);
                    result[i] = -(float){|LOSS001:Math.Log(predicted[offset + target])|};
                }
            }

            private static int ArgMax(float[] values, int start, int count)
            {
                int best = 0;
                for (int j = 1; j < count; j++)
                {
                    if (values[start + j] > values[start + best])
                    {
                        best = j;
                    }
                }

                return best;
            }
        }
        """);

    // ------------------------------------------------------------------ LOSS006

    [Fact]
    public Task ExponentsDividedByTheirLargestMagnitude_Silent() => VerifyLogExp.Diagnostics("""
        using System;

        static class Perceptron
        {
            public static void Normalise(double[] scores)
            {
                // at least 1: every scores[i] / largest lies in [−1, 1]
                double largest = 1;
                for (int i = 0; i < scores.Length; i++)
                {
                    if (largest < Math.Abs(scores[i]))
                    {
                        largest = Math.Abs(scores[i]);
                    }
                }

                double total = 0;
                for (int i = 0; i < scores.Length; i++)
                {
                    scores[i] = Math.Exp(scores[i] / largest);
                    total += scores[i];
                }

                for (int i = 0; i < scores.Length; i++)
                {
                    scores[i] /= total;
                }
            }
        }
        """);

    [Fact]
    public Task ExponentsDividedByAMaximumThatIsNotOfTheirMagnitude_Reported() => VerifyLogExp.Diagnostics("""
        using System;

        static class Perceptron
        {
            public static void Normalise(double[] scores, double[] weights)
            {
                // the largest weight, not the largest |score|: scores[i] / largest is not bounded
                double largest = 1;
                for (int i = 0; i < weights.Length; i++)
                {
                    if (largest < Math.Abs(weights[i]))
                    {
                        largest = Math.Abs(weights[i]);
                    }
                }

                double total = 0;
                for (int i = 0; i < scores.Length; i++)
                {
                    scores[i] = {|LOSS006:Math.Exp(scores[i] / largest)|};
                    total += scores[i];
                }

                for (int i = 0; i < scores.Length; i++)
                {
                    scores[i] /= total;
                }
            }
        }
        """);

    [Fact]
    public Task OwnLogOnePlusOfAnExponential_AndOwnSquareInTheSigmoidDerivative_Reported() => VerifyLogExp.Diagnostics("""
        using System;

        static class MoreMath
        {
            public static double LogOnePlus(double x)
            {
                double z = 1.0 + x;
                return z == 1.0 ? x : Math.Log(z) / (z - 1.0) * x;
            }

            public static double Sqr(double x) => x * x;
        }

        static class LogisticFit
        {
            public static double NegativeLogLikelihood(double score)
            {
                double e = Math.Exp(score);
                return {|LOSS006:MoreMath.LogOnePlus(e)|};
            }

            public static double Curvature(double score)
            {
                double e = Math.Exp(-score);
                return {|LOSS006:e / MoreMath.Sqr(1.0 + e)|};
            }
        }
        """);

    [Fact]
    public Task GenericSigmoidRatio_Reported_SignBranchedOne_Silent() => VerifyLogExp.Diagnostics("""
        using System.Numerics;

        static class Kernels
        {
            public static void SoftplusBackward<T>(T[] input, T[] output)
                where T : INumber<T>, IExponentialFunctions<T>
            {
                for (int i = 0; i < input.Length; i++)
                {
                    var exp = T.Exp(input[i]);
                    output[i] = {|LOSS006:exp / (T.One + exp)|};
                }
            }

            public static T Sigmoid<T>(T x)
                where T : INumber<T>, IExponentialFunctions<T>
            {
                if (x >= T.Zero)
                {
                    return T.One / (T.One + T.Exp(-x));
                }

                var e = T.Exp(x);
                return e / (T.One + e);
            }
        }
        """);

    [Fact]
    public Task BoltzmannDrawWithATemperatureHelper_Reported() => VerifyLogExp.Diagnostics("""
        using System;

        class Boltzmann
        {
            private readonly Random random = new();
            private double temperature = 1.0;

            public int Select(double[] q)
            {
                double sum = 0;
                for (int i = 0; i < q.Length; i++)
                {
                    sum += Math.Exp(Scaled(q[i]));
                }

                double draw = random.NextDouble(), upper = 0;
                for (int i = 0; i < q.Length; i++)
                {
                    upper += {|LOSS006:Math.Exp(Scaled(q[i])) / sum|};
                    if (draw < upper)
                    {
                        return i;
                    }
                }

                return q.Length - 1;
            }

            private double Scaled(double value)
            {
                if (value == 0.0)
                {
                    return 0.0;
                }

                return value / temperature;
            }
        }
        """);

    [Fact]
    public Task BoltzmannDrawWithAShiftingHelper_OrARunningTotalNeverCompared_Silent() => VerifyLogExp.Diagnostics("""
        using System;

        class Boltzmann
        {
            private double best;

            public int Select(double[] q, double draw)
            {
                double sum = 0;
                for (int i = 0; i < q.Length; i++)
                {
                    sum += Math.Exp(Shifted(q[i]));
                }

                double upper = 0;
                for (int i = 0; i < q.Length; i++)
                {
                    upper += Math.Exp(Shifted(q[i])) / sum;
                    if (draw < upper)
                    {
                        return i;
                    }
                }

                return q.Length - 1;
            }

            // shifted by the best value: not a plain value scaled
            private double Shifted(double value) => value - best;

            public double Mass(double[] q)
            {
                double sum = 0;
                for (int i = 0; i < q.Length; i++)
                {
                    sum += Math.Exp(q[i]);
                }

                double total = 0;
                for (int i = 0; i < q.Length; i++)
                {
                    total += Math.Exp(q[i]) / sum;
                }

                return total;
            }
        }
        """);
}
