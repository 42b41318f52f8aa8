using System.Threading.Tasks;
using Xunit;
using VerifyLog = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>;
using VerifyLogExp = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.UnstableLogExpCompositionCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// Shapes from the 26th session on the development corpus (issue #14), reduced and written anew: sums written in the
/// long form <c>s = s + v</c> rather than <c>s += v</c>.
/// </summary>
public class Round26RealWorldTests
{
    [Fact]
    public Task SoftmaxSummedInTheLongForm_Reported() => VerifyLogExp.Diagnostics("""
        using System;

        static class Activations
        {
            public static double[] Softmax(double[] x)
            {
                var y = new double[x.Length];
                double total = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    total = total + Math.Exp(x[i]);
                }

                for (int i = 0; i < x.Length; i++)
                {
                    y[i] = {|LOSS006:Math.Exp(x[i]) / total|};
                }

                return y;
            }

        }
        """);

    /// <summary>A matrix's softmax: the advice names no span API a two-dimensional array cannot be given to.</summary>
    [Fact]
    public async Task SoftmaxOfAMatrixSummedInTheLongForm_Reported_WithAnAdviceForAMatrix()
    {
        const string source = """
            using System;

            static class Activations
            {
                public static double[,] Softmax(double[,] x)
                {
                    var y = new double[x.GetLength(0), x.GetLength(1)];
                    double total = 0;
                    for (int i = 0; i < x.GetLength(0); i++)
                        for (int j = 0; j < x.GetLength(1); j++)
                            total = (total + Math.Exp(x[i, j]));

                    for (int i = 0; i < x.GetLength(0); i++)
                        for (int j = 0; j < x.GetLength(1); j++)
                            y[i, j] = {|#0:Math.Exp(x[i, j]) / total|};

                    return y;
                }
            }
            """;
        var test = new Infrastructure.LossTest<LossAnalyzers.CodeFixes.UnstableLogExpCompositionCodeFixProvider> { TestCode = source };
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("LOSS006", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithArguments("Math.Exp(x[i, j]) / total", "is a softmax of 'x' without the maximum subtracted: once an element exceeds 709 it is ∞/∞ = NaN",
                "exp(x − max) in every exponential, with max the largest element of 'x'"));
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public Task LongFormSumOfShiftedExponentials_OrWithAnotherWrite_Silent() => VerifyLogExp.Diagnostics("""
        using System;
        using System.Linq;

        static class Activations
        {
            public static double[] Softmax(double[] x)
            {
                var max = x.Max();
                var y = new double[x.Length];
                double total = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    total = total + Math.Exp(x[i] - max);
                }

                for (int i = 0; i < x.Length; i++)
                {
                    y[i] = Math.Exp(x[i] - max) / total;
                }

                return y;
            }

            // the sum is scaled afterwards: not a plain sum of exponentials any more
            public static double Ratio(double[] x, int k)
            {
                double total = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    total = total + Math.Exp(-Math.Abs(x[i]));
                }

                total = total * 2;
                return Math.Exp(-Math.Abs(x[k])) / total;
            }
        }
        """);
}
