using System.Threading.Tasks;
using LossAnalyzers.Tests.Infrastructure;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.UnstableLogExpCompositionCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

public class LOSS006Tests
{
    // ---------------------------------------------------------------- softplus: log(1 + exp(x))

    [Fact]
    public Task MathLogOnePlusExp_FixedWithSoftplus() => VerifyCS.Fix("""
        using System;

        class Model
        {
            double Penalty(double margin) => {|LOSS006:Math.Log(1 + Math.Exp(margin))|};
        }
        """, """
        using System;
        using StableLoss;

        class Model
        {
            double Penalty(double margin) => StableMath.Softplus(margin);
        }
        """);

    // nested sites: one Fix All pass fixes both (the outer fix reads its argument, the inner site, as fixed); one by one,
    // each fix is one iteration whichever comes first
    [Fact]
    public Task NestedSoftplus_OneFixAllPassFixesBoth_NeverUndoingAFix()
    {
        var test = new LossTest<LossAnalyzers.CodeFixes.UnstableLogExpCompositionCodeFixProvider>
        {
            TestCode = """
                using System;

                class Model
                {
                    double Twice(double x) => {|LOSS006:Math.Log(1 + Math.Exp({|LOSS006:Math.Log(1 + Math.Exp(x))|}))|};

                    float Thrice(float x) => {|LOSS006:MathF.Log(1 + MathF.Exp({|LOSS006:MathF.Log(1 + MathF.Exp({|LOSS006:MathF.Log(1 + MathF.Exp(x))|}))|}))|};
                }
                """,
            FixedCode = """
                using System;
                using StableLoss;

                class Model
                {
                    double Twice(double x) => StableMath.Softplus(StableMath.Softplus(x));

                    float Thrice(float x) => StableMath.Softplus(StableMath.Softplus(StableMath.Softplus(x)));
                }
                """,
            NumberOfIncrementalIterations = 5,
            NumberOfFixAllIterations = 1,
        };
        return test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public Task LogisticLossOfNegatedMargin_FixedWithSoftplusOfNegation() => VerifyCS.Fix("""
        using System;

        class Logistic
        {
            double Loss(double w, double x, double y)
            {
                double margin = y * w * x;
                return {|LOSS006:Math.Log(1.0 + Math.Exp(-margin))|};
            }
        }
        """, """
        using System;
        using StableLoss;

        class Logistic
        {
            double Loss(double w, double x, double y)
            {
                double margin = y * w * x;
                return StableMath.Softplus(-margin);
            }
        }
        """);

    [Fact]
    public Task MathFWithExpPlusOne_FixedWithFloatSoftplus() => VerifyCS.Fix("""
        using System;

        class Model
        {
            float Penalty(float z) => -{|LOSS006:MathF.Log(MathF.Exp(z) + 1f)|};
        }
        """, """
        using System;
        using StableLoss;

        class Model
        {
            float Penalty(float z) => -StableMath.Softplus(z);
        }
        """);

    [Fact]
    public Task DoubleLogOfFloatExponent_CastsToKeepDoublePrecision() => VerifyCS.Fix("""
        using System;

        class Model
        {
            double Penalty(float z) => {|LOSS006:Math.Log(1 + Math.Exp(z))|};
        }
        """, """
        using System;
        using StableLoss;

        class Model
        {
            double Penalty(float z) => StableMath.Softplus((double)z);
        }
        """);

    [Fact]
    public Task PowOfE_IsExp_FixedWithSoftplus() => VerifyCS.Fix("""
        using static System.Math;

        class Model
        {
            double Penalty(double a, double b) => {|LOSS006:Log(1 + Pow(E, a - b))|};
        }
        """, """
        using StableLoss;
        using static System.Math;

        class Model
        {
            double Penalty(double a, double b) => StableMath.Softplus(a - b);
        }
        """);

    [Fact]
    public Task GenericMathLogP1OfExp_IsOneSoftplusDiagnostic() => VerifyCS.Fix("""
        using System;

        class Model
        {
            double Penalty(double z) => {|LOSS006:double.LogP1(double.Exp(z))|};
        }
        """, """
        using System;
        using StableLoss;

        class Model
        {
            double Penalty(double z) => StableMath.Softplus(z);
        }
        """);

    [Fact]
    public Task GenericMathOnePlusExp_FixedWithTheGenericSoftplus() => VerifyCS.Fix("""
        using System.Numerics;

        static class Losses<T> where T : IFloatingPointIeee754<T>
        {
            public static T Softplus(T x) => {|LOSS006:T.Log(T.One + T.Exp(x))|};

            public static T Stable(T x) => x > T.Zero ? x + T.Log(T.One + T.Exp(-x)) : T.Log(T.One + T.Exp(x));

            public static T NotSoftplus(T x) => T.Log(T.One + x);
        }
        """, """
        using System.Numerics;
        using StableLoss;

        static class Losses<T> where T : IFloatingPointIeee754<T>
        {
            public static T Softplus(T x) => StableMath.Softplus(x);

            public static T Stable(T x) => x > T.Zero ? x + T.Log(T.One + T.Exp(-x)) : T.Log(T.One + T.Exp(x));

            public static T NotSoftplus(T x) => T.Log(T.One + x);
        }
        """);

    [Fact]
    public Task SoftplusWithoutStableLoss_ReportedWithoutFix() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            double Penalty(double z) => {|LOSS006:Math.Log(1 + Math.Exp(z))|};
        }
        """, Libraries.NoStableLoss);

    // ---------------------------------------------------------------- log-sum-exp

    [Fact]
    public Task LogOfForeachSumOfExp_FixedWithLogSumExp() => VerifyCS.Fix("""
        using System;

