using System.Threading.Tasks;
using LossAnalyzers.Tests.Infrastructure;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.BinaryCrossEntropyOnSoftmaxCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

public class LOSS004Tests
{

    // ---------------------------------------------------------------- positives: plain C#

    [Fact]
    public Task HandWrittenMaxShiftedSoftmax_PerClassBce() => VerifyCS.Diagnostics("""
        using System;

        class Classifier
        {
            double Objective(double[] z, double[] y)
            {
                double max = double.NegativeInfinity;
                for (int k = 0; k < z.Length; k++) max = Math.Max(max, z[k]);
                double sum = 0;
                for (int k = 0; k < z.Length; k++) sum += Math.Exp(z[k] - max);
                var p = new double[z.Length];
                for (int k = 0; k < z.Length; k++) p[k] = Math.Exp(z[k] - max) / sum;

                double loss = 0;
                for (int k = 0; k < z.Length; k++)
                {
                    loss += {|LOSS004:-(y[k] * Math.Log(p[k]) + (1 - y[k]) * Math.Log(1 - p[k]))|};
                }

                return loss;
            }
        }
        """);

    [Fact]
    public Task HandWrittenUnshiftedSoftmax_ExponentialsArray() => VerifyCS.Diagnostics("""
        using System;

        class Classifier
        {
            double Objective(double[] z, double[] y)
            {
                var e = new double[z.Length];
                double sum = 0;
                for (int k = 0; k < z.Length; k++)
                {
                    e[k] = Math.Exp(z[k]);
                    sum += e[k];
                }

                double loss = 0;
                for (int k = 0; k < z.Length; k++)
                {
                    double pk = Math.Exp(z[k]) / sum;
                    loss += {|LOSS004:-(y[k] * Math.Log(pk) + (1 - y[k]) * Math.Log(1 - pk))|};
                }

                return loss;
            }
        }
        """);

    [Fact]
    public Task SoftmaxHelperRecognisedByBody() => VerifyCS.Diagnostics("""
        using System;

        static class Activations
        {
            public static double[] Normalise(double[] logits)
            {
                double sum = 0;
                for (int k = 0; k < logits.Length; k++) sum += Math.Exp(logits[k]);
                var result = new double[logits.Length];
                for (int k = 0; k < logits.Length; k++) result[k] = Math.Exp(logits[k]) / sum;
                return result;
            }
        }

        class Classifier
        {
            double Objective(double[] z, double[] y)
            {
                var p = Activations.Normalise(z);
                double loss = 0;
                for (int k = 0; k < z.Length; k++)
                {
                    loss += {|LOSS004:-(y[k] * Math.Log(p[k]) + (1 - y[k]) * Math.Log(1 - p[k]))|};
                }

                return loss;
            }
        }
        """);

    [Fact]
    public Task MaxShiftedSoftmaxNormalisedInPlace_LoopFixedWithSoftmaxCrossEntropy() => VerifyCS.Fix("""
        using System;

        static class Activations
        {
            public static double[] Softmax(double[] z)
            {
                double max = double.NegativeInfinity;
                foreach (var v in z) max = Math.Max(max, v);
                var result = new double[z.Length];
                double sum = 0;
                for (int k = 0; k < z.Length; k++)
                {
                    result[k] = Math.Exp(z[k] - max);
                    sum += result[k];
                }

                for (int k = 0; k < z.Length; k++) result[k] /= sum;
                return result;
            }
        }

        class Classifier
        {
            double Objective(double[] logits, double[] y)
            {
                var p = Activations.Softmax(logits);
                double loss = 0;
                for (int k = 0; k < logits.Length; k++)
                    loss -= {|LOSS004:y[k] * Math.Log(p[k]) + (1 - y[k]) * Math.Log(1 - p[k])|};
                return loss;
            }
        }
        """, """
        using System;
        using StableLoss;

        static class Activations
        {
            public static double[] Softmax(double[] z)
            {
                double max = double.NegativeInfinity;
                foreach (var v in z) max = Math.Max(max, v);
                var result = new double[z.Length];
                double sum = 0;
                for (int k = 0; k < z.Length; k++)
                {
                    result[k] = Math.Exp(z[k] - max);
                    sum += result[k];
                }

                for (int k = 0; k < z.Length; k++) result[k] /= sum;
                return result;
            }
        }

        class Classifier
        {
            double Objective(double[] logits, double[] y)
            {
                var p = Activations.Softmax(logits);
                double loss = 0;
                loss += Loss.SoftmaxCrossEntropy(logits, y);
                return loss;
            }
        }
        """);

