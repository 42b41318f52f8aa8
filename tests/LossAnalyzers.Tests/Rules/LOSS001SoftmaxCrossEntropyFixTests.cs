using System.Threading.Tasks;
using LossAnalyzers.Tests.Infrastructure;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// LOSS001's fix for a categorical negative log-likelihood over a visible softmax (issue #14): <c>−log softmax(z)[k]</c>
/// becomes <c>Loss.SoftmaxCrossEntropy(z, k)</c>, computed from the logits; elsewhere the clamp stays.
/// </summary>
public class LOSS001SoftmaxCrossEntropyFixTests
{
    private const string Softmax = """
            public static double[] Softmax(double[] z)
            {
                var max = z.Max();
                var e = z.Select(v => Math.Exp(v - max)).ToArray();
                var s = e.Sum();
                return e.Select(v => v / s).ToArray();
            }
        """;

    [Fact]
    public Task NegatedLogOfTheLabelledSoftmaxOutput_FixedWithSoftmaxCrossEntropy() => VerifyCS.Fix("""
        using System;
        using System.Linq;

        static class Classifier
        {
        """ + Softmax + """

            public static double Nll(double[] logits, int label)
            {
                var p = Softmax(logits);
                return -{|LOSS001:Math.Log(p[label])|};
            }
        }
        """, """
        using System;
        using System.Linq;
        using StableLoss;

        static class Classifier
        {
        """ + Softmax + """

            public static double Nll(double[] logits, int label)
            {
                var p = Softmax(logits);
                return Loss.SoftmaxCrossEntropy(logits, label);
            }
        }
        """);

    [Fact]
    public Task SubtractedInALoop_FixedWithANegatedSoftmaxCrossEntropy() => VerifyCS.Fix("""
        using System;
        using System.Linq;

        static class Classifier
        {
        """ + Softmax + """

            public static double Batch(double[][] logits, int[] labels)
            {
                double loss = 0;
                for (int i = 0; i < labels.Length; i++)
                {
                    var p = Softmax(logits[i]);
                    loss -= {|LOSS001:Math.Log(p[labels[i]])|};
                }

                return loss / labels.Length;
            }
        }
        """, """
        using System;
        using System.Linq;
        using StableLoss;

        static class Classifier
        {
        """ + Softmax + """

            public static double Batch(double[][] logits, int[] labels)
            {
                double loss = 0;
                for (int i = 0; i < labels.Length; i++)
                {
                    var p = Softmax(logits[i]);
                    loss -= -Loss.SoftmaxCrossEntropy(logits[i], labels[i]);
                }

                return loss / labels.Length;
            }
        }
        """);

    [Fact]
    public Task SoftmaxOfAnExpressionWithoutAName_KeepsTheClamp() => VerifyCS.Fix("""
        using System;
        using System.Linq;

        static class Classifier
        {
        """ + Softmax + """

            public static double Nll(double[] a, double[] b, int label)
            {
                var p = Softmax(a.Zip(b, (x, y) => x + y).ToArray());
                return -{|LOSS001:Math.Log(p[label])|};
            }
        }
        """, """
        using System;
        using System.Linq;

        static class Classifier
        {
        """ + Softmax + """

            public static double Nll(double[] a, double[] b, int label)
            {
                var p = Softmax(a.Zip(b, (x, y) => x + y).ToArray());
                return -Math.Log(Math.Clamp(p[label], 1e-12, 1 - 1e-12));
            }
        }
        """);

    [Fact]
    public Task SoftmaxNormalisedInPlaceByTheReciprocalOfItsSum_FixedWithSoftmaxCrossEntropy() => VerifyCS.Fix("""
        using System;
        using System.Linq;

        static class Classifier
        {
            public static float FirstIsPositive(float[] scores)
            {
                var p = new float[scores.Length];
                float max = scores.Max(), total = 0f;
                for (int j = 0; j < scores.Length; j++) { p[j] = MathF.Exp(scores[j] - max); total += p[j]; }
                total = 1f / total;
                for (int j = 0; j < scores.Length; j++) p[j] *= total;
                return -{|LOSS001:MathF.Log(p[0])|};
            }
        }
        """, """
        using System;
        using System.Linq;
        using StableLoss;

        static class Classifier
        {
            public static float FirstIsPositive(float[] scores)
            {
                var p = new float[scores.Length];
                float max = scores.Max(), total = 0f;
                for (int j = 0; j < scores.Length; j++) { p[j] = MathF.Exp(scores[j] - max); total += p[j]; }
                total = 1f / total;
                for (int j = 0; j < scores.Length; j++) p[j] *= total;
                return Loss.SoftmaxCrossEntropy(scores, 0);
            }
        }
        """);

    [Fact]
    public Task ExponentialsScaledByANonReciprocal_NotASoftmax_NotReported() => VerifyCS.Diagnostics("""
        using System;

        static class Weights
        {
            // exp(z) scaled by a temperature factor is not normalised: its log is just z · 2, not a probability's
            public static double First(double[] z)
            {
                var w = new double[z.Length];
                for (int j = 0; j < z.Length; j++) w[j] = Math.Exp(z[j]);
                for (int j = 0; j < z.Length; j++) w[j] *= 2.0;
                return -Math.Log(w[0]);
            }
        }
        """);
}
