using System.Threading.Tasks;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// Matrix methods that write their result into a destination argument and return nothing (issue #14, class 4), as
/// MathNet's <c>y.PointwiseLog(result)</c> and <c>a.PointwiseMultiply(b, result)</c> do, and an own extension in the same
/// style: the destination holds the log (or the sigmoid) in the statements that follow. Reduced and written anew from a
/// layer library of the development corpus that keeps its buffers in fields; the types here are ours. Reported without
/// a fix (there is no library call to write).
/// </summary>
public class IntoFormTensorApiTests
{
    private const string Algebra = """
        namespace Algebra
        {
            public abstract class Matrix<T>
            {
                public abstract void PointwiseLog(Matrix<T> result);
                public abstract void PointwiseExp(Matrix<T> result);
                public abstract void PointwiseMultiply(Matrix<T> other, Matrix<T> result);
                public abstract void Map(System.Func<T, T> f, Matrix<T> result, Zeros zeros = Zeros.AllowSkip);
                public abstract void Negate(Matrix<T> result);
                public abstract void Subtract(T scalar, Matrix<T> result);
                public abstract void SubtractFrom(T scalar, Matrix<T> result);
                public abstract T Sum();
            }

            public abstract class DenseMatrix : Matrix<float>
            {
            }

            public enum Zeros
            {
                AllowSkip,
                Include,
            }

            public static class Extensions
            {
                public static void PointwiseSigmoid(this DenseMatrix x, DenseMatrix y)
                {
                    x.Negate(y);
                    y.PointwiseExp(y);
                    y.Map(v => 1f / (1f + v), y);
                }

                public static void Fill(this DenseMatrix x, float value)
                {
                }
            }
        }

        namespace Layers
        {
            using Algebra;

        """;

    // the log written into a buffer that the next statement weights by the targets: a cross-entropy's terms
    [Fact]
    public Task LogIntoABufferThenWeightedByTheTargets_Reported() => VerifyCS.Diagnostics(Algebra + """
            public sealed class CrossEntropyLayer
            {
                private DenseMatrix loss = null!;

                public float Forward(DenseMatrix y, DenseMatrix t)
                {
                    {|LOSS001:y.PointwiseLog(loss)|};
                    loss.PointwiseMultiply(t, loss);
                    return -loss.Sum();
                }

                public float InPlace(DenseMatrix y, DenseMatrix t)
                {
                    {|LOSS001:y.PointwiseLog(y)|};
                    t.PointwiseMultiply(y, y);
                    return -y.Sum();
                }
            }
        }
        """);

    // a sigmoid written into a buffer the statement before: its log is the sigmoid then cross-entropy
    [Fact]
    public Task SigmoidIntoABufferThenItsLogWeighted_IsLoss003() => VerifyCS.Diagnostics(Algebra + """
            public sealed class SigmoidCrossEntropyLayer
            {
                private DenseMatrix probabilities = null!;
                private DenseMatrix loss = null!;

                public float Forward(DenseMatrix z, DenseMatrix t)
                {
                    z.PointwiseSigmoid(probabilities);
                    {|LOSS003:probabilities.PointwiseLog(loss)|};
                    loss.PointwiseMultiply(t, loss);
                    return -loss.Sum();
                }
            }
        }
        """);

    // MathNet's Map(f, result) with a sigmoid lambda writes the sigmoid into the buffer (the options after it left out)
    [Fact]
    public Task SigmoidMappedIntoABuffer_IsLoss003() => VerifyCS.Diagnostics(Algebra + """
            public sealed class SigmoidCrossEntropyLayer
            {
                private DenseMatrix probabilities = null!;
                private DenseMatrix scaled = null!;
                private DenseMatrix loss = null!;

                public float Forward(DenseMatrix z, DenseMatrix t)
                {
                    z.Map(v => 1f / (1f + System.MathF.Exp(-v)), probabilities);
                    {|LOSS003:probabilities.PointwiseLog(loss)|};
                    loss.PointwiseMultiply(t, loss);
                    return -loss.Sum();
                }

                // a map through another function is no sigmoid: the log is a cross-entropy's all the same (LOSS001)
                public float Scaled(DenseMatrix z, DenseMatrix t)
                {
                    z.Map(v => 0.5f * v, scaled);
                    {|LOSS001:scaled.PointwiseLog(loss)|};
                    loss.PointwiseMultiply(t, loss);
                    return -loss.Sum();
                }
            }
        }
        """);

