using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.NonNaturalLogInLossCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

public class LOSS002Tests
{
    // ---------------------------------------------------------------- positives, one per API style

    [Fact]
    public Task MathLog10InCrossEntropy_FixedWithMathLog()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double CrossEntropy(double[] target, double[] logProbabilityInputs)
                {
                    double sum = 0;
                    for (int i = 0; i < target.Length; i++)
                        sum -= target[i] * {|LOSS002:Math.Log10(Math.Clamp(logProbabilityInputs[i], 1e-12, 1.0))|};
                    return sum;
                }
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static double CrossEntropy(double[] target, double[] logProbabilityInputs)
                {
                    double sum = 0;
                    for (int i = 0; i < target.Length; i++)
                        sum -= target[i] * Math.Log(Math.Clamp(logProbabilityInputs[i], 1e-12, 1.0));
                    return sum;
                }
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task MathFLog2InLossMethod_FixedWithMathFLog()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float LogLoss(float p, float y)
                {
                    float q = Math.Clamp(p, 1e-7f, 1 - 1e-7f);
                    return -(y * {|LOSS002:MathF.Log2(q)|} + (1 - y) * {|LOSS002:MathF.Log2(1 - q)|});
                }
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static float LogLoss(float p, float y)
                {
                    float q = Math.Clamp(p, 1e-7f, 1 - 1e-7f);
                    return -(y * MathF.Log(q) + (1 - y) * MathF.Log(1 - q));
                }
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task MathLogWithBase10And2_FixedByDroppingTheBase()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NegativeLogLikelihood(double likelihood, double prior) =>
                    -{|LOSS002:Math.Log(likelihood, 10)|} - {|LOSS002:Math.Log(prior, 2)|};
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static double NegativeLogLikelihood(double likelihood, double prior) =>
                    -Math.Log(likelihood) - Math.Log(prior);
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task UsingStaticLog2FlowingIntoLossVariable_FixedWithLog()
    {
        const string source = """
            using static System.Math;

            static class Trainer
            {
                public static double Step(double[] weights, double[] targets)
                {
                    double loss = 0;
                    for (int i = 0; i < weights.Length; i++)
                    {
                        loss += targets[i] * {|LOSS002:Log2(weights[i] + 1e-12)|};
                    }

                    return -loss;
                }
            }
            """;
        const string fixedSource = """
            using static System.Math;

            static class Trainer
            {
                public static double Step(double[] weights, double[] targets)
                {
                    double loss = 0;
                    for (int i = 0; i < weights.Length; i++)
                    {
                        loss += targets[i] * Log(weights[i] + 1e-12);
                    }

                    return -loss;
                }
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task GenericMathLog10_FixedWithTLog()
    {
        const string source = """
            using System.Numerics;

            static class Losses<T> where T : IFloatingPointIeee754<T>
            {
                public static T NllLoss(T likelihood) => -{|LOSS002:T.Log10(likelihood)|};

                public static double DoubleNllLoss(double likelihood) => -{|LOSS002:double.Log2(likelihood)|};
            }
            """;
        const string fixedSource = """
            using System.Numerics;

            static class Losses<T> where T : IFloatingPointIeee754<T>
            {
                public static T NllLoss(T likelihood) => -T.Log(likelihood);

                public static double DoubleNllLoss(double likelihood) => -double.Log(likelihood);
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task TensorPrimitivesLog10InLoss_FixedWithLog()
    {
        const string source = """
            using System;
            using System.Numerics.Tensors;

            static class Losses
            {
                public static float CrossEntropyLoss(ReadOnlySpan<float> likelihoods, ReadOnlySpan<float> targets)
                {
                    var logs = new float[likelihoods.Length];
                    {|LOSS002:TensorPrimitives.Log10(likelihoods, logs)|};
                    return -TensorPrimitives.Dot(targets, logs);
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Numerics.Tensors;

            static class Losses
            {
                public static float CrossEntropyLoss(ReadOnlySpan<float> likelihoods, ReadOnlySpan<float> targets)
                {
                    var logs = new float[likelihoods.Length];
                    TensorPrimitives.Log(likelihoods, logs);
                    return -TensorPrimitives.Dot(targets, logs);
                }
            }
            """;
        return VerifyCS.Fix(source, fixedSource, Libraries.Tensors);
    }

    [Fact]
    public Task TorchLog10AndTensorLog2InLoss_FixedWithLog()
    {
        const string source = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Losses
            {
                public static Tensor NllLoss(Tensor likelihood, Tensor prior) =>
                    -({|LOSS002:torch.log10(likelihood)|} + {|LOSS002:prior.log2()|}).mean();
            }
            """;
        const string fixedSource = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Losses
            {
                public static Tensor NllLoss(Tensor likelihood, Tensor prior) =>
                    -(torch.log(likelihood) + prior.log()).mean();
            }
            """;
        return VerifyCS.Fix(source, fixedSource, Libraries.Torch);
    }

    [Fact]
    public Task Log2OfSigmoidInCrossEntropyTermOutsideLossNames_Reported()
    {
        const string source = """
            using System;

            static class Model
            {
                public static double Surprise(double z, double y)
                {
                    double p = Math.Clamp(1.0 / (1.0 + Math.Exp(-z)), 1e-12, 1 - 1e-12);
                    return -y * {|LOSS002:Math.Log2(p)|};
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task FixOfUnguardedProbability_RevealsLOSS001()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NllLoss(double prediction) => -{|LOSS001:{|LOSS002:Math.Log10(prediction)|}|};
            }
            """;
        // an unclamped probability parameter is LOSS001's in any base; the fix to the natural log leaves that one
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static double NllLoss(double prediction) => -{|LOSS001:Math.Log(prediction)|};
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public async Task Message_StatesTheScale()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NllLoss(double likelihood) => -{|#0:Math.Log10(likelihood)|} - {|#1:Math.Log(likelihood, 2)|};
            }
            """;
        var test = new LossTest<NonNaturalLogInLossCodeFixProvider> { TestCode = source };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("LOSS002", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0).WithArguments("Math.Log10", "10", "0.434"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("LOSS002", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(1).WithArguments("Math.Log", "2", "1.443"));
        await test.RunAsync(CancellationToken.None);
    }

    // ---------------------------------------------------------------- negatives a naive matcher would flag

    [Fact]
    public Task DecibelsInPathLoss_Silent()
    {
        const string source = """
            using System;

            static class Radio
            {
                public static double PathLossDb(double distance, double frequency) =>
                    20 * Math.Log10(distance) + 20 * Math.Log10(frequency) - 147.55;

                public static double SignalLoss(double inputPower, double outputPower) => 10 * Math.Log10(outputPower / inputPower);

                // log-distance path loss: the decibel factor is 10·n, not a bare 10
                public static double LogDistancePathLoss(double referenceLossDb, double pathLossExponent, double distance, double referenceDistance) =>
                    referenceLossDb + 10 * pathLossExponent * Math.Log10(distance / referenceDistance);
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task MixedPrecisionLossScaler_Silent()
    {
        // a loss *scale* (mixed-precision training) is not a loss computation
        const string source = """
            using System;

            sealed class DynamicLossScaler
            {
                public double Scale { get; private set; } = 65536;

                public double LogScale => Math.Log2(Scale);

                public int LossScaleExponent() => (int)Math.Log2(Scale);
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task DigitCountWhenFormattingALoss_Silent()
    {
        const string source = """
            using System;

            static class LossLogger
            {
                public static int LossDigits(double loss) => (int)Math.Floor(Math.Log10(loss)) + 1;

                public static int LossBucketBits(int buckets) => (int)Math.Ceiling(Math.Log2(buckets));
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task PlotTicksOfALossCurve_Silent()
    {
        const string source = """
            using System;

            static class Charts
            {
                public static double LossCurveTickStep(double range) => Math.Pow(10, Math.Floor(Math.Log10(range)));
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task LogScaleAxisOfTheLossValue_Silent()
    {
        const string source = """
            using System;
            using System.Collections.Generic;

            static class Charts
            {
                public static List<double> PlotLossHistory(double[] losses)
                {
                    var points = new List<double>();
                    foreach (var loss in losses)
                    {
                        points.Add(Math.Log10(loss));
                    }

                    double lastLoss = losses[losses.Length - 1];
                    double logLoss = Math.Log10(lastLoss);
                    points.Add(logLoss);
                    return points;
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task EntropyInBitsOutsideALoss_Silent()
    {
        const string source = """
            using System;

            static class Information
            {
                public static double EntropyBits(int[] counts)
                {
                    double total = 0;
                    foreach (var c in counts) total += c;
                    double h = 0;
                    foreach (var c in counts)
                    {
                        if (c == 0) continue;
                        double p = c / total;
                        h -= p * Math.Log2(p);
                    }

                    return h;
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task LosslessNames_Silent()
    {
        const string source = """
            using System;

            sealed class LosslessEncoder
            {
                public int BitsPerSymbol(int alphabet) => (int)Math.Log2(alphabet) + 1;

                public double LosslessRatio(double input, double output) => Math.Log2(input / output);
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task NaturalLogAndOtherBasesInLoss_Silent()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NllLoss(double likelihood, double scale) => -Math.Log(likelihood) + Math.Log(scale, Math.E) + Math.Log(scale, 3);
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task Log10OfSoftmaxForDisplay_Silent()
    {
        const string source = """
            using System;

            static class Report
            {
                public static string Describe(double[] logits)
                {
                    double sum = 0;
                    foreach (var z in logits) sum += Math.Exp(z);
                    double top = Math.Exp(logits[0]) / sum;
                    return $"log10 odds {Math.Log10(top / (1 - top)):F2}";
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task TorchLog10OutsideLoss_Silent()
    {
        const string source = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Spectrum
            {
                public static Tensor PowerDb(Tensor power) => 10 * torch.log10(power);

                public static Tensor Magnitudes(Tensor x) => x.abs().log10();
            }
            """;
        return VerifyCS.Diagnostics(source, Libraries.Torch);
    }

    // ---------------------------------------------------------------- FixAll

    [Fact]
    public Task FixAll_AcrossTwoDocuments()
    {
        const string first = """
            using System;

            static class A
            {
                public static double NllLoss(double likelihood) => -{|LOSS002:Math.Log10(likelihood)|};

                public static double LogLikelihood(double odds) => {|LOSS002:Math.Log(odds, 2)|};
            }
            """;
        const string second = """
            using System;

            static class B
            {
                public static float CrossEntropyLoss(float likelihood) => -{|LOSS002:MathF.Log2(likelihood)|};
            }
            """;
        const string firstFixed = """
            using System;

            static class A
            {
                public static double NllLoss(double likelihood) => -Math.Log(likelihood);

                public static double LogLikelihood(double odds) => Math.Log(odds);
            }
            """;
        const string secondFixed = """
            using System;

            static class B
            {
                public static float CrossEntropyLoss(float likelihood) => -MathF.Log(likelihood);
            }
            """;
        return VerifyCS.FixAll(new[] { first, second }, new[] { firstFixed, secondFixed });
    }

    // ---------------------------------------------------------------- options

    [Fact]
    public Task EditorConfigLossNames_ExtendLossCode()
    {
        const string source = """
            using System;

            static class Training
            {
                public static double Objective(double likelihood) => -{|LOSS002:Math.Log10(likelihood)|};

                public static double NllLoss(double likelihood) => -{|LOSS002:Math.Log10(likelihood)|};
            }
            """;
        return VerifyCS.Diagnostics(source, editorConfig: "loss_analyzers.loss_context_names = loss, objective\n");
    }

    [Fact]
    public Task EditorConfigLossNames_ReplaceTheDefaults()
    {
        const string source = """
            using System;

            static class Training
            {
                public static double Objective(double likelihood) => -{|LOSS002:Math.Log10(likelihood)|};

                public static double NllLoss(double likelihood) => -Math.Log10(likelihood);
            }
            """;
        return VerifyCS.Diagnostics(source, editorConfig: "loss_analyzers.loss_context_names = objective\n");
    }

    // ---------------------------------------------------------------- broken code

    [Fact]
    public Task FileCutMidExpression_NoCrash()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NllLoss(double likelihood)
                {
                    return -Math.Log10(likelihood
            """;
        return RunIgnoringCompilerErrors(source);
    }

    [Fact]
    public Task UnresolvedNamesAndMissingArguments_NoCrash()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NllLoss(double likelihood)
                {
                    return -Math.Log10() - Math.Log(likelihood, ) - Math.Log(likelihood, baseValue) - Mathh.Log2(likelihood) - Log10(likelihood);
                }
            }
            """;
        return RunIgnoringCompilerErrors(source);
    }

    [Fact]
    public Task CompilerErrorElsewhere_ValidCallStillReported()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NllLoss(double likelihood)
                {
                    double unused = {|CS0103:missing|};
                    return -{|LOSS002:Math.Log10(likelihood)|};
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    private static Task RunIgnoringCompilerErrors(string source, Libraries libraries = Libraries.None)
    {
        var test = new LossTest<NonNaturalLogInLossCodeFixProvider>(libraries)
        {
            TestCode = source,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        return test.RunAsync(CancellationToken.None);
    }
}
