using System.Threading.Tasks;
using LossAnalyzers.Tests.Infrastructure;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// LOSS001 on real-world shapes (issue #14): a value is a probability because of how the loss uses it (evidence from
/// use), whatever its name; and a ratio is a probability only when the sum it is divided by contains it. Reduced from
/// classes of sites seen in the development corpus (tools/corpus), written anew.
/// </summary>
public class LOSS001EvidenceTests
{
    // ---------------------------------------------------------------- evidence from use: positives

    [Fact]
    public Task BernoulliShape_UnlistedParameterNames_Reported() => VerifyCS.Diagnostics("""
        using static System.Math;

        interface IScalarCost { double Of(double target, double output); }

        sealed class Logistic : IScalarCost
        {
            public double Of(double t, double h) => -t * {|LOSS001:Log(h)|} - (1 - t) * {|LOSS001:Log(1 - h)|};
        }
        """);

    /// <summary>
    /// A Bernoulli log-likelihood summed into an accumulator that the method returns negated: the loss's sign is taken where
    /// the accumulator is read, so the shape is a loss although nothing around it is named like one (the commonest way a
    /// hand-written BCE loop is written).
    /// </summary>
    [Fact]
    public Task BernoulliShapeSummedThenNegated_OutsideLossNames_Reported() => VerifyCS.Diagnostics("""
        using System;

        static class Binary
        {
            public static double Score(double[] y, double[] q)
            {
                double sum = 0;
                for (int i = 0; i < y.Length; i++)
                {
                    sum += y[i] * {|LOSS001:Math.Log(q[i])|} + (1 - y[i]) * {|LOSS001:Math.Log(1 - q[i])|};
                }

                return -sum / y.Length;
            }
        }
        """);

    /// <summary>The same term subtracted from the accumulator (<c>total -= …</c>) is negated where it is written.</summary>
    [Fact]
    public Task BernoulliShapeSubtractedFromAnAccumulator_Reported() => VerifyCS.Diagnostics("""
        using System;

        static class Binary
        {
            public static float Score(float[] y, float[] q)
            {
                float total = 0f;
                for (int i = 0; i < y.Length; i++)
                {
                    total -= y[i] * {|LOSS001:MathF.Log(q[i])|} + (1 - y[i]) * {|LOSS001:MathF.Log(1 - q[i])|};
                }

                return total;
            }
        }
        """);

    /// <summary>A floor from below only (<c>Math.Max(q, ε)</c>) keeps log q finite but not log(1 − q): the complement's log
    /// is reported, the other one not.</summary>
    [Fact]
    public Task BernoulliShapeSummedThenNegated_FloorOnlyFromBelow_ComplementReported() => VerifyCS.Diagnostics("""
        using System;

        static class Binary
        {
            public static double Score(double[] y, double[] q)
            {
                double sum = 0;
                for (int i = 0; i < y.Length; i++)
                {
                    double kept = Math.Max(q[i], 1e-9);
                    sum += y[i] * Math.Log(kept) + (1 - y[i]) * {|LOSS001:Math.Log(1 - kept)|};
                }

                return -sum;
            }
        }
        """);

    /// <summary>The summed log-likelihood returned as it is (a log-pmf, where a parameter at 0 is an impossible event, not a
    /// numerical accident), with nothing named like a loss around it: silent.</summary>
    [Fact]
    public Task BernoulliShapeSummedAndReturnedUnnegated_OutsideLossNames_Silent() => VerifyCS.Diagnostics("""
        using System;

        static class Binary
        {
            public static double Score(double[] y, double[] q)
            {
                double sum = 0;
                for (int i = 0; i < y.Length; i++)
                {
                    sum += y[i] * Math.Log(q[i]) + (1 - y[i]) * Math.Log(1 - q[i]);
                }

                return sum;
            }
        }
        """);

    /// <summary>The per-sample BCE held in a local (<c>var term = …; sum += term;</c>) and the sum negated where it is returned.</summary>
    [Fact]
    public Task BernoulliShapeHeldInALocalThenSummedAndNegated_Reported() => VerifyCS.Diagnostics("""
        using System;

        static class Binary
        {
            public static double Score(double[] y, double[] q)
            {
                double sum = 0;
                for (int i = 0; i < y.Length; i++)
                {
                    double term = y[i] * {|LOSS001:Math.Log(q[i])|} + (1 - y[i]) * {|LOSS001:Math.Log(1 - q[i])|};
                    sum += term;
                }

                return -sum / y.Length;
            }
        }
        """);

    /// <summary>Held in a local and summed, the sum returned as it is: a log-likelihood, silent outside loss names.</summary>
    [Fact]
    public Task BernoulliShapeHeldInALocalThenSummed_Unnegated_Silent() => VerifyCS.Diagnostics("""
        using System;

        static class Binary
        {
            public static double Score(double[] y, double[] q)
            {
                double sum = 0;
                for (int i = 0; i < y.Length; i++)
                {
                    double term = y[i] * Math.Log(q[i]) + (1 - y[i]) * Math.Log(1 - q[i]);
                    sum += term;
                }

                return sum;
            }
        }
        """);

    /// <summary>A soft-target cross-entropy whose weight is written negated (<c>ce += -t[k] * log q[k]</c>).</summary>
    [Fact]
    public Task CrossEntropyWithANegatedWeight_Reported() => VerifyCS.Diagnostics("""
        using System;

        static class Categorical
        {
            public static double Score(double[] t, double[] q)
            {
                double ce = 0;
                for (int k = 0; k < t.Length; k++)
                {
                    ce += -t[k] * {|LOSS001:Math.Log(q[k])|};
                }

                return ce;
            }
        }
        """);

    /// <summary>Negated twice (a negated weight, and the sum negated again): a log-likelihood, silent outside loss names.</summary>
    [Fact]
    public Task CrossEntropyWithANegatedWeight_NegatedAgain_Silent() => VerifyCS.Diagnostics("""
        using System;

        static class Categorical
        {
            public static double Score(double[] t, double[] q)
            {
                double ce = 0;
                for (int k = 0; k < t.Length; k++)
                {
                    ce += -t[k] * Math.Log(q[k]);
                }

                return -ce;
            }
        }
        """);

    [Fact]
    public Task BernoulliShape_FloatLambdaOutsideANamedLoss_Reported() => VerifyCS.Diagnostics("""
        using System;

        sealed class Network
        {
            private Func<float, float, float> cost = (float target, float a) =>
                -(target * {|LOSS001:MathF.Log(a)|} + (1 - target) * {|LOSS001:MathF.Log(1 - a)|});
        }
        """);

    [Fact]
    public Task LabelSplitBySwitchExpression_Reported() => VerifyCS.Diagnostics("""
        using System;

        static class Binary
        {
            public static double Value(double y, double a) => y switch
            {
                0.0 => -{|LOSS001:Math.Log(1 - a)|},
                1.0 => -{|LOSS001:Math.Log(a)|},
                _ => throw new ArgumentOutOfRangeException(nameof(y)),
            };
        }
        """);

