using System.Threading.Tasks;
using LossAnalyzers.Tests.Infrastructure;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.LogitsAsProbabilityCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// LOSS008: logits given where probabilities (or log-probabilities) are expected. A value is logits only on positive
/// evidence (a Linear layer's output, functional.linear, a [Logits] declaration): unknown values are never reported.
/// </summary>
public class LOSS008Tests
{
    // ------------------------------------------------------------------ positives

    [Fact]
    public Task Torch_LinearOutputIntoBinaryCrossEntropy_BecomesTheLogitsForm() => VerifyCS.Fix("""
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        public sealed class Head
        {
            private readonly Linear fc = nn.Linear(16, 1);

            public Tensor Step(Tensor x, Tensor y, Tensor w)
            {
                var output = fc.forward(x).squeeze(1);
                return {|LOSS008:nn.functional.binary_cross_entropy(output, y, w, nn.Reduction.Sum)|};
            }
        }
        """, """
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        public sealed class Head
        {
            private readonly Linear fc = nn.Linear(16, 1);

            public Tensor Step(Tensor x, Tensor y, Tensor w)
            {
                var output = fc.forward(x).squeeze(1);
                return nn.functional.binary_cross_entropy_with_logits(output, y, w, nn.Reduction.Sum);
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_ModelEndingInLinearIntoBceLossModule_AcrossFiles_ReportedWithoutAFix() => VerifyCS.FixAll(
        new[]
        {
            """
            using TorchSharp.Modules;
            using static TorchSharp.torch;

            public sealed class Critic : nn.Module<Tensor, Tensor>
            {
                private readonly Sequential body = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1));

                public Critic() : base(nameof(Critic)) => RegisterComponents();