        static class Scores
        {
            public static double LogPartition(double[] logits)
            {
                double sum = 0;
                foreach (var z in logits) sum += Math.Exp(z);
                return {|LOSS006:Math.Log(sum)|};
            }
        }
        """, """
        using System;
        using StableLoss;

        static class Scores
        {
            public static double LogPartition(double[] logits)
            {
                double sum = 0;
                foreach (var z in logits) sum += Math.Exp(z);
                return StableMath.LogSumExp(logits);
            }
        }
        """);

    [Fact]
    public Task LogSoftmaxByHand_ForLoopFloat_FixedWithLogSumExp() => VerifyCS.Fix("""
        using System;

        static class Scores
        {
            public static float LogProbability(float[] z, int k)
            {
                float sum = 0f;
                for (int j = 0; j < z.Length; j++)
                {
                    sum += MathF.Exp(z[j]);
                }

                return z[k] - {|LOSS006:MathF.Log(sum)|};
            }
        }
        """, """
        using System;
        using StableLoss;

        static class Scores
        {
            public static float LogProbability(float[] z, int k)
            {
                float sum = 0f;
                for (int j = 0; j < z.Length; j++)
                {
                    sum += MathF.Exp(z[j]);
                }

                return z[k] - StableMath.LogSumExp(z);
            }
        }
        """);

    [Fact]
    public Task LinqSumOfExp_FixedWithLogSumExp() => VerifyCS.Fix("""
        using System;
        using System.Linq;

        static class Scores
        {
            public static double LogPartition(double[] z) => {|LOSS006:Math.Log(z.Sum(v => Math.Exp(v)))|};

            public static double LogPartitionSelect(double[] z) => {|LOSS006:Math.Log(z.Select(Math.Exp).Sum())|};
        }
        """, """
        using System;
        using System.Linq;
        using StableLoss;

        static class Scores
        {
            public static double LogPartition(double[] z) => StableMath.LogSumExp(z);

            public static double LogPartitionSelect(double[] z) => StableMath.LogSumExp(z);
        }
        """);

    [Fact]
    public Task TemperatureScaledOrListSums_ReportedWithoutFix() => VerifyCS.Diagnostics("""
        using System;
        using System.Collections.Generic;
        using System.Linq;

        static class Scores
        {
            public static double Scaled(double[] z, double temperature)
            {
                double sum = 0;
                foreach (var v in z) sum += Math.Exp(v / temperature);
                return {|LOSS006:Math.Log(sum)|};
            }

            public static double FromList(List<double> z) => {|LOSS006:Math.Log(z.Sum(v => Math.Exp(v)))|};

            public static double FloatElementsDoubleLog(float[] z)
            {
                double sum = 0;
                foreach (var v in z) sum += Math.Exp(v);
                return {|LOSS006:Math.Log(sum)|};
            }
        }
        """);

    // ---------------------------------------------------------------- softmax without the max shift

    [Fact]
    public Task HandWrittenUnshiftedSoftmax_ReportedOnTheDivision() => VerifyCS.Diagnostics("""
        using System;

        static class Scores
        {
            public static double[] Softmax(double[] z)
            {
                double sum = 0;
                for (int j = 0; j < z.Length; j++) sum += Math.Exp(z[j]);
                var p = new double[z.Length];
                for (int i = 0; i < z.Length; i++)
                {
                    p[i] = {|LOSS006:Math.Exp(z[i]) / sum|};
                }

                return p;
            }
        }
        """);

    [Fact]
    public Task TensorPrimitivesSoftMax_FixedWithStableSoftmax() => VerifyCS.Fix("""
        using System;
        using System.Numerics.Tensors;