    [Fact]
    public Task LabelSplitByIfElse_Reported() => VerifyCS.Diagnostics("""
        using System;

        static class Binary
        {
            public static double Value(bool positive, double o)
            {
                double value;
                if (positive)
                {
                    value = -{|LOSS001:Math.Log(o)|};
                }
                else
                {
                    value = -{|LOSS001:Math.Log(1 - o)|};
                }

                return value;
            }
        }
        """);

    [Fact]
    public Task LabelSplitWithOwnLogOneMinusHelper_Reported() => VerifyCS.Diagnostics("""
        using System;

        static class Binary
        {
            static double Log1m(double x) => Math.Log(1 - x);

            public static double Sum(bool[] expected, double[] actual)
            {
                double s = 0;
                for (int i = 0; i < actual.Length; i++)
                {
                    if (expected[i]) s -= {|LOSS001:Math.Log(actual[i])|};
                    else s -= Log1m(actual[i]);
                }

                return s;
            }
        }
        """);

    [Fact]
    public Task NegatedLogOfTheLabelledClass_Reported() => VerifyCS.Diagnostics("""
        using System;

        static class Classifier
        {
            public static float Value(float[] output, int target) => -{|LOSS001:MathF.Log(output[target])|};

            public static double Batch(double[][] scores, int[] labels)
            {
                double s = 0;
                for (int i = 0; i < labels.Length; i++) s -= {|LOSS001:Math.Log(scores[i][labels[i]])|};
                return s;
            }
        }
        """);

    [Fact]
    public Task BatchInAMatrix_TheLastIndexSelectsTheClass_Reported() => VerifyCS.Diagnostics("""
        using System;

        static class BatchLoss
        {
            public static double Nll(double[,] probabilities, int[] labels)
            {
                double s = 0;
                for (int i = 0; i < labels.Length; i++) s -= {|LOSS001:Math.Log(probabilities[i, labels[i]])|};
                return s / labels.Length;
            }

            public static double Categorical(float[,] q, float[,] t, int row)
            {
                float s = 0;
                for (int k = 0; k < q.GetLength(1); k++) s -= t[row, k] * {|LOSS001:MathF.Log(q[row, k])|};
                return s;
            }
        }
        """);

    [Fact]
    public Task MatrixElementAtALoopCounter_NotNegated_NotReported() => VerifyCS.Diagnostics("""
        using System;

        static class Transitions
        {
            // a log-probability table filled for a Viterbi pass: not a loss, and the column is a loop counter
            public static void ToLog(double[,] a, double[,] logA)
            {
                for (int i = 0; i < a.GetLength(0); i++)
                    for (int j = 0; j < a.GetLength(1); j++)
                        logA[i, j] = Math.Log(a[i, j]);
            }
        }
        """);

    [Fact]
    public Task PointerBuffers_TheTargetTokensProbability_Reported() => VerifyCS.Diagnostics("""
        using System;

        static unsafe class TokenLoss
        {
            // a ported C kernel: probabilities and targets in flat buffers
            public static void Forward(float* probs, int* targets, int tokens, int vocabulary, float* losses)
            {
                for (int t = 0; t < tokens; t++)
                {
                    float* row = probs + t * vocabulary;
                    int target = targets[t];
                    losses[t] = -{|LOSS001:MathF.Log(row[target])|};
                }
            }

            public static float Flat(float* probs, float* onehot, int n, int width)
            {
                float loss = 0;
                for (int i = 0; i < n; i++)
                {
                    int offset = i * width, best = 0;
                    for (int j = 1; j < width; j++) if (onehot[offset + j] > onehot[offset + best]) best = j;
                    loss -= {|LOSS001:MathF.Log(probs[offset + best])|};
                }

                return loss;
            }
        }
        """, Libraries.Unsafe);

    [Fact]
    public Task FlatBufferWalkedByALoopCounter_NotAClassLabel_NotReported() => VerifyCS.Diagnostics("""
        using System;

        static unsafe class Entropies
        {
            // every element of each row is visited: −Σ log p is not one label's likelihood (and p is not known to be one)
            public static float LogSum(float* values, int n, int width)
            {
                float total = 0;
                for (int i = 0; i < n; i++)
                {
                    int offset = i * width;
                    for (int j = 0; j < width; j++) total -= MathF.Log(values[offset + j]);
                }

                return total;
            }
        }
        """, Libraries.Unsafe);

    [Fact]
    public Task LambdaOverAClippedTensor_Guarded_NotReported() => VerifyCS.Diagnostics("""
        using System;

        public sealed class Tensor
        {
            public Tensor Clipped(float min, float max) => this;
            public void Map(Func<float, float, float> f, Tensor other, Tensor result) { }
        }

        public sealed class BinaryCrossEntropy
        {
            private const float Epsilon = 1e-6f;

            // the lambda's y takes the elements of the clipped output: both logs are guarded
            public void Compute(Tensor target, Tensor output, Tensor result)
            {
                var clipped = output.Clipped(Epsilon, 1 - Epsilon);
                target.Map((t, y) => -t * MathF.Log(y) - (1 - t) * MathF.Log(1 - y), clipped, result);
            }

            // unclipped: the same lambda is a loss over raw outputs
            public void Raw(Tensor target, Tensor output, Tensor result) =>
                target.Map((t, y) => -t * {|LOSS001:MathF.Log(y)|} - (1 - t) * {|LOSS001:MathF.Log(1 - y)|}, output, result);
        }
        """);

    [Fact]
    public Task WeightedByAnotherDistribution_Reported() => VerifyCS.Diagnostics("""
        static class Categorical
        {
            public static double Value(double[] t, double[] q)
            {
                double s = 0;
                for (int k = 0; k < q.Length; k++) s -= t[k] * {|LOSS001:System.Math.Log(q[k])|};
                return s;
            }
        }
        """);

    [Fact]
    public Task ScalarCategoricalTermInACostClass_Reported() => VerifyCS.Diagnostics("""
        using static System.Math;

        sealed class CategoricalCost
        {
            public double Evaluate(double T, double O) => -T * {|LOSS001:Log(O)|};
        }
        """);

    [Fact]
    public Task ShapeReported_FixClampsTheProbability() => VerifyCS.Fix("""
        using static System.Math;

        sealed class Binary
        {
            public double Evaluate(double T, double O) => -T * {|LOSS001:Log(O)|} - (1.0 - T) * {|LOSS001:Log(1.0 - O)|};
        }
        """, """
        using static System.Math;

        sealed class Binary
        {
            public double Evaluate(double T, double O) => -T * Log(System.Math.Clamp(O, 1e-12, 1 - 1e-12)) - (1.0 - T) * Log(1.0 - System.Math.Clamp(O, 1e-12, 1 - 1e-12));
        }
        """);