    [Fact]
    public Task InPlaceScalingThatIsNotASoftmax_Silent() => VerifyCS.Diagnostics("""
        using System;

        class Classifier
        {
            // normalised in place, but the elements are not exponentials: not a softmax (and not a probability LOSS001 knows)
            double Objective(double[] scores, double[] y)
            {
                var p = new double[scores.Length];
                double sum = 0;
                for (int k = 0; k < scores.Length; k++) { p[k] = scores[k] * scores[k]; sum += p[k]; }
                for (int k = 0; k < scores.Length; k++) p[k] /= sum;
                double loss = 0;
                for (int k = 0; k < scores.Length; k++)
                    loss -= y[k] * Math.Log(Math.Clamp(p[k], 1e-12, 1 - 1e-12)) + (1 - y[k]) * Math.Log(Math.Clamp(1 - p[k], 1e-12, 1));
                return loss;
            }
        }
        """);

    [Fact]
    public Task StableMathSoftmax_ThenStableLossBce() => VerifyCS.Diagnostics("""
        using StableLoss;

        class Classifier
        {
            double Objective(double[] z, double[] y)
            {
                var p = new double[z.Length];
                StableMath.Softmax(z, p);
                return {|LOSS004:Loss.BinaryCrossEntropy(p, y)|};
            }
        }
        """);

    [Fact]
    public Task TensorPrimitivesSoftMax_HandWrittenLoop() => VerifyCS.Diagnostics("""
        using System;
        using System.Numerics.Tensors;

        class Classifier
        {
            float Objective(float[] z, float[] y)
            {
                var p = new float[z.Length];
                TensorPrimitives.SoftMax(z, p);
                float loss = 0;
                for (int k = 0; k < z.Length; k++)
                {
                    loss -= {|LOSS004:y[k] * MathF.Log(p[k]) + (1 - y[k]) * MathF.Log(1 - p[k])|};
                }

                return loss;
            }
        }
        """, Libraries.Tensors);

    [Fact]
    public Task UserBceHelperOnSoftmaxElement() => VerifyCS.Diagnostics("""
        using System;
        using StableLoss;

        static class Metrics
        {
            public static double LogLoss(double prob, double label) =>
                -(label * Math.Log(Math.Max(prob, 1e-12)) + (1 - label) * Math.Log(Math.Max(1 - prob, 1e-12)));
        }

        class Classifier
        {
            double Objective(double[] z, double[] y)
            {
                var p = new double[z.Length];
                StableMath.Softmax(z, p);
                double loss = 0;
                for (int k = 0; k < z.Length; k++) loss += {|LOSS004:Metrics.LogLoss(p[k], y[k])|};
                return loss;
            }
        }
        """);

    // ---------------------------------------------------------------- positives: TorchSharp

