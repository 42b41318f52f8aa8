using System.Threading.Tasks;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.VanishingEpsilonCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// LOSS005 with the bounds held in locals (issue #14, class 2), reduced and written anew from a log-loss metric of the
/// development corpus: <c>var min = 1e-10f; var max = 1f - min;</c> makes <c>max</c> exactly 1 in float.
/// </summary>
public class LOSS005LocalBoundTests
{
    [Fact]
    public Task FloatUpperBoundFromALocalEpsilon_ReportedAndFixed() => VerifyCS.Fix("""
        using System;

        sealed class LogLoss
        {
            public float Value(float[] targets, float[] predictions)
            {
                var min = 1e-10f;
                var max = 1.0f - min;
                var sum = 0f;
                for (var i = 0; i < targets.Length; i++)
                {
                    var p = Math.Min({|LOSS005:max|}, Math.Max(min, predictions[i]));
                    sum += targets[i] * MathF.Log(p) + (1 - targets[i]) * MathF.Log(1 - p);
                }

                return -sum / targets.Length;
            }
        }
        """, """
        using System;

        sealed class LogLoss
        {
            public float Value(float[] targets, float[] predictions)
            {
                var min = 1e-10f;
                var max = 1.0f - min;
                var sum = 0f;
                for (var i = 0; i < targets.Length; i++)
                {
                    var p = Math.Min(1 - 1e-7f, Math.Max(min, predictions[i]));
                    sum += targets[i] * MathF.Log(p) + (1 - targets[i]) * MathF.Log(1 - p);
                }

                return -sum / targets.Length;
            }
        }
        """);

    [Fact]
    public Task SameBoundsInDouble_Silent() => VerifyCS.Diagnostics("""
        using System;

        sealed class LogLoss
        {
            public double Value(double[] targets, double[] predictions)
            {
                var min = 1e-10;
                var max = 1.0 - min;
                var sum = 0.0;
                for (var i = 0; i < targets.Length; i++)
                {
                    var p = Math.Min(max, Math.Max(min, predictions[i]));
                    sum += targets[i] * Math.Log(p) + (1 - targets[i]) * Math.Log(1 - p);
                }

                return -sum / targets.Length;
            }
        }
        """);

    /// <summary>A bound copied from another local (<c>var margin = tiny;</c>) is followed through both locals: the value of
    /// each initializer is asked first, then that nothing else writes the local.</summary>
    [Fact]
    public Task UpperBoundThroughACopiedLocal_Reported() => VerifyCS.Diagnostics("""
        using System;

        sealed class LogLoss
        {
            public float Value(float prediction, float target)
            {
                var tiny = 1e-10f;
                var margin = tiny;
                var hi = 1f - margin;
                var p = Math.Min({|LOSS005:hi|}, Math.Max(0.001f, prediction));
                return -(target * MathF.Log(p) + (1 - target) * MathF.Log(1 - p));
            }
        }
        """);

    /// <summary>The copy written again (a second value may reach the bound): not followed, so no LOSS005; the bound is then
    /// unknown, and LOSS001 says that p can still reach 1 (it can, where the bound is 1 − 1e-10f = 1f).</summary>
    [Fact]
    public Task UpperBoundThroughACopiedLocalWrittenAgain_NoLoss005() => VerifyCS.Diagnostics("""
        using System;

        sealed class LogLoss
        {
            public float Value(float prediction, float target, bool coarse)
            {
                var tiny = 1e-10f;
                var margin = tiny;
                if (coarse) margin = 1e-3f;
                var hi = 1f - margin;
                var p = Math.Min(hi, Math.Max(0.001f, prediction));
                return -(target * MathF.Log(p) + (1 - target) * {|LOSS001:MathF.Log(1 - p)|});
            }
        }
        """);

    [Fact]
    public Task LocalBoundWrittenAgain_NotFollowed_Silent() => VerifyCS.Diagnostics("""
        using System;

        sealed class LogLoss
        {
            public float Value(float prediction, bool coarse)
            {
                var min = 1e-10f;
                if (coarse) min = 1e-3f;
                var p = Math.Min(1f - min, Math.Max(min, prediction));
                return -MathF.Log(p);
            }
        }
        """);

    [Fact]
    public Task SubnormalAddedToADivisor_OutsideLossCode_Reported() => VerifyCS.Diagnostics("""
        using System;

        public sealed class Normalization
        {
            public double[] Backward(double[] gradient, double[] centred, double[] variance)
            {
                var result = new double[gradient.Length];
                for (var i = 0; i < gradient.Length; i++)
                {
                    var dVariance = gradient[i] * centred[i] * -0.5 * Math.Pow(variance[i] + {|LOSS005:double.Epsilon|}, -1.5);
                    result[i] = dVariance + gradient[i] / (variance[i] + {|LOSS005:double.Epsilon|});
                }

                return result;
            }
        }
        """);