    [Fact]
    public Task LogsInAnotherBase_SameEvidence_FixClampsTheFirstArgument() => VerifyCS.Fix("""
        using System;

        sealed class BitsCrossEntropy
        {
            private int logBase = 2;

            public double Binary(double[] targets, double[] outputs)
            {
                double sum = 0;
                for (int j = 0; j < outputs.Length; j++)
                    sum += targets[j] * {|LOSS001:Math.Log(outputs[j], logBase)|} + (1 - targets[j]) * {|LOSS001:Math.Log(1 - outputs[j], logBase)|};
                return -sum / outputs.Length;
            }

            public double Categorical(double[] targets, double[] outputs)
            {
                double sum = 0;
                for (int j = 0; j < outputs.Length; j++)
                    sum += targets[j] * {|LOSS001:Math.Log(outputs[j], logBase)|};
                return -sum;
            }
        }
        """, """
        using System;

        sealed class BitsCrossEntropy
        {
            private int logBase = 2;

            public double Binary(double[] targets, double[] outputs)
            {
                double sum = 0;
                for (int j = 0; j < outputs.Length; j++)
                    sum += targets[j] * Math.Log(Math.Clamp(outputs[j], 1e-12, 1 - 1e-12), logBase) + (1 - targets[j]) * Math.Log(1 - Math.Clamp(outputs[j], 1e-12, 1 - 1e-12), logBase);
                return -sum / outputs.Length;
            }

            public double Categorical(double[] targets, double[] outputs)
            {
                double sum = 0;
                for (int j = 0; j < outputs.Length; j++)
                    sum += targets[j] * Math.Log(Math.Clamp(outputs[j], 1e-12, 1 - 1e-12), logBase);
                return -sum;
            }
        }
        """);

    [Fact]
    public Task UnitOptionBetweenBases_TheNaturalBranchCarriesTheDiagnostic() => VerifyCS.Diagnostics("""
        using System;

        static class CostFunctions
        {
            public static double CrossEntropyLoss(double truth, double predicted, bool natural)
            {
                return natural
                    ? -truth * {|LOSS001:Math.Log(predicted)|} - (1 - truth) * {|LOSS001:Math.Log(1 - predicted)|}
                    : -truth * Math.Log(predicted, 2) - (1 - truth) * Math.Log(1 - predicted, 2);
            }
        }
        """);

    [Fact]
    public Task EntropyInBitsOfAGuardedDistribution_Silent() => VerifyCS.Diagnostics("""
        using System;

        static class Split
        {
            public static double Entropy(double[] p)
            {
                double h = 0;
                foreach (var q in p)
                    if (q > 0) h -= q * Math.Log2(q);
                return h;
            }

            public static double Bits(double[] t, double[] q)
            {
                double s = 0;
                for (int i = 0; i < q.Length; i++)
                    s -= t[i] * Math.Log2(Math.Max(q[i], 1e-12));
                return s;
            }
        }
        """);

    private const string OwnTensor = """
        namespace Grid
        {
            public class Tensor
            {
                private readonly float[] data = new float[4];
                public Tensor Log(bool inline = false, Tensor result = null) { var r = result ?? new Tensor(); for (int i = 0; i < 4; i++) r.data[i] = System.MathF.Log(data[i]); return r; }
                public Tensor Mul(Tensor other, bool inline = false, Tensor result = null) => this;
                public Tensor Sub(Tensor other) => this;
                public Tensor Sum(int dim = -1) => this;
                public Tensor Neg(bool inline = false, Tensor result = null) => this;
                public Tensor Clamp(float lo, float hi) => this;
                public static Tensor operator *(Tensor a, Tensor b) => a;
            }

            public static class clip_ops
            {
                public static Tensor clip_by_value(Tensor t, float lo, float hi) => t;
            }
        }

        """;

    [Fact]
    public Task TensorCategoricalCrossEntropy_OwnTensorType_Reported() => VerifyCS.Diagnostics(OwnTensor + """
        namespace Losses
        {
            using Grid;

            public sealed class CategoricalCrossEntropy
            {
                public Tensor Forward(Tensor prediction, Tensor target) => target.Mul({|LOSS001:prediction.Log()|}).Sum().Neg();
            }
        }
        """);

    [Fact]
    public Task TensorCategoricalCrossEntropy_Torch_ReportedAndClamped() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;

        static class Objective
        {
            public static Tensor Compute(Tensor q, Tensor onehot) => -(onehot * {|LOSS001:torch.log(q)|}).sum(1).mean();
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;

        static class Objective
        {
            public static Tensor Compute(Tensor q, Tensor onehot) => -(onehot * torch.log(q.clamp(1e-7, 1 - 1e-7))).sum(1).mean();
        }
        """, Libraries.Torch);

    [Fact]
    public Task LogOfADistributionGivenToKlDivLoss_Reported() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;

        sealed class DistributionalLoss
        {
            public Tensor Compute(Tensor predicted, Tensor projected)
            {
                var criterion = nn.KLDivLoss(false, reduction: nn.Reduction.None);
                return criterion.forward({|LOSS001:predicted.log()|}, projected).mean(new long[] { 0, -1 }).sum();
            }

            public Tensor Functional(Tensor predicted, Tensor projected) =>
                nn.functional.kl_div({|LOSS001:torch.log(predicted)|}, projected);

            // already a log-distribution: nothing to log
            public Tensor FromLogSoftmax(Tensor logits, Tensor projected) =>
                nn.functional.kl_div(nn.functional.log_softmax(logits, 1), projected);
        }
        """, Libraries.Torch);

