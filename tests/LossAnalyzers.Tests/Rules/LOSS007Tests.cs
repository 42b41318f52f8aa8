using System.Threading.Tasks;
using LossAnalyzers.Tests.Infrastructure;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.ProbabilityAsLogitsCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// LOSS007: a probability given where logits (or log-probabilities) are expected — the activation applied twice. Positives
/// in every API style, more negatives than positives, fixes, FixAll and broken code.
/// </summary>
public class LOSS007Tests
{
    // ------------------------------------------------------------------ positives

    [Fact]
    public Task Torch_SigmoidIntoBceWithLogits_PassesTheLogits() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;

        public static class Step
        {
            public static Tensor Loss(Tensor z, Tensor y)
            {
                var p = torch.sigmoid(z);
                return nn.functional.binary_cross_entropy_with_logits({|LOSS007:p|}, y);
            }
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;

        public static class Step
        {
            public static Tensor Loss(Tensor z, Tensor y)
            {
                var p = torch.sigmoid(z);
                return nn.functional.binary_cross_entropy_with_logits(z, y);
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_SoftmaxIntoCrossEntropy_Inline_PassesTheLogits() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;

        public static class Step
        {
            public static Tensor Loss(Tensor logits, Tensor labels) =>
                nn.functional.cross_entropy({|LOSS007:nn.functional.softmax(logits, 1)|}, labels);
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;

        public static class Step
        {
            public static Tensor Loss(Tensor logits, Tensor labels) =>
                nn.functional.cross_entropy(logits, labels);
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_SoftmaxIntoNllLoss_BecomesLogSoftmax() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;

        public static class Step
        {
            public static Tensor Loss(Tensor scores, Tensor labels) =>
                nn.functional.nll_loss({|LOSS007:scores.softmax(1)|}, labels);
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;

        public static class Step
        {
            public static Tensor Loss(Tensor scores, Tensor labels) =>
                nn.functional.nll_loss(scores.log_softmax(1), labels);
        }
        """, Libraries.Torch);

    [Fact]
    public async Task Torch_ModelEndingInSoftmax_IntoCrossEntropyLossModule_MessageNamesTheModule()
    {
        var test = new LossTest<LossAnalyzers.CodeFixes.ProbabilityAsLogitsCodeFixProvider>(Libraries.Torch)
        {
            TestCode = """
                using TorchSharp;
                using TorchSharp.Modules;
                using static TorchSharp.torch;

                public sealed class Classifier : nn.Module<Tensor, Tensor>
                {
                    private readonly Sequential layers = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 3), {|#1:nn.Softmax(1)|});

                    public Classifier() : base(nameof(Classifier)) => RegisterComponents();

                    public override Tensor forward(Tensor input) => layers.forward(input);
                }

                public static class Training
                {
                    public static Tensor Step(Classifier model, Tensor x, Tensor y)
                    {
                        var criterion = nn.CrossEntropyLoss();
                        var output = model.call(x);
                        return criterion.call({|#0:output|}, y);
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("LOSS007", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithLocation(1)
            .WithArguments("output", "the output of 'nn.Softmax(1)', the last module of a Sequential", "7", "nn.CrossEntropyLoss",
                "logits and applies the softmax itself", "drop the model's final Softmax() and pass its output"));
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public Task Torch_SigmoidModelIntoBceWithLogitsLossModule_Field() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        public sealed class Trainer
        {
            private readonly Sequential model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid());
            private readonly BCEWithLogitsLoss loss = nn.BCEWithLogitsLoss();

            public Tensor Step(Tensor x, Tensor y) => loss.forward({|LOSS007:model.forward(x)|}, y);
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_SoftmaxModelPassedToAPrivateTrainingMethod_IntoCrossEntropyLoss() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        public sealed class Classifier : nn.Module<Tensor, Tensor>
        {
            private readonly Sequential layers = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3), nn.Softmax(1));

            public Classifier() : base(nameof(Classifier)) => RegisterComponents();

            public override Tensor forward(Tensor input) => layers.forward(input);
        }

        public static class Program
        {
            public static void Run(Tensor x, Tensor labels)
            {
                var model = new Classifier();
                Train(model, nn.CrossEntropyLoss(), x, labels);
            }

            private static void Train(nn.Module<Tensor, Tensor> model, CrossEntropyLoss criterion, Tensor x, Tensor labels)
            {
                var prediction = model.forward(x);
                var loss = criterion.forward({|LOSS007:prediction|}, labels);
                loss.backward();
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task StableLoss_SigmoidIntoBceWithLogits_ReadFromTheAttributeInMetadata() => VerifyCS.Fix("""
        using StableLoss;

        public static class Scoring
        {
            public static double Compute(double[] w, double[] x, double y)
            {
                double z = 0;
                for (var i = 0; i < w.Length; i++) z += w[i] * x[i];
                var p = StableMath.Sigmoid(z);
                return Loss.BinaryCrossEntropyWithLogits({|LOSS007:p|}, y);
            }
        }
        """, """
        using StableLoss;

        public static class Scoring
        {
            public static double Compute(double[] w, double[] x, double y)
            {
                double z = 0;
                for (var i = 0; i < w.Length; i++) z += w[i] * x[i];
                var p = StableMath.Sigmoid(z);
                return Loss.BinaryCrossEntropyWithLogits(z, y);
            }
        }
        """);

    [Fact]
    public Task StableLoss_HandWrittenSigmoidIntoFocalLoss_Float() => VerifyCS.Diagnostics("""
        using System;
        using StableLoss;

        public static class Detector
        {
            public static float Compute(float score, float label)
            {
                float confidence = 1f / (1f + MathF.Exp(-score));
                return Loss.FocalLossWithLogits({|LOSS007:confidence|}, label);
            }
        }
        """);

    [Fact]
    public Task StableLoss_SoftmaxBufferIntoSoftmaxCrossEntropy() => VerifyCS.Diagnostics("""
        using StableLoss;

        public static class Classifier
        {
            public static double Compute(double[] logits, int label)
            {
                var probabilities = new double[logits.Length];
                StableMath.Softmax(logits, probabilities);
                return Loss.SoftmaxCrossEntropy({|LOSS007:probabilities|}, label);
            }
        }
        """);

    [Fact]
    public Task UserLogitsParameter_GivenASigmoid() => VerifyCS.Diagnostics("""
        using System;
        using StableLoss.Annotations;

        public static class Calibration
        {
            public static double Temperature([Logits] double logit, double t) => logit / t;

            public static double Use(double z) => Temperature({|LOSS007:1.0 / (1.0 + Math.Exp(-z))|}, 2.0);
        }
        """);

    [Fact]
    public Task ProbabilityDeclaredByReturnAttribute_IntoLogitsApi() => VerifyCS.Diagnostics("""
        using StableLoss;
        using StableLoss.Annotations;

        public interface IModel
        {
            [return: Probability]
            double Predict(double[] features);
        }

        public static class Training
        {
            public static double Compute(IModel model, double[] x, double y) =>
                Loss.BinaryCrossEntropyWithLogits({|LOSS007:model.Predict(x)|}, y);
        }
        """);

    [Fact]
    public Task LogitsReturnAttribute_OnAMethodReturningASigmoid_ReturnsTheLogit() => VerifyCS.Fix("""
        using System;
        using StableLoss.Annotations;

        public sealed class Scorer
        {
            private readonly double bias = 0.5;

            [return: Logits]
            public double Score(double x) => {|LOSS007:1.0 / (1.0 + Math.Exp(-(x + bias)))|};
        }
        """, """
        using System;
        using StableLoss.Annotations;

        public sealed class Scorer
        {
            private readonly double bias = 0.5;

            [return: Logits]
            public double Score(double x) => x + bias;
        }
        """);

    [Fact]
    public Task FixAll_TwoSitesInTwoDocuments() => VerifyCS.FixAll(
        new[]
        {
            """
            using static TorchSharp.torch;

            public static class A
            {
                public static Tensor L(Tensor z, Tensor y) => nn.functional.binary_cross_entropy_with_logits({|LOSS007:z.sigmoid()|}, y);
            }
            """,
            """
            using static TorchSharp.torch;

            public static class B
            {
                public static Tensor L(Tensor z, Tensor y)
                {
                    var a = nn.functional.cross_entropy({|LOSS007:nn.functional.softmax(z, 1)|}, y);
                    var b = nn.functional.cross_entropy({|LOSS007:nn.functional.softmax(z * 2, 1)|}, y);
                    return a + b;
                }
            }
            """,
        },
        new[]
        {
            """
            using static TorchSharp.torch;

            public static class A
            {
                public static Tensor L(Tensor z, Tensor y) => nn.functional.binary_cross_entropy_with_logits(z, y);
            }
            """,
            """
            using static TorchSharp.torch;

            public static class B
            {
                public static Tensor L(Tensor z, Tensor y)
                {
                    var a = nn.functional.cross_entropy(z, y);
                    var b = nn.functional.cross_entropy(z * 2, y);
                    return a + b;
                }
            }
            """,
        },
        Libraries.Torch);

    [Fact]
    public Task Torch_BaseTypedCriterionLocal_CreatedAsCrossEntropyLoss() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;

        public static class Step
        {
            public static Tensor Compute(Tensor scores, Tensor labels)
            {
                Loss<Tensor, Tensor, Tensor> criterion = nn.CrossEntropyLoss();
                var probabilities = nn.functional.softmax(scores, 1);
                return criterion.call({|LOSS007:probabilities|}, labels);
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task HandWrittenLogitsFormOnASigmoidOutput_NoStableLossNeeded() => VerifyCS.Diagnostics("""
        using System;

        public static class Logistic
        {
            public static double Cost(double[] w, double[] x, double y)
            {
                double score = 0;
                for (var i = 0; i < w.Length; i++) score += w[i] * x[i];
                var p = 1.0 / (1.0 + Math.Exp(-score));
                // the stable logits form, but written with the probability
                return Math.Max(p, 0) - p * y + Math.Log(1 + Math.Exp(-Math.Abs({|LOSS007:p|})));
            }

            // the same form on the score itself: correct
            public static double Correct(double score, double y) =>
                Math.Max(score, 0) - score * y + Math.Log(1 + Math.Exp(-Math.Abs(score)));
        }
        """, Libraries.NoStableLoss);

    // ------------------------------------------------------------------ negatives

    [Fact]
    public Task Torch_SigmoidForReportingNextToALogitsLoss_Silent() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;

        public static class Step
        {
            public static (Tensor Loss, Tensor Accuracy) Run(Tensor z, Tensor y)
            {
                var loss = nn.functional.binary_cross_entropy_with_logits(z, y);
                var predicted = torch.sigmoid(z).gt(0.5);
                return (loss, predicted.eq(y.to_type(ScalarType.Bool)).to_type(ScalarType.Float32).mean());
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_LogSoftmaxIntoNllLoss_Silent() => VerifyCS.Diagnostics("""
        using static TorchSharp.torch;

        public static class Step
        {
            public static Tensor Loss(Tensor z, Tensor y) => nn.functional.nll_loss(nn.functional.log_softmax(z, 1), y);
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_CrossEntropyOnALinearOutput_Silent() => VerifyCS.Diagnostics("""
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        public sealed class Head
        {
            private readonly Linear fc = nn.Linear(32, 10);

            public Tensor Loss(Tensor x, Tensor y) => nn.functional.cross_entropy(fc.forward(x), y);
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_CrossEntropyOnLogSoftmax_Silent() => VerifyCS.Diagnostics("""
        using static TorchSharp.torch;

        public static class Step
        {
            // log_softmax is idempotent under softmax: cross_entropy(log_softmax(z)) equals cross_entropy(z)
            public static Tensor Loss(Tensor z, Tensor y) => nn.functional.cross_entropy(z.log_softmax(1), y);
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_MultiLabelSigmoidIntoBceLoss_IsLoss003Only() => Verify<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>.Diagnostics("""
        using static TorchSharp.torch;

        public static class Step
        {
            public static Tensor Loss(Tensor z, Tensor y)
            {
                var p = z.sigmoid();
                return {|LOSS003:nn.functional.binary_cross_entropy(p, y)|};
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_UnknownTensorIntoLogitsLoss_Silent() => VerifyCS.Diagnostics("""
        using static TorchSharp.torch;

        public static class Step
        {
            public static Tensor Loss(Tensor scores, Tensor y) => nn.functional.binary_cross_entropy_with_logits(scores, y);
        }
        """, Libraries.Torch);

    [Fact]
    public Task StableLoss_ProbabilityNamedValueWithoutEvidence_Silent() => VerifyCS.Diagnostics("""
        using StableLoss;

        public static class Scoring
        {
            // the name says probability, but nothing shows it: names do not decide
            public static double Compute(double probability, double y) => Loss.BinaryCrossEntropyWithLogits(probability, y);
        }
        """);

    [Fact]
    public Task StableLoss_SigmoidUsedForTheGradientOnly_Silent() => VerifyCS.Diagnostics("""
        using StableLoss;

        public static class Scoring
        {
            public static (double Loss, double Gradient) Step(double z, double y)
            {
                var p = StableMath.Sigmoid(z);
                return (Loss.BinaryCrossEntropyWithLogits(z, y), p - y);
            }
        }
        """);

    [Fact]
    public Task LogitsReturnAttribute_ReturningAnAffineScore_Silent() => VerifyCS.Diagnostics("""
        using StableLoss.Annotations;

        public sealed class Scorer
        {
            [return: Logits]
            public double Score(double[] w, double[] x)
            {
                double z = 0;
                for (var i = 0; i < w.Length; i++) z += w[i] * x[i];
                return z;
            }
        }
        """);

    [Fact]
    public Task ProjectWithoutTorchOrStableLoss_Silent() => VerifyCS.Diagnostics("""
        using System;

        public static class Plain
        {
            public static double LogitsLoss(double logit, double y) => Math.Max(logit, 0) - logit * y + Math.Log(1 + Math.Exp(-Math.Abs(logit)));

            public static double Use(double z, double y) => LogitsLoss(1 / (1 + Math.Exp(-z)), y);
        }
        """, Libraries.NoStableLoss);

    // ------------------------------------------------------------------ broken code

    [Fact]
    public Task BrokenCode_NoCrash() => VerifyCS.DiagnosticsIgnoringCompilerErrors("""
        using static TorchSharp.torch;

        public static class Step
        {
            public static Tensor Loss(Tensor z, Tensor y) => nn.functional.binary_cross_entropy_with_logits(torch.sigmoid(, y);
            public static Tensor Other(Tensor z) => nn.functional.cross_entropy(nn.functional.softmax(z, 1));
            public static double Third(double z) => StableLoss.Loss.BinaryCrossEntropyWithLogits(StableLoss.StableMath.Sigmoid(z) +, 1.0);
        }
        """, Libraries.Torch);
    /// <summary>
    /// The contract is read from the file that declares the method, not from the caller's: a caller's file that spells
    /// neither attribute's name still has its call checked (the analyzer skips files that spell neither, per declaring file).
    /// </summary>
    [Fact]
    public Task ContractDeclaredInAnotherFile_CheckedAtACallInAFileThatNeverSpellsIt()
    {
        var test = new LossTest<LossAnalyzers.CodeFixes.ProbabilityAsLogitsCodeFixProvider>();
        test.TestState.Sources.Add("""
            using System;

            public static class Use
            {
                public static double Run(double z) => Calibration.Temperature({|LOSS007:1.0 / (1.0 + Math.Exp(-z))|}, 2.0);
            }
            """);
        test.TestState.Sources.Add("""
            using StableLoss.Annotations;

            public static class Calibration
            {
                public static double Temperature([Logits] double logit, double t) => logit / t;
            }
            """);
        return test.RunAsync(System.Threading.CancellationToken.None);
    }
}