    [Fact]
    public Task Torch_TorchSoftmax_FunctionalBce() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Objective(Tensor z, Tensor y)
            {
                var p = torch.softmax(z, 1);
                return {|LOSS004:functional.binary_cross_entropy(p, y)|};
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_InstanceSoftmax() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Objective(Tensor z, Tensor y) => {|LOSS004:functional.binary_cross_entropy(z.softmax(1), y)|};
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_SoftmaxModule_BceLossModule() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            private readonly TorchSharp.Modules.Softmax softmax = nn.Softmax(1);
            private readonly TorchSharp.Modules.BCELoss criterion = nn.BCELoss();

            Tensor Objective(Tensor z, Tensor y)
            {
                var p = softmax.forward(z);
                return {|LOSS004:criterion.forward(p, y)|};
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task Torch_SequentialEndingInSoftmax() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Objective(Tensor x, Tensor y)
            {
                var model = nn.Sequential(nn.Linear(8, 3), nn.Softmax(1));
                return {|LOSS004:functional.binary_cross_entropy(model.forward(x), y)|};
            }
        }
        """, Libraries.Torch);

    // ---------------------------------------------------------------- negatives

    [Fact]
    public Task NoDiagnostic_MultiLabelBceOnSigmoids_IsLoss003() => VerifyCS.Diagnostics("""
        using System;

        class Tagger
        {
            double Objective(double[] z, double[] y)
            {
                var p = new double[z.Length];
                for (int k = 0; k < z.Length; k++) p[k] = 1.0 / (1.0 + Math.Exp(-z[k]));
                double loss = 0;
                for (int k = 0; k < z.Length; k++)
                {
                    loss += {|LOSS003:-(y[k] * Math.Log(p[k]) + (1 - y[k]) * Math.Log(1 - p[k]))|};
                }

                return loss;
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_Torch_MultiLabelSigmoid_IsLoss003() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Tagger
        {
            Tensor Objective(Tensor z, Tensor y) => {|LOSS003:functional.binary_cross_entropy(torch.sigmoid(z), y)|};
        }
        """, Libraries.Torch);

    [Fact]
    public Task NoDiagnostic_BceOnUnknownProbabilities() => VerifyCS.Diagnostics("""
        using System;

        interface IModel { double[] Predict(double[] x); }

        class Trainer
        {
            double Objective(IModel model, double[] x, double[] y)
            {
                var p = model.Predict(x);
                double loss = 0;
                for (int k = 0; k < p.Length; k++)
                {
                    loss += -(y[k] * {|LOSS001:Math.Log(p[k])|} + (1 - y[k]) * {|LOSS001:Math.Log(1 - p[k])|});
                }

                return loss;
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_SoftmaxCrossEntropyAlreadyUsed() => VerifyCS.Diagnostics("""
        using System;
        using StableLoss;

        class Classifier
        {
            double Objective(double[] z, double[] y)
            {
                var p = new double[z.Length];
                StableMath.Softmax(z, p);
                Console.WriteLine(string.Join(", ", p));
                return Loss.SoftmaxCrossEntropy(z, y);
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_CategoricalCrossEntropyWithoutComplementTerm() => VerifyCS.Diagnostics("""
        using System;
        using StableLoss;

        class Classifier
        {
            double Objective(double[] z, double[] y)
            {
                var p = new double[z.Length];
                StableMath.Softmax(z, p);
                double loss = 0;
                for (int k = 0; k < z.Length; k++) loss -= y[k] * Math.Log(Math.Max(p[k], 1e-12));
                return loss;
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_NormalisedCountsAreNotASoftmax() => VerifyCS.Diagnostics("""
        using System;

        class Calibration
        {
            double Objective(double[] counts, double[] y)
            {
                double total = 0;
                for (int k = 0; k < counts.Length; k++) total += counts[k];
                double loss = 0;
                for (int k = 0; k < counts.Length; k++)
                {
                    double q = Math.Clamp(counts[k] / total, 1e-12, 1 - 1e-12);
                    loss += -(y[k] * Math.Log(q) + (1 - y[k]) * Math.Log(1 - q));
                }

                return loss;
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_HelperNamedSoftmaxWhoseBodyIsNotASoftmax() => VerifyCS.Diagnostics("""
        using System;

        static class Activations
        {
            public static double[] Softmax(double[] scores, double scale)
            {
                var result = new double[scores.Length];
                for (int k = 0; k < scores.Length; k++) result[k] = Math.Clamp(scores[k] * scale, 0.01, 0.99);
                return result;
            }
        }

        class Classifier
        {
            double Objective(double[] z, double[] y)
            {
                var p = Activations.Softmax(z, 0.5);
                double loss = 0;
                for (int k = 0; k < z.Length; k++) loss += -(y[k] * Math.Log(p[k]) + (1 - y[k]) * Math.Log(1 - p[k]));
                return loss;
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_Torch_CrossEntropyAlready_SoftmaxOnlyForReporting() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Objective(Tensor z, Tensor y)
            {
                var p = torch.softmax(z, 1);
                var predicted = p.argmax(1);
                System.Console.WriteLine(predicted);
                return functional.cross_entropy(z, y);
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task NoDiagnostic_Torch_LogSoftmaxNll() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Objective(Tensor z, Tensor y) => functional.nll_loss(functional.log_softmax(z, 1), y);
        }
        """, Libraries.Torch);

    [Fact]
    public Task NoDiagnostic_BceOnAnotherVectorThanTheSoftmax() => VerifyCS.Diagnostics("""
        using StableLoss;

        class Classifier
        {
            double Objective(double[] z, double[] y, double[] calibrated)
            {
                var p = new double[z.Length];
                StableMath.Softmax(z, p);
                System.Console.WriteLine(p[0]);
                return Loss.BinaryCrossEntropy(calibrated, y);
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_Torch_SequentialEndingInSigmoid_IsLoss003() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Tagger
        {
            Tensor Objective(Tensor x, Tensor y)
            {
                var model = nn.Sequential(nn.Linear(8, 3), nn.Sigmoid());
                return {|LOSS003:functional.binary_cross_entropy(model.forward(x), y)|};
            }
        }
        """, Libraries.Torch);

    // ---------------------------------------------------------------- code fixes

    [Fact]
    public Task Fix_HandWrittenClassLoop_BecomesSoftmaxCrossEntropy() => VerifyCS.Fix("""
        using System;

        class Classifier
        {
            double Objective(double[] z, double[] y)
            {
                double sum = 0;
                for (int k = 0; k < z.Length; k++) sum += Math.Exp(z[k]);
                var p = new double[z.Length];
                for (int k = 0; k < z.Length; k++) p[k] = Math.Exp(z[k]) / sum;

                double loss = 0;
                for (int k = 0; k < z.Length; k++)
                {
                    loss -= {|LOSS004:y[k] * Math.Log(p[k]) + (1 - y[k]) * Math.Log(1 - p[k])|};
                }

                return loss;
            }
        }
        """, """
        using System;
        using StableLoss;

        class Classifier
        {
            double Objective(double[] z, double[] y)
            {
                double sum = 0;
                for (int k = 0; k < z.Length; k++) sum += Math.Exp(z[k]);
                var p = new double[z.Length];
                for (int k = 0; k < z.Length; k++) p[k] = Math.Exp(z[k]) / sum;

                double loss = 0;
                loss += Loss.SoftmaxCrossEntropy(z, y);

                return loss;
            }
        }
        """);

    [Fact]
    public Task Fix_StableLossSpanApi() => VerifyCS.Fix("""
        using StableLoss;

        class Classifier
        {
            double Objective(double[] z, double[] y)
            {
                var p = new double[z.Length];
                StableMath.Softmax(z, p);
                return {|LOSS004:Loss.BinaryCrossEntropy(p, y)|};
            }
        }
        """, """
        using StableLoss;

        class Classifier
        {
            double Objective(double[] z, double[] y)
            {
                var p = new double[z.Length];
                StableMath.Softmax(z, p);
                return Loss.SoftmaxCrossEntropy(z, y);
            }
        }
        """);

    [Fact]
    public Task Fix_Torch_Functional() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Objective(Tensor z, Tensor y)
            {
                var p = torch.softmax(z, 1);
                return {|LOSS004:functional.binary_cross_entropy(p, y)|};
            }
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            Tensor Objective(Tensor z, Tensor y)
            {
                var p = torch.softmax(z, 1);
                return torch.nn.functional.cross_entropy(z, y);
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task Fix_Torch_ModuleCall() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            private readonly TorchSharp.Modules.BCELoss criterion = nn.BCELoss();

            Tensor Objective(Tensor z, Tensor y) => {|LOSS004:criterion.call(z.softmax(1), y)|};
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        class Trainer
        {
            private readonly TorchSharp.Modules.BCELoss criterion = nn.BCELoss();

            Tensor Objective(Tensor z, Tensor y) => torch.nn.functional.cross_entropy(z, y);
        }
        """, Libraries.Torch);

    [Fact]
    public Task FixAll_TwoDocuments() => VerifyCS.FixAll(
        new[]
        {
            """
            using StableLoss;

            class A
            {
                double Objective(double[] z, double[] y)
                {
                    var p = new double[z.Length];
                    StableMath.Softmax(z, p);
                    return {|LOSS004:Loss.BinaryCrossEntropy(p, y)|};
                }
            }
            """,
            """
            using System;

            class B
            {
                double Objective(double[] u, double[] t)
                {
                    double sum = 0;
                    for (int k = 0; k < u.Length; k++) sum += Math.Exp(u[k]);
                    var q = new double[u.Length];
                    for (int k = 0; k < u.Length; k++) q[k] = Math.Exp(u[k]) / sum;
                    double loss = 0;
                    for (int k = 0; k < u.Length; k++)
                    {
                        loss += {|LOSS004:-(t[k] * Math.Log(q[k]) + (1 - t[k]) * Math.Log(1 - q[k]))|};
                    }

                    return loss;
                }
            }
            """,
        },
        new[]
        {
            """
            using StableLoss;

            class A
            {
                double Objective(double[] z, double[] y)
                {
                    var p = new double[z.Length];
                    StableMath.Softmax(z, p);
                    return Loss.SoftmaxCrossEntropy(z, y);
                }
            }
            """,
            """
            using System;
            using StableLoss;

            class B
            {
                double Objective(double[] u, double[] t)
                {
                    double sum = 0;
                    for (int k = 0; k < u.Length; k++) sum += Math.Exp(u[k]);
                    var q = new double[u.Length];
                    for (int k = 0; k < u.Length; k++) q[k] = Math.Exp(u[k]) / sum;
                    double loss = 0;
                    loss += Loss.SoftmaxCrossEntropy(u, t);

                    return loss;
                }
            }
            """,
        });

    // ---------------------------------------------------------------- broken code

    [Fact]
    public Task Broken_FileCutMidExpression() => VerifyCS.DiagnosticsIgnoringCompilerErrors("""
        using StableLoss;

        class Classifier
        {
            double Objective(double[] z, double[] y)
            {
                var p = new double[z.Length];
                StableMath.Softmax(z, p);
                return Loss.BinaryCrossEntropy(p,
        """);

    [Fact]
    public Task Broken_UnresolvedNames() => VerifyCS.Diagnostics("""
        using StableLoss;

        class Classifier
        {
            double Objective(double[] z, double[] y)
            {
                var p = new double[z.Length];
                StableMath.{|CS0117:SoftMaxx|}(z, p);
                {|CS0103:Softmax|}(z, p);
                return Loss.BinaryCrossEntropy(p, {|CS0103:target|});
            }
        }
        """);

    // ---------------------------------------------------------------- own matrix API (development corpus, reduced)

    [Fact]
    public Task OwnMatrixSoftmaxThroughLogSumExp_HeldInAFieldSetToDefaultInTheConstructor()
    {
        // Softmax(lo, hi) is exp(x − LogSumExp(x)) clamped to optional bounds; the field starts as default! and is given
        // the softmax before the per-class binary cross-entropy reads it. The bounds keep the logs finite; the objective is
        // still wrong for one-hot classes. Own API: reported, no fix.
        const string source = """
            using System;

            public class Grid
            {
                private readonly double[,] cells = new double[2, 3];
                public int Rows => 2;
                public int Columns => 3;
                public Grid(int rows, int columns) { }
                public double this[int r, int c] { get => cells[r, c]; set => cells[r, c] = value; }

                public Grid RowLogSumExp() => new Grid(Rows, 1);

                public Grid Log()
                {
                    var result = new Grid(Rows, Columns);
                    for (int r = 0; r < Rows; r++)
                        for (int c = 0; c < Columns; c++)
                            result[r, c] = Math.Log(this[r, c]);
                    return result;
                }

                public Grid Softmax(double? lo = null, double? hi = null)
                {
                    lo ??= double.MinValue;
                    hi ??= double.MaxValue;
                    Grid lse = RowLogSumExp();
                    var result = new Grid(Rows, Columns);
                    for (int r = 0; r < Rows; r++)
                        for (int c = 0; c < Columns; c++)
                            result[r, c] = Math.Min(hi.Value, Math.Max(lo.Value, Math.Exp(this[r, c] - lse[r, 0])));
                    return result;
                }

                public Grid Hadamard(Grid other) => this;
                public double Total() => 0;
                public static Grid operator -(Grid a, Grid b) => a;
                public static Grid operator -(double a, Grid b) => b;
                public static Grid operator *(double a, Grid b) => b;
            }

            public class MultiClassLoss
            {
                private readonly double eps;
                private Grid scores;
                private Grid labels;
                private Grid probabilities;

                public MultiClassLoss(Grid scores, Grid labels, double eps = 1e-9)
                {
                    this.scores = scores;
                    this.labels = labels;
                    this.eps = eps;
                    probabilities = default!;
                }

                public double Value()
                {
                    probabilities = scores.Softmax(eps, 1 - eps);
                    Grid terms = {|LOSS004:probabilities.Log().Hadamard(-1.0 * labels) - (1.0 - probabilities).Log().Hadamard(1.0 - labels)|};
                    return terms.Total();
                }
            }
            """;
        return VerifyCS.Fix(source, source);
    }

    // ---------------------------------------------------------------- Bernoulli terms written as an accumulator

    private const string SoftmaxHelper = """

        static class Activations
        {
            public static double[] Softmax(double[] z)
            {
                var max = z.Max();
                var e = z.Select(v => Math.Exp(v - max)).ToArray();
                var sum = e.Sum();
                return e.Select(v => v / sum).ToArray();
            }
        }
        """;

    // cost = cost − y·log p − (1 − y)·log(1 − p) is no one BCE expression (the accumulator is a third term): each log of the
    // pair is reported, as LOSS003 reports a sigmoid's terms, and no fix is offered (the loss to write is another one)
    [Fact]
    public Task AccumulatorLoop_OverASoftmax_EachLogReported_NoFix()
    {
        const string source = """
            using System;
            using System.Linq;

            static class Cost
            {
                public static double Of(double[] z, double[] y)
                {
                    var p = Activations.Softmax(z);
                    double cost = 0;
                    for (int k = 0; k < p.Length; k++)
                        cost = cost - y[k] * {|LOSS004:Math.Log(p[k])|} - (1 - y[k]) * {|LOSS004:Math.Log(1 - p[k])|};
                    return cost;
                }
            }
            """ + SoftmaxHelper;
        return VerifyCS.Fix(source, source);
    }

    [Fact]
    public Task AggregateLambda_OverASoftmax_EachLogReported() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        static class Cost
        {
            public static double Of(double[] z, double[] y)
            {
                var p = Activations.Softmax(z);
                return Enumerable.Range(0, y.Length).Aggregate(0.0, (a, k) =>
                    a - y[k] * {|LOSS004:Math.Log(p[k])|} - (1 - y[k]) * {|LOSS004:Math.Log(1 - p[k])|});
            }
        }
        """ + SoftmaxHelper);

    // the same accumulator without the complement terms is a categorical cross-entropy: its unguarded log is LOSS001's
    [Fact]
    public Task AccumulatorLoop_CategoricalTermsOnly_StaysLoss001() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        static class Cost
        {
            public static double Of(double[] z, double[] y)
            {
                var p = Activations.Softmax(z);
                double cost = 0;
                for (int k = 0; k < p.Length; k++)
                    cost = cost - y[k] * {|LOSS001:Math.Log(p[k])|};
                return cost;
            }
        }
        """ + SoftmaxHelper);

    // the complement logged with no target weights (a softmax's log-odds as a feature) is no Bernoulli term: the logs of a
    // softmax output stay LOSS001's
    [Fact]
    public Task ComplementLogWithoutTargetWeights_StaysLoss001() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        static class Features
        {
            public static double[] NotClass(double[] z)
            {
                var p = Activations.Softmax(z);
                var f = new double[p.Length];
                for (int k = 0; k < p.Length; k++)
                    f[k] = {|LOSS001:Math.Log(p[k])|} - {|LOSS001:Math.Log(1 - p[k])|};
                return f;
            }
        }
        """ + SoftmaxHelper);
}