    [Fact]
    public Task BinaryCrossEntropyOverSystemNumericsTensors_Reported() => VerifyCS.Diagnostics("""
        #pragma warning disable SYSLIB5001 // Tensor<T> is marked experimental
        using System.Numerics;
        using System.Numerics.Tensors;

        public static class BinaryCrossEntropy<T> where T : IFloatingPointIeee754<T>
        {
            public static T Inline(in ReadOnlyTensorSpan<T> y, in ReadOnlyTensorSpan<T> a) =>
                -Tensor.Sum<T>(Tensor.Add<T>(Tensor.Multiply<T>(y, {|LOSS001:Tensor.Log<T>(a)|}), Tensor.Multiply<T>(Tensor.Subtract<T>(T.One, y), {|LOSS001:Tensor.Log<T>(Tensor.Subtract<T>(T.One, a))|})));

            // clamped from below only: log(1 - a) still reaches -inf at a = 1
            public static T OneSided(in ReadOnlyTensorSpan<T> y, in ReadOnlyTensorSpan<T> a)
            {
                T epsilon = T.CreateChecked(1e-9);
                Tensor<T> clamped = Tensor.Max<T>(a, epsilon);
                Tensor<T> logA = Tensor.Log<T>(clamped);
                Tensor<T> logOneMinusA = {|LOSS001:Tensor.Log<T>(Tensor.Subtract<T>(T.One, clamped))|};
                Tensor<T> first = Tensor.Multiply<T>(y, logA);
                Tensor<T> second = Tensor.Multiply<T>(Tensor.Subtract<T>(T.One, y), logOneMinusA);
                return -Tensor.Sum<T>(Tensor.Add<T>(first, second));
            }

            // clamped on both sides
            public static T Guarded(in ReadOnlyTensorSpan<T> y, in ReadOnlyTensorSpan<T> a)
            {
                T lo = T.CreateChecked(1e-7), hi = T.CreateChecked(1 - 1e-7);
                Tensor<T> p = Tensor.Min<T>(Tensor.Max<T>(a, lo), hi);
                return -Tensor.Sum<T>(Tensor.Add<T>(Tensor.Multiply<T>(y, Tensor.Log<T>(p)), Tensor.Multiply<T>(Tensor.Subtract<T>(T.One, y), Tensor.Log<T>(Tensor.Subtract<T>(T.One, p)))));
            }
        }
        """, Libraries.Tensors);

    [Fact]
    public Task GenericBoundsHeldInLocals_AreGuards() => VerifyCS.Diagnostics("""
        using System.Numerics;

        public static class BinaryCrossEntropyLoss<T> where T : IFloatingPointIeee754<T>
        {
            public static T Clamped(T y, T a)
            {
                T lo = T.CreateChecked(1e-7), hi = T.CreateChecked(1 - 1e-7);
                T p = T.Min(T.Max(a, lo), hi);
                return -(y * T.Log(p) + (T.One - y) * T.Log(T.One - p));
            }

            public static T FloorOnly(T y, T a)
            {
                T floor = T.CreateSaturating(1e-9);
                T p = T.Max(a, floor);
                return -(y * T.Log(p) + (T.One - y) * {|LOSS001:T.Log(T.One - p)|});
            }
        }
        """);

