using System.Threading.Tasks;
using Xunit;
using Loss001 = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// A binary cross-entropy written with a vector or matrix library's methods instead of operators, its terms held in
/// locals (issue #14, classes 2 and 4): <c>y.PointwiseMultiply(p.PointwiseLog())</c>, <c>ones.Subtract(p)</c>,
/// <c>a.Add(b)</c>, <c>y * -1</c> as a negation, <c>(1 + n)</c> with <c>n = −y</c> as <c>1 − y</c>. Reduced and written anew
/// from a matrix-extension network and a MathNet logistic regression of the development corpus; the types here are ours.
/// Reported without a fix: there is no library call to write.
/// </summary>
public class ChainedTensorBceTests
{
    /// <summary>Matrix extension methods whose bodies compute the operations (as a project's own array API does).</summary>
    private const string Grid = """
        using System;

        public static class Grid
        {
            public static float[,] Sigmoid(this float[,] x)
            {
                var r = new float[x.GetLength(0), x.GetLength(1)];
                for (int i = 0; i < x.GetLength(0); i++)
                    for (int j = 0; j < x.GetLength(1); j++)
                        r[i, j] = 1f / (1f + MathF.Exp(-x[i, j]));
                return r;
            }

            public static float[,] Log(this float[,] x)
            {
                var r = new float[x.GetLength(0), x.GetLength(1)];
                for (int i = 0; i < x.GetLength(0); i++)
                    for (int j = 0; j < x.GetLength(1); j++)
                        r[i, j] = MathF.Log(x[i, j]);
                return r;
            }

            public static float[,] Clip(this float[,] x, float lo, float hi) => x;
            public static float[,] OnesLike(this float[,] x) => new float[x.GetLength(0), x.GetLength(1)];
            public static float[,] Subtract(this float[,] a, float[,] b) => a;
            public static float[,] Hadamard(this float[,] a, float[,] b) => a;
            public static float[,] Add(this float[,] a, float[,] b) => a;
            public static float Total(this float[,] a) => 0;
        }

        """;

    /// <summary>A vector type with operators and pointwise methods, like MathNet's <c>Vector&lt;double&gt;</c>.</summary>
    private const string Vec = """
        public sealed class Vec
        {
            public static Vec operator +(double b, Vec a) => a;
            public static Vec operator +(Vec a, double b) => a;
            public static Vec operator +(Vec a, Vec b) => a;
            public static Vec operator -(double b, Vec a) => a;
            public static Vec operator -(Vec a, Vec b) => a;
            public static Vec operator *(Vec a, double b) => a;
            public static Vec operator /(double b, Vec a) => a;
            public Vec Multiply(double s) => this;
            public Vec PointwiseMultiply(Vec o) => this;
            public Vec PointwiseLog() => this;
            public Vec PointwiseExp() => this;
            public Vec Map(System.Func<double, double> f) => this;
            public double Sum() => 0;
            public int Count => 0;
        }

        """;

    [Fact]
    public Task MatrixMethods_TermsInLocals_ClippedSigmoidOfOutParameter() => VerifyCS.Diagnostics(Grid + """
        public class Criterion
        {
            public float Loss(float[,] scores, float[,] labels, out float[,] probabilities, float eps = 1e-7f)
            {
                probabilities = scores.Sigmoid();
                float[,] bounded = probabilities.Clip(eps, 1 - eps);
                float[,] logOfComplement = bounded.OnesLike().Subtract(bounded).Log();
                float[,] logOfProbability = bounded.Log();
                float[,] complementOfLabels = labels.OnesLike().Subtract(labels);
                float[,] total = {|LOSS003:labels.Hadamard(logOfProbability).Add(complementOfLabels.Hadamard(logOfComplement))|};
                return -total.Total() / scores.GetLength(0);
            }
        }
        """);

    [Fact]
    public Task MatrixMethods_ProbabilitiesFromCaller_AreNotASigmoid_AndTheClipGuardsBothLogs() => VerifyCS.Diagnostics(Grid + """
        public class Criterion
        {
            public float Loss(float[,] probabilities, float[,] labels, float eps = 1e-7f)
            {
                float[,] bounded = probabilities.Clip(eps, 1 - eps);
                float[,] logOfComplement = bounded.OnesLike().Subtract(bounded).Log();
                float[,] logOfProbability = bounded.Log();
                float[,] complementOfLabels = labels.OnesLike().Subtract(labels);
                float[,] total = labels.Hadamard(logOfProbability).Add(complementOfLabels.Hadamard(logOfComplement));
                return -total.Total() / probabilities.GetLength(0);
            }
        }
        """);

    [Fact]
    public Task MatrixMethods_LogsReadTwice_AreNotOneTerm_TheUnclampedLogsAreLoss001() => VerifyCS.Diagnostics(Grid + """
        public class Report
        {
            public float Score(float[,] scores, float[,] labels)
            {
                var p = scores.Sigmoid();
                float[,] logOfProbability = {|LOSS001:p.Log()|};
                float[,] logOfComplement = {|LOSS001:p.OnesLike().Subtract(p).Log()|};
                var shown = logOfProbability.Total();
                float[,] total = labels.Hadamard(logOfProbability).Add(logOfComplement);
                return total.Total() + shown;
            }
        }
        """);