        static class Scores
        {
            public static float[] Probabilities(float[] logits)
            {
                var p = new float[logits.Length];
                {|LOSS006:TensorPrimitives.SoftMax(logits, p)|};
                return p;
            }

            public static void Named(ReadOnlySpan<double> logits, Span<double> p) =>
                {|LOSS006:TensorPrimitives.SoftMax(destination: p, x: logits)|};
        }
        """, """
        using System;
        using System.Numerics.Tensors;
        using StableLoss;

        static class Scores
        {
            public static float[] Probabilities(float[] logits)
            {
                var p = new float[logits.Length];
                StableMath.Softmax(logits, p);
                return p;
            }

            public static void Named(ReadOnlySpan<double> logits, Span<double> p) =>
                StableMath.Softmax(logits, p);
        }
        """, Libraries.Tensors);

    // ---------------------------------------------------------------- log1p

    [Fact]
    public Task DoubleLogP1_FixedWithLog1p() => VerifyCS.Fix("""
        using System;

        class Model
        {
            double Smoothed(double rate) => {|LOSS006:double.LogP1(rate)|};
        }
        """, """
        using System;
        using StableLoss;

        class Model
        {
            double Smoothed(double rate) => StableMath.Log1p(rate);
        }
        """);

    [Fact]
    public Task FloatLogP1_FixedWithFloatLog1p() => VerifyCS.Fix("""
        using System;

        class Model
        {
            float Smoothed(float rate) => {|LOSS006:float.LogP1(rate)|};
        }
        """, """
        using System;
        using StableLoss;

        class Model
        {
            float Smoothed(float rate) => StableMath.Log1p(rate);
        }
        """);

    [Fact]
    public Task DoubleLogP1OfFloat_FixedWithCast() => VerifyCS.Fix("""
        using System;

        class Model
        {
            double Widened(float rate) => {|LOSS006:double.LogP1(rate)|};
        }
        """, """
        using System;
        using StableLoss;

        class Model
        {
            double Widened(float rate) => StableMath.Log1p((double)rate);
        }
        """);

    [Fact]
    public Task TensorPrimitivesLogP1_ReportedWithoutFix() => VerifyCS.Diagnostics("""
        using System;
        using System.Numerics.Tensors;

