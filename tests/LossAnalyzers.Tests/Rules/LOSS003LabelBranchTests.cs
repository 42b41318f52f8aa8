using System.Threading.Tasks;
using LossAnalyzers.Tests.Infrastructure;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// LOSS003 where the label picks the logarithm: a boolean label (<c>positive ? −log p : −log(1 − p)</c>), an
/// <c>if</c>/<c>else</c> that returns one logarithm per branch, and the precomputed sigmoid and log tables that
/// negative-sampling trainers (fastText, word2vec ports) read instead of calling Math.
/// </summary>
public class LOSS003LabelBranchTests
{
    // ---------------------------------------------------------------- positives

    [Fact]
    public Task BooleanLabel_Ternary_FixedWithTheLabelAsATarget() => VerifyCS.Fix("""
        using System;

        class NegativeSampling
        {
            float Score(float[] hidden, float[] row)
            {
                float s = 0f;
                for (int i = 0; i < hidden.Length; i++) s += hidden[i] * row[i];
                return s;
            }

            float Step(float[] hidden, float[] row, bool isPositive)
            {
                float q = 1f / (1f + MathF.Exp(-Score(hidden, row)));
                return {|LOSS003:isPositive ? -MathF.Log(q) : -MathF.Log(1f - q)|};
            }
        }
        """, """
        using System;
        using StableLoss;

        class NegativeSampling
        {
            float Score(float[] hidden, float[] row)
            {
                float s = 0f;
                for (int i = 0; i < hidden.Length; i++) s += hidden[i] * row[i];
                return s;
            }

            float Step(float[] hidden, float[] row, bool isPositive)
            {
                float q = 1f / (1f + MathF.Exp(-Score(hidden, row)));
                return Loss.BinaryCrossEntropyWithLogits(Score(hidden, row), isPositive ? 1f : 0f);
            }
        }
        """);

    [Fact]
    public Task BooleanLabel_ComparisonOfIndices_LogOfPInTheFalseBranch() => VerifyCS.Fix("""
        using System;

        class OneVsRest
        {
            double Term(double logit, int k, int label)
            {
                double prob = 1.0 / (1.0 + Math.Exp(-logit));
                return {|LOSS003:k != label ? -Math.Log(1 - prob) : -Math.Log(prob)|};
            }
        }
        """, """
        using System;
        using StableLoss;

        class OneVsRest
        {
            double Term(double logit, int k, int label)
            {
                double prob = 1.0 / (1.0 + Math.Exp(-logit));
                return Loss.BinaryCrossEntropyWithLogits(logit, k != label ? 0.0 : 1.0);
            }
        }
        """);

    [Fact]
    public Task IfElseReturningOneLogPerBranch_ReportedOnTheStatementWithoutFix()
    {
        // the site is a statement: no expression can replace it, so the diagnostic comes without a fix
        const string source = """
            using System;

            class Trainer
            {
                double Step(double margin, bool target)
                {
                    double sig = 1.0 / (1.0 + Math.Exp(-margin));
                    {|LOSS003:if (target)
                    {
                        return -Math.Log(sig);
                    }
                    else
                    {
                        return -Math.Log(1.0 - sig);
                    }|}
                }
            }
            """;
        return VerifyCS.Fix(source, source);
    }

    [Fact]
    public Task PrecomputedTables_SigmoidAndLogHelpers_AreTheFunctionsTheyName()
    {
        // a fastText-style thread state: both functions are table lookups clamped at the ends of their range
        const string source = """
            class ThreadState
            {
                private readonly float[] logTable = new float[512];
                private readonly float[] sigmoidTable = new float[512];

                public float Log(float x)
                {
                    if (x > 1.0f) return 0.0f;
                    int i = (int)(x * 512);
                    return logTable[i];
                }

                public float Sigmoid(float x)
                {
                    if (x < -8) return 0.0f;
                    else if (x > 8) return 1.0f;
                    int i = (int)((x + 8) * 512 / 16);
                    return sigmoidTable[i];
                }
            }

            class Model
            {
                float BinaryLogistic(ThreadState state, float dot, bool label)
                {
                    float score = state.Sigmoid(dot);
                    {|LOSS003:if (label)
                    {
                        return -state.Log(score);
                    }
                    else
                    {
                        return -state.Log(1.0f - score);
                    }|}
                }
            }
            """;
        return VerifyCS.Fix(source, source);
    }

    [Fact]
    public Task LabelChoiceInsideTheLog_FixedWithTheLabelAsATarget() => VerifyCS.Fix("""
        using System;

        class Pairwise
        {
            double Step(double margin, int clicked)
            {
                double p = 1.0 / (1.0 + Math.Exp(-margin));
                return {|LOSS003:-Math.Log(clicked == 1 ? p : 1 - p)|};
            }
        }
        """, """
        using System;
        using StableLoss;

        class Pairwise
        {
            double Step(double margin, int clicked)
            {
                double p = 1.0 / (1.0 + Math.Exp(-margin));
                return Loss.BinaryCrossEntropyWithLogits(margin, clicked == 1 ? 1.0 : 0.0);
            }
        }
        """);

    // ---------------------------------------------------------------- negatives