    // the complement written into a buffer just before the log (a − 1, negated; or 1 − a in one call): its log is
    // log(1 − a), the other side of the binary cross-entropy
    [Fact]
    public Task ComplementIntoABuffer_IsTheOtherSide() => VerifyCS.Diagnostics(Algebra + """
            public sealed class SigmoidCrossEntropyLayer
            {
                private DenseMatrix probabilities = null!;
                private DenseMatrix complement = null!;
                private DenseMatrix loss = null!;

                public float Forward(DenseMatrix z, DenseMatrix t)
                {
                    z.PointwiseSigmoid(probabilities);
                    probabilities.Subtract(1f, complement);
                    complement.Negate(complement);
                    {|LOSS003:complement.PointwiseLog(complement)|};
                    t.PointwiseMultiply(complement, loss);
                    return -loss.Sum();
                }
            }

            public sealed class BinaryCrossEntropyLayer
            {
                private DenseMatrix complement = null!;
                private DenseMatrix loss = null!;

                public float Forward(DenseMatrix y, DenseMatrix t)
                {
                    y.SubtractFrom(1f, complement);
                    {|LOSS001:complement.PointwiseLog(complement)|};
                    t.PointwiseMultiply(complement, loss);
                    return -loss.Sum();
                }
            }
        }
        """);

    // a − 0.5 negated is no complement: the buffer is not known to be 1 − σ (still a cross-entropy's log, LOSS001's)
    [Fact]
    public Task ShiftIntoABuffer_IsNoComplement() => VerifyCS.Diagnostics(Algebra + """
            public sealed class SigmoidCrossEntropyLayer
            {
                private DenseMatrix probabilities = null!;
                private DenseMatrix shifted = null!;
                private DenseMatrix loss = null!;

                public float Forward(DenseMatrix z, DenseMatrix t)
                {
                    z.PointwiseSigmoid(probabilities);
                    probabilities.Subtract(0.5f, shifted);
                    shifted.Negate(shifted);
                    {|LOSS001:shifted.PointwiseLog(shifted)|};
                    t.PointwiseMultiply(shifted, loss);
                    return -loss.Sum();
                }
            }
        }
        """);

    // a call between them may rewrite the buffer: it is no longer known to hold the sigmoid (the log is still a
    // cross-entropy's, so LOSS001 reports it)
    [Fact]
    public Task BufferHandedToAnotherCallBetween_IsNoLongerTheSigmoid() => VerifyCS.Diagnostics(Algebra + """
            public sealed class SigmoidCrossEntropyLayer
            {
                private DenseMatrix probabilities = null!;
                private DenseMatrix loss = null!;

                public float Forward(DenseMatrix z, DenseMatrix t)
                {
                    z.PointwiseSigmoid(probabilities);
                    Reset(probabilities);
                    {|LOSS001:probabilities.PointwiseLog(loss)|};
                    loss.PointwiseMultiply(t, loss);
                    return -loss.Sum();
                }

                private static void Reset(DenseMatrix m) => m.Fill(0.5f);
            }
        }
        """);

    // a log-likelihood summed as it is (Σ log y, no targets weighting it), and a log whose buffer is weighted only
    // after being overwritten: no cross-entropy seen
    [Fact]
    public Task LogIntoABufferNotWeightedByTargets_Silent() => VerifyCS.Diagnostics(Algebra + """
            public sealed class CrossEntropyLayer
            {
                private DenseMatrix loss = null!;

                public float LogLikelihood(DenseMatrix y)
                {
                    y.PointwiseLog(loss);
                    return loss.Sum();
                }

                public float Overwritten(DenseMatrix y, DenseMatrix z, DenseMatrix t)
                {
                    y.PointwiseLog(loss);
                    z.PointwiseExp(loss);
                    loss.PointwiseMultiply(t, loss);
                    return -loss.Sum();
                }
            }
        }
        """);

    // broken code: an unbound destination or receiver reports nothing and throws nothing
    [Fact]
    public Task UnboundDestination_NoDiagnostic() => VerifyCS.Diagnostics(Algebra + """
            public sealed class CrossEntropyLayer
            {
                public float Forward(DenseMatrix y, DenseMatrix t)
                {
                    y.PointwiseLog({|CS0103:missing|});
                    {|CS0103:other|}.PointwiseLog(y);
                    y.PointwiseMultiply(t, y);
                    return -y.Sum();
                }
            }
        }
        """);

    // the message names the sigmoid's input where the buffer was written (the logits are in reach: 'z')
    [Fact]
    public async Task Message_SigmoidIntoABuffer_NamesItsInput()
    {
        var source = Algebra + """
                public sealed class SigmoidCrossEntropyLayer
                {
                    private DenseMatrix probabilities = null!;
                    private DenseMatrix loss = null!;

                    public float Forward(DenseMatrix z, DenseMatrix t)
                    {
                        {|#1:z.PointwiseSigmoid(probabilities)|};
                        {|#0:probabilities.PointwiseLog(loss)|};
                        loss.PointwiseMultiply(t, loss);
                        return -loss.Sum();
                    }
                }
            }
            """;
        var test = new Infrastructure.LossTest<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider> { TestCode = source };
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("LOSS003", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithLocation(1) // the sigmoid
            .WithArguments("probabilities", "a sigmoid output logged unguarded in a cross-entropy term", "50",
                "the log-sigmoid min(x, 0) − log(1 + exp(−|x|)) with x = z, finite where this log is −∞ (the sigmoid rounded to 0)"));
        await test.RunAsync(System.Threading.CancellationToken.None);
    }
}
