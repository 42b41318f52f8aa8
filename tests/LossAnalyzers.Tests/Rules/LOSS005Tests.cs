using System;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.VanishingEpsilonCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

public class LOSS005Tests
{
    // ---------------------------------------------------------------- positives with fixes, one per API style and failure

    [Fact]
    public Task FloatClampUpperBoundRoundsToOne_FixedWithFloatEpsilon()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float NegativeLogOfNegativeClass(float prediction) =>
                    -MathF.Log(1 - Math.Clamp(prediction, 1e-15f, {|LOSS005:1f - 1e-15f|}));
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static float NegativeLogOfNegativeClass(float prediction) =>
                    -MathF.Log(1 - Math.Clamp(prediction, 1e-15f, 1f - 1e-7f));
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task DoubleMinUpperBoundRoundsToOne_FixedWithDoubleEpsilon()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double LogLoss(double prediction, double y) =>
                    -(y * Math.Log(Math.Max(prediction, 1e-12)) + (1 - y) * Math.Log(1 - Math.Min(prediction, {|LOSS005:1.0 - 1e-20|})));
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static double LogLoss(double prediction, double y) =>
                    -(y * Math.Log(Math.Max(prediction, 1e-12)) + (1 - y) * Math.Log(1 - Math.Min(prediction, 1.0 - 1e-12)));
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task FloatAddedEpsilonUnderflowsToZero_IsOnlyLOSS005_FixedWithFloatEpsilon()
    {
        // LOSS001 stays silent: the code has a guard (+ ε), and the guard is what is wrong.
        const string source = """
            using System;

            static class Losses
            {
                public static float NllLoss(float prediction) => -MathF.Log(prediction + {|LOSS005:1e-50f|});
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static float NllLoss(float prediction) => -MathF.Log(prediction + 1e-7f);
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task DoubleEpsilonAsLowerBoundOfAGradientDivisor_IsSubnormal_FixedWithDoubleEpsilon()
    {
        // d/dp of −log p is −1/p: with the floor at 5e-324 the reciprocal is ∞
        const string source = """
            using System;

            static class Losses
            {
                public static double NllGradient(double prediction) => -1 / Math.Max(prediction, {|LOSS005:double.Epsilon|});
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static double NllGradient(double prediction) => -1 / Math.Max(prediction, 1e-12);
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task FloatEpsilonOnBothBounds_TwoDiagnostics_FixedTogether()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float Clip(float p) => Math.Clamp(p, {|LOSS005:float.Epsilon|}, {|LOSS005:1 - float.Epsilon|});
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static float Clip(float p) => Math.Clamp(p, 1e-7f, 1 - 1e-7f);
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task DoubleLiteralCastToFloat_EvaluatedInFloat()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float NllLoss(float prediction) => -MathF.Log(Math.Clamp(prediction, {|LOSS005:(float)1e-50|}, 1f - 1e-7f));
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static float NllLoss(float prediction) => -MathF.Log(Math.Clamp(prediction, 1e-7f, 1f - 1e-7f));
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task DoubleClampConvertedToFloat_UpperBoundEvaluatedInFloat_FixKeepsADoubleLiteral()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float NegativeLog(double prediction) =>
                    -MathF.Log(1 - (float)Math.Clamp(prediction, 1e-10, {|LOSS005:1 - 1e-10|}));
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static float NegativeLog(double prediction) =>
                    -MathF.Log(1 - (float)Math.Clamp(prediction, 1e-10, 1 - 1e-7));
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task FloatLiteralInDoubleCode_ComputedInFloat()
    {
        // 1 - 1e-15f is computed in float (1f), then widened to 1.0 for Math.Clamp(double, double, double)
        const string source = """
            using System;

            static class Losses
            {
                public static double NegativeLog(double prediction) =>
                    -Math.Log(1 - Math.Clamp(prediction, 1e-12, {|LOSS005:1 - 1e-15f|}));
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static double NegativeLog(double prediction) =>
                    -Math.Log(1 - Math.Clamp(prediction, 1e-12, 1 - 1e-12));
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task ConstEpsilon_FollowedToItsValue()
    {
        const string source = """
            using System;

            static class Losses
            {
                private const float Eps = 1e-15f;

                public static float Clip(float p) => Math.Clamp(p, Eps, {|LOSS005:1 - Eps|});
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                private const float Eps = 1e-15f;

                public static float Clip(float p) => Math.Clamp(p, Eps, 1 - 1e-7f);
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task GenericMathFloatClamp_And_DoubleClamp()
    {
        const string source = """
            static class Losses
            {
                public static float ClipF(float p) => float.Clamp(p, 1e-8f, {|LOSS005:1f - 1e-8f|});

                public static double Clip(double p) => double.Clamp(p, 1e-20, {|LOSS005:1 - 1e-20|});
            }
            """;
        const string fixedSource = """
            static class Losses
            {
                public static float ClipF(float p) => float.Clamp(p, 1e-8f, 1f - 1e-7f);

                public static double Clip(double p) => double.Clamp(p, 1e-20, 1 - 1e-12);
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task MathFMaxWithUnderflowingLowerBound_IntoLog()
    {
        const string source = """
            using System;

            static class Scores
            {
                public static float LogScore(float x) => MathF.Log(MathF.Max(x, {|LOSS005:1e-46f|}));
            }
            """;
        const string fixedSource = """
            using System;

            static class Scores
            {
                public static float LogScore(float x) => MathF.Log(MathF.Max(x, 1e-7f));
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task OneMinusPPlusUnderflowingEpsilon()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float NegativeLogOfNegativeClass(float prediction) => -MathF.Log(1 - prediction + {|LOSS005:1e-50f|});
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static float NegativeLogOfNegativeClass(float prediction) => -MathF.Log(1 - prediction + 1e-7f);
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task OnePlusEpsilonMinusP_RoundsToOneMinusP_IsOnlyLOSS005()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float NegativeLogOfNegativeClass(float prediction) => -MathF.Log({|LOSS005:1 + 1e-8f|} - prediction);
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static float NegativeLogOfNegativeClass(float prediction) => -MathF.Log(1 + 1e-7f - prediction);
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task TorchInstanceClamp_UpperBoundEvaluatedInFloat32()
    {
        const string source = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Head
            {
                public static Tensor LogProbabilities(Tensor probs) => probs.clamp(1e-10, {|LOSS005:1 - 1e-10|}).log();
            }
            """;
        const string fixedSource = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Head
            {
                public static Tensor LogProbabilities(Tensor probs) => probs.clamp(1e-10, 1 - 1e-7).log();
            }
            """;
        return VerifyCS.Fix(source, fixedSource, Libraries.Torch);
    }

    [Fact]
    public Task TorchStaticClamp_BothBoundsVanishInFloat32()
    {
        // log(clamp(p, lo, hi)) never takes log(1 − p): the upper bound's rounding to 1 is harmless there; the lower
        // bound's underflow to 0 is not
        const string source = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Head
            {
                public static Tensor Nll(Tensor probs) => -torch.log(torch.clamp(probs, {|LOSS005:1e-50|}, 1 - 1e-50));

                public static Tensor Bce(Tensor probs, Tensor y)
                {
                    var p = torch.clamp(probs, {|LOSS005:1e-50|}, {|LOSS005:1 - 1e-50|});
                    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean();
                }
            }
            """;
        const string fixedSource = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Head
            {
                public static Tensor Nll(Tensor probs) => -torch.log(torch.clamp(probs, 1e-7, 1 - 1e-50));

                public static Tensor Bce(Tensor probs, Tensor y)
                {
                    var p = torch.clamp(probs, 1e-7, 1 - 1e-7);
                    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean();
                }
            }
            """;
        return VerifyCS.Fix(source, fixedSource, Libraries.Torch);
    }

    [Fact]
    public Task UpperBoundLiteralThatRoundsToOne_FixedWithOneMinusEpsilon()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float NegativeLogOfNegativeClass(float prediction) => -MathF.Log(1 - MathF.Min(prediction, {|LOSS005:0.99999999999f|}));
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static float NegativeLogOfNegativeClass(float prediction) => -MathF.Log(1 - MathF.Min(prediction, 1 - 1e-7f));
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task TorchClampMinUnderflowsInFloat32()
    {
        const string source = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Head
            {
                public static Tensor LogProbabilities(Tensor probs) => probs.clamp_min({|LOSS005:1e-46|}).log();
            }
            """;
        const string fixedSource = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Head
            {
                public static Tensor LogProbabilities(Tensor probs) => probs.clamp_min(1e-7).log();
            }
            """;
        return VerifyCS.Fix(source, fixedSource, Libraries.Torch);
    }

    [Fact]
    public Task SigmoidOutputFloored_ByProvenance_WithoutALogInSight()
    {
        const string source = """
            using System;

            class Model
            {
                public float SafeProbability(float z)
                {
                    float p = 1f / (1f + MathF.Exp(-z));
                    return Math.Max(p, {|LOSS005:1e-50f|});
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task SubnormalFloorInALocalThatIsAlsoDividedBy_Reported()
    {
        const string source = """
            using System;

            static class Scores
            {
                public static double NegativeLogLikelihood(double x, out double gradient)
                {
                    var floored = Math.Max(x, {|LOSS005:double.Epsilon|});
                    gradient = -1 / floored;
                    return -Math.Log(floored);
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    // log(max(p, double.Epsilon)) = −744 and log(max(p, float.Epsilon)) = −103: finite, and Math.Log has no gradient here,
    // so a subnormal floor that only a log reads does its job (issue #14; a softmax loss of a Caffe port is written so).
    [Fact]
    public Task SubnormalFloorOnlyLogged_Silent()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NllLoss(double prediction) => -Math.Log(Math.Max(prediction, double.Epsilon));

                public static float NllLossF(float prediction) => -MathF.Log(MathF.Max(prediction, float.Epsilon));

                public static double NegativeLogLikelihood(double[] q, int[] labels)
                {
                    double loss = 0;
                    for (int i = 0; i < labels.Length; i++)
                    {
                        var floored = Math.Max(q[labels[i]], double.Epsilon);
                        loss -= Math.Log(floored);
                    }

                    return loss / labels.Length;
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    // A subnormal floor keeps a log finite (-744): outside a loss it is not a vanishing guard (a sampler's uniform draw,
    // a rate kept positive, a step size), so it is left alone.
    [Fact]
    public Task SubnormalFloorOutsideLossCode_Silent()
    {
        const string source = """
            using System;

            static class Sampling
            {
                public static double Exponential(Random random, double rate)
                {
                    double u = Math.Max(random.NextDouble(), double.Epsilon);
                    return -Math.Log(u) / rate;
                }

                public static double PositiveRate(double shape, double mean) => Math.Max(double.Epsilon, shape / mean);

                public static double StepBound(double x) => x == 0 ? 1e-4 : Math.Max(double.Epsilon, Math.Abs(x) * 1e-4);
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task NamedEpsilonAdded_WithoutALogInSight()
    {
        const string source = """
            static class Normalizer
            {
                private const float Epsilon = 1e-50f;

                public static float Safe(float x) => x + {|LOSS005:Epsilon|};
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task ClampShapeAlone_IsAProbabilityClamp()
    {
        const string source = """
            using System;

            static class Scores
            {
                public static double Clip(double x) => Math.Clamp(x, 1e-12, {|LOSS005:1.0 - 1e-17|});
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task ClampOfLossProbabilityWithUnderflowingLowerBound_IsOnlyLOSS005()
    {
        // one misuse, one diagnostic: LOSS001 accepts the clamp as a guard, LOSS005 reports that its ε is 0 in float
        const string source = """
            using System;

            static class Losses
            {
                public static float NllLoss(float prediction) => -MathF.Log(Math.Clamp(prediction, {|LOSS005:1e-50f|}, 1f - 1e-7f));

                public static float Unclamped(float prediction) => -{|LOSS001:MathF.Log(prediction)|};
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    // ---------------------------------------------------------------- messages

    [Fact]
    public async Task Message_UpperBound_NamesTheBoundTheTypeAndTheValue()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float Clip(float p) => Math.Clamp(p, 1e-7f, {|#0:1f - 1e-15f|});
            }
            """;
        var test = new LossTest<VanishingEpsilonCodeFixProvider> { TestCode = source };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("LOSS005", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithArguments("1f - 1e-15f", "equals 1", "float", "the clamp does not keep 'p' below 1", "1e-7f"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Message_Subnormal_NamesTheLogAndTheOverflow()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float NllGradient(float prediction) => -1f / Math.Max(prediction, {|#0:float.Epsilon|});
            }
            """;
        var test = new LossTest<VanishingEpsilonCodeFixProvider> { TestCode = source };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("LOSS005", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithArguments("float.Epsilon", "is the subnormal 1E-45", "float", "its log is -103 and the gradient 1/x overflows to ∞", "1e-7f"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Message_AddedEpsilonUnderflow()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float NllLoss(float prediction) => -MathF.Log(prediction + {|#0:1e-50f|});
            }
            """;
        var test = new LossTest<VanishingEpsilonCodeFixProvider> { TestCode = source };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("LOSS005", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithArguments("1e-50f", "equals 0", "float", "adding it does not keep 'prediction' above 0", "1e-7f"));
        await test.RunAsync(CancellationToken.None);
    }

    // ---------------------------------------------------------------- the numbers behind the fixes

    [Fact]
    public void FixedClampsGiveFiniteValuesWhereTheOriginalsGaveInfinity()
    {
        float p1 = 1f;
        float p0 = 0f;
        double d1 = 1.0;
        double d0 = 0.0;

        // float upper bound: 1f - 1e-15f == 1f
        Assert.Equal(float.PositiveInfinity, -MathF.Log(1 - Math.Clamp(p1, 1e-15f, 1f - 1e-15f)));
        Assert.Equal(15.942385f, -MathF.Log(1 - Math.Clamp(p1, 1e-15f, 1f - 1e-7f)));

        // double upper bound: 1.0 - 1e-20 == 1.0
        Assert.Equal(double.PositiveInfinity, -Math.Log(1 - Math.Min(d1, 1.0 - 1e-20)));
        Assert.Equal(27.63104323789336, -Math.Log(1 - Math.Min(d1, 1.0 - 1e-12)), 12);

        // float added epsilon: 1e-50f == 0f
        Assert.Equal(float.PositiveInfinity, -MathF.Log(p0 + 1e-50f));
        Assert.Equal(16.118095f, -MathF.Log(p0 + 1e-7f));

        // subnormal lower bounds: finite log, infinite gradient
        Assert.Equal(double.PositiveInfinity, 1 / Math.Max(d0, double.Epsilon));
        Assert.Equal(1e12, 1 / Math.Max(d0, 1e-12), 0);
        Assert.Equal(float.PositiveInfinity, 1 / Math.Max(p0, float.Epsilon));

        // 1 + 1e-8f - p is 0 at p = 1
        Assert.Equal(float.PositiveInfinity, -MathF.Log(1 + 1e-8f - p1));
        Assert.Equal(15.942385f, -MathF.Log(1 + 1e-7f - p1));

        // the working clamps the rule leaves alone
        Assert.NotEqual(1f, 1f - 1e-7f);
        Assert.NotEqual(1.0, 1.0 - 1e-12);
    }

    // ---------------------------------------------------------------- negatives

    [Fact]
    public Task WorkingFloatAndDoubleClamps_Silent()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float NllLossF(float prediction) => -MathF.Log(Math.Clamp(prediction, 1e-7f, 1f - 1e-7f));

                public static double NllLoss(double prediction) => -Math.Log(Math.Clamp(prediction, 1e-12, 1.0 - 1e-12));

                public static double NegativeClass(double prediction) => -Math.Log(1 - Math.Min(prediction, 1.0 - 1e-15));

                public static float Floor(float prediction) => -MathF.Log(MathF.Max(prediction, 1e-30f));

                public static float Added(float prediction) => -MathF.Log(prediction + 1e-30f);

                public static double AddedDouble(double prediction) => -Math.Log(prediction + 1e-300);
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task EpsilonFromAVariableOrParameter_Silent()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float NllLoss(float prediction, float eps) => -MathF.Log(Math.Clamp(prediction, eps, 1 - eps));

                public static float NllLossLocal(float prediction)
                {
                    float eps = Settings.Epsilon;
                    return -MathF.Log(prediction + eps);
                }
            }

            static class Settings
            {
                public static float Epsilon = 1e-7f;
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task IntegerAndDecimalCode_Silent()
    {
        const string source = """
            using System;

            static class Counting
            {
                public static int Bucket(int n) => Math.Clamp(n, 1, 100) + Math.Max(n, 1) + Math.Min(n, 1 - 0);

                public static decimal Rate(decimal m) => Math.Clamp(m, 0.0000000000000000000000000001m, 1m - 0.0000000000000000000000000001m);

                public static double LogCount(int count) => Math.Log(count + 1);
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task UnrelatedTinyAdditions_Silent()
    {
        const string source = """
            using System;

            static class Physics
            {
                public static float Nudge(float position) => position + 1e-50f;

                public static float FloorVariance(float variance) => MathF.Sqrt(Math.Max(variance, 1e-50f));

                public static bool NearlyEqual(double a, double b) => Math.Abs(a - b) < double.Epsilon;

                public static double Shift(double x) => Math.Log(x + 1e-20);
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task ZeroLowerBoundIsNotAnEpsilon_LeftToLOSS001()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float NllLoss(float prediction) => -{|LOSS001:MathF.Log(Math.Max(prediction, 0f))|};

                public static float Relu(float x) => MathF.Max(x, 0f);
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task WorkingTorchClamps_Silent()
    {
        const string source = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Head
            {
                public static Tensor LogProbabilities(Tensor probs) => probs.clamp(1e-7, 1 - 1e-7).log();

                public static Tensor Floor(Tensor probs) => torch.log(probs.clamp_min(1e-30));

                public static Tensor Shift(Tensor x) => x + 1e-50;
            }
            """;
        return VerifyCS.Diagnostics(source, Libraries.Torch);
    }

    [Fact]
    public Task UpperBoundOfOne_AndLowerBoundWrittenLarge_Silent()
    {
        const string source = """
            using System;

            static class Scores
            {
                public static float Saturate(float x) => Math.Clamp(x, 0f, 1f);

                public static double Limit(double x) => Math.Min(x, 1.0);

                public static double Positive(double x) => Math.Log(Math.Max(x, 0.5));
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task GenericTypeParameterClamp_Silent()
    {
        const string source = """
            using System.Numerics;

            static class Losses<T> where T : INumber<T>
            {
                public static T Clip(T p, T eps) => T.Clamp(p, eps, T.One - eps);
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    // ---------------------------------------------------------------- options

    [Fact]
    public Task EditorConfigEpsilon_UsedByTheFix()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NllGradient(double prediction) => -1 / Math.Max(prediction, {|LOSS005:double.Epsilon|});

                public static float Clip(float p) => Math.Clamp(p, 1e-6f, {|LOSS005:1f - 1e-9f|});
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static double NllGradient(double prediction) => -1 / Math.Max(prediction, 1e-9);

                public static float Clip(float p) => Math.Clamp(p, 1e-6f, 1f - 1e-5f);
            }
            """;
        return VerifyCS.Fix(source, fixedSource, editorConfig: "loss_analyzers.epsilon_double = 1e-9\nloss_analyzers.epsilon_float = 1e-5\n");
    }

    // ---------------------------------------------------------------- FixAll

    [Fact]
    public Task FixAll_AcrossTwoDocuments()
    {
        const string first = """
            using System;

            static class A
            {
                public static float Clip(float p) => Math.Clamp(p, {|LOSS005:float.Epsilon|}, {|LOSS005:1f - 1e-15f|});

                public static double NllLoss(double prediction) => -Math.Log(prediction + {|LOSS005:double.Epsilon|});
            }
            """;
        const string second = """
            using System;

            static class B
            {
                public static float NllLoss(float prediction) => -MathF.Log(prediction + {|LOSS005:1e-50f|});

                public static double NegativeClass(double prediction) => -Math.Log(1 - Math.Min(prediction, {|LOSS005:1.0 - 1e-20|}));
            }
            """;
        const string firstFixed = """
            using System;

            static class A
            {
                public static float Clip(float p) => Math.Clamp(p, 1e-7f, 1f - 1e-7f);

                public static double NllLoss(double prediction) => -Math.Log(prediction + 1e-12);
            }
            """;
        const string secondFixed = """
            using System;

            static class B
            {
                public static float NllLoss(float prediction) => -MathF.Log(prediction + 1e-7f);

                public static double NegativeClass(double prediction) => -Math.Log(1 - Math.Min(prediction, 1.0 - 1e-12));
            }
            """;
        return VerifyCS.FixAll(new[] { first, second }, new[] { firstFixed, secondFixed });
    }

    // ---------------------------------------------------------------- broken code

    [Fact]
    public Task FileCutMidClamp_NoCrash()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float NllLoss(float prediction)
                {
                    return -MathF.Log(Math.Clamp(prediction, 1e-15f, 1f - 1e-15f
            """;
        return RunIgnoringCompilerErrors(source);
    }

    [Fact]
    public Task MissingArgumentsAndUnresolvedNames_NoCrash()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float NllLoss(float prediction)
                {
                    var a = Math.Clamp(prediction, , 1f - 1e-15f);
                    var b = Math.Max(, float.Epsilon) + prediction + ;
                    var c = Math.Min(prediction, 1f - unknownEps) + MathF.Log(1 + 1e-8f - );
                    var d = Mathh.Clamp(prediction, 1e-50f, 1f - 1e-50f);
                    // the valid inner sum is still reported
                    return MathF.Log(prediction + {|LOSS005:1e-50f|} + missing);
                }
            }
            """;
        return RunIgnoringCompilerErrors(source);
    }

    [Fact]
    public Task BrokenStatementBeforeAValidClamp_StillReportsTheValidOne()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float NllLoss(float prediction)
                {
                    float unused = {|CS0103:missing|};
                    return -MathF.Log(prediction + {|LOSS005:1e-50f|});
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    private static Task RunIgnoringCompilerErrors(string source, Libraries libraries = Libraries.None)
    {
        var test = new LossTest<VanishingEpsilonCodeFixProvider>(libraries)
        {
            TestCode = source,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task SubnormalFloorOfAVectorsPointwiseMaximum_InAGradient() => VerifyCS.Fix("""
        using System;

        public sealed class Vec
        {
            private readonly double[] values = new double[4];
            public Vec PointwiseMaximum(double floor)
            {
                var result = new Vec();
                for (int i = 0; i < values.Length; i++) result.values[i] = Math.Max(values[i], floor);
                return result;
            }

            public static Vec operator -(Vec v) => v;
            public static Vec operator /(Vec a, Vec b) => a;
        }

        public sealed class CrossEntropy
        {
            // the gradient −y / p with p floored at a subnormal: 1 / 1e-320 overflows to ∞
            public Vec Gradient(Vec output, Vec values) => -values / output.PointwiseMaximum({|LOSS005:1E-320D|});
        }
        """, """
        using System;

        public sealed class Vec
        {
            private readonly double[] values = new double[4];
            public Vec PointwiseMaximum(double floor)
            {
                var result = new Vec();
                for (int i = 0; i < values.Length; i++) result.values[i] = Math.Max(values[i], floor);
                return result;
            }

            public static Vec operator -(Vec v) => v;
            public static Vec operator /(Vec a, Vec b) => a;
        }

        public sealed class CrossEntropy
        {
            // the gradient −y / p with p floored at a subnormal: 1 / 1e-320 overflows to ∞
            public Vec Gradient(Vec output, Vec values) => -values / output.PointwiseMaximum(1e-12);
        }
        """);
}
