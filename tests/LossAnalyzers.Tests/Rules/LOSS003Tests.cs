using System.Threading.Tasks;
using LossAnalyzers.Tests.Infrastructure;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

public class LOSS003Tests
{
    // ---------------------------------------------------------------- positives: plain C#

    [Fact]
    public Task HandWritten_ExpOverOnePlusExp_ReversedOrderWithClamps() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            double Step(double z, double y)
            {
                double p = Math.Exp(z) / (1 + Math.Exp(z));
                return {|LOSS003:-((1 - y) * Math.Log(Math.Clamp(1 - p, 1e-12, 1.0)) + y * Math.Log(Math.Clamp(p, 1e-12, 1.0)))|};
            }
        }
        """);

    [Fact]
    public Task HandWritten_NegatedTerms_SubtractedArrangement() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            double Step(double z, double y)
            {
                var p = 1.0 / (1.0 + Math.Exp(-z));
                return {|LOSS003:-y * Math.Log(p) - (1 - y) * Math.Log(1 - p)|};
            }
        }
        """);

    [Fact]
    public Task UserSigmoidHelper_RecognisedByBody() => VerifyCS.Diagnostics("""
        using System;

        static class Activations
        {
            public static double Squash(double t) => 1.0 / (1.0 + Math.Exp(-t));
        }

        class Model
        {
            double Step(double z, double y)
            {
                double p = Activations.Squash(z);
                return {|LOSS003:-(y * Math.Log(p) + (1 - y) * Math.Log(1 - p))|};
            }
        }
        """);

    [Fact]
    public Task StableMathSigmoid_ThenStableLossBce() => VerifyCS.Diagnostics("""
        using StableLoss;

        class Model
        {
            double Step(double z, double y)
            {
                double p = StableMath.Sigmoid(z);
                return {|LOSS003:Loss.BinaryCrossEntropy(p, y)|};
            }
        }
        """);

    [Fact]
    public Task UserBceHelper_OnSigmoid() => VerifyCS.Diagnostics("""
        using System;

        static class Metrics
        {
            public static double LogLoss(double prob, double label) =>
                -(label * Math.Log(Math.Max(prob, 1e-12)) + (1 - label) * Math.Log(Math.Max(1 - prob, 1e-12)));
        }

        class Model
        {
            double Step(double z, double y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return {|LOSS003:Metrics.LogLoss(p, y)|};
            }
        }
        """);

    /// <summary>A helper's complement written <c>1.0f-p</c> or with a local; a two-log helper without a complement (a log
    /// ratio) is not a BCE and its body is not bound for the question.</summary>
    [Fact]
    public Task UserBceHelpers_ComplementSpellings_AndALogRatioIsNoHelper() => VerifyCS.Diagnostics("""
        using System;

        static class Losses
        {
            public static float Bce(float prob, float label) =>
                -(label * MathF.Log(prob + 1e-7f) + (1.0f-label) * MathF.Log(1.0f-prob + 1e-7f));

            public static double Bce2(double prob, double label)
            {
                var q = 1.0 - prob;
                return -(label * {|LOSS001:Math.Log(prob)|} + (1d - label) * {|LOSS001:Math.Log(q)|});
            }

            public static double LogRatio(double prob, double label) => Math.Log(prob) - Math.Log(label);
        }

        class Model
        {
            float Step(float z, float y)
            {
                float p = 1f / (1f + MathF.Exp(-z));
                return {|LOSS003:Losses.Bce(p, y)|};
            }

            double Step2(double z, double y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return {|LOSS003:Losses.Bce2(p, y)|} + Losses.LogRatio(p, y);
            }
        }
        """);

    [Fact]
    public Task ArrayWrittenInOneLoopReadInAnother() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            double Loss(double[] z, double[] y)
            {
                var p = new double[z.Length];
                for (int i = 0; i < z.Length; i++)
                {
                    p[i] = 1.0 / (1.0 + Math.Exp(-z[i]));
                }

                double loss = 0;
                for (int j = 0; j < z.Length; j++)
                {
                    loss += {|LOSS003:-(y[j] * Math.Log(p[j]) + (1 - y[j]) * Math.Log(1 - p[j]))|};
                }

                return loss / z.Length;
            }
        }
        """);

    [Fact]
    public Task TensorPrimitivesSigmoidFill() => VerifyCS.Diagnostics("""
        using System;
        using System.Numerics.Tensors;

        class Model
        {
            float Loss(float[] z, float[] y)
            {
                var p = new float[z.Length];
                TensorPrimitives.Sigmoid(z, p);
                float loss = 0;
                for (int i = 0; i < z.Length; i++)
                {
                    loss += {|LOSS003:-(y[i] * MathF.Log(p[i]) + (1 - y[i]) * MathF.Log(1 - p[i]))|};
                }

                return loss;
            }
        }
        """, Libraries.Tensors);

    [Fact]
    public Task FieldWrittenInOneMethodReadInAnother() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            private double z;
            private double p;

            void Forward(double x, double w)
            {
                z = w * x;
                p = 1.0 / (1.0 + Math.Exp(-z));
            }

            double Loss(double y) => {|LOSS003:-(y * Math.Log(p) + (1 - y) * Math.Log(1 - p))|};
        }
        """);

    [Fact]
    public Task PredictProbabilityMethodOfTheSameCompilation() => VerifyCS.Diagnostics("""
        using System;

        class LogisticModel
        {
            private readonly double[] w = new double[4];

            public double Score(double[] x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += w[i] * x[i];
                return s;
            }

            public double PredictProbability(double[] x) => 1.0 / (1.0 + Math.Exp(-Score(x)));
        }

        class Trainer
        {
            double Loss(LogisticModel model, double[] x, double y)
            {
                var p = model.PredictProbability(x);
                return {|LOSS003:-(y * Math.Log(p) + (1 - y) * Math.Log(1 - p))|};
            }
        }
        """);

    [Fact]
    public Task PropertyReturningSigmoid() => VerifyCS.Diagnostics("""
        using System;

        class Neuron
        {
            public double Logit { get; set; }
            public double Probability => 1.0 / (1.0 + Math.Exp(-Logit));

            double Loss(double y) => {|LOSS003:-(y * Math.Log(Probability) + (1 - y) * Math.Log(1 - Probability))|};
        }
        """);

    /// <summary>
    /// An array field is followed to the methods that can write it, and only those are read: an element store, a span
    /// API's destination (<c>TensorPrimitives.Sigmoid(z, probs)</c>, also through <c>probs.AsSpan()</c>); the methods that
    /// only read its elements or its length are not bound for it.
    /// </summary>
    [Fact]
    public Task ArrayFieldWrittenInOtherMethods_ByElementStoreOrSpanDestination() => VerifyCS.Diagnostics("""
        using System;
        using System.Numerics.Tensors;

        class Layer
        {
            private readonly double[] probs = new double[8];
            private readonly float[] fast = new float[8];
            private readonly float[] viaSpan = new float[8];

            public void Forward(double[] z)
            {
                for (int i = 0; i < z.Length; i++) probs[i] = 1.0 / (1.0 + Math.Exp(-z[i]));
            }

            public void ForwardFast(float[] z) => TensorPrimitives.Sigmoid(z, fast);

            public void ForwardSpan(float[] z) => TensorPrimitives.Sigmoid(z, viaSpan.AsSpan());

            public int Count => probs.Length + fast.Length;

            public double Shown(int i) => probs[i] + fast[i] + viaSpan[i];

            public double Loss(int i, double y) => {|LOSS003:-(y * Math.Log(probs[i]) + (1 - y) * Math.Log(1 - probs[i]))|};

            public float LossFast(int i, float y) => {|LOSS003:-(y * MathF.Log(fast[i]) + (1 - y) * MathF.Log(1 - fast[i]))|};

            public float LossSpan(int i, float y) => {|LOSS003:-(y * MathF.Log(viaSpan[i]) + (1 - y) * MathF.Log(1 - viaSpan[i]))|};
        }
        """, Libraries.Tensors);

    // ---------------------------------------------------------------- positives: TorchSharp


    [Fact]
    public Task Torch_TorchSigmoid_FunctionalBce() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y)
            {
                var p = torch.sigmoid(z);
                return {|LOSS003:functional.binary_cross_entropy(p, y)|};
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_InstanceSigmoid() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y) => {|LOSS003:functional.binary_cross_entropy(z.sigmoid(), y)|};
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_FunctionalSigmoid() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y)
            {
                Tensor p = functional.sigmoid(z);
                return {|LOSS003:functional.binary_cross_entropy(p, y)|};
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_SigmoidModule() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y)
            {
                var act = nn.Sigmoid();
                var p = act.forward(z);
                return {|LOSS003:functional.binary_cross_entropy(p, y)|};
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_SequentialEndingInSigmoid_NoFix()
    {
        // the logits are inside the model: reported, and no fix is offered (the fixed state equals the source)
        const string source = """
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;

            class Trainer
            {
                Tensor Loss(Tensor x, Tensor y)
                {
                    var model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid());
                    var p = model.forward(x);
                    return {|LOSS003:functional.binary_cross_entropy(p, y)|};
                }
            }
            """;
        return VerifyCS.Fix(source, source, Libraries.Torch);
    }

    [Fact]
    public Task Torch_BceLossCriterionFromAParameter_ReportedWithoutFix()
    {
        // the criterion's weight/reduction are unknown here: a rewrite could silently change them, so no fix is offered
        const string source = """
            using TorchSharp;
            using TorchSharp.Modules;
            using static TorchSharp.torch;

            class Trainer
            {
                Tensor Loss(BCELoss criterion, Tensor z, Tensor y)
                {
                    var p = torch.sigmoid(z);
                    return {|LOSS003:criterion.forward(p, y)|};
                }
            }
            """;
        return VerifyCS.Fix(source, source, Libraries.Torch);
    }

    [Fact]
    public Task Torch_BceLossModuleCall() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            private readonly TorchSharp.Modules.BCELoss criterion = nn.BCELoss();

            Tensor Loss(Tensor z, Tensor y)
            {
                var p = torch.sigmoid(z);
                return {|LOSS003:criterion.call(p, y)|};
            }
        }
        """, Libraries.Torch);

    // ---------------------------------------------------------------- negatives

    [Fact]
    public Task NoDiagnostic_ProbabilityFromUnknownSource() => VerifyCS.Diagnostics("""
        using System;

        interface IClassifier { double Predict(double[] x); }

        class Trainer
        {
            double Step(IClassifier model, double[] x, double y)
            {
                double p = model.Predict(x);
                return -(y * {|LOSS001:Math.Log(p)|} + (1 - y) * {|LOSS001:Math.Log(1 - p)|});
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_WithLogitsAlreadyUsed() => VerifyCS.Diagnostics("""
        using System;
        using StableLoss;

        class Model
        {
            double Step(double z, double y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                Console.WriteLine(p);
                return Loss.BinaryCrossEntropyWithLogits(z, y);
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_Torch_WithLogitsAlreadyUsed_SigmoidOnlyForReporting() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y)
            {
                var p = torch.sigmoid(z);
                System.Console.WriteLine(p.mean().item<float>());
                var accuracy = (p.round() == y).to_type(ScalarType.Float32).mean();
                return functional.binary_cross_entropy_with_logits(z, y);
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task NoDiagnostic_Torch_BceWithLogitsModule() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            private readonly TorchSharp.Modules.BCEWithLogitsLoss criterion = nn.BCEWithLogitsLoss();

            Tensor Loss(Tensor z, Tensor y) => criterion.forward(z, y);
        }
        """, Libraries.Torch);

    [Fact]
    public Task NoDiagnostic_WithoutComplementTerm() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            double Step(double z, double y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return -y * Math.Log(Math.Max(p, 1e-12));
            }
        }
        """);

    [Fact]
    public Task NotOneBce_MismatchedProbabilities_EachGuardedSigmoidTermReported() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            double Step(double z, double u, double y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                double q = 1.0 / (1.0 + Math.Exp(-u));
                return -(y * {|LOSS003:Math.Log(Math.Max(p, 1e-12))|} + (1 - y) * {|LOSS003:Math.Log(Math.Max(1 - q, 1e-12))|});
            }
        }
        """);

    [Fact]
    public Task NotOneBce_MismatchedTargets_EachGuardedSigmoidTermReported() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            double Step(double z, double y, double t)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return -(y * {|LOSS003:Math.Log(Math.Max(p, 1e-12))|} + (1 - t) * {|LOSS003:Math.Log(Math.Max(1 - p, 1e-12))|});
            }
        }
        """);

    [Fact]
    public Task NotOneBce_OnePlusTargetIsNotTheComplement_EachGuardedSigmoidTermReported() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            double Step(double z, double y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return -(y * {|LOSS003:Math.Log(Math.Max(p, 1e-12))|} + (1 + y) * {|LOSS003:Math.Log(Math.Max(1 - p, 1e-12))|});
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_HelperNamedSigmoidWhoseBodyIsNotASigmoid() => VerifyCS.Diagnostics("""
        using System;

        static class Activations
        {
            public static double Sigmoid(double t) => 0.5 * (Math.Tanh(t) + 1) * 0.98 + 0.01;
        }

        class Model
        {
            double Step(double z, double y)
            {
                double p = Activations.Sigmoid(z);
                return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_SigmoidThenCalibratedOnSomePaths() => VerifyCS.Diagnostics("""
        using System;

        interface ICalibrator { double Apply(double p); }

        class Model
        {
            double Step(ICalibrator calibrator, bool calibrate, double z, double y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                if (calibrate)
                {
                    p = calibrator.Apply(p);
                }

                return -(y * {|LOSS001:Math.Log(p)|} + (1 - y) * {|LOSS001:Math.Log(1 - p)|});
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_ArrayOverwrittenWithUnknownValues() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            double Loss(double[] z, double[] y, double[] external)
            {
                var p = new double[z.Length];
                for (int i = 0; i < z.Length; i++)
                {
                    p[i] = 1.0 / (1.0 + Math.Exp(-z[i]));
                }

                for (int i = 0; i < z.Length; i++)
                {
                    p[i] = external[i];
                }

                double loss = 0;
                for (int j = 0; j < z.Length; j++)
                {
                    loss += -(y[j] * {|LOSS001:Math.Log(p[j])|} + (1 - y[j]) * {|LOSS001:Math.Log(1 - p[j])|});
                }

                return loss;
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_Torch_BceOnUnknownTensor() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor p, Tensor y) => functional.binary_cross_entropy(p, y);
        }
        """, Libraries.Torch);

    [Fact]
    public Task NoDiagnostic_Torch_SequentialEndingInReLU() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor x, Tensor y)
            {
                var model = nn.Sequential(nn.Linear(4, 1), nn.ReLU());
                var p = model.forward(x);
                return functional.binary_cross_entropy(p, y);
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task NoDiagnostic_BceHelperOnUnknownProbability() => VerifyCS.Diagnostics("""
        using System;

        static class Metrics
        {
            public static double LogLoss(double prob, double label) =>
                -(label * Math.Log(Math.Max(prob, 1e-12)) + (1 - label) * Math.Log(Math.Max(1 - prob, 1e-12)));
        }

        class Report
        {
            double Score(double[] predicted, double[] labels)
            {
                double total = 0;
                for (int i = 0; i < predicted.Length; i++) total += Metrics.LogLoss(predicted[i], labels[i]);
                return total;
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_SigmoidOfOtherValueThanReported() => VerifyCS.Diagnostics("""
        using System;
        using StableLoss;

        class Model
        {
            double Step(double z, double y, double observed)
            {
                double p = StableMath.Sigmoid(z);
                Console.WriteLine($"p = {p}");
                return Loss.BinaryCrossEntropy(observed, y);
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_MultiplicationInsteadOfLogLikelihood() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            double Step(double z, double y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return y * p + (1 - y) * (1 - p);
            }
        }
        """);

    // ---------------------------------------------------------------- code fixes: plain C#

    [Fact]
    public Task Fix_HandWrittenBceOfSigmoid_AddsUsing() => VerifyCS.Fix("""
        using System;

        class Model
        {
            double Step(double z, double y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return {|LOSS003:-(y * Math.Log(p) + (1 - y) * Math.Log(1 - p))|};
            }
        }
        """, """
        using System;
        using StableLoss;

        class Model
        {
            double Step(double z, double y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return Loss.BinaryCrossEntropyWithLogits(z, y);
            }
        }
        """);

    /// <summary>The sigmoid written with the hyperbolic tangent, 0.5 · (1 + tanh(z / 2)) = σ(z): its logit is z.</summary>
    [Fact]
    public Task Fix_TanhFormSigmoid_UsesItsLogit() => VerifyCS.Fix("""
        using System;

        class Model
        {
            double Step(double z, double y)
            {
                double p = 0.5 * (1 + Math.Tanh(z / 2));
                return {|LOSS003:-(y * Math.Log(p) + (1 - y) * Math.Log(1 - p))|};
            }

            float StepF(float z, float y)
            {
                float p = (1f + MathF.Tanh(0.5f * z)) / 2f;
                return {|LOSS003:-(y * MathF.Log(p) + (1 - y) * MathF.Log(1 - p))|};
            }
        }
        """, """
        using System;
        using StableLoss;

        class Model
        {
            double Step(double z, double y)
            {
                double p = 0.5 * (1 + Math.Tanh(z / 2));
                return Loss.BinaryCrossEntropyWithLogits(z, y);
            }

            float StepF(float z, float y)
            {
                float p = (1f + MathF.Tanh(0.5f * z)) / 2f;
                return Loss.BinaryCrossEntropyWithLogits(z, y);
            }
        }
        """);

    /// <summary>tanh of something that is not half of a value is σ(2a), whose logit no expression holds; and a tanh
    /// activation itself (in (−1, 1)) is no probability: neither is a sigmoid.</summary>
    [Fact]
    public Task TanhNotHalved_NotASigmoid() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            double Step(double a, double y)
            {
                double p = 0.5 * (1 + Math.Tanh(a));
                return -(y * {|LOSS001:Math.Log(p)|} + (1 - y) * {|LOSS001:Math.Log(1 - p)|});
            }

            double Activation(double x) => Math.Tanh(x / 2);
        }
        """);

    [Fact]
    public Task Fix_KeepsLongTargetAndLogitExpressionsWhole() => VerifyCS.Fix("""
        using System;

        class Model
        {
            double Step(double[] scores, double[] labelsForEverySampleInTheBatch, int sampleIndexInTheBatch, int offset)
            {
                double p = 1.0 / (1.0 + Math.Exp(-(scores[sampleIndexInTheBatch + offset] * 2.0 + scores[0])));
                double t = labelsForEverySampleInTheBatch[sampleIndexInTheBatch * 2 + offset];
                return {|LOSS003:-(labelsForEverySampleInTheBatch[sampleIndexInTheBatch * 2 + offset] * Math.Log(p) + (1 - labelsForEverySampleInTheBatch[sampleIndexInTheBatch * 2 + offset]) * Math.Log(1 - p))|};
            }
        }
        """, """
        using System;
        using StableLoss;

        class Model
        {
            double Step(double[] scores, double[] labelsForEverySampleInTheBatch, int sampleIndexInTheBatch, int offset)
            {
                double p = 1.0 / (1.0 + Math.Exp(-(scores[sampleIndexInTheBatch + offset] * 2.0 + scores[0])));
                double t = labelsForEverySampleInTheBatch[sampleIndexInTheBatch * 2 + offset];
                return Loss.BinaryCrossEntropyWithLogits(scores[sampleIndexInTheBatch + offset] * 2.0 + scores[0], labelsForEverySampleInTheBatch[sampleIndexInTheBatch * 2 + offset]);
            }
        }
        """);

    [Fact]
    public Task Fix_LogLikelihoodSubtracted_BecomesAddedLoss() => VerifyCS.Fix("""
        using System;

        class Model
        {
            double Epoch(double[] z, double[] y)
            {
                double loss = 0;
                for (int i = 0; i < z.Length; i++)
                {
                    double p = Math.Exp(z[i]) / (1 + Math.Exp(z[i]));
                    loss -= {|LOSS003:y[i] * Math.Log(p) + (1 - y[i]) * Math.Log(1 - p)|};
                }

                return loss;
            }
        }
        """, """
        using System;
        using StableLoss;

        class Model
        {
            double Epoch(double[] z, double[] y)
            {
                double loss = 0;
                for (int i = 0; i < z.Length; i++)
                {
                    double p = Math.Exp(z[i]) / (1 + Math.Exp(z[i]));
                    loss += Loss.BinaryCrossEntropyWithLogits(z[i], y[i]);
                }

                return loss;
            }
        }
        """);

    [Fact]
    public Task Fix_LogLikelihoodReturned_IsNegated() => VerifyCS.Fix("""
        using System;
        using StableLoss;

        class Model
        {
            double LogLikelihood(double z, double y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return {|LOSS003:y * Math.Log(p) + (1 - y) * Math.Log(1 - p)|};
            }
        }
        """, """
        using System;
        using StableLoss;

        class Model
        {
            double LogLikelihood(double z, double y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return -Loss.BinaryCrossEntropyWithLogits(z, y);
            }
        }
        """);

    [Fact]
    public Task Fix_ArraysAcrossLoops_UsesTheReadIndex_QualifiedWhenLossIsAMemberName() => VerifyCS.Fix("""
        using System;

        class Model
        {
            double Loss(double[] z, double[] y)
            {
                var p = new double[z.Length];
                for (int i = 0; i < z.Length; i++)
                {
                    p[i] = 1.0 / (1.0 + Math.Exp(-z[i]));
                }

                double loss = 0;
                for (int j = 0; j < z.Length; j++)
                {
                    loss += {|LOSS003:-(y[j] * Math.Log(p[j]) + (1 - y[j]) * Math.Log(1 - p[j]))|};
                }

                return loss / z.Length;
            }
        }
        """, """
        using System;

        class Model
        {
            double Loss(double[] z, double[] y)
            {
                var p = new double[z.Length];
                for (int i = 0; i < z.Length; i++)
                {
                    p[i] = 1.0 / (1.0 + Math.Exp(-z[i]));
                }

                double loss = 0;
                for (int j = 0; j < z.Length; j++)
                {
                    loss += StableLoss.Loss.BinaryCrossEntropyWithLogits(z[j], y[j]);
                }

                return loss / z.Length;
            }
        }
        """);

    [Fact]
    public Task Fix_FloatProbabilityOfDoubleLogit_CastsTheLogit() => VerifyCS.Fix("""
        using System;

        class Model
        {
            float Step(double z, float y)
            {
                float p = (float)(1.0 / (1.0 + Math.Exp(-z)));
                return {|LOSS003:-(y * MathF.Log(p) + (1 - y) * MathF.Log(1 - p))|};
            }
        }
        """, """
        using System;
        using StableLoss;

        class Model
        {
            float Step(double z, float y)
            {
                float p = (float)(1.0 / (1.0 + Math.Exp(-z)));
                return Loss.BinaryCrossEntropyWithLogits((float)z, y);
            }
        }
        """);

    [Fact]
    public Task Fix_PredictProbability_UsesTheScoreAtTheCallSite() => VerifyCS.Fix("""
        using System;

        class LogisticModel
        {
            public double Bias;

            public double Score(double[] x) => Bias + x[0];

            public double PredictProbability(double[] x) => 1.0 / (1.0 + Math.Exp(-Score(x)));
        }

        class Trainer
        {
            double Cost(LogisticModel model, double[] x, double y)
            {
                var p = model.PredictProbability(x);
                return {|LOSS003:-(y * Math.Log(p) + (1 - y) * Math.Log(1 - p))|};
            }
        }
        """, """
        using System;
        using StableLoss;

        class LogisticModel
        {
            public double Bias;

            public double Score(double[] x) => Bias + x[0];

            public double PredictProbability(double[] x) => 1.0 / (1.0 + Math.Exp(-Score(x)));
        }

        class Trainer
        {
            double Cost(LogisticModel model, double[] x, double y)
            {
                var p = model.PredictProbability(x);
                return Loss.BinaryCrossEntropyWithLogits(model.Score(x), y);
            }
        }
        """);

    [Fact]
    public Task Fix_UserBceHelper() => VerifyCS.Fix("""
        using System;

        static class Metrics
        {
            public static double LogLoss(double prob, double label) =>
                -(label * Math.Log(Math.Max(prob, 1e-12)) + (1 - label) * Math.Log(Math.Max(1 - prob, 1e-12)));
        }

        class Model
        {
            double Step(double z, double y) => {|LOSS003:Metrics.LogLoss(1.0 / (1.0 + Math.Exp(-z)), y)|};
        }
        """, """
        using System;
        using StableLoss;

        static class Metrics
        {
            public static double LogLoss(double prob, double label) =>
                -(label * Math.Log(Math.Max(prob, 1e-12)) + (1 - label) * Math.Log(Math.Max(1 - prob, 1e-12)));
        }

        class Model
        {
            double Step(double z, double y) => Loss.BinaryCrossEntropyWithLogits(z, y);
        }
        """);

    [Fact]
    public Task Fix_StableLossScalarApi() => VerifyCS.Fix("""
        using StableLoss;

        class Model
        {
            double Step(double z, double y)
            {
                double p = StableMath.Sigmoid(z);
                return {|LOSS003:Loss.BinaryCrossEntropy(p, y)|};
            }
        }
        """, """
        using StableLoss;

        class Model
        {
            double Step(double z, double y)
            {
                double p = StableMath.Sigmoid(z);
                return Loss.BinaryCrossEntropyWithLogits(z, y);
            }
        }
        """);

    [Fact]
    public Task Fix_StableLossSpanApi_KeepsTheReduction() => VerifyCS.Fix("""
        using StableLoss;

        class Model
        {
            double Step(double[] z, double[] y)
            {
                var p = new double[z.Length];
                StableMath.Sigmoid(z, p);
                return {|LOSS003:Loss.BinaryCrossEntropy(p, y, Reduction.Sum)|};
            }
        }
        """, """
        using StableLoss;

        class Model
        {
            double Step(double[] z, double[] y)
            {
                var p = new double[z.Length];
                StableMath.Sigmoid(z, p);
                return Loss.BinaryCrossEntropyWithLogits(z, y, Reduction.Sum);
            }
        }
        """);

    // ---------------------------------------------------------------- code fixes: TorchSharp

    [Fact]
    public Task Fix_Torch_Functional_KeepsTheSigmoidForReporting() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y, Tensor w)
            {
                var p = torch.sigmoid(z);
                System.Console.WriteLine(p.mean().item<float>());
                return {|LOSS003:functional.binary_cross_entropy(p, y, w, reduction: Reduction.Sum)|};
            }
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y, Tensor w)
            {
                var p = torch.sigmoid(z);
                System.Console.WriteLine(p.mean().item<float>());
                return functional.binary_cross_entropy_with_logits(z, y, w, reduction: Reduction.Sum);
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task Fix_Torch_InstanceSigmoidInline() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y) => {|LOSS003:torch.nn.functional.binary_cross_entropy(z.sigmoid(), y)|};
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y) => torch.nn.functional.binary_cross_entropy_with_logits(z, y);
        }
        """, Libraries.Torch);

    [Fact]
    public Task Fix_Torch_LocalCriterion_BecomesBceWithLogitsLoss() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y)
            {
                var criterion = nn.BCELoss(reduction: Reduction.Sum);
                var p = torch.sigmoid(z);
                return {|LOSS003:criterion.forward(p, y)|};
            }
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y)
            {
                var criterion = nn.BCEWithLogitsLoss(reduction: Reduction.Sum);
                var p = torch.sigmoid(z);
                return criterion.forward(z, y);
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task Fix_Torch_FieldCriterion_BecomesFunctional() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            private readonly TorchSharp.Modules.BCELoss criterion = nn.BCELoss();

            Tensor Loss(Tensor z, Tensor y)
            {
                var p = torch.sigmoid(z);
                return {|LOSS003:criterion.call(p, y)|};
            }

            Tensor Other(Tensor p, Tensor y) => criterion.call(p, y);
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            private readonly TorchSharp.Modules.BCELoss criterion = nn.BCELoss();

            Tensor Loss(Tensor z, Tensor y)
            {
                var p = torch.sigmoid(z);
                return torch.nn.functional.binary_cross_entropy_with_logits(z, y);
            }

            Tensor Other(Tensor p, Tensor y) => criterion.call(p, y);
        }
        """, Libraries.Torch);

    [Fact]
    public Task Fix_Torch_HandWrittenMean() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y)
            {
                var p = torch.sigmoid(z);
                return {|LOSS003:-(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()|};
            }
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y)
            {
                var p = torch.sigmoid(z);
                return torch.nn.functional.binary_cross_entropy_with_logits(z, y);
            }
        }
        """, Libraries.Torch);

    // ---------------------------------------------------------------- FixAll over two documents

    [Fact]
    public Task FixAll_TwoDocuments() => VerifyCS.FixAll(
        new[]
        {
            """
            using System;

            class A
            {
                double Step(double z, double y)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z));
                    return {|LOSS003:-(y * Math.Log(p) + (1 - y) * Math.Log(1 - p))|};
                }
            }
            """,
            """
            using StableLoss;

            class B
            {
                double Step(double u, double t) => {|LOSS003:Loss.BinaryCrossEntropy(StableMath.Sigmoid(u), t)|};

                double Step2(double v, double t)
                {
                    var q = StableMath.Sigmoid(v);
                    return {|LOSS003:Loss.BinaryCrossEntropy(q, t)|};
                }
            }
            """,
        },
        new[]
        {
            """
            using System;
            using StableLoss;

            class A
            {
                double Step(double z, double y)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z));
                    return Loss.BinaryCrossEntropyWithLogits(z, y);
                }
            }
            """,
            """
            using StableLoss;

            class B
            {
                double Step(double u, double t) => Loss.BinaryCrossEntropyWithLogits(u, t);

                double Step2(double v, double t)
                {
                    var q = StableMath.Sigmoid(v);
                    return Loss.BinaryCrossEntropyWithLogits(v, t);
                }
            }
            """,
        });

    // ---------------------------------------------------------------- broken code

    [Fact]
    public Task Broken_FileCutMidExpression() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            double Step(double z, double y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                // cut before the BCE is whole: the y-weighted sigmoid log next to a 1 − y weight is still its term (LOSS003)
                return -(y * {|LOSS003:Math.Log(p)|} + (1 - y) * Math.Log(1 - {|CS1733:|}{|CS1026:|}{|CS1026:|}{|CS1002:|}{|CS1513:|}{|CS1513:|}
        """);

    /// <summary>A sigmoid of an unresolved name is no LOSS003 (its logits cannot be written); both BCEs are losses (the
    /// second is subtracted), so both values are LOSS001's by the evidence from use.</summary>
    [Fact]
    public Task Broken_UnresolvedNames() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            double Step(double z, double y)
            {
                double p = {|CS0103:Sigmod|}(z);
                double q = 1.0 / (1.0 + Math.Exp(-{|CS0103:zz|}));
                return -(y * {|LOSS001:Math.Log(p)|} + (1 - y) * {|LOSS001:Math.Log(1 - p)|}) - (y * {|LOSS001:Math.Log(q)|} + (1 - y) * {|LOSS001:Math.Log(1 - q)|});
            }
        }
        """);

    [Fact]
    public Task Broken_NoCompilerCheck_MissingTorchReference() => VerifyCS.DiagnosticsIgnoringCompilerErrors("""
        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y)
            {
                var p = torch.sigmoid(z);
                var criterion = nn.BCELoss();
                return criterion.forward(p, y) + functional.binary_cross_entropy(p, y);
            }
        }
        """);

    // ---------------------------------------------------------------- ternary form, more fix forms

    [Fact]
    public Task Fix_TernaryPerLabelForm() => VerifyCS.Fix("""
        using System;

        class Model
        {
            double Step(double z, int y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return {|LOSS003:y == 1 ? -Math.Log(p) : -Math.Log(1 - p)|};
            }
        }
        """, """
        using System;
        using StableLoss;

        class Model
        {
            double Step(double z, int y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return Loss.BinaryCrossEntropyWithLogits(z, y == 1 ? 1.0 : 0.0);
            }
        }
        """);

    [Fact]
    public Task Fix_TernaryOnAThreshold_PassesTheHardLabel_FloatStaysFloat() => VerifyCS.Fix("""
        using System;

        class Model
        {
            float Step(float z, float y)
            {
                float p = 1f / (1f + MathF.Exp(-z));
                return {|LOSS003:y > 0.5f ? -MathF.Log(p) : -MathF.Log(1f - p)|};
            }
        }
        """, """
        using System;
        using StableLoss;

        class Model
        {
            float Step(float z, float y)
            {
                float p = 1f / (1f + MathF.Exp(-z));
                return Loss.BinaryCrossEntropyWithLogits(z, y > 0.5f ? 1f : 0f);
            }
        }
        """);

    [Fact]
    public Task Fix_TernaryNegatedOutside_ZeroTestSwapsBranches() => VerifyCS.Fix("""
        using System;

        class Model
        {
            double Step(double z, double y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return {|LOSS003:-(y == 0 ? Math.Log(1 - p) : Math.Log(p))|};
            }
        }
        """, """
        using System;
        using StableLoss;

        class Model
        {
            double Step(double z, double y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return Loss.BinaryCrossEntropyWithLogits(z, y == 0 ? 0.0 : 1.0);
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_TernaryWithBranchesInverted_IsNotABce() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            double Step(double z, double y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return y == 1 ? -{|LOSS001:Math.Log(1 - p)|} : -{|LOSS001:Math.Log(p)|};
            }
        }
        """);

    [Fact]
    public Task TernaryOnABooleanFlag_IsTheBceOfThatFlag() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            // a boolean picks log p or log(1 − p): the cross-entropy of that flag as a 0/1 label (fastText's negative
            // sampling writes it so); LOSS003LabelBranchTests has the fixes
            double Step(double z, bool positive)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return {|LOSS003:positive ? -Math.Log(p) : -Math.Log(1 - p)|};
            }
        }
        """);

    [Fact]
    public Task Fix_Torch_HandWrittenSum_KeepsTheSumReduction() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y)
            {
                var p = z.sigmoid();
                return {|LOSS003:-((1 - y) * torch.log(1 - p) + y * torch.log(p)).sum()|};
            }
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y)
            {
                var p = z.sigmoid();
                return torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction: torch.nn.Reduction.Sum);
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task Fix_Torch_FieldCriterionWithArguments_CarriesWeightAndReduction() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            private readonly Tensor classWeights = torch.ones(1);
            private readonly TorchSharp.Modules.BCELoss criterion;

            Trainer() => criterion = nn.BCELoss(torch.ones(1), Reduction.Sum);

            Tensor Loss(Tensor z, Tensor y) => {|LOSS003:criterion.forward(torch.sigmoid(z), y)|};
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            private readonly Tensor classWeights = torch.ones(1);
            private readonly TorchSharp.Modules.BCELoss criterion;

            Trainer() => criterion = nn.BCELoss(torch.ones(1), Reduction.Sum);

            Tensor Loss(Tensor z, Tensor y) => torch.nn.functional.binary_cross_entropy_with_logits(z, y, weight: torch.ones(1), reduction: Reduction.Sum);
        }
        """, Libraries.Torch);

    [Fact]
    public Task FixAll_Torch_CriterionCreatedBelowTwoSites_CarriesItsArgumentsIntoBoth() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y) => {|LOSS003:criterion.forward(torch.sigmoid(z), y)|};

            Tensor Validate(Tensor logits, Tensor labels) => {|LOSS003:criterion.forward(torch.sigmoid(logits), labels)|};

            // created after both uses: the first fix moves it, and the second still finds it where it now is
            private readonly TorchSharp.Modules.BCELoss criterion = nn.BCELoss(reduction: Reduction.Sum);
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y) => torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction: Reduction.Sum);

            Tensor Validate(Tensor logits, Tensor labels) => torch.nn.functional.binary_cross_entropy_with_logits(logits, labels, reduction: Reduction.Sum);

            // created after both uses: the first fix moves it, and the second still finds it where it now is
            private readonly TorchSharp.Modules.BCELoss criterion = nn.BCELoss(reduction: Reduction.Sum);
        }
        """, Libraries.Torch);

    [Fact]
    public Task Fix_Torch_LocalCriterionUsedTwice_BecomesFunctionalWithItsArguments() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y, Tensor q)
            {
                var criterion = nn.BCELoss(reduction: Reduction.Sum);
                var p = torch.sigmoid(z);
                return {|LOSS003:criterion.forward(p, y)|} + criterion.forward(q, y);
            }
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Loss(Tensor z, Tensor y, Tensor q)
            {
                var criterion = nn.BCELoss(reduction: Reduction.Sum);
                var p = torch.sigmoid(z);
                return torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction: Reduction.Sum) + criterion.forward(q, y);
            }
        }
        """, Libraries.Torch);

    // ---------------------------------------------------------------- one guarded term: log(σ(z) + ε) → LogSigmoid(±z)

    [Fact]
    public Task GuardedLogOfSigmoidTerms_NegativeSampling_FixedWithLogSigmoid() => VerifyCS.Fix("""
        using System;

        static class NegativeSampling
        {
            static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

            public static double Loss(double positive, double[] negatives)
            {
                double loss = -{|LOSS003:Math.Log(Sigmoid(positive) + 1e-10)|};
                foreach (var s in negatives)
                {
                    loss -= {|LOSS003:Math.Log(Math.Clamp(1 - Sigmoid(s), 1e-10, 1.0))|};
                }

                return loss;
            }
        }
        """, """
        using System;
        using StableLoss;

        static class NegativeSampling
        {
            static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

            public static double Loss(double positive, double[] negatives)
            {
                double loss = -StableMath.LogSigmoid(positive);
                foreach (var s in negatives)
                {
                    loss -= StableMath.LogSigmoid(-s);
                }

                return loss;
            }
        }
        """);

    [Fact]
    public Task GuardedLogOfSigmoidHeldInAnArray_WeightedByTheTarget_Reported() => VerifyCS.Diagnostics("""
        using System;

        sealed class SigmoidCost
        {
            public double[] Forward(double[] scores, double[] t)
            {
                var p = new double[scores.Length];
                var loss = new double[scores.Length];
                for (int i = 0; i < scores.Length; i++)
                {
                    p[i] = 1.0 / (1.0 + Math.Exp(-scores[i]));
                    loss[i] = -t[i] * {|LOSS003:Math.Log(p[i] + 1e-7)|};
                }

                return loss;
            }
        }
        """);

    [Fact]
    public Task GuardedLogOfSigmoid_NotALossTerm_OrNotASigmoid_NotReported() => VerifyCS.Diagnostics("""
        using System;

        static class Scores
        {
            static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

            // a log-probability reported for ranking: not negated, not loss code
            public static float LogScore(float z) => MathF.Log(Sigmoid(z) + 1e-7f);

            // a guarded log of a value that is not known to be a sigmoid
            public static float Nll(float probability) => -MathF.Log(probability + 1e-7f);
        }
        """);

    [Fact]
    public Task GuardedLogOfTorchSigmoid_DiscriminatorLoss_FixedWithFunctionalLogSigmoid() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;

        static class Gan
        {
            public static Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores) =>
                -({|LOSS003:torch.log(torch.sigmoid(realScores) + 1e-8)|} + {|LOSS003:torch.log(1 - torch.sigmoid(fakeScores) + 1e-8)|}).mean();
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;

        static class Gan
        {
            public static Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores) =>
                -(torch.nn.functional.logsigmoid(realScores) + torch.nn.functional.logsigmoid(-fakeScores)).mean();
        }
        """, Libraries.Torch);

    [Fact]
    public Task GuardedLogOfSigmoid_BrokenCode_NoCrash() => VerifyCS.DiagnosticsIgnoringCompilerErrors("""
        using System;

        static class Broken
        {
            static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
            public static double Loss(double z) => -Math.Log(Sigmoid(z) + );
            public static double Other(double z) => -Math.Log(Math.Clamp(1 - Sigmoid(), 1e-10, 1.0));
        }
        """);
}
