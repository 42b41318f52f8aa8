using System.Threading.Tasks;
using Xunit;
using VerifyLog = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>;
using VerifyLogExp = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.UnstableLogExpCompositionCodeFixProvider>;
using VerifyBce = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>;
using Libraries = LossAnalyzers.Tests.Infrastructure.Libraries;

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

    /// <summary>
    /// A pairwise ranking step: the score gap is clamped, its sigmoid floored before the log. The message names the sigmoid's
    /// line as the sigmoid's (not as the guard's) and says what the guard does.
    /// </summary>
    [Fact]
    public async Task FlooredLogOfTheSigmoidOfAClampedGap_MessageNamesTheGuard()
    {
        const string source = """
            using System;

            static class Ranker
            {
                public static double Step(double positive, double negative)
                {
                    var gap = Math.Clamp(positive - negative, -30.0, 30.0);
                    var probability = {|#1:1.0 / (1.0 + Math.Exp(-gap))|};
                    return -{|#0:Math.Log(Math.Max(1e-12, probability))|};
                }

                public static double Miss(double positive, double negative)
                {
                    var gap = positive - negative;
                    var probability = {|#3:1.0 / (1.0 + Math.Exp(-gap))|};
                    return -{|#2:Math.Log(Math.Max(1e-12, 1.0 - probability))|};
                }
            }
            """;
        var test = new Infrastructure.LossTest<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider> { TestCode = source };
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("LOSS003", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0).WithLocation(1)
            .WithArguments("probability", "the sigmoid of 'gap'", "8",
                "StableMath.LogSigmoid(gap), exact for every logit, in place of the guard that changes the loss and its gradient near 0"));
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("LOSS003", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(2).WithLocation(3)
            .WithArguments("probability", "the sigmoid of 'gap'", "15",
                "StableMath.LogSigmoid(-gap) for log(1 − it), exact for every logit, in place of the guard that changes the loss and its gradient near 1"));
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    /// <summary>Exponentials written as powers of <c>Math.E</c> held in a local, in the lambdas an activation table stores.</summary>
    [Fact]
    public Task TanhFromPowersOfAnEulerLocal_Reported_OtherBaseSilent() => VerifyLogExp.Diagnostics("""
        using System;

        sealed class Activation
        {
            public Activation(Func<double, double> forward) => Forward = forward;

            public Func<double, double> Forward { get; }

            public static Activation Tanh()
            {
                var e = Math.E;
                return new Activation(x => {|LOSS006:(Math.Pow(e, x) - Math.Pow(e, -x)) / (Math.Pow(e, x) + Math.Pow(e, -x))|});
            }

            public static Activation Ratio()
            {
                var b = 2.0;
                return new Activation(x => (Math.Pow(b, x) - Math.Pow(b, -x)) / (Math.Pow(b, x) + Math.Pow(b, -x)));
            }
        }
        """);

    /// <summary>
    /// Exponentials handed to an extension that returns a normalised copy (each element over the LINQ sum of its input): a
    /// softmax when the copy is what the caller keeps; a call whose copy is dropped normalises nothing, and a helper that
    /// returns something else is no normaliser.
    /// </summary>
    [Fact]
    public Task ExponentialsReturnedThroughANormalisedCopy_Reported_DroppedCopyOrOtherReturnSilent() => VerifyLogExp.Diagnostics("""
        using System;
        using System.Linq;

        static class Vectors
        {
            public static double[] Normalized(this double[] input)
            {
                var total = input.Sum();
                var result = new double[input.Length];
                for (var i = 0; i < input.Length; i++)
                {
                    result[i] = input[i] / total;
                }

                return result;
            }

            public static double[] Scaled(this double[] input)
            {
                var total = input.Sum();
                var result = new double[input.Length];
                for (var i = 0; i < input.Length; i++)
                {
                    result[i] = input[i] / total;
                }

                return input;
            }
        }

        static class Activations
        {
            public static double[] Softmax(double[] z)
            {
                var e = new double[z.Length];
                for (var i = 0; i < z.Length; i++)
                {
                    e[i] = {|LOSS006:Math.Exp(z[i])|};
                }

                return e.Normalized();
            }

            public static double[] Exponentials(double[] z)
            {
                var e = new double[z.Length];
                for (var i = 0; i < z.Length; i++)
                {
                    e[i] = Math.Exp(z[i]);
                }

                e.Normalized();
                return e;
            }

            public static double[] Other(double[] z)
            {
                var e = new double[z.Length];
                for (var i = 0; i < z.Length; i++)
                {
                    e[i] = Math.Exp(z[i]);
                }

                return e.Scaled();
            }
        }
        """);

    private const string Scorer = """
        using System.Collections.Generic;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        public sealed class Scorer : nn.Module<Tensor, Tensor>
        {
            private readonly Linear hidden = nn.Linear(16, 8);
            private readonly Linear output = nn.Linear(8, 1);

            public Scorer() : base(nameof(Scorer)) => RegisterComponents();

            public override Tensor forward(Tensor input)
            {
                var x = functional.relu(hidden.forward(input));
                x = functional.sigmoid(output.forward(x));
                return x;
            }
        }

        """;

    /// <summary>
    /// A recommender's batch: each pair scored by a module whose forward ends in a sigmoid, the scores collected in a list and
    /// joined with <c>torch.cat</c>, then given to binary cross-entropy in a helper. The joined tensor holds sigmoid outputs;
    /// the helper's call is reported (as a hand-written helper's is), with TorchSharp's logits form as the advice.
    /// </summary>
    [Fact]
    public async Task SigmoidScoresCollectedInAListAndJoined_GivenToBce_Reported()
    {
        var source = Scorer.Replace("x = functional.sigmoid(output.forward(x));", "x = {|#1:functional.sigmoid(output.forward(x))|};") + """
        public sealed class Trainer
        {
            private readonly Scorer scorer = new Scorer();

            private static Tensor Bce(Tensor predictions, Tensor labels) => functional.binary_cross_entropy(predictions, labels);

            public Tensor Step(IReadOnlyList<Tensor> inputs, float[] answered)
            {
                var scores = new List<Tensor>();
                foreach (var input in inputs)
                {
                    var score = scorer.forward(input);
                    scores.Add(score);
                }

                var joined = torch.cat(scores.ToArray(), 0);
                return {|#0:Bce(joined, torch.tensor(answered).unsqueeze(1))|};
            }

            public Tensor Pair(Tensor a, Tensor b, Tensor labels) =>
                {|#2:functional.binary_cross_entropy(torch.stack(new[] { scorer.forward(a), scorer.forward(b) }, 0), labels)|};
        }
        """;
        var test = new Infrastructure.LossTest<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>(Libraries.Torch) { TestCode = source };
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("LOSS003", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0).WithLocation(1)
            .WithArguments("joined", "a 'torch.cat' of sigmoid outputs of 'Scorer.forward'", "17",
                "functional.binary_cross_entropy_with_logits(the sigmoids' inputs joined by torch.cat, torch.tensor(answered).unsqueeze(1))"));
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("LOSS003", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(2).WithLocation(1)
            .WithArguments("torch.stack(new[] { scorer.forward(a), scorer.forward(b) ...", "a 'torch.stack' of sigmoid outputs of 'Scorer.forward'", "17",
                "functional.binary_cross_entropy_with_logits(the sigmoids' inputs joined by torch.stack, labels)"));
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    /// <summary>A list that also holds a raw score, or is filled by another method, is not known to hold sigmoid outputs.</summary>
    [Fact]
    public Task JoinedListWithAnUnknownPart_Silent() => VerifyBce.Diagnostics(Scorer + """
        public sealed class Trainer
        {
            private readonly Scorer scorer = new Scorer();
            private readonly Linear raw = nn.Linear(16, 1);

            public Tensor Mixed(Tensor a, Tensor b, Tensor labels)
            {
                var scores = new List<Tensor>();
                scores.Add(scorer.forward(a));
                scores.Add(raw.forward(b));
                return functional.binary_cross_entropy(torch.cat(scores.ToArray(), 0), labels);
            }

            public Tensor Filled(Tensor a, Tensor labels)
            {
                var scores = new List<Tensor>();
                scores.Add(scorer.forward(a));
                Fill(scores);
                return functional.binary_cross_entropy(torch.cat(scores.ToArray(), 0), labels);
            }

            private static void Fill(List<Tensor> scores) => scores.Add(torch.ones(1));
        }
        """, Libraries.Torch);

    /// <summary>A row softmax over an untyped <c>System.Array</c> (read with GetValue, written with SetValue), unshifted and shifted.</summary>
    [Fact]
    public Task RowSoftmaxOverAnUntypedArray_Reported_ShiftedSilent() => VerifyLogExp.Diagnostics("""
        using System;

        sealed class Grid
        {
            private readonly Array cells = new float[2, 3];

            public Array Softmax()
            {
                var result = Array.CreateInstance(typeof(float), 2, 3);
                for (int i = 0; i < 2; i++)
                {
                    float sum = 0;
                    for (int j = 0; j < 3; j++)
                    {
                        sum += MathF.Exp((float)cells.GetValue(i, j)!);
                    }

                    for (int j = 0; j < 3; j++)
                    {
                        result.SetValue({|LOSS006:MathF.Exp((float)cells.GetValue(i, j)!) / sum|}, i, j);
                    }
                }

                return result;
            }

            public Array ShiftedSoftmax()
            {
                var result = Array.CreateInstance(typeof(float), 2, 3);
                for (int i = 0; i < 2; i++)
                {
                    float max = float.MinValue;
                    for (int j = 0; j < 3; j++)
                    {
                        max = MathF.Max(max, (float)cells.GetValue(i, j)!);
                    }

                    float sum = 0;
                    for (int j = 0; j < 3; j++)
                    {
                        sum += MathF.Exp((float)cells.GetValue(i, j)! - max);
                    }

                    for (int j = 0; j < 3; j++)
                    {
                        result.SetValue(MathF.Exp((float)cells.GetValue(i, j)! - max) / sum, i, j);
                    }
                }

                return result;
            }
        }
        """);

    /// <summary>
    /// A sampler that reuses one variable for each step: the scores exponentiated into it, summed, and divided by the sum.
    /// Reported at the exponentiation; silent when the variable is given other values in between (no longer the exponentials).
    /// </summary>
    [Fact]
    public Task LinqSoftmaxReassignedToOneVariable_Reported_OverwrittenBetweenSilent() => VerifyLogExp.Diagnostics("""
        using System;
        using System.Collections.Generic;
        using System.Linq;

        sealed class Sampler
        {
            private readonly Random random = new Random(7);

            public int Draw(List<float> scores, int offset, int count)
            {
                scores = scores.GetRange(offset, count);
                scores = {|LOSS006:scores.Select(f => (float)Math.Exp(f))|}.ToList();
                var total = scores.Sum();
                scores = scores.Select(x => x / total).ToList();
                var r = (float)random.NextDouble();
                var k = 0;
                foreach (var p in scores)
                {
                    r -= p;
                    if (r < 0) break;
                    k++;
                }

                return k;
            }

            public List<float> Overwritten(List<float> scores)
            {
                scores = scores.Select(f => (float)Math.Exp(f)).ToList();
                var total = scores.Sum();
                scores = scores.Select(f => f * 0.5f).ToList();
                return scores.Select(x => x / total).ToList();
            }
        }
        """);

    /// <summary>
    /// Mish, x · tanh(softplus(x)), and its derivative through tanh(sp) and 1 / cosh(sp): an overflowed softplus is ∞ there,
    /// and tanh(∞) = 1, 1/cosh(∞) = 0 are the exact limits, so the result is right. A softplus also read another way
    /// (cosh(sp) itself, or the softplus returned) overflows into the result.
    /// </summary>
    [Fact]
    public Task SoftplusOnlyReadThroughSaturatingFunctions_Silent_OtherReadsReported() => VerifyLogExp.Diagnostics("""
        using System;
        using System.Linq;

        static class Mish
        {
            public static double[] Activate(double[] nodes) => nodes.Select(x => x * Math.Tanh(Math.Log(1 + Math.Exp(x)))).ToArray();

            public static double Derivative(double x)
            {
                double sp = Math.Log(1 + Math.Exp(x));
                double sech = 1 / Math.Cosh(sp);
                double sigmoid = 1 / (1 + Math.Exp(-x));
                return Math.Tanh(sp) + x * sigmoid * sech * sech;
            }

            public static double Other(double x)
            {
                double sp = {|LOSS006:Math.Log(1 + Math.Exp(x))|};
                return Math.Tanh(sp) + Math.Cosh(sp);
            }

            public static double Softplus(double x) => {|LOSS006:Math.Log(1 + Math.Exp(x))|};
        }
        """);

    /// <summary>
    /// A char-RNN's utility returns its softmax as a column matrix, and the trainer logs the target's entry: an element of a
    /// matrix a call returned is an element of what the call returns. (The softmax is in another file, so it is reported too.)
    /// </summary>
    [Fact]
    public Task LogOfTheTargetEntryOfAReturnedSoftmaxColumn_Reported()
    {
        var test = new Infrastructure.LossTest<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>();
        test.TestState.Sources.Add("""
        using System;

        public sealed class Utility
        {
            public double[,] Softmax(double[,] x)
            {
                var y = new double[x.GetLength(0), 1];
                double total = 0;
                for (int i = 0; i < x.GetLength(0); i++)
                    total += Math.Exp(x[i, 0]);
                for (int i = 0; i < x.GetLength(0); i++)
                    y[i, 0] = {|LOSS006:Math.Exp(x[i, 0]) / total|};
                return y;
            }
        }
        """);
        test.TestState.Sources.Add("""
        using System;

        public sealed class CharModel
        {
            private readonly Utility utility = new Utility();

            public double Loss(double[,] scores, int target)
            {
                var p = utility.Softmax(scores);
                return -{|LOSS001:Math.Log(p[target, 0])|};
            }

            public double Scaled(double[,] scores, int target)
            {
                var p = new double[scores.GetLength(0), 1];
                for (int i = 0; i < scores.GetLength(0); i++)
                    p[i, 0] = scores[i, 0] * 0.5;
                return -Math.Log(p[target, 0]);
            }
        }
        """);
        return test.RunAsync(System.Threading.CancellationToken.None);
    }

    /// <summary>
    /// The char-RNN keeps each step's softmax in a dictionary by time step and logs the target's entry right after storing
    /// it. An entry of a local dictionary is one of the values stored in it; a dictionary that also receives other values,
    /// or that escapes to another method, is not known.
    /// </summary>
    [Fact]
    public Task LogOfAnEntryOfADictionaryOfSoftmaxes_Reported_MixedOrEscapingSilent() => VerifyLog.Diagnostics("""
        using System;
        using System.Collections.Generic;

        public sealed class CharModel
        {
            private static double[,] Softmax(double[,] x)
            {
                var y = new double[x.GetLength(0), 1];
                double max = double.MinValue;
                for (int i = 0; i < x.GetLength(0); i++) max = Math.Max(max, x[i, 0]);
                double total = 0;
                for (int i = 0; i < x.GetLength(0); i++) total += Math.Exp(x[i, 0] - max);
                for (int i = 0; i < x.GetLength(0); i++) y[i, 0] = Math.Exp(x[i, 0] - max) / total;
                return y;
            }

            public double Loss(Dictionary<int, double[,]> scores, int[] targets)
            {
                var probabilities = new Dictionary<int, double[,]>();
                double loss = 0;
                for (int t = 0; t < targets.Length; t++)
                {
                    probabilities[t] = Softmax(scores[t]);
                    loss = loss - {|LOSS001:Math.Log(probabilities[t][targets[t], 0])|};
                }

                return loss;
            }

            public double Mixed(Dictionary<int, double[,]> scores, int[] targets)
            {
                var values = new Dictionary<int, double[,]>();
                values[-1] = scores[0];
                double loss = 0;
                for (int t = 0; t < targets.Length; t++)
                {
                    values[t] = Softmax(scores[t]);
                    loss -= Math.Log(values[t - 1][targets[t], 0]);
                }

                return loss;
            }

            public double Escaping(Dictionary<int, double[,]> scores, int[] targets)
            {
                var probabilities = new Dictionary<int, double[,]>();
                double loss = 0;
                for (int t = 0; t < targets.Length; t++)
                {
                    probabilities[t] = Softmax(scores[t]);
                    Smooth(probabilities);
                    loss -= Math.Log(probabilities[t][targets[t], 0]);
                }

                return loss;
            }

            private static void Smooth(Dictionary<int, double[,]> p) => p[0] = new double[1, 1];
        }
        """);
}
