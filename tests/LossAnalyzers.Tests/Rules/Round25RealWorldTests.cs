using System.Threading.Tasks;
using Xunit;
using VerifyLogExp = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.UnstableLogExpCompositionCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// Shapes from the 25th round of the development corpus (issue #14), reduced and written anew: a token sampler's
/// nucleus (top-p) draw, whose exponent is a shift by the maximum scaled by an inverse temperature, and whose sum is
/// tested for overflow before it divides.
/// </summary>
public class Round25RealWorldTests
{
    [Fact]
    public Task NucleusDrawOfAShiftScaledByAnInverseTemperature_Silent() => VerifyLogExp.Diagnostics("""
        using System;

        static class Sampler
        {
            // scores sorted in descending order: the first is the largest
            public static int NucleusSize(double[] sortedScores, double temperature, double topP)
            {
                var maxScore = sortedScores[0];
                var inverseTemperature = 1.0 / temperature;
                var sum = 0.0;
                for (var i = 0; i < sortedScores.Length; i++)
                {
                    sum += Math.Exp((sortedScores[i] - maxScore) * inverseTemperature);
                }

                var cumulative = 0.0;
                for (var i = 0; i < sortedScores.Length; i++)
                {
                    cumulative += Math.Exp((sortedScores[i] - maxScore) * inverseTemperature) / sum;
                    if (cumulative >= topP)
                    {
                        return i + 1;
                    }
                }

                return sortedScores.Length;
            }
        }
        """);

    [Fact]
    public Task UnshiftedDrawWhoseSumIsTestedForOverflow_Silent_UntestedOne_Reported() => VerifyLogExp.Diagnostics("""
        using System;

        static class Sampler
        {
            public static int Draw(double[] scores, double r)
            {
                var sum = 0.0;
                for (var i = 0; i < scores.Length; i++)
                {
                    sum += Math.Exp(scores[i]);
                }

                // an overflowed exponential makes the sum infinite: the greedy choice instead
                if (double.IsInfinity(sum))
                {
                    return Array.IndexOf(scores, Max(scores));
                }

                var cumulative = 0.0;
                for (var i = 0; i < scores.Length; i++)
                {
                    cumulative += Math.Exp(scores[i]) / sum;
                    if (r < cumulative)
                    {
                        return i;
                    }
                }

                return scores.Length - 1;
            }

            public static int DrawUntested(double[] scores, double r)
            {
                var sum = 0.0;
                for (var i = 0; i < scores.Length; i++)
                {
                    sum += Math.Exp(scores[i]);
                }

                var cumulative = 0.0;
                for (var i = 0; i < scores.Length; i++)
                {
                    cumulative += {|LOSS006:Math.Exp(scores[i]) / sum|};
                    if (r < cumulative)
                    {
                        return i;
                    }
                }

                return scores.Length - 1;
            }

            private static double Max(double[] values)
            {
                var best = values[0];
                foreach (var v in values)
                {
                    best = Math.Max(best, v);
                }

                return best;
            }
        }
        """);
}