                public override Tensor forward(Tensor input) => body.forward(input);
            }
            """,
            """
            using static TorchSharp.torch;

            public static class Training
            {
                public static Tensor Step(Critic critic, Tensor x, Tensor y)
                {
                    var criterion = nn.BCELoss();
                    return {|LOSS008:criterion.call(critic.call(x), y)|};
                }
            }
            """,
        },
        new[]
        {
            """
            using TorchSharp.Modules;
            using static TorchSharp.torch;

            public sealed class Critic : nn.Module<Tensor, Tensor>
            {
                private readonly Sequential body = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1));

                public Critic() : base(nameof(Critic)) => RegisterComponents();

                public override Tensor forward(Tensor input) => body.forward(input);
            }
            """,
            """
            using static TorchSharp.torch;

            public static class Training
            {
                public static Tensor Step(Critic critic, Tensor x, Tensor y)
                {
                    var criterion = nn.BCELoss();
                    return {|LOSS008:criterion.call(critic.call(x), y)|};
                }
            }
            """,
        },
        Libraries.Torch);

    [Fact]
    public Task FixAll_FunctionFormsInTwoDocuments() => VerifyCS.FixAll(
        new[]
        {
            """
            using static TorchSharp.torch;

            public static class A
            {
                public static Tensor L(Tensor x, Tensor w, Tensor y) =>
                    {|LOSS008:nn.functional.binary_cross_entropy(nn.functional.linear(x, w), y)|};
            }
            """,
            """
            using static TorchSharp.torch;

            public static class B
            {
                public static Tensor L(Tensor x, Tensor w, Tensor y, Tensor labels)
                {
                    var z = nn.functional.linear(x, w);
                    return {|LOSS008:nn.functional.binary_cross_entropy(z, y)|} + {|LOSS008:nn.functional.nll_loss(z, labels)|};
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
                public static Tensor L(Tensor x, Tensor w, Tensor y) =>
                    nn.functional.binary_cross_entropy_with_logits(nn.functional.linear(x, w), y);
            }
            """,
            """
            using static TorchSharp.torch;

            public static class B
            {
                public static Tensor L(Tensor x, Tensor w, Tensor y, Tensor labels)
                {
                    var z = nn.functional.linear(x, w);
                    return nn.functional.binary_cross_entropy_with_logits(z, y) + nn.functional.cross_entropy(z, labels);
                }
            }
            """,
        },
        Libraries.Torch);

    [Fact]
    public Task Torch_LinearOutputIntoNllLoss_BecomesCrossEntropy_ReductionNamed() => VerifyCS.Fix("""
        using static TorchSharp.torch;

        public static class Step
        {
            public static Tensor Compute(Tensor x, Tensor w, Tensor b, Tensor labels) =>
                {|LOSS008:nn.functional.nll_loss(nn.functional.linear(x, w, b), labels, null, nn.Reduction.Sum)|};
        }
        """, """
        using static TorchSharp.torch;

        public static class Step
        {
            public static Tensor Compute(Tensor x, Tensor w, Tensor b, Tensor labels) =>
                nn.functional.cross_entropy(nn.functional.linear(x, w, b), labels, null, reduction: nn.Reduction.Sum);
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_HandWrittenBceOnALinearOutput() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        public sealed class Head
        {
            private readonly Linear fc = nn.Linear(16, 1);

            public Tensor Step(Tensor x, Tensor y)
            {
                var o = fc.call(x);
                return -({|LOSS008:y * torch.log(o) + (1 - y) * torch.log(1 - o)|}).mean();
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task StableLoss_LogitsParameterIntoBinaryCrossEntropy_EpsilonDropped() => VerifyCS.Fix("""
        using StableLoss;
        using StableLoss.Annotations;

        public static class Scoring
        {
            public static double Compute([Logits] double score, double y) => {|LOSS008:Loss.BinaryCrossEntropy(score, y, 1e-9)|};
        }
        """, """
        using StableLoss;
        using StableLoss.Annotations;

        public static class Scoring
        {
            public static double Compute([Logits] double score, double y) => Loss.BinaryCrossEntropyWithLogits(score, y);
        }
        """);

    [Fact]
    public Task UserProbabilityParameter_GivenDeclaredLogits() => VerifyCS.Diagnostics("""
        using StableLoss.Annotations;

        public interface IScorer
        {
            [return: Logits]
            double Score(double[] x);
        }

        public static class Calibration
        {
            public static bool Accept([Probability] double p) => p > 0.5;

            public static bool Use(IScorer scorer, double[] x) => Accept({|LOSS008:scorer.Score(x)|});
        }
        """);

    // ------------------------------------------------------------------ negatives

    [Fact]
    public Task Torch_LinearThenSigmoidIntoBce_IsLoss003Only() => Verify<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>.Diagnostics("""
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        public sealed class Head
        {
            private readonly Linear fc = nn.Linear(16, 1);

            public Tensor Step(Tensor x, Tensor y) => {|LOSS003:nn.functional.binary_cross_entropy(torch.sigmoid(fc.forward(x)), y)|};
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_LinearOutputIntoLogitsLosses_Silent() => VerifyCS.Diagnostics("""
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        public sealed class Head
        {
            private readonly Linear fc = nn.Linear(16, 3);

            public Tensor Step(Tensor x, Tensor y, Tensor labels)
            {
                var z = fc.forward(x);
                return nn.functional.cross_entropy(z, labels) + nn.functional.binary_cross_entropy_with_logits(z, y) +
                       nn.functional.nll_loss(nn.functional.log_softmax(z, 1), labels);
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_UnknownTensorIntoBce_Silent() => VerifyCS.Diagnostics("""
        using static TorchSharp.torch;

        public static class Step
        {
            public static Tensor Compute(Tensor output, Tensor y) => nn.functional.binary_cross_entropy(output, y);
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_LinearOutputReassignedWithSigmoid_Silent() => VerifyCS.Diagnostics("""
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        public sealed class Head
        {
            private readonly Linear fc = nn.Linear(16, 1);

            public Tensor Step(Tensor x, Tensor y, bool calibrated)
            {
                var o = fc.forward(x);
                if (calibrated)
                {
                    o = o.clamp(-1, 1);
                }

                return nn.functional.binary_cross_entropy(o, y);
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_ModelEndingInLinearThenSoftmaxModule_Silent() => VerifyCS.Diagnostics("""
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        public sealed class Trainer
        {
            private readonly Sequential model = nn.Sequential(nn.Linear(4, 3), nn.LogSoftmax(1));
            private readonly NLLLoss loss = nn.NLLLoss();

            public Tensor Step(Tensor x, Tensor y) => loss.forward(model.forward(x), y);
        }
        """, Libraries.Torch);

    [Fact]
    public Task ProbabilityNamedLogitParameter_WithoutAttribute_Silent() => VerifyCS.Diagnostics("""
        using StableLoss;

        public static class Scoring
        {
            // a name is not evidence: only [Logits] or a Linear layer's output is
            public static double Compute(double logit, double y) => Loss.BinaryCrossEntropy(logit, y);
        }
        """);

    [Fact]
    public Task LogitsPropertyTurnedIntoAProbability_IsLoss003Only() => VerifyCS.Diagnostics("""
        using StableLoss;
        using StableLoss.Annotations;

        public sealed class Scorer
        {
            [Logits]
            public double Logit { get; set; }

            public double Cost(double y) => {|LOSS003:Loss.BinaryCrossEntropy(StableMath.Sigmoid(Logit), y)|};
        }
        """);

    // ------------------------------------------------------------------ broken code

    [Fact]
    public Task BrokenCode_NoCrash() => VerifyCS.DiagnosticsIgnoringCompilerErrors("""
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        public sealed class Head
        {
            private readonly Linear fc = nn.Linear(16, 1);

            public Tensor Step(Tensor x, Tensor y) => nn.functional.binary_cross_entropy(fc.forward(x, y);
            public Tensor Other(Tensor x) => nn.functional.nll_loss(fc.forward(x));
            public double Third([StableLoss.Annotations.Logits] double z) => StableLoss.Loss.BinaryCrossEntropy(z, );
        }
        """, Libraries.Torch);

    [Fact]
    public Task AffineScoreLoggedAsAProbability_TheSigmoidForgotten_Reported() => VerifyCS.Diagnostics("""
        using System;

        public sealed class LogisticModel
        {
            private readonly double[] weights = new double[4];
            private double bias;

            // w·x + b: a logit, not a probability
            public double Score(double[] x)
            {
                double s = bias;
                for (int i = 0; i < x.Length; i++) s += weights[i] * x[i];
                return s;
            }

            public double Loss(double[] x, double y)
            {
                var p = Score(x);
                return {|LOSS008:-(y * Math.Log(p) + (1 - y) * Math.Log(1 - p))|};
            }
        }
        """);

    [Fact]
    public Task ScoreSquashedBeforeItIsReturned_NotAnAffineScore_Loss003Only() => VerifyCS.Diagnostics("""
        using System;

        public sealed class LogisticModel
        {
            private readonly double[] weights = new double[4];
            private double bias;

            // named a score, but squashed before it is returned: a sigmoid (LOSS003's), not logits
            public double SquashedScore(double[] x)
            {
                double s = bias;
                for (int i = 0; i < x.Length; i++) s += weights[i] * x[i];
                s = 1.0 / (1.0 + Math.Exp(-s));
                return s;
            }

            public double Loss(double[] x, double y)
            {
                var q = Math.Clamp(SquashedScore(x), 1e-12, 1 - 1e-12);
                return {|LOSS003:-(y * Math.Log(q) + (1 - y) * Math.Log(1 - q))|};
            }
        }
        """);
}