        static class Scores
        {
            public static void Smoothed(ReadOnlySpan<float> x, Span<float> y) => {|LOSS006:TensorPrimitives.LogP1(x, y)|};
        }
        """, Libraries.Tensors);

    // ---------------------------------------------------------------- negatives: guarded or already stable

    [Fact]
    public Task StableSoftplusByHand_NotReported() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            double AbsForm(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

            double SignBranch(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));

            double Threshold(double x)
            {
                if (x > 30) return x;
                return Math.Log(1 + Math.Exp(x));
            }

            double MinForm(double x) => Math.Log(1 + Math.Exp(Math.Min(x, 0))) + Math.Max(x, 0);

            double Constant() => Math.Log(1 + Math.Exp(2.0));

            double Library(double x) => StableLoss.StableMath.Softplus(x);

            // log(e^a + e^b), each branch exponentiates a non-positive difference
            double LogAddExp(double a, double b) =>
                a > b ? a + Math.Log(1 + Math.Exp(b - a)) : b + Math.Log(1 + Math.Exp(a - b));

            double LogAddExpLess(double a, double b) =>
                a < b ? b + Math.Log(1 + Math.Exp(a - b)) : a + Math.Log(1 + Math.Exp(b - a));
        }
        """);

    [Fact]
    public Task WrongWayRoundSignBranch_IsStillReported() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            // the true branch exponentiates a - b with a > b: that overflows
            double Broken(double a, double b) =>
                a > b ? b + {|LOSS006:Math.Log(1 + Math.Exp(a - b))|} : 0;
        }
        """);

    [Fact]
    public Task ShiftedLogSumExpAndSoftmax_NotReported() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        static class Scores
        {
            public static double LogSumExp(double[] z)
            {
                double max = z.Max();
                double sum = 0;
                foreach (var v in z) sum += Math.Exp(v - max);
                return max + Math.Log(sum);
            }

            public static void Softmax(double[] z, double[] p)
            {
                double m = double.NegativeInfinity;
                foreach (var v in z) m = Math.Max(m, v);
                double total = 0;
                for (int j = 0; j < z.Length; j++) total += Math.Exp(z[j] - m);
                for (int i = 0; i < z.Length; i++) p[i] = Math.Exp(z[i] - m) / total;
            }

            public static double NotASumOfExp(double[] counts)
            {
                double total = 0;
                foreach (var c in counts) total += c;
                return Math.Log(total);
            }
        }
        """);

    [Fact]
    public Task TensorPrimitivesSoftMaxOfShiftedLogits_NotReported() => VerifyCS.Diagnostics("""
        using System;
        using System.Numerics.Tensors;

        static class Scores
        {
            public static void Probabilities(float[] logits, float[] p)
            {
                var shifted = new float[logits.Length];
                TensorPrimitives.Subtract(logits, TensorPrimitives.Max(logits), shifted);
                TensorPrimitives.SoftMax(shifted, p);
            }
        }
        """, Libraries.Tensors);

    [Fact]
    public Task LogP1OfCountsOrLargeConstants_NotReported() => VerifyCS.Diagnostics("""
        using System;

        class Features
        {
            double LogCount(int count) => double.LogP1(count);

            double Half() => double.LogP1(0.5);

            double Stable(double x) => StableLoss.StableMath.Log1p(x);
        }
        """);

    [Fact]
    public Task TorchSoftplusAndLog1p_NotReported() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;

        class Model
        {
            Tensor Penalty(Tensor z) => torch.log1p(z) + nn.functional.softplus(z);
        }
        """, Libraries.Torch);

    [Fact]
    public Task TorchHandWrittenSoftplus_FixedWithFunctionalSoftplus() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;

        class Model
        {
            Tensor A(Tensor x) => {|LOSS006:torch.log(1 + torch.exp(x))|};

            Tensor B(Tensor x) => {|LOSS006:(1 + x.exp()).log()|};

            Tensor C(Tensor x) => {|LOSS006:torch.log1p(torch.exp(x))|};
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;

        class Model
        {
            Tensor A(Tensor x) => torch.nn.functional.softplus(x);

            Tensor B(Tensor x) => torch.nn.functional.softplus(x);

            Tensor C(Tensor x) => torch.nn.functional.softplus(x);
        }
        """, Libraries.Torch);

    [Fact]
    public Task TorchSoftplusOfNonPositiveExponent_NotReported() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;

        class Model
        {
            // exp(-|x|) never overflows: the stable form written by hand
            Tensor Stable(Tensor x) => nn.functional.relu(x) + torch.log(1 + torch.exp(-x.abs()));

            Tensor Library(Tensor x) => nn.functional.softplus(x);
        }
        """, Libraries.Torch);

    // ---------------------------------------------------------------- one misuse, one diagnostic

    [Fact]
    public Task LogOfSigmoid_IsLoss001Only() => VerifyCS.Diagnostics("""
        using System;

        class Model
        {
            double LogP(double z) => {|LOSS001:Math.Log(1 / (1 + Math.Exp(-z)))|};

            double LogOneMinusP(double z)
            {
                double p = Math.Exp(z) / (1 + Math.Exp(z));
                return {|LOSS001:Math.Log(1 - p)|};
            }
        }
        """);

    [Fact]
    public Task UnshiftedSoftmaxInPerClassBce_IsLoss004Only() => VerifyCS.Diagnostics("""
        using System;

        static class Classifier
        {
            public static double Objective(double[] z, double[] y)
            {
                double sum = 0;
                foreach (var v in z) sum += Math.Exp(v);
                double loss = 0;
                for (int k = 0; k < z.Length; k++)
                {
                    double p = Math.Exp(z[k]) / sum;
                    loss -= {|LOSS004:y[k] * Math.Log(p) + (1 - y[k]) * Math.Log(1 - p)|};
                }

                return loss;
            }
        }
        """);

    [Fact]
    public Task UnshiftedSoftmaxLoggedForCategoricalCrossEntropy_IsLoss001Only() => VerifyCS.Diagnostics("""
        using System;
        using System.Numerics.Tensors;

        static class Classifier
        {
            static double[] Softmax(double[] z)
            {
                double sum = 0;
                foreach (var v in z) sum += Math.Exp(v);
                var p = new double[z.Length];
                for (int i = 0; i < z.Length; i++) p[i] = Math.Exp(z[i]) / sum;
                return p;
            }

            public static double CrossEntropy(double[] z, int target) => -{|LOSS001:Math.Log(Softmax(z)[target])|};

            public static double InPlace(double[] z, int target)
            {
                double sum = 0;
                foreach (var v in z) sum += Math.Exp(v);
                var p = new double[z.Length];
                for (int i = 0; i < z.Length; i++) p[i] = Math.Exp(z[i]) / sum;
                return -{|LOSS001:Math.Log(p[target])|};
            }

            public static double SingleProbability(double[] z, int target)
            {
                double sum = 0;
                foreach (var v in z) sum += Math.Exp(v);
                double p = Math.Exp(z[target]) / sum;
                return -{|LOSS001:Math.Log(p)|};
            }

            public static float Pipeline(float[] z, int target)
            {
                var p = new float[z.Length];
                TensorPrimitives.SoftMax(z, p);
                return -{|LOSS001:MathF.Log(p[target])|};
            }
        }
        """, Libraries.Tensors);

    [Fact]
    public Task UnshiftedSoftmaxHelperNotLogged_IsLoss006() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        static class Activations
        {
            public static double[] Softmax(double[] z)
            {
                double sum = z.Sum(v => Math.Exp(v));
                return z.Select(v => {|LOSS006:Math.Exp(v) / sum|}).ToArray();
            }

            public static void Into(float[] z, Span<float> p)
            {
                float total = 0;
                for (int j = 0; j < z.Length; j++) total += MathF.Exp(z[j]);
                for (int i = 0; i < z.Length; i++) p[i] = {|LOSS006:MathF.Exp(z[i]) / total|};
            }
        }

        static class Reporting
        {
            public static int Argmax(double[] z)
            {
                var p = Activations.Softmax(z);
                return Array.IndexOf(p, p.Max());
            }
        }
        """);

    // ---------------------------------------------------------------- a sum of exponentials held in a local
    // (a local written only by its initializer, with no `+=` in the body, is answered from the text without indexing
    // the body: any later write must still make the sum unknown)

    [Fact]
    public Task LogOfLocalLinqSumOfExp_Reported() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        static class Scores
        {
            public static double LogPartition(double[] z)
            {
                double sum = z.Sum(v => Math.Exp(v));
                return {|LOSS006:Math.Log(sum)|};
            }
        }
        """);

    [Theory]
    [InlineData("sum = 1;")]
    [InlineData("sum *= 2;")]
    [InlineData("sum += 1;")]
    [InlineData("sum++;")]
    [InlineData("(sum) = 1;")]
    public Task LogOfLocalLinqSumWrittenAgain_Silent(string write) => VerifyCS.Diagnostics($$"""
        using System;
        using System.Linq;

        static class Scores
        {
            public static double LogPartition(double[] z)
            {
                double sum = z.Sum(v => Math.Exp(v));
                {{write}}
                return Math.Log(sum);
            }
        }
        """);

    // ---------------------------------------------------------------- FixAll

    [Fact]
    public Task FixAll_AcrossTwoDocuments() => VerifyCS.FixAll(
        new[]
        {
            """
            using System;

            class A
            {
                double F(double x) => {|LOSS006:Math.Log(1 + Math.Exp(x))|} + {|LOSS006:Math.Log(1 + Math.Exp(-x))|};
            }
            """,
            """
            using System;

            class B
            {
                double G(double[] z, double r)
                {
                    double s = 0;
                    foreach (var v in z) s += Math.Exp(v);
                    return {|LOSS006:Math.Log(s)|} + {|LOSS006:double.LogP1(r)|};
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
                double F(double x) => StableMath.Softplus(x) + StableMath.Softplus(-x);
            }
            """,
            """
            using System;
            using StableLoss;

            class B
            {
                double G(double[] z, double r)
                {
                    double s = 0;
                    foreach (var v in z) s += Math.Exp(v);
                    return StableMath.LogSumExp(z) + StableMath.Log1p(r);
                }
            }
            """,
        });

    // ---------------------------------------------------------------- broken code

    [Fact]
    public Task Broken_IncompleteCalls() => VerifyCS.DiagnosticsIgnoringCompilerErrors("""
        using System;

        class Model
        {
            double A(double x) => Math.Log(1 + Math.Exp(
            double B(double[] z) { double s = 0; foreach (var v in z) s += Math.Exp(; return Math.Log(s); }
            double C(double x) => Math.Log(1 + Math.Exp(x, x));
            double D(double x) => double.LogP1();
        }
        """);

    [Fact]
    public Task Broken_UnresolvedNames() => VerifyCS.DiagnosticsIgnoringCompilerErrors("""
        using System;

        class Model
        {
            double A(double x) => Math.Log(1 + Math.Exp(y));
            double B(double[] z) { foreach (var v in z) s += Math.Exp(v); return Math.Log(s); }
            void C(float[] z, float[] p) => TensorPrimitives.SoftMax(z, p);
        }
        """);
}