    [Fact]
    public Task TestOfTheProbabilityItself_IsNoLabel() => VerifyCS.Diagnostics("""
        using System;

        class Confidence
        {
            // the log of the larger side: the branch is chosen by p, not by a label
            double LogOfLikelierSide(double z)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return p > 0.5 ? Math.Log(p) : Math.Log(1 - p);
            }
        }
        """);

    [Fact]
    public Task ScalarLogHelperThatComputes_IsNotATable() => VerifyCS.Diagnostics("""
        using System;

        class Helpers
        {
            // a guarded log, not a table: its own guard keeps both branches finite
            static double Log(double x) => Math.Log(Math.Max(x, 1e-12));

            double Step(double z, bool label)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return label ? -Log(p) : -Log(1 - p);
            }
        }
        """);

    [Fact]
    public Task TableLog_OfASoftmaxProbability_IsFiniteByConstruction() => VerifyCS.Diagnostics("""
        using System;

        class Softmax
        {
            static readonly float[] LogTable = new float[513];

            // the table's first entry is the log of its smallest step, not of 0: −Log(0) is finite
            static float Log(float x)
            {
                if (x > 1.0f) return 0f;
                return LogTable[(int)(x * 512)];
            }

            float Loss(float[] z, int target)
            {
                float max = z[0];
                for (int i = 1; i < z.Length; i++) max = Math.Max(max, z[i]);
                float sum = 0f;
                var output = new float[z.Length];
                for (int i = 0; i < z.Length; i++) { output[i] = MathF.Exp(z[i] - max); sum += output[i]; }
                for (int i = 0; i < z.Length; i++) output[i] /= sum;
                return -Log(output[target]);
            }
        }
        """);

    [Fact]
    public Task LabelChoiceOfAnUnknownValue_IsEvidenceForLoss001_MessageNamesBothSides()
    {
        var test = new LossTest<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>(Libraries.None)
        {
            TestCode = """
                using System;

                static class Costs
                {
                    public static double Error(double guess, int expected) => -{|#0:Math.Log({|#1:expected == 1 ? guess : 1 - guess|})|};
                }
                """,
        };
        // the second location is the operand the clamp fix wraps
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("LOSS001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithLocation(1)
            .WithArguments("guess", "used as the probability of a binary cross-entropy", "0 or 1", "the log of the side the label picks",
                " and the loss becomes NaN or ∞", "clamp it to [ε, 1 − ε] with ε = 1e-12"));
        return test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public Task LabelChoiceOfAnUnknownValue_IsEvidenceForLoss001() => VerifyCS.Diagnostics("""
        using System;

        static class Costs
        {
            // guess[i] is logged as the probability of the observed class: a BCE's, so a probability whatever its name
            public static double[] Error(double[] guess, double[] expected)
            {
                var result = new double[guess.Length];
                for (int i = 0; i < guess.Length; i++)
                    result[i] = -{|LOSS001:Math.Log(expected[i] == 1 ? guess[i] : 1 - guess[i])|};
                return result;
            }
        }
        """);

    [Fact]
    public Task ChoiceByTheValueItself_IsNoLabel() => VerifyCS.Diagnostics("""
        using System;

        static class Margins
        {
            // the larger side of p: chosen by p, not by a label
            public static double LogOfLarger(double p) => Math.Log(p > 0.5 ? p : 1 - p);
        }
        """);

    [Fact]
    public Task IfWithoutElse_IsNotABranchPair() => VerifyCS.Diagnostics("""
        using System;

        class Trainer
        {
            double Step(double z, bool label)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                if (label)
                {
                    return -{|LOSS001:Math.Log(p)|};
                }

                return 0.0;
            }
        }
        """);

    // ---------------------------------------------------------------- FixAll

    [Fact]
    public Task FixAll_BooleanLabelsInTwoMethods() => VerifyCS.FixAll(
        new[]
        {
            """
            using System;

            class Pairs
            {
                double A(double z, bool y)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z));
                    return {|LOSS003:y ? -Math.Log(p) : -Math.Log(1 - p)|};
                }

                double B(double u, bool clicked)
                {
                    double r = 1.0 / (1.0 + Math.Exp(-u));
                    return {|LOSS003:clicked ? -Math.Log(r) : -Math.Log(1 - r)|};
                }
            }
            """,
        },
        new[]
        {
            """
            using System;
            using StableLoss;

            class Pairs
            {
                double A(double z, bool y)
                {
                    double p = 1.0 / (1.0 + Math.Exp(-z));
                    return Loss.BinaryCrossEntropyWithLogits(z, y ? 1.0 : 0.0);
                }

                double B(double u, bool clicked)
                {
                    double r = 1.0 / (1.0 + Math.Exp(-u));
                    return Loss.BinaryCrossEntropyWithLogits(u, clicked ? 1.0 : 0.0);
                }
            }
            """,
        });

    // ---------------------------------------------------------------- broken code

    [Fact]
    public Task Broken_ElseBranchMissing_NoCrash() => VerifyCS.DiagnosticsIgnoringCompilerErrors("""
        using System;

        class Trainer
        {
            double Step(double z, bool label)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                // the else branch returns nothing yet: the log p that is written is an unguarded log of a sigmoid
                if (label) return -{|LOSS001:Math.Log(p)|}; else return
            }

            float Log(float x) { if (x > 1f) return 0f; return table[(int)(x * 512)]; }
        }
        """);
}