    [Fact]
    public Task VectorLibrary_NegatedLabels_SigmoidOfAnOverride() => VerifyCS.Diagnostics(Vec + """
        public abstract class Regression
        {
            protected abstract Vec Predict(Vec x, double w);
        }

        public class Logistic : Regression
        {
            protected override Vec Predict(Vec x, double w) => Squash(x * w + 1.0);

            public double Cost(Vec x, Vec y, double w)
            {
                var predictions = Predict(x, w);
                var negatedLabels = y * -1;
                var positive = negatedLabels.PointwiseMultiply(predictions.PointwiseLog());
                var negative = (1 + negatedLabels).PointwiseMultiply((1 - predictions).PointwiseLog());
                return ({|LOSS003:positive - negative|}).Sum() / x.Count;
            }

            private static Vec Squash(Vec z)
            {
                var denominator = 1 + z.Multiply(-1).PointwiseExp();
                return 1 / denominator;
            }
        }
        """);

    [Fact]
    public Task VectorLibrary_ClampedProbabilitiesOfTheCaller_NoDiagnostic() => VerifyCS.Diagnostics(Vec + """
        public class Costs
        {
            public double BinaryCost(Vec predictions, Vec y)
            {
                predictions = predictions.Map(v => System.Math.Clamp(v, 1e-12, 1 - 1e-12));
                var positive = y.PointwiseMultiply(predictions.PointwiseLog());
                var negative = (1 - y).PointwiseMultiply((1 - predictions).PointwiseLog());
                return -(positive + negative).Sum();
            }
        }
        """);

    [Fact]
    public Task VectorLibrary_MapClampedBeforeTheLog_IsGuarded() => Loss001.Diagnostics(Vec + """
        public static class Costs
        {
            public static double CrossEntropyLoss(Vec prediction, Vec target)
            {
                prediction = prediction.Map(x => System.Math.Clamp(x, 1e-9, 1 - 1e-9));
                return -prediction.PointwiseLog().PointwiseMultiply(target).Sum();
            }

            public static double CrossEntropyLossUnclamped(Vec prediction, Vec target)
            {
                return -{|LOSS001:prediction.PointwiseLog()|}.PointwiseMultiply(target).Sum();
            }
        }
        """);

    /// <summary>An own matrix type with static element-wise methods, transposes and a summing property, as a course
    /// project writes its logistic-regression and network costs (seen out of sample, reduced and written anew).</summary>
    private const string Matrix = """
        public sealed class Matrix
        {
            private readonly double[,] v = new double[1, 1];
            public static Matrix operator *(Matrix a, Matrix b) => a;
            public static Matrix operator -(Matrix a) => a;
            public static Matrix operator -(Matrix a, Matrix b) => a;
            public static Matrix operator -(double a, Matrix b) => b;
            public static Matrix operator +(double a, Matrix b) => b;
            public static Matrix operator /(double a, Matrix b) => b;
            public Matrix Transpose => this;
            public double SumAllElements => 0;
            public static Matrix ElementLog(Matrix m) { var r = new Matrix(); r.v[0, 0] = System.Math.Log(m.v[0, 0]); return r; }
            public static Matrix ElementExp(Matrix m) { var r = new Matrix(); r.v[0, 0] = System.Math.Exp(m.v[0, 0]); return r; }
            public static Matrix ElementMultiply(Matrix a, Matrix b) => a;
        }

        """;

    [Fact]
    public Task OwnMatrix_TransposedTargets_SummedTerms_AndElementMultiply() => VerifyCS.Diagnostics(Matrix + """
        public static class Logistic
        {
            public static Matrix Sigmoid(Matrix z) => 1 / (1 + Matrix.ElementExp(-z));

            public static double Cost(Matrix X, Matrix y, Matrix theta)
            {
                Matrix h = Sigmoid(X * theta);
                double part1 = (-y.Transpose * Matrix.ElementLog(h)).SumAllElements;
                double part2 = ((1 - y).Transpose * Matrix.ElementLog(1 - h)).SumAllElements;
                return {|LOSS003:part1 - part2|};
            }

            public static double NetworkCost(Matrix a2, Matrix theta2, Matrix y)
            {
                Matrix z3 = a2 * theta2.Transpose;
                Matrix a3 = Sigmoid(z3);
                Matrix log1 = Matrix.ElementLog(a3);
                Matrix log2 = Matrix.ElementLog(1 - a3);
                Matrix part1 = Matrix.ElementMultiply(-y, log1);
                Matrix part2 = Matrix.ElementMultiply(1 - y, log2);
                return ({|LOSS003:part1 - part2|}).SumAllElements;
            }
        }
        """);
}
