using System.Threading.Tasks;
using Xunit;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// Look-alikes from a large ML library of the development corpus (issue #14), reduced and written anew: an evaluator's
/// log-loss in bits and a utility that offers both bases are not training losses (LOSS002 stays silent), and a value
/// floored by a helper taking it by <c>ref</c> is guarded (LOSS001 stays silent).
/// </summary>
public class MetricsAndReferenceGuardTests
{
    [Fact]
    public Task EvaluatorLogLossInBits_Silent() => Infrastructure.Verify<LossAnalyzers.CodeFixes.NonNaturalLogInLossCodeFixProvider>.Diagnostics("""
        using System;

        sealed class BinaryClassifierEvaluator
        {
            public double RowLogLoss(float prob, float label) => label > 0 ? -Math.Log(prob, 2) : -Math.Log(1.0 - prob, 2);
        }

        static class Utilities
        {
            public static double CrossEntropy(double t, double p, bool useLn = false)
            {
                p = Math.Clamp(p, 1e-12, 1 - 1e-12);
                return useLn ? -t * Math.Log(p) - (1 - t) * Math.Log(1 - p) : -t * Math.Log(p, 2) - (1 - t) * Math.Log(1 - p, 2);
            }
        }
        """);

    [Fact]
    public Task TrainingLossInBits_StillReported() => Infrastructure.Verify<LossAnalyzers.CodeFixes.NonNaturalLogInLossCodeFixProvider>.Diagnostics("""
        using System;

        sealed class Trainer
        {
            public double BatchLoss(double[] p, double[] y)
            {
                double loss = 0;
                for (int i = 0; i < p.Length; i++) loss -= y[i] * {|LOSS002:Math.Log2(Math.Max(p[i], 1e-12))|};
                return loss;
            }
        }
        """);

    [Fact]
    public Task FlooredByAReferenceHelper_Silent() => Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>.Diagnostics("""
        using System;

        sealed class PoissonLoss
        {
            private static void Floor(ref float value)
            {
                const float eps = 1e-7f;
                if (value < eps) value = eps;
            }

            public double Loss(float output, float label)
            {
                Floor(ref output);
                return -(label * Math.Log(output) + (1 - label) * Math.Log(1 - output + 1e-7f));
            }
        }
        """);

    [Fact]
    public Task ReferenceHelperThatDoesNotClamp_StillReported() => Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>.Diagnostics("""
        using System;

        sealed class BinaryLoss
        {
            private static void Rescale(ref float value, float scale) => value *= scale;

            public double Loss(float output, float label)
            {
                Rescale(ref output, 0.5f);
                return -(label * {|LOSS001:Math.Log(output)|} + (1 - label) * Math.Log(1 - output + 1e-7f));
            }
        }
        """);
}
