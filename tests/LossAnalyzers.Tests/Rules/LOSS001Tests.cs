using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

public class LOSS001Tests
{
    // ---------------------------------------------------------------- positives, one per API style

    [Fact]
    public Task MathLogOfHandWrittenSigmoid_FixedWithLogSigmoid()
    {
        const string source = """
            using System;

            class Model
            {
                double NegativeLogProbability(double z)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z));
                    return -{|LOSS001:Math.Log(p)|};
                }
            }
            """;
        const string fixedSource = """
            using System;
            using StableLoss;

            class Model
            {
                double NegativeLogProbability(double z)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z));
                    return -StableMath.LogSigmoid(z);
                }
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    /// <summary><c>Math.Log(x, Math.E)</c> is the natural logarithm.</summary>
    [Fact]
    public Task MathLogWithBaseE_IsTheNaturalLog_FixedWithLogSigmoid()
    {
        const string source = """
            using System;

            class Model
            {
                double NegativeLogProbability(double z, double t)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z));
                    return -t * {|LOSS001:Math.Log(p, Math.E)|};
                }
            }
            """;
        const string fixedSource = """
            using System;
            using StableLoss;

            class Model
            {
                double NegativeLogProbability(double z, double t)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z));
                    return -t * StableMath.LogSigmoid(z);
                }
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task UsingStaticLogOfOneMinusSigmoid_FixedWithLogSigmoidOfMinusZ()
    {
        const string source = """
            using static System.Math;

            class Model
            {
                double LogOfNegativeClass(double w, double x, double b)
                {
                    double p = 1.0 / (1.0 + Exp(-(w * x + b)));
                    return {|LOSS001:Log(1 - p)|};
                }
            }
            """;
        const string fixedSource = """
            using StableLoss;
            using static System.Math;

            class Model
            {
                double LogOfNegativeClass(double w, double x, double b)
                {
                    double p = 1.0 / (1.0 + Exp(-(w * x + b)));
                    return StableMath.LogSigmoid(-(w * x + b));
                }
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task MathFLogOfSoftmaxOutput_FixedWithFloatClamp()
    {
        const string source = """
            using System;

            static class Classifier
            {
                public static float NegativeLogLikelihood(float[] logits, int label)
                {
                    float max = float.MinValue;
                    foreach (var z in logits) max = Math.Max(max, z);
                    float sum = 0f;
                    foreach (var z in logits) sum += MathF.Exp(z - max);
                    float p = MathF.Exp(logits[label] - max) / sum;
                    return -{|LOSS001:MathF.Log(p)|};
                }
            }
            """;
        const string fixedSource = """
            using System;

            static class Classifier
            {
                public static float NegativeLogLikelihood(float[] logits, int label)
                {
                    float max = float.MinValue;
                    foreach (var z in logits) max = Math.Max(max, z);
                    float sum = 0f;
                    foreach (var z in logits) sum += MathF.Exp(z - max);
                    float p = MathF.Exp(logits[label] - max) / sum;
                    return -MathF.Log(Math.Clamp(p, 1e-7f, 1 - 1e-7f));
                }
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task DoubleLogOfLossParameter_FixedWithDoubleClamp()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NllLoss(double prediction) => -{|LOSS001:double.Log(prediction)|};
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static double NllLoss(double prediction) => -double.Log(Math.Clamp(prediction, 1e-12, 1 - 1e-12));
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task GenericMathLogOfLossParameter_ReportedWithoutFix()
    {
        const string source = """
            using System.Numerics;

            static class Losses<T> where T : IFloatingPointIeee754<T>
            {
                public static T LogLoss(T predicted, T target) =>
                    -(target * {|LOSS001:T.Log(predicted)|});
            }
            """;
        // No clamp can be written for an arbitrary T with a type-correct epsilon literal: the diagnostic has no fix.
        return VerifyCS.Fix(source, source);
    }

    [Fact]
    public Task TensorPrimitivesLogOfAStackallocSpanOfSigmoids_Reported() => VerifyCS.Diagnostics("""
        using System;
        using System.Numerics.Tensors;

        static class Pipeline
        {
            public static float Nll(ReadOnlySpan<float> logits, ReadOnlySpan<float> y)
            {
                Span<float> p = stackalloc float[logits.Length];
                TensorPrimitives.Sigmoid(logits, p);
                Span<float> logp = stackalloc float[logits.Length];
                {|LOSS001:TensorPrimitives.Log(p, logp)|};
                return -TensorPrimitives.Dot(logp, y);
            }
        }
        """, Libraries.Tensors);

    // Log(p, p) reads the softmax before it writes the logs over it; the message's ε is the elements' (float)
    [Fact]
    public async Task TensorPrimitivesInPlaceLogOfASoftmax_Reported_WithTheFloatEpsilon()
    {
        var test = new LossTest<LogOfUnguardedProbabilityCodeFixProvider>(Libraries.Tensors)
        {
            TestCode = """
                using System.Numerics.Tensors;

                static class Pipeline
                {
                    public static float CrossEntropy(float[] logits, float[] oneHot)
                    {
                        var p = new float[logits.Length];
                        {|#1:TensorPrimitives.SoftMax(logits, p)|};
                        {|#0:TensorPrimitives.Log(p, p)|};
                        return -TensorPrimitives.Dot(p, oneHot);
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("LOSS001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithLocation(1)
            .WithArguments("p", "a softmax output (line 8)", "0", "its log", " and the loss becomes NaN or ∞", "clamp it to [ε, 1 − ε] with ε = 1e-7f"));
        await test.RunAsync(CancellationToken.None);
    }

    // only the log's own in-place write is set aside: an earlier in-place rescaling makes the array no softmax output
    [Fact]
    public Task TensorPrimitivesLogOfASoftmaxRescaledInPlace_Silent() => VerifyCS.Diagnostics("""
        using System.Numerics.Tensors;
        using StableLoss;

        static class Pipeline
        {
            public static void LogOfScores(float[] logits, float[] q)
            {
                var p = new float[logits.Length];
                StableMath.Softmax(logits, p);
                TensorPrimitives.Multiply(p, 10f, p);
                TensorPrimitives.Log(p, q);
            }
        }
        """, Libraries.Tensors);

    [Fact]
    public Task TensorPrimitivesLogOfSigmoidSpan_Reported()
    {
        const string source = """
            using System;
            using System.Numerics.Tensors;

            static class Pipeline
            {
                public static void LogProbabilities(ReadOnlySpan<float> logits, Span<float> logp)
                {
                    var p = new float[logits.Length];
                    TensorPrimitives.Sigmoid(logits, p);
                    {|LOSS001:TensorPrimitives.Log(p, logp)|};
                }
            }
            """;
        return VerifyCS.Diagnostics(source, Libraries.Tensors);
    }

    [Fact]
    public Task TorchLogOfSigmoid_FixedWithFunctionalLogSigmoid()
    {
        const string source = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Head
            {
                public static Tensor LogScores(Tensor z)
                {
                    var p = torch.sigmoid(z);
                    return {|LOSS001:torch.log(p)|};
                }
            }
            """;
        const string fixedSource = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Head
            {
                public static Tensor LogScores(Tensor z)
                {
                    var p = torch.sigmoid(z);
                    return torch.nn.functional.logsigmoid(z);
                }
            }
            """;
        return VerifyCS.Fix(source, fixedSource, Libraries.Torch);
    }

    [Fact]
    public Task TorchTensorLogOfSoftmaxOverAVariableDimension_FixedWithTensorClamp()
    {
        const string source = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Head
            {
                public static Tensor LogProbabilities(Tensor logits, int dim)
                {
                    var probs = torch.softmax(logits, dim);
                    return {|LOSS001:probs.log()|};
                }
            }
            """;
        const string fixedSource = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Head
            {
                public static Tensor LogProbabilities(Tensor logits, int dim)
                {
                    var probs = torch.softmax(logits, dim);
                    return probs.clamp(1e-7, 1 - 1e-7).log();
                }
            }
            """;
        return VerifyCS.Fix(source, fixedSource, Libraries.Torch);
    }

    [Fact]
    public Task TorchLogOfOneMinusSigmoid_FixedWithLogSigmoidOfMinusZ()
    {
        const string source = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Head
            {
                public static Tensor LogNegative(Tensor z)
                {
                    var p = torch.sigmoid(z);
                    return {|LOSS001:torch.log(1 - p)|};
                }
            }
            """;
        const string fixedSource = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Head
            {
                public static Tensor LogNegative(Tensor z)
                {
                    var p = torch.sigmoid(z);
                    return torch.nn.functional.logsigmoid(-z);
                }
            }
            """;
        return VerifyCS.Fix(source, fixedSource, Libraries.Torch);
    }

    [Fact]
    public Task LogOfOneMinusLossField_FixedWithClampOfTheProbability()
    {
        const string source = """
            using System;

            sealed class HingeLikelihood
            {
                private readonly double probability;

                public HingeLikelihood(double probability) => this.probability = probability;

                public double Negative() => -{|LOSS001:Math.Log(1 - probability)|};
            }
            """;
        const string fixedSource = """
            using System;

            sealed class HingeLikelihood
            {
                private readonly double probability;

                public HingeLikelihood(double probability) => this.probability = probability;

                public double Negative() => -Math.Log(1 - Math.Clamp(probability, 1e-12, 1 - 1e-12));
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public Task SigmoidThroughHelperMethod_Reported()
    {
        const string source = """
            using System;

            static class Model
            {
                static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

                public static double Surprise(double z) => -{|LOSS001:Math.Log(Sigmoid(z))|};
            }
            """;
        const string fixedSource = """
            using System;
            using StableLoss;

            static class Model
            {
                static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

                public static double Surprise(double z) => -StableMath.LogSigmoid(z);
            }
            """;
        return VerifyCS.Fix(source, fixedSource);
    }

    [Fact]
    public async Task Message_NamesTheSourceAndTheAdvice()
    {
        const string source = """
            using System;

            class Model
            {
                double NegativeLogProbability(double z)
                {
                    double p = {|#1:1.0 / (1.0 + Math.Exp(-z))|};
                    return -{|#0:Math.Log(p)|};
                }
            }
            """;
        var test = new LossTest<LogOfUnguardedProbabilityCodeFixProvider> { TestCode = source };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("LOSS001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithLocation(1)
            .WithArguments("p", "the sigmoid of 'z' (line 7)", "0", "its log", " and the loss becomes NaN or ∞", "use StableMath.LogSigmoid(z)"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task MessageForOneMinusSigmoidNamesTheProbabilityAndTheComplementLog()
    {
        const string source = """
            using System;

            class Model
            {
                double NegativeLogOfNegativeClass(double z)
                {
                    double p = {|#1:1.0 / (1.0 + Math.Exp(-z))|};
                    return -{|#0:Math.Log(1 - p)|};
                }
            }
            """;
        var test = new LossTest<LogOfUnguardedProbabilityCodeFixProvider> { TestCode = source };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("LOSS001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithLocation(1)
            .WithArguments("p", "the sigmoid of 'z' (line 7)", "1", "log(1 - p)", " and the loss becomes NaN or ∞", "use StableMath.LogSigmoid(-z)"));
        await test.RunAsync(CancellationToken.None);
    }

    // ---------------------------------------------------------------- negatives a naive matcher would flag

    [Fact]
    public Task EntropyOfCountsWithEmptyBinsSkipped_Silent()
    {
        const string source = """
            using System;

            static class Histogram
            {
                public static double Entropy(int[] counts)
                {
                    double total = 0;
                    foreach (var c in counts) total += c;
                    double h = 0;
                    foreach (var c in counts)
                    {
                        if (c == 0) continue;
                        double p = c / total;
                        h -= p * Math.Log(p);
                    }

                    return h;
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task LogOfValidatedRate_Silent()
    {
        const string source = """
            using System;

            static class Poisson
            {
                public static double LogLikelihood(int k, double rate)
                {
                    if (rate <= 0) throw new ArgumentOutOfRangeException(nameof(rate));
                    return k * Math.Log(rate) - rate;
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task BitCountAndLearningRateScheduleAndLogAxis_Silent()
    {
        const string source = """
            using System;

            static class Utilities
            {
                public static int Bits(int n) => (int)Math.Ceiling(Math.Log(n) / Math.Log(2));

                public static double DecayRate(double initialLr, double finalLr, int steps) => Math.Log(finalLr / initialLr) / steps;

                public static double AxisPosition(double value, double min, double max) =>
                    (Math.Log(value) - Math.Log(min)) / (Math.Log(max) - Math.Log(min));
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task ClampedMaxedAndEpsilonForms_Silent()
    {
        const string source = """
            using System;

            static class Losses
            {
                const double Eps = 1e-12;

                public static double NllLoss(double prediction, double probability, double p, float output, double yhat)
                {
                    return -Math.Log(Math.Clamp(prediction, 1e-12, 1 - 1e-12))
                           - Math.Log(Math.Max(probability, 1e-15))
                           - Math.Log(p + Eps)
                           - MathF.Log(Math.Clamp(output, 1e-7f, 1f))
                           - Math.Log(1 - Math.Min(yhat, 1 - 1e-12));
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task SoftmaxOutputsSkippedWhenZero_Silent()
    {
        const string source = """
            using System;

            static class Classifier
            {
                public static double Entropy(double[] logits)
                {
                    double sum = 0;
                    foreach (var z in logits) sum += Math.Exp(z);
                    double h = 0;
                    foreach (var z in logits)
                    {
                        double p = Math.Exp(z) / sum;
                        if (p <= 0) continue;
                        h -= p * Math.Log(p);
                    }

                    return h;
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task TernaryAndIfExcludingZero_Silent()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NllLoss(double prediction, double probability)
                {
                    double a = prediction > 0 ? -Math.Log(prediction) : 30.0;
                    double b = 0;
                    if (probability != 0)
                    {
                        b = -Math.Log(probability);
                    }

                    return a + b;
                }

                public static double CrossEntropyLoss(double p)
                {
                    if (p == 0) return double.MaxValue;
                    return -Math.Log(p);
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task ClampReassignedOnEveryPath_Silent()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double LogLoss(double prediction, bool strict)
                {
                    prediction = Math.Clamp(prediction, 1e-12, 1 - 1e-12);
                    return -Math.Log(prediction) - Math.Log(1 - prediction);
                }

                public static double NllLoss(double z, bool wide)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z));
                    if (wide)
                    {
                        p = Math.Clamp(p, 1e-15, 1 - 1e-15);
                    }
                    else
                    {
                        p = Math.Max(p, 1e-7);
                    }

                    return -Math.Log(p);
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task ClampOnOnlyOnePath_Reported()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NllLoss(double z, bool safe)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z));
                    if (safe)
                    {
                        p = Math.Clamp(p, 1e-15, 1 - 1e-15);
                    }

                    return -{|LOSS001:Math.Log(p)|};
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task ProbabilityNameOutsideLossCode_Silent()
    {
        const string source = """
            using System;

            static class Report
            {
                public static double Score(double prediction, double probability) => Math.Log(prediction) + Math.Log(1 - probability);
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task NonProbabilityNameInLossCode_Silent()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double HuberLoss(double residual, double scale) => Math.Log(scale) + residual * residual;
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task TorchClampedAndLogSoftmax_Silent()
    {
        const string source = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Head
            {
                public static Tensor LogProbabilities(Tensor logits)
                {
                    var probs = torch.softmax(logits, 1);
                    var a = torch.log(probs.clamp(1e-7, 1 - 1e-7));
                    var b = torch.nn.functional.log_softmax(logits, 1);
                    var c = torch.nn.functional.logsigmoid(logits);
                    return a + b + c;
                }
            }
            """;
        return VerifyCS.Diagnostics(source, Libraries.Torch);
    }

    [Fact]
    public Task TensorPrimitivesLogOfUnknownSpan_Silent()
    {
        const string source = """
            using System;
            using System.Numerics.Tensors;

            static class Pipeline
            {
                public static void LogFeatures(ReadOnlySpan<float> features, Span<float> destination) =>
                    TensorPrimitives.Log(features, destination);
            }
            """;
        return VerifyCS.Diagnostics(source, Libraries.Tensors);
    }

    [Fact]
    public Task LogOfSigmoidInsideHandWrittenBce_IsOnlyLOSS003()
    {
        const string source = """
            using System;

            class Model
            {
                double Step(double z, double y)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z));
                    return {|LOSS003:-(y * Math.Log(p) + (1 - y) * Math.Log(1 - p))|};
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    // ---------------------------------------------------------------- FixAll

    [Fact]
    public Task FixAll_AcrossTwoDocuments()
    {
        const string first = """
            using System;

            static class A
            {
                public static double NllLoss(double prediction) => -{|LOSS001:Math.Log(prediction)|};

                public static double Negative(double[] weights, int k)
                {
                    double total = 0;
                    foreach (var w in weights) total += w;
                    double p = weights[k] / total;
                    return -{|LOSS001:Math.Log(1 - p)|};
                }
            }
            """;
        const string second = """
            using System;

            static class B
            {
                public static float LogLoss(float prediction, float target) =>
                    -target * {|LOSS001:MathF.Log(prediction)|};
            }
            """;
        const string firstFixed = """
            using System;

            static class A
            {
                public static double NllLoss(double prediction) => -Math.Log(Math.Clamp(prediction, 1e-12, 1 - 1e-12));

                public static double Negative(double[] weights, int k)
                {
                    double total = 0;
                    foreach (var w in weights) total += w;
                    double p = weights[k] / total;
                    return -Math.Log(1 - Math.Clamp(p, 1e-12, 1 - 1e-12));
                }
            }
            """;
        const string secondFixed = """
            using System;

            static class B
            {
                public static float LogLoss(float prediction, float target) =>
                    -target * MathF.Log(Math.Clamp(prediction, 1e-7f, 1 - 1e-7f));
            }
            """;
        return VerifyCS.FixAll(new[] { first, second }, new[] { firstFixed, secondFixed });
    }

    [Fact]
    public Task ClampAndLogSigmoidInOneDocument_FixedInTwoPasses()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NllLoss(double prediction) => -{|LOSS001:Math.Log(prediction)|};

                public static double Negative(double z)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z));
                    return -{|LOSS001:Math.Log(1 - p)|};
                }
            }
            """;
        const string fixedSource = """
            using System;
            using StableLoss;

            static class Losses
            {
                public static double NllLoss(double prediction) => -Math.Log(Math.Clamp(prediction, 1e-12, 1 - 1e-12));

                public static double Negative(double z)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z));
                    return -StableMath.LogSigmoid(-z);
                }
            }
            """;
        return VerifyCS.Fix(source, fixedSource, iterations: 2);
    }

    // ---------------------------------------------------------------- options

    [Fact]
    public Task EditorConfigEpsilon_UsedByTheFix()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NllLoss(double prediction) => -{|LOSS001:Math.Log(prediction)|};

                public static float FloatNllLoss(float prediction) => -{|LOSS001:MathF.Log(prediction)|};
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static double NllLoss(double prediction) => -Math.Log(Math.Clamp(prediction, 1e-9, 1 - 1e-9));

                public static float FloatNllLoss(float prediction) => -MathF.Log(Math.Clamp(prediction, 1e-5f, 1 - 1e-5f));
            }
            """;
        return VerifyCS.Fix(source, fixedSource, editorConfig: "loss_analyzers.epsilon_double = 1e-9\nloss_analyzers.epsilon_float = 1e-5\n");
    }

    [Fact]
    public Task EditorConfigEpsilonUnrepresentable_FallsBackToDefault()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static float NllLoss(float prediction) => -{|LOSS001:MathF.Log(prediction)|};
            }
            """;
        const string fixedSource = """
            using System;

            static class Losses
            {
                public static float NllLoss(float prediction) => -MathF.Log(Math.Clamp(prediction, 1e-7f, 1 - 1e-7f));
            }
            """;
        // 1e-12 rounds 1 − ε to 1 in float: the default float epsilon is used instead.
        return VerifyCS.Fix(source, fixedSource, editorConfig: "loss_analyzers.epsilon_float = 1e-12\n");
    }

    [Fact]
    public Task EditorConfigNames_MakeCustomParametersProbabilities()
    {
        const string source = """
            using System;

            static class Training
            {
                public static double Objective(double score) => -{|LOSS001:Math.Log(score)|};

                public static double NllLoss(double prediction) => -Math.Log(prediction);
            }
            """;
        return VerifyCS.Diagnostics(source, editorConfig: "loss_analyzers.loss_context_names = objective\nloss_analyzers.probability_names = score\n");
    }

    [Fact]
    public Task DefaultNames_CustomParametersAreNotProbabilities()
    {
        const string source = """
            using System;

            static class Training
            {
                public static double Objective(double score) => -Math.Log(score);
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    // ---------------------------------------------------------------- without StableLoss

    [Fact]
    public Task WithoutStableLoss_LogOfSigmoidFallsBackToClamp()
    {
        const string source = """
            using System;

            class Model
            {
                double NegativeLogProbability(double z)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z));
                    return -{|LOSS001:Math.Log(p)|};
                }
            }
            """;
        const string fixedSource = """
            using System;

            class Model
            {
                double NegativeLogProbability(double z)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z));
                    return -Math.Log(Math.Clamp(p, 1e-12, 1 - 1e-12));
                }
            }
            """;
        return VerifyCS.Fix(source, fixedSource, Libraries.NoStableLoss);
    }

    [Fact]
    public Task WithoutStableLoss_TorchStillUsesFunctionalLogSigmoid()
    {
        const string source = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Head
            {
                public static Tensor LogScores(Tensor z) => {|LOSS001:torch.log(torch.sigmoid(z))|};
            }
            """;
        const string fixedSource = """
            using TorchSharp;
            using static TorchSharp.torch;

            static class Head
            {
                public static Tensor LogScores(Tensor z) => torch.nn.functional.logsigmoid(z);
            }
            """;
        return VerifyCS.Fix(source, fixedSource, Libraries.Torch | Libraries.NoStableLoss);
    }

    // ---------------------------------------------------------------- broken code

    [Fact]
    public Task FileCutMidExpression_NoCrash()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NllLoss(double z)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z));
                    return -Math.Log(p
            """;
        return RunIgnoringCompilerErrors(source);
    }

    [Fact]
    public Task UnresolvedNames_NoCrash()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NllLoss(double z)
                {
                    double p = Sigmoidd(z);
                    double q = 1.0 / (1.0 + Math.Exp(-zz));
                    return -Math.Log(p) - Math.Log(q) - Math.Log(1 - unknown) - Mathh.Log(p);
                }
            }
            """;
        return RunIgnoringCompilerErrors(source);
    }

    [Fact]
    public Task MissingArguments_NoCrash()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NllLoss(double prediction, double z)
                {
                    double p = 1.0 / (1.0 + Math.Exp());
                    return -Math.Log() - Math.Log(1 - ) - MathF.Log(prediction, ) - Math.Log(p);
                }
            }
            """;
        return RunIgnoringCompilerErrors(source);
    }

    [Fact]
    public Task BrokenStatementBeforeAValidLog_StillReportsTheValidOne()
    {
        const string source = """
            using System;

            static class Losses
            {
                public static double NllLoss(double prediction)
                {
                    double unused = {|CS0103:missing|};
                    return -{|LOSS001:Math.Log(prediction)|};
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    private static Task RunIgnoringCompilerErrors(string source, Libraries libraries = Libraries.None)
    {
        var test = new LossTest<LogOfUnguardedProbabilityCodeFixProvider>(libraries)
        {
            TestCode = source,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        return test.RunAsync(CancellationToken.None);
    }

    // ---------------------------------------------------------------- a local written only by its initializer
    // (Dataflow answers these from the body's text and syntax, without indexing the body: every kind of later write
    // must still be seen, and the name in comments, strings or another scope must not hide the initializer)

    [Theory]
    [InlineData("p = 0.5;")]
    [InlineData("p += 1e-7;")]
    [InlineData("p++;")]
    [InlineData("(p) = 0.5;")]
    [InlineData("(p, q) = (0.5, 0.5);")]
    [InlineData("Overwrite(ref p);")]
    [InlineData("Overwrite(out p);")]
    [InlineData("System.Action reset = () => p = 0.5; reset();")]
    [InlineData("\\u0070 = 0.5;")]
    public Task SigmoidLocalWrittenAgain_Silent(string write)
    {
        var source = $$"""
            using System;

            class Model
            {
                static void Overwrite(ref double value) => value = 0.5;

                static void Overwrite(out double value, int unused = 0) => value = 0.5;

                double NegativeLogProbability(double z)
                {
                    double q = 0;
                    double p = 1.0 / (1.0 + Math.Exp(-z));
                    {{write}}
                    return -Math.Log(p) + q;
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task SigmoidLocalNamedInCommentsStringsAndOtherScopes_Reported()
    {
        const string source = """
            using System;

            class Model
            {
                double NegativeLogProbability(double z, bool verbose)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z)); // p = 0.5 would be safe
                    if (verbose)
                    {
                        Console.WriteLine("p = 0.5; p++");
                        Console.WriteLine($"p = {p}");
                    }

                    /* p += 1; */
                    var logged = -{|LOSS001:Math.Log(p)|};
                    for (var i = 0; i < 1; i++)
                    {
                        double other = 0.5;
                        other++;
                    }

                    return logged;
                }

                double Elsewhere()
                {
                    double p = 0.5;
                    p = 0.25;
                    return p;
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }

    [Fact]
    public Task SigmoidLocalShadowedInSiblingScope_Reported()
    {
        const string source = """
            using System;

            class Model
            {
                double NegativeLogProbability(double z, bool branch)
                {
                    if (branch)
                    {
                        double p = 0.5;
                        p = 0.25;
                        return p;
                    }
                    else
                    {
                        double p = 1.0 / (1.0 + Math.Exp(-z));
                        return -{|LOSS001:Math.Log(p)|};
                    }
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }
    // ---------------------------------------------------------------- a division by an accumulated total
    // (Dataflow answers "is this local ever accumulated with +=?" from the body's text before indexing the body: every
    // spelling of the accumulation must still be seen)

    [Theory]
    [InlineData("total += w;")]
    [InlineData("(total) += w;")]
    [InlineData("((total)) += w;")]
    [InlineData("total /* running */ += w;")]
    [InlineData("total\n            += w;")]
    [InlineData("@total += w;")]
    [InlineData("\\u0074otal += w;")]
    public Task ProbabilityNormalisedByAccumulatedTotal_Reported(string accumulate)
    {
        var source = $$"""
            using System;

            static class Weights
            {
                public static double NegativeLogShare(double[] weights, int k)
                {
                    double total = 0;
                    foreach (var w in weights)
                    {
                        {{accumulate}}
                    }

                    return -{|LOSS001:Math.Log(weights[k] / total)|};
                }
            }
            """;
        return VerifyCS.Diagnostics(source);
    }
}
