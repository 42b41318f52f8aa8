using System.Threading.Tasks;
using LossAnalyzers.Tests.Infrastructure;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// LOSS003 where the sigmoid and the cross-entropy are apart: a private cost helper whose every call passes sigmoid outputs
/// (the logits are the caller's, so the diagnostic names the sigmoid's line and no rewrite is offered), and a sigmoid output
/// logged as a target-weighted term that no whole BCE expression encloses (an accumulator chain, a matrix port's
/// <c>y' * log(h)</c>). Shapes from the development corpus (issue #14), reduced and written anew.
/// </summary>
public class LOSS003AcrossCallsTests
{
    [Fact]
    public Task PrivateCostHelper_ArrayOfSigmoidsFromTheCaller_ReportedWithoutFix()
    {
        const string source = """
            using System;

            class Regression
            {
                public double Epoch(double[][] rows, double[] labels, double[] w)
                {
                    var h = new double[rows.Length];
                    for (int k = 0; k < rows.Length; k++)
                    {
                        h[k] = Logistic(Dot(rows[k], w));
                    }

                    return Cost(h, labels);
                }

                static double Cost(double[] h, double[] labels)
                {
                    double cost = 0;
                    for (int i = 0; i < h.Length; i++)
                    {
                        cost += {|LOSS003:-labels[i] * Math.Log(h[i]) - (1 - labels[i]) * Math.Log(1 - h[i])|};
                    }

                    return cost / h.Length;
                }

                static double Dot(double[] a, double[] b)
                {
                    double s = 0;
                    for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
                    return s;
                }

                static double Logistic(double v) => 1 / (1 + Math.Pow(Math.E, -v));
            }
            """;
        return VerifyCS.Fix(source, source);
    }

    [Fact]
    public Task PrivateTermHelper_ReportedAtEachCallWhereTheLogitsBind_NotAgainInside() => VerifyCS.Diagnostics("""
        using System;

        class Trainer
        {
            public double Loss(double z1, double z2, double y1, double y2) =>
                {|LOSS003:Term(1 / (1 + Math.Exp(-z1)), y1)|} + {|LOSS003:Term(1 / (1 + Math.Exp(-z2)), y2)|};

            // a helper of its own: its logs stay LOSS001's (any caller could pass a value that reaches 0 or 1)
            private static double Term(double a, double t) =>
                -(t * {|LOSS001:Math.Log(a)|} + (1 - t) * {|LOSS001:Math.Log(1 - a)|});
        }
        """);

    // ---------------------------------------------------------------- negatives

    [Fact]
    public Task PrivateHelper_OneCallPassesAnUnknownValue_StaysLoss001ByItsShape() => VerifyCS.Diagnostics("""
        using System;

        class Trainer
        {
            // the sigmoid's call is reported where its logits bind; the helper itself stays LOSS001's
            public double Loss(double z, double p, double y) =>
                {|LOSS003:Term(1 / (1 + Math.Exp(-z)), y)|} + Term(p, y);

            private static double Term(double a, double t) =>
                -(t * {|LOSS001:Math.Log(a)|} + (1 - t) * {|LOSS001:Math.Log(1 - a)|});
        }
        """);

    [Fact]
    public Task PrivateArrayCost_CallersPassASigmoidAndASoftmax_StaysLoss001() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        class Trainer
        {
            public double Both(double[] z, double[] y)
            {
                var s = z.Select(v => 1 / (1 + Math.Exp(-v))).ToArray();
                var e = {|LOSS006:z.Select(Math.Exp)|}.ToArray();
                var total = e.Sum();
                var q = e.Select(v => v / total).ToArray();
                return Cost(s, y) + Cost(q, y);
            }

            private static double Cost(double[] h, double[] y)
            {
                double c = 0;
                for (int i = 0; i < h.Length; i++)
                    c -= y[i] * {|LOSS001:Math.Log(h[i])|} + (1 - y[i]) * {|LOSS001:Math.Log(1 - h[i])|};
                return c;
            }
        }
        """);

    [Fact]
    public Task PublicArrayCost_NotFollowedToCallersItCannotSee_StaysLoss001() => VerifyCS.Diagnostics("""
        using System;

        public class Trainer
        {
            public double Loss(double[] z, double[] y)
            {
                var h = new double[z.Length];
                for (int k = 0; k < z.Length; k++) h[k] = 1 / (1 + Math.Exp(-z[k]));
                return Cost(h, y);
            }

            public static double Cost(double[] h, double[] y)
            {
                double c = 0;
                for (int i = 0; i < h.Length; i++)
                    c -= y[i] * {|LOSS001:Math.Log(h[i])|} + (1 - y[i]) * {|LOSS001:Math.Log(1 - h[i])|};
                return c;
            }
        }
        """);

    // ---------------------------------------------------------------- a sigmoid logged as a term, no whole BCE expression

    [Fact]
    public Task AccumulatorChain_SigmoidOutputsFromTheCaller_EachLogReported() => VerifyCS.Diagnostics("""
        using System;