    [Fact]
    public Task SubnormalNotInverted_OutsideLossCode_Silent() => VerifyCS.Diagnostics("""
        using System;

        public static class Sampling
        {
            // a finite log (−744), a square root divided by (1/√ε is finite), and a positive power: none overflows
            public static double Draw(double u, double v, double w) =>
                Math.Log(u + double.Epsilon) + 1 / Math.Sqrt(v + double.Epsilon) + Math.Pow(w + double.Epsilon, 2);
        }
        """);

    // a 0/0 tie-breaker: the numerator is 0 wherever the divisor is (a term of the sum, or a total counted with it), so
    // n / (v + ε) is 0 there, as meant (reduced and written anew from a neuro-evolution population manager seen out of sample)
    [Fact]
    public Task SubnormalTieBreaker_NumeratorZeroWhereTheDivisorIs_Silent() => VerifyCS.Diagnostics("""
        using System.Collections.Generic;
        using System.Linq;

        public sealed class Genome
        {
            public float Fitness { get; set; }
            public float Shared;
        }

        public static class Population
        {
            public static void Share(List<Genome> members)
            {
                float total = members.Sum(g => g.Fitness);
                foreach (var genome in members)
                {
                    genome.Shared = genome.Fitness / (total + float.Epsilon);
                }
            }

            public static float MeanDistance(float[,] distance, int n)
            {
                float sum = 0f;
                int pairs = 0;
                for (int i = 0; i < n; i++)
                {
                    for (int j = i + 1; j < n; j++)
                    {
                        sum += distance[i, j];
                        pairs++;
                    }
                }

                return sum / (pairs + float.Epsilon);
            }
        }
        """);

    // broken code (an engine type the references lack): the addition whose right side does not bind is still one
    [Fact]
    public Task SubnormalTieBreaker_AdditionOfUnboundValue_Silent() => VerifyCS.Diagnostics("""
        public static class Population
        {
            public static float MeanDistance(object[] genomes)
            {
                float sum = 0f;
                int pairs = 0;
                for (int i = 0; i < genomes.Length; i++)
                {
                    sum += {|CS0103:Distance|}(genomes[i]);
                    pairs++;
                }

                return sum / (pairs + float.Epsilon);
            }
        }
        """);

    // the same shapes where the numerator is not 0 with the divisor: another member summed, an addition outside the
    // counting block, a numerator that is not the accumulated total
    [Fact]
    public Task SubnormalDivisor_NumeratorNotTiedToIt_Reported() => VerifyCS.Diagnostics("""
        using System.Collections.Generic;
        using System.Linq;

        public sealed class Genome
        {
            public float Fitness { get; set; }
            public float Age { get; set; }
            public float Shared;
        }

        public static class Population
        {
            public static void Share(List<Genome> members)
            {
                float total = members.Sum(g => g.Age);
                foreach (var genome in members)
                {
                    genome.Shared = genome.Fitness / (total + {|LOSS005:float.Epsilon|});
                }
            }

            public static float MeanDistance(float[,] distance, int n)
            {
                float sum = 0f;
                int pairs = 0;
                for (int i = 0; i < n; i++)
                {
                    sum += distance[i, i];
                    for (int j = i + 1; j < n; j++)
                    {
                        pairs++;
                    }
                }

                return sum / (pairs + {|LOSS005:float.Epsilon|});
            }

            public static float Ratio(float[] values, float scale)
            {
                float sum = 0f;
                int count = 0;
                foreach (var v in values)
                {
                    sum += v;
                    count++;
                }

                return scale / (count + {|LOSS005:float.Epsilon|});
            }
        }
        """);

    [Fact]
    public Task ZeroPivotReplacedBySubnormalThenInverted_Reported() => VerifyCS.Diagnostics("""
        public static class Decomposition
        {
            public static void Scale(double[,] lu, int n)
            {
                for (var j = 0; j < n; j++)
                {
                    if (lu[j, j] == 0.0) lu[j, j] = {|LOSS005:double.Epsilon|};
                    var scale = 1.0 / lu[j, j];
                    for (var i = j + 1; i < n; i++) lu[i, j] *= scale;
                }
            }
        }
        """);

    [Fact]
    public Task ZeroReplacedBySubnormalButNotInverted_OrByARepresentableTiny_Silent() => VerifyCS.Diagnostics("""
        using System;

        public static class Weights
        {
            public static double[] Normalize(double[] w)
            {
                var result = new double[w.Length];
                for (var i = 0; i < w.Length; i++)
                {
                    var x = w[i];
                    if (x == 0) x = double.Epsilon;   // only logged: finite
                    result[i] = Math.Log(x);
                    var y = w[i];
                    if (y == 0) y = 1e-12;            // representable: 1/y is finite
                    result[i] += 1 / y;
                }

                return result;
            }
        }
        """);
}