    [Fact]
    public async Task GenericMathBce_Reported_MessageGivesAnEpsilonPerType()
    {
        const string source = """
            using System.Numerics;

            public sealed class LogLoss<T> where T : IFloatingPointIeee754<T>
            {
                public T Value(T t, T h) => -(t * {|#0:T.Log(h)|} + (T.One - t) * {|#1:T.Log(T.One - h)|});
            }
            """;
        var test = new LossTest<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider> { TestCode = source };
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("LOSS001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithArguments(
            "h", "used as the probability of a binary cross-entropy", "0", "its log", " and the loss becomes NaN or ∞",
            "clamp it to [ε, 1 − ε] (ε = 1e-7 for float32 elements, 1e-12 for float64)"));
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("LOSS001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(1).WithArguments(
            "h", "used as the probability of a binary cross-entropy", "1", "log(1 - h)", " and the loss becomes NaN or ∞",
            "clamp it to [ε, 1 − ε] (ε = 1e-7 for float32 elements, 1e-12 for float64)"));
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public Task TensorLogHeldInAVariable_Reported() => VerifyCS.Diagnostics("""
        public interface IWeights { }

        public static class Kernels
        {
            public static IWeights Log(IWeights w) => w;
        }

        public class Graph
        {
            public IWeights Log(IWeights w) { return Kernels.Log(w); }
            public IWeights Add(IWeights w, float v) { return w; }
            public IWeights Clamp(IWeights w, float lo, float hi) { return w; }
            public IWeights EltMul(IWeights a, IWeights b) { return a; }

            // smoothed only when asked: with the default 0 the log of an exact 0 is taken
            public IWeights CrossEntropyLoss(IWeights probs, IWeights target, float smooth = 0f)
            {
                if (smooth > 0f)
                {
                    probs = Add(probs, smooth);
                }

                probs = {|LOSS001:Log(probs)|};
                var loss = EltMul(target, probs);
                return loss;
            }

            public IWeights CategoricalLoss(IWeights predicted, IWeights target)
            {
                var logged = {|LOSS001:Log(predicted)|};
                return EltMul(target, logged);
            }

            public IWeights ClampedLoss(IWeights probs, IWeights target)
            {
                probs = Clamp(probs, 1e-7f, 1f);
                probs = Log(probs);
                return EltMul(target, probs);
            }
        }
        """);

    [Fact]
    public Task TensorLogLookAlikes_Silent() => VerifyCS.Diagnostics(OwnTensor + """
        namespace Losses
        {
            using TorchSharp;

            public static class Objectives
            {
                // an entropy: the weights are the logged value itself
                public static Grid.Tensor Entropy(Grid.Tensor p) => p.Mul(p.Log()).Sum().Neg();

                // a Poisson deviance: the rate is also a term outside its log
                public static torch.Tensor PoissonLoss(torch.Tensor rate, torch.Tensor counts) => (rate - counts * torch.log(rate)).mean();

                // guarded before the log
                public static Grid.Tensor Guarded(Grid.Tensor prediction, Grid.Tensor target) => target.Mul(prediction.Clamp(1e-7f, 1f).Log()).Sum().Neg();

                // clipped the TensorFlow way, a line before
                public static Grid.Tensor Clipped(Grid.Tensor output, Grid.Tensor target)
                {
                    var eps = 1e-7f;
                    output = Grid.clip_ops.clip_by_value(output, eps, 1f - eps);
                    return (target * output.Log()).Sum().Neg();
                }

                // a log scaled by a constant
                public static torch.Tensor Scaled(torch.Tensor x) => -(0.5f * torch.log(x)).sum();
            }
        }
        """, Libraries.Torch);

    // ---------------------------------------------------------------- evidence from use: look-alikes that stay silent

    [Fact]
    public Task GuardedBeforeTheShape_Silent() => VerifyCS.Diagnostics("""
        using System;

        static class Binary
        {
            public static double Value(double t, double h)
            {
                h = Math.Clamp(h, 1e-12, 1 - 1e-12);
                return -t * Math.Log(h) - (1 - t) * Math.Log(1 - h);
            }

            public static double Split(int y, double a) => y == 1 ? -Math.Log(a + 1e-12) : -Math.Log(1 - a + 1e-12);
        }
        """);

    [Fact]
    public Task BernoulliLogProbabilityOfADistribution_Silent() => VerifyCS.Diagnostics("""
        using System;

        static class BernoulliDistribution
        {
            // a log-pmf: a parameter at 0 is an impossible event, and -∞ is its right value
            public static double LogProbability(bool sample, double probTrue) => sample ? Math.Log(probTrue) : Math.Log(1 - probTrue);

            public static double Entropy(double p) => -(p * Math.Log(p)) - (1 - p) * Math.Log(1 - p);
        }

        static class Sampler
        {
            public static double Draw(double x, bool lower) => lower ? Math.Log(x) : Math.Log(1 - x);
        }
        """);

    [Fact]
    public Task RegionChoiceOnTheValueItself_Silent() => VerifyCS.Diagnostics("""
        using System;

        static class Quantile
        {
            public static double Tail(double y)
            {
                if (y < 0.02) return Math.Sqrt(-2 * Math.Log(y / 2));
                if (y > 0.98) return Math.Sqrt(-2 * Math.Log(1 - y / 2));
                return y;
            }
        }
        """);

    [Fact]
    public Task ValueFromAHelperWhoseBodyBoundsIt_Silent() => VerifyCS.Diagnostics("""
        using System;

        static class Squash
        {
            public static double Soft(double t) => 0.5 * (Math.Tanh(t) + 1) * 0.98 + 0.01;
        }

        class Trainer
        {
            double Step(double z, double y)
            {
                double p = Squash.Soft(z);
                return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
            }
        }
        """);

    [Fact]
    public Task ValueReadThroughAStoredElementAccessor_Reported() => VerifyCS.Diagnostics("""
        using System;

        sealed class Grid
        {
            private readonly double[] cells;
            private readonly int width;
            public Grid(int rows, int width) { cells = new double[rows * width]; this.width = width; }

            public double At(int row, int column)
            {
                if (row < 1 || column < 1) throw new ArgumentOutOfRangeException(nameof(row));
                int offset = (row - 1) * width + column - 1;
                return cells[offset];
            }
        }

        class Fitter
        {
            double Objective(Grid predicted, Grid truth, int rows)
            {
                double total = 0;
                for (int r = 1; r <= rows; r++)
                {
                    double h = predicted.At(r, 1);
                    total += -truth.At(r, 1) * {|LOSS001:Math.Log(h)|} - (1 - truth.At(r, 1)) * {|LOSS001:Math.Log(1 - h)|};
                }
                return total / rows;
            }
        }
        """);

    [Fact]
    public Task ValueFromAnAccessorThatClampsWhatItReturns_Silent() => VerifyCS.Diagnostics("""
        using System;

        sealed class Grid
        {
            private readonly double[] cells = new double[16];
            public double At(int i) => Math.Clamp(cells[i], 1e-9, 1 - 1e-9);
        }

        class Fitter
        {
            double Objective(Grid predicted, double[] truth)
            {
                double total = 0;
                for (int i = 0; i < truth.Length; i++)
                {
                    double h = predicted.At(i);
                    total -= truth[i] * Math.Log(h) + (1 - truth[i]) * Math.Log(1 - h);
                }
                return total;
            }
        }
        """);

    [Fact]
    public Task PoissonDevianceAndStableSoftplusTerms_Silent() => VerifyCS.Diagnostics("""
        using static System.Math;

        sealed class PoissonCost
        {
            public double Evaluate(double T, double O) => O - T * Log(O);
        }

        sealed class LogisticObjective
        {
            public double Term(double y, double z) => -y * Log(1 + Exp(-Abs(z)));
        }
        """);

    [Fact]
    public Task LogOfAClassScoreNotNegated_Silent() => VerifyCS.Diagnostics("""
        using System;

        sealed class NaiveBayes
        {
            private double[] priors = { 0.5, 0.5 };

            public double LogLikelihood(double logDensity, int classIndex) => Math.Log(priors[classIndex]) + logDensity;
        }
        """);

    // ---------------------------------------------------------------- ratios: a / Σ contains a

    [Fact]
    public Task RatiosThatAreNotProbabilities_Silent() => VerifyCS.Diagnostics("""
        using System;

        static class Ratios
        {
            public static double BoostWeight(double[] w, bool[] wrong)
            {
                double e = 0;
                for (int i = 0; i < w.Length; i++) if (wrong[i]) e += w[i];
                return 0.5 * Math.Log((1 - e) / e);
            }

            public static double Intercept(double[] o)
            {
                double y0 = 0, y1 = 0;
                for (int i = 0; i < o.Length; i++) { y0 += 1 - o[i]; y1 += o[i]; }
                return Math.Log(y1 / y0);
            }
        }
        """);

    [Fact]
    public Task SmoothedCountTableOutsideALoss_Silent() => VerifyCS.Diagnostics("""
        using System;

        sealed class Transitions
        {
            public double[][] Table = Array.Empty<double[]>();

            public void ToLogSpace()
            {
                foreach (var row in Table)
                {
                    double sum = 0;
                    for (int j = 0; j < row.Length; j++) sum += row[j];
                    for (int j = 0; j < row.Length; j++) row[j] = Math.Log(row[j] / sum);
                }
            }
        }
        """);

    [Fact]
    public Task ShareOfASumInALoss_Reported() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        static class Losses
        {
            public static double ShareLoss(double[] counts, int k) => -{|LOSS001:Math.Log(counts[k] / counts.Sum())|};
        }
        """);

    [Fact]
    public async Task BceSplitOverTwoLocals_IsABernoulliShape()
    {
        var test = new Infrastructure.LossTest<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>
        {
            TestCode = """
                using System;

                static class Costs
                {
                    public static float BinaryCost(float[] y, float[] o)
                    {
                        float cost = 0;
                        for (int i = 0; i < y.Length; i++)
                        {
                            float yi = y[i], a = o[i],
                                left = yi * (float){|#0:Math.Log({|#2:a|})|},
                                right = (1 - yi) * (float){|#1:Math.Log(1 - {|#3:a|})|};
                            cost -= left + right;
                        }

                        return cost;
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("LOSS001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithLocation(2) // the operand the clamp fix wraps
            .WithArguments("a", "used as the probability of a binary cross-entropy", "0", "its log", " and the loss becomes NaN or ∞", "clamp it to [ε, 1 − ε] with ε = 1e-7f"));
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("LOSS001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(1)
            .WithLocation(3)
            .WithArguments("a", "used as the probability of a binary cross-entropy", "1", "log(1 - a)", " and the loss becomes NaN or ∞", "clamp it to [ε, 1 − ε] with ε = 1e-7f"));
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public Task UnweightedLogSumsOfALikelihood_Silent() => VerifyCS.Diagnostics("""
        using System;

        static class Beta
        {
            // Σ log x and Σ log(1 − x): a Beta likelihood's sufficient statistics, not a binary cross-entropy
            public static double LogLikelihood(double[] observations, double a, double b)
            {
                double sum1 = 0, sum2 = 0;
                for (int i = 0; i < observations.Length; i++)
                {
                    sum1 += Math.Log(observations[i]);
                    sum2 += Math.Log(1 - observations[i]);
                }

                return (a - 1) * sum1 + (b - 1) * sum2;
            }
        }
        """);

    [Fact]
    public Task LogUnderAOneHotTargetTest_IsACategoricalCrossEntropy() => VerifyCS.Diagnostics("""
        using System;

        public abstract class CostBase
        {
            public abstract double Evaluate(double[] actual, double[] expected);
        }

        public sealed class CategoricalCost : CostBase
        {
            public override double Evaluate(double[] actual, double[] expected)
            {
                double total = 0;
                for (int i = 0; i < expected.Length; i++)
                {
                    if (expected[i] != 0) total -= {|LOSS001:Math.Log(actual[i])|};
                }

                return total;
            }
        }

        public sealed class OneHotCost : CostBase
        {
            public override double Evaluate(double[] actual, double[] expected)
            {
                double last = 0;
                for (int i = 0; i < expected.Length; i++)
                {
                    if (expected[i] == 1)
                    {
                        last = -{|LOSS001:Math.Log(actual[i])|};
                    }
                }

                return last;
            }
        }
        """);

    [Fact]
    public Task LogUnderOtherTests_Silent() => VerifyCS.Diagnostics("""
        using System;

        public static class Scores
        {
            // the test is on the logged vector itself: a guard, not a one-hot target
            public static double Guarded(double[] actual, double[] expected)
            {
                double total = 0;
                for (int i = 0; i < actual.Length; i++)
                {
                    if (actual[i] > 0) total -= expected[i] * Math.Log(actual[i]);
                }

                return total;
            }

            // a mask at another index, and a log that is not negated
            public static double Masked(double[] actual, double[] mask)
            {
                double total = 0;
                for (int i = 1; i < actual.Length; i++)
                {
                    if (mask[i - 1] != 0) total -= Math.Log(actual[i]);
                    if (mask[i] != 0) total += Math.Log(actual[i]);
                }

                return total;
            }
        }
        """);

    [Fact]
    public Task EntropyOverNonEmptyBins_Silent() => VerifyCS.Diagnostics("""
        using System;

        public static class Histogram
        {
            // −Σ p log p over the bins that have counts: an entropy, not a loss
            public static double Spread(int[] counts, double[] p)
            {
                double h = 0;
                for (int i = 0; i < counts.Length; i++)
                {
                    if (counts[i] > 0) h -= p[i] * Math.Log(p[i]);
                }

                return h;
            }
        }
        """);

    /// <summary>
    /// A loss's parameter named like a probability is one only where the code uses it so: logged and negated through a
    /// LINQ map and a reduction (a sparse categorical cross-entropy) it is; a Poisson rate (<c>p − t·log p</c>: the value
    /// is also a term of the sum) is not.
    /// </summary>
    [Fact]
    public Task LinqLossTerms_SparseCrossEntropyReported_PoissonRateSilent() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        public static class LossFunctions
        {
            public static double SparseCategoricalCrossEntropy(double[][] predictions, int[] targets) =>
                -1 * Enumerable.Range(0, predictions.Length).Select(i => {|LOSS001:Math.Log(predictions[i][targets[i]])|}).Average();

            public static double PoissonLoss(double[] predictions, double[] targets) =>
                predictions.Zip(targets, (p, t) => p - t * Math.Log(p)).Average();
        }
        """);

    /// <summary>A focal loss's two terms summed in a <c>Zip</c> selector and negated outside it: each log is a negated loss
    /// term (the sum keeps the sign); the same sum returned as a log-likelihood, not negated, is not evidence.</summary>
    [Fact]
    public Task FocalTermsSummedInsideNegatedZip_Reported_LikelihoodSilent() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        public static class LossFunctions
        {
            public static double FocalLoss(double[] predictions, double[] targets, double alpha = 0.25, double gamma = 2.0) =>
                -targets.Zip(predictions, (t, p) => t * alpha * Math.Pow(1 - p, gamma) * {|LOSS001:Math.Log(p)|} +
                                                    (1 - t) * (1 - alpha) * Math.Pow(p, gamma) * {|LOSS001:Math.Log(1 - p)|}).Average();

            public static double FocalLikelihood(double[] predictions, double[] targets, double gamma = 2.0) =>
                targets.Zip(predictions, (t, p) => t * Math.Pow(1 - p, gamma) * Math.Log(p) + Math.Pow(p, gamma) * Math.Log(1 - p)).Sum();
        }
        """);

    // ---------------------------------------------------------------- a clip written as a map of a ternary, bounds in locals

    [Fact]
    public Task ClippedByAnElementwiseMapOfATernary_BoundsInLocals_Silent() => VerifyCS.Diagnostics("""
        using System;

        public sealed class Grid
        {
            public static Grid ApplyElementwiseFunction(Grid a, Func<double, double> f) => a;
            public static Grid ApplyElementwiseFunction(Grid a, Grid b, Func<double, double, double> f) => a;
            public Grid Average() => this;
        }

        public static class Settings { public const double Epsilon = 1e-7; }

        public sealed class BinaryCrossEntropyCost
        {
            // every element is kept in [ε, 1 − ε] by the first map, and the second reads those elements
            public Grid Forward(Grid predictions, Grid labels)
            {
                var lo = Settings.Epsilon;
                var hi = 1 - Settings.Epsilon;
                var clipped = Grid.ApplyElementwiseFunction(predictions, p => p < lo ? lo : p > hi ? hi : p);
                return Grid.ApplyElementwiseFunction(clipped, labels, (c, l) => -(l * Math.Log(c) + (1 - l) * Math.Log(1 - c))).Average();
            }
        }
        """);

    [Fact]
    public Task NotClippedByTheMap_StillReported() => VerifyCS.Diagnostics("""
        using System;

        public sealed class Grid
        {
            public static Grid ApplyElementwiseFunction(Grid a, Func<double, double> f) => a;
            public static Grid ApplyElementwiseFunction(Grid a, Grid b, Func<double, double, double> f) => a;
            public Grid Average() => this;
        }

        public sealed class BinaryCrossEntropyCost
        {
            // the map keeps the elements below 1 only: log(c) still meets 0
            public Grid Forward(Grid predictions, Grid labels)
            {
                var hi = 1 - 1e-7;
                var capped = Grid.ApplyElementwiseFunction(predictions, p => p > hi ? hi : p);
                return Grid.ApplyElementwiseFunction(capped, labels, (c, l) => -(l * {|LOSS001:Math.Log(c)|} + (1 - l) * Math.Log(1 - c))).Average();
            }
        }
        """);

    [Fact]
    public Task PoissonDevianceOfARate_IsNoCrossEntropy() => VerifyCS.Diagnostics("""
        using System;

        public abstract class LossFunction
        {
            public abstract float Loss(float[,] actual, float[,] predicted);
        }

        public sealed class PoissonLoss : LossFunction
        {
            // the predicted rate appears outside its log: q − t · log q is a Poisson deviance, not Σ t · log q
            public override float Loss(float[,] actual, float[,] predicted)
            {
                float loss = 0;
                for (int j = 0; j < actual.GetLength(0); j++)
                    for (int i = 0; i < actual.GetLength(1); i++)
                        loss += predicted[j, i] - (actual[j, i] * (float)Math.Log(predicted[j, i]));
                return loss;
            }
        }
        """);
    [Fact]
    public Task ElementOfOwnVectorSoftmax_ThroughItsIndexer_Reported_OthersSilent() => VerifyCS.Diagnostics("""
        using System;

        class Vec
        {
            private readonly float[] values;
            public Vec(int n) { values = new float[n]; }
            public int Size => values.Length;
            public float this[int i] { get => values[i]; set => values[i] = value; }
        }

        class SparseCrossEntropy
        {
            static Vec Softmax(Vec input)
            {
                float max = float.MinValue;
                for (int i = 0; i < input.Size; i++) max = Math.Max(max, input[i]);
                var r = new Vec(input.Size);
                float sum = 0;
                for (int i = 0; i < input.Size; i++) { r[i] = MathF.Exp(input[i] - max); sum += r[i]; }
                for (int i = 0; i < input.Size; i++) r[i] /= sum;
                return r;
            }

            static Vec Scores(Vec input)
            {
                var r = new Vec(input.Size);
                for (int i = 0; i < input.Size; i++) r[i] = 1 + input[i] * input[i];
                return r;
            }

            // the label's element of a softmax held in the project's own vector type underflows to 0 for a confident miss
            public float Loss(Vec logits, int label)
            {
                Vec p = Softmax(logits);
                return -(float){|LOSS001:Math.Log(p[label])|};
            }

            // clamped first, or an element of something that is no probability: silent
            public float Clamped(Vec logits, int label)
            {
                Vec p = Softmax(logits);
                return -(float)Math.Log(Math.Max(p[label], 1e-7f));
            }

            public float Penalty(Vec input, int k) => (float)Math.Log(Scores(input)[k]);
        }
        """);
    [Fact]
    public Task TargetRowOfAColumnMajorMatrix_SummedThenNegated_Reported() => VerifyCS.Diagnostics("""
        using System;

        sealed class Mat
        {
            private readonly float[,] values;
            public Mat(int rows, int columns) { values = new float[rows, columns]; }
            public int ColumnCount => values.GetLength(1);
            public float this[int r, int c] { get => values[r, c]; set => values[r, c] = value; }
        }

        sealed class CategoricalCrossEntropy
        {
            // one sample per column, the class in the row the target names; the sum is negated where it is returned
            public float Forward(Mat y, Mat t)
            {
                var entropy = 0.0f;
                for (var i = 0; i < y.ColumnCount; i++)
                    entropy += {|LOSS001:MathF.Log(y[(int)t[0, i], i])|};
                return -entropy / y.ColumnCount;
            }

            public float Batch(float[,] y, int[] labels)
            {
                float sum = 0;
                for (var i = 0; i < labels.Length; i++)
                    sum += {|LOSS001:MathF.Log(y[labels[i], i])|};
                sum /= -labels.Length;
                return sum;
            }
        }
        """);

    [Fact]
    public Task TargetRowSummedButNotNegated_OrNoLabel_Silent() => VerifyCS.Diagnostics("""
        using System;

        sealed class Scores
        {
            // a log-likelihood kept as one (maximised, reported): no loss sign
            public static float LogLikelihood(float[,] y, int[] labels)
            {
                var total = 0f;
                for (var i = 0; i < labels.Length; i++)
                    total += MathF.Log(y[labels[i], i]);
                return total;
            }

            // both indices walk the matrix: no class is chosen by a label
            public static float Everything(float[,] y)
            {
                var total = 0f;
                for (var r = 0; r < y.GetLength(0); r++)
                    for (var c = 0; c < y.GetLength(1); c++)
                        total += MathF.Log(y[r, c]);
                return -total;
            }

            // the negation is of another sum
            public static float Other(float[,] y, int[] labels, float[] w)
            {
                var total = 0f;
                var penalty = 0f;
                for (var i = 0; i < labels.Length; i++)
                {
                    total += MathF.Log(y[labels[i], i]);
                    penalty += w[i] * w[i];
                }
                return total - penalty;
            }
        }
        """);

    [Fact]
    public Task BatchMatrixParameter_NegativeLogLikelihoodScaledByMinusN_ReportedAndFixed() => VerifyCS.Fix("""
        using System;

        abstract class Criterion
        {
            protected int rows, columns;
            public abstract float Loss(float[,] target, float[,] predicted);
        }

        class NegativeLogLikelihood : Criterion
        {
            public override float Loss(float[,] target, float[,] predicted)
            {
                float loss = 0;
                for (int j = 0; j < rows; j++)
                    for (int i = 0; i < columns; i++)
                        loss += (float){|LOSS001:Math.Log(predicted[j, i])|};
                loss /= -columns;
                return loss;
            }
        }
        """, """
        using System;

        abstract class Criterion
        {
            protected int rows, columns;
            public abstract float Loss(float[,] target, float[,] predicted);
        }

        class NegativeLogLikelihood : Criterion
        {
            public override float Loss(float[,] target, float[,] predicted)
            {
                float loss = 0;
                for (int j = 0; j < rows; j++)
                    for (int i = 0; i < columns; i++)
                        loss += (float)Math.Log(Math.Clamp(predicted[j, i], 1e-7f, 1 - 1e-7f));
                loss /= -columns;
                return loss;
            }
        }
        """);

    [Fact]
    public Task BatchMatrixParameter_KullbackLeibler_PredictedReportedTargetNot() => VerifyCS.Diagnostics("""
        using System;

        class KullbackLeibler
        {
            public double Loss(double[,] target, double[,] predicted)
            {
                double loss = 0;
                for (int j = 0; j < target.GetLength(0); j++)
                    for (int i = 0; i < target.GetLength(1); i++)
                        loss += target[j, i] * (Math.Log(target[j, i]) - {|LOSS001:Math.Log(predicted[j, i])|});
                return loss;
            }
        }
        """);

    [Fact]
    public Task BatchMatrixParameter_ClampedBeforeTheLog_NotReported() => VerifyCS.Diagnostics("""
        using System;

        class NegativeLogLikelihood
        {
            public double Loss(double[,] predicted)
            {
                double loss = 0;
                for (int j = 0; j < predicted.GetLength(0); j++)
                    for (int i = 0; i < predicted.GetLength(1); i++)
                        loss -= Math.Log(Math.Max(predicted[j, i], 1e-12));
                return loss;
            }
        }
        """);

    [Fact]
    public Task TargetClassElementHeldInALocal_NegatedLog_Reported() => VerifyCS.Diagnostics("""
        using System;

        class SparseCrossEntropy
        {
            public void Buffer(float[] buffer, float[] labels, float[] scores, int classes)
            {
                for (int row = 0; row < labels.Length; ++row)
                {
                    var label = (int)MathF.Round(labels[row]);
                    float chosen = scores[row * classes + label];
                    buffer[row] = -{|LOSS001:MathF.Log(chosen)|};
                }
            }
        }
        """);

    [Fact]
    public Task ElementOfALoopCounterHeldInALocal_NegatedLog_NotReported() => VerifyCS.Diagnostics("""
        using System;

        class Transform
        {
            public void Buffer(float[] buffer, float[] scores)
            {
                for (int row = 0; row < scores.Length; ++row)
                {
                    float value = scores[row];
                    buffer[row] = -MathF.Log(value);
                }
            }
        }
        """);

    // ---------------------------------------------------------------- a helper that picks its activation at run time

    // Activate(kind, x) has no one answer (a sigmoid, a tanh, a ReLU), but on its sigmoid path nothing keeps the value away
    // from 0 and 1: the BCE shape is the evidence, as for a parameter
    [Fact]
    public Task HelperSwitchingToASigmoid_BceShapeIsEvidence() => VerifyCS.Diagnostics("""
        using System;

        public enum Kind { Sigmoid, Tanh, Relu }

        public sealed class Unit
        {
            private readonly Kind output = Kind.Sigmoid;

            private static double Activate(Kind kind, double x) => kind switch
            {
                Kind.Sigmoid => 1.0 / (1.0 + Math.Exp(-x)),
                Kind.Tanh => Math.Tanh(x),
                _ => Math.Max(0, x),
            };

            public double Cost(double z, double y)
            {
                var p = Activate(output, z);
                return -(y * {|LOSS001:Math.Log(p)|} + (1 - y) * {|LOSS001:Math.Log(1 - p)|});
            }
        }
        """);

    [Fact]
    public Task HelperChoosingASigmoidByACondition_BceShapeIsEvidence() => VerifyCS.Diagnostics("""
        using System;

        public sealed class Unit
        {
            public bool Logistic { get; set; } = true;

            private double Squash(double x)
            {
                if (Logistic)
                {
                    return 1.0 / (1.0 + Math.Exp(-x));
                }

                return Math.Tanh(x);
            }

            public double Cost(double z, double y)
            {
                var p = Squash(z);
                return -(y * {|LOSS001:Math.Log(p)|} + (1 - y) * {|LOSS001:Math.Log(1 - p)|});
            }
        }
        """);

    // every path of the helper bounds what it returns: the helper is the guard
    [Fact]
    public Task HelperClampingEveryArm_Silent() => VerifyCS.Diagnostics("""
        using System;

        public enum Kind { Sigmoid, Hard }

        public sealed class Unit
        {
            private readonly Kind output = Kind.Sigmoid;

            private static double Activate(Kind kind, double x) => kind switch
            {
                Kind.Sigmoid => Math.Clamp(1.0 / (1.0 + Math.Exp(-x)), 1e-7, 1 - 1e-7),
                _ => Math.Clamp(0.2 * x + 0.5, 1e-7, 1 - 1e-7),
            };

            public double Cost(double z, double y)
            {
                var p = Activate(output, z);
                return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
            }
        }
        """);

    // ---------------------------------------------------------------- a lambda stored as the loss

    // a lambda's result goes where the lambda goes: one stored in a loss-named field, property or local is loss code
    [Fact]
    public Task CrossEntropyTermInALambdaStoredAsTheLoss_Reported() => VerifyCS.Diagnostics("""
        using System;

        public enum Objective { Squared, Categorical }

        public sealed class Trainer
        {
            private Func<double, double, double> outputLossFunction;

            public Func<double, double, double> Cost { get; } = (t, o) => -t * {|LOSS001:Math.Log(o)|};

            public Trainer(Objective objective)
            {
                switch (objective)
                {
                    case Objective.Squared:
                        outputLossFunction = (t, o) => 0.5 * (t - o) * (t - o);
                        break;
                    case Objective.Categorical:
                        outputLossFunction = (t, o) => -t * {|LOSS001:Math.Log(o)|};
                        break;
                }
            }

            public double Step(double t, double o) => outputLossFunction(t, o) + Cost(t, o);
        }
        """);

    // the same lambda stored under a name that is no loss's, or passed on as an argument, is not known to be a loss
    [Fact]
    public Task CrossEntropyTermInALambdaNotStoredAsALoss_Silent() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        public sealed class Scorer
        {
            private readonly Func<double, double, double> weighting = (t, o) => -t * Math.Log(o);

            public double Score(double[] t, double[] o) =>
                t.Zip(o, (a, b) => -a * Math.Log(b)).Sum() + weighting(t[0], o[0]);
        }
        """);

    // ---------------------------------------------------------------- a bad value replaced by a good one before the log

    // (reduced and written anew from a from-scratch network seen out of sample) where the test finds the bad value a
    // constant replaces it: at the log the value is not 0 (not 1) on any path
    [Fact]
    public Task BadValueReplacedBeforeTheLog_Silent() => VerifyCS.Diagnostics("""
        using System;

        public static class CrossEntropy
        {
            public static double Loss(double[] outputs, double[] targets)
            {
                double error = 0;
                for (int i = 0; i < outputs.Length; i++)
                {
                    var output = outputs[i];
                    if (output == 0)
                    {
                        output = 0.0001;
                    }

                    if (Math.Abs(output - 1) < 1.0E-10)
                    {
                        output = 0.999;
                    }

                    error += targets[i] * Math.Log(output) + (1 - targets[i]) * Math.Log(1 - output);
                }

                return -error;
            }
        }
        """);

    // a test that misses the bad value (x < 0 lets 0 through; |x − 1| tested but log(x) needs x ≠ 0), or a write after
    // the replacement, leaves the log unguarded
    [Fact]
    public Task ReplacementThatMissesTheBadValueOrIsOverwritten_Reported() => VerifyCS.Diagnostics("""
        using System;

        public static class CrossEntropy
        {
            public static double Loss(double[] outputs, double[] targets)
            {
                double error = 0;
                for (int i = 0; i < outputs.Length; i++)
                {
                    var output = outputs[i];
                    if (output < 0) output = 0.0001;
                    if (Math.Abs(output - 1) < 1.0E-10) output = 0.999;
                    error += targets[i] * {|LOSS001:Math.Log(output)|} + (1 - targets[i]) * Math.Log(1 - output);
                }

                return -error;
            }

            public static double Overwritten(double[] outputs, double[] targets, double[] raw)
            {
                double error = 0;
                for (int i = 0; i < outputs.Length; i++)
                {
                    var output = outputs[i];
                    if (output == 0) output = 0.0001;
                    if (output == 1) output = 0.999;
                    output = raw[i];
                    error += targets[i] * {|LOSS001:Math.Log(output)|} + (1 - targets[i]) * {|LOSS001:Math.Log(1 - output)|};
                }

                return -error;
            }
        }
        """);
}