        class Network
        {
            public double Train(double[] inputs, double[] targets, double[,] w)
            {
                var outputs = new double[targets.Length];
                for (int k = 0; k < targets.Length; k++)
                {
                    double logit = 0.0;
                    for (int m = 0; m < inputs.Length; m++) logit += inputs[m] * w[k, m];
                    outputs[k] = Squash(logit);
                }

                return Cost(targets, outputs);
            }

            private double Cost(double[] t, double[] o)
            {
                double cost = 0.0;
                for (int i = 0; i < t.Length; i++)
                {
                    cost = cost + (t[i] * {|LOSS003:Math.Log(o[i])|}) + ((1 - t[i]) * {|LOSS003:Math.Log(1 - o[i])|});
                }

                return -cost;
            }

            private static double Squash(double x) => 1.0 / (1.0 + Math.Exp(-x));
        }
        """);

    [Fact]
    public Task TargetWeightedLogOfALocalSigmoid_FixedToLogSigmoid() => VerifyCS.Fix("""
        using System;

        class Logistic
        {
            public double Loss(double z, double t, double penalty)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                double first = t * {|LOSS003:Math.Log(p)|};
                return -(first + penalty);
            }
        }
        """, """
        using System;
        using StableLoss;

        class Logistic
        {
            public double Loss(double z, double t, double penalty)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                double first = t * StableMath.LogSigmoid(z);
                return -(first + penalty);
            }
        }
        """);

    // (an inverted label split stays LOSS001's: LOSS003Tests.NoDiagnostic_TernaryWithBranchesInverted_IsNotABce)

    [Fact]
    public Task NegatedLogOfASigmoidWithNoTarget_StaysLoss001() => VerifyCS.Diagnostics("""
        using System;

        class Preference
        {
            public double Loss(double margin) => -{|LOSS001:Math.Log(1.0 / (1.0 + Math.Exp(-margin)))|};
        }
        """);

    [Fact]
    public Task MatrixPort_TransposedTargetTimesLogOfSigmoid_ReportedThroughReshapes() => VerifyCS.Diagnostics("""
        using System;

        class Matrix
        {
            public readonly double[,] V;
            public Matrix(int r, int c) { V = new double[r, c]; }
            public int Rows => V.GetLength(0);
            public int Columns => V.GetLength(1);
            public Matrix Transpose()
            {
                var t = new Matrix(Columns, Rows);
                for (int i = 0; i < Rows; i++) for (int j = 0; j < Columns; j++) t.V[j, i] = V[i, j];
                return t;
            }
            public Matrix Unroll(int direction = 1) => this;
            public static Matrix operator *(Matrix a, Matrix b)
            {
                var m = new Matrix(a.Rows, b.Columns);
                for (int i = 0; i < a.Rows; i++) for (int j = 0; j < b.Columns; j++) for (int k = 0; k < a.Columns; k++) m.V[i, j] += a.V[i, k] * b.V[k, j];
                return m;
            }
            public static Matrix operator *(double s, Matrix a)
            {
                var m = new Matrix(a.Rows, a.Columns);
                for (int i = 0; i < a.Rows; i++) for (int j = 0; j < a.Columns; j++) m.V[i, j] = s * a.V[i, j];
                return m;
            }
            public static Matrix operator -(double s, Matrix a)
            {
                var m = new Matrix(a.Rows, a.Columns);
                for (int i = 0; i < a.Rows; i++) for (int j = 0; j < a.Columns; j++) m.V[i, j] = s - a.V[i, j];
                return m;
            }
            public static Matrix operator -(Matrix a, Matrix b)
            {
                var m = new Matrix(a.Rows, a.Columns);
                for (int i = 0; i < a.Rows; i++) for (int j = 0; j < a.Columns; j++) m.V[i, j] = a.V[i, j] - b.V[i, j];
                return m;
            }
        }

        class MatrixMath
        {
            public Matrix Sigmoid(Matrix z)
            {
                var m = new Matrix(z.Rows, z.Columns);
                for (int i = 0; i < z.Rows; i++) for (int j = 0; j < z.Columns; j++) m.V[i, j] = 1.0 / (1.0 + Math.Exp(-z.V[i, j]));
                return m;
            }
            public Matrix Log(Matrix z)
            {
                var m = new Matrix(z.Rows, z.Columns);
                for (int i = 0; i < z.Rows; i++) for (int j = 0; j < z.Columns; j++) m.V[i, j] = Math.Log(z.V[i, j]);
                return m;
            }
        }

        static class Reshapes
        {
            public static Matrix Flatten(this Matrix m) => m;
        }

        // a course exercise's cost, y' * log(h): reshaped by a member with a defaulted argument, or by an extension method
        // after a target scaled by -1
        class TwoLayerNetwork
        {
            private readonly MatrixMath mu = new MatrixMath();

            public double Step(Matrix theta, Matrix x, Matrix y)
            {
                var h = mu.Sigmoid(theta * x);
                return ComputeCost(y, h) + ComputeScaledCost(y, h);
            }

            private double ComputeCost(Matrix y, Matrix h)
            {
                var cost = y.Transpose() * {|LOSS003:mu.Log(h)|}.Unroll() - (1 - y).Transpose() * {|LOSS003:mu.Log(1 - h)|}.Unroll();
                return -cost.V[0, 0];
            }

            private double ComputeScaledCost(Matrix y, Matrix h)
            {
                var cost = -1 * y.Transpose() * {|LOSS003:mu.Log(h)|}.Flatten() - (1 - y).Transpose() * {|LOSS003:mu.Log(1 - h)|}.Flatten();
                return cost.V[0, 0];
            }
        }
        """);

    [Fact]
    public Task SigmoidLogWeightedByItself_NotATargetWeightedTerm_StaysLoss001() => VerifyCS.Diagnostics("""
        using System;

        class ConfidencePenalty
        {
            // Σ p · log p of sigmoid outputs in a cost, unguarded: an entropy, weighted by the value itself and not by a
            // target, so no cross-entropy term: the log of the sigmoid stays LOSS001's
            public double Cost(double[] z)
            {
                double h = 0;
                for (int i = 0; i < z.Length; i++)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z[i]));
                    h -= p * {|LOSS001:Math.Log(p)|};
                }

                return h;
            }
        }
        """);

    [Fact]
    public Task OwnVectorType_SigmoidLogWeightedByTheTargetsInACost_ReportedWithTheFormula()
    {
        // StableMath.LogSigmoid takes a scalar, so the message gives the formula for the project's vector and no rewrite
        // is offered
        const string source = """
            using System;

            class Vec
            {
                public double[] V = new double[3];
                public Vec Log() { var r = new Vec(); for (int i = 0; i < 3; i++) r.V[i] = Math.Log(V[i]); return r; }
                public Vec Multiply(Vec o) { var r = new Vec(); for (int i = 0; i < 3; i++) r.V[i] = V[i] * o.V[i]; return r; }
                public double Sum() { double s = 0; for (int i = 0; i < 3; i++) s += V[i]; return s; }
            }

            class LogisticRegression
            {
                private double ComputeCost(Vec scores, Vec y) => y.Multiply({|LOSS003:Sigmoid(scores).Log()|}).Sum();

                private static Vec Sigmoid(Vec z)
                {
                    var r = new Vec();
                    for (int i = 0; i < 3; i++) r.V[i] = 1 / (1 + Math.Exp(-z.V[i]));
                    return r;
                }
            }
            """;
        return VerifyCS.Fix(source, source);
    }

    // A method named for neither a loss nor a cost (ComputeError) whose sigmoid log is weighted by y while 1 − y weights the
    // other term: the weights t and 1 − t are the cross-entropy's, whatever the method is called (an operator-precedence slip
    // in the second term, 1 - log(σ) for log(1 − σ), keeps the whole BCE from being recognised).
    [Fact]
    public Task SigmoidTermWeightedByYNextToOneMinusY_OutsideLossNames_IsLoss003() => VerifyCS.Diagnostics("""
        using System;

        static class VectorMath
        {
            public static double[] Log(this double[] v) { var r = new double[v.Length]; for (int i = 0; i < v.Length; i++) r[i] = Math.Log(v[i]); return r; }
            public static double[] Times(this double[] a, double[] b) { var r = new double[a.Length]; for (int i = 0; i < a.Length; i++) r[i] = a[i] * b[i]; return r; }
            public static double[] OneMinus(this double[] v) { var r = new double[v.Length]; for (int i = 0; i < v.Length; i++) r[i] = 1 - v[i]; return r; }
        }

        class Regression
        {
            private static double[] Sigmoid(double[] z)
            {
                var r = new double[z.Length];
                for (int i = 0; i < z.Length; i++) r[i] = 1.0 / (1.0 + Math.Exp(-z[i]));
                return r;
            }

            private double ComputeError(double[] scores, double[] y, double[] notY)
            {
                var first = 0.0;
                for (int i = 0; i < y.Length; i++) first += y[i] * {|LOSS003:Math.Log(Sigmoid(scores)[i])|};
                var weights = new double[y.Length];
                for (int i = 0; i < y.Length; i++) weights[i] = 1 - y[i];
                return first;
            }

            private double ComputeSpread(double[] scores, double[] y)
            {
                // weighted by y, but no 1 − y anywhere: not a Bernoulli cross-entropy, and not loss code
                var first = 0.0;
                for (int i = 0; i < y.Length; i++) first += y[i] * {|LOSS001:Math.Log(Sigmoid(scores)[i])|};
                return first;
            }
        }
        """);
}
