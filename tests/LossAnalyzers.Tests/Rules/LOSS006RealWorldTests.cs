using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.UnstableLogExpCompositionCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// LOSS006 on shapes seen in the development corpus (issue #14), reduced and written anew: a softplus through a
/// library's own log1p or exp helper, or spread over locals; and the pairwise log-add-exp ordered by an early return.
/// </summary>
public class LOSS006RealWorldTests
{
    [Fact]
    public Task OwnLog1pOfExp_ReportedAndFixed() => VerifyCS.Fix("""
        using System;

        static class Special
        {
            public static double Log1p(double x) => x + 1 == 1 ? x : Math.Log(1 + x) * x / ((1 + x) - 1);
        }

        static class Logistic
        {
            public static double Loss(double margin) => {|LOSS006:Special.Log1p(Math.Exp(-margin))|};
        }
        """, """
        using System;
        using StableLoss;

        static class Special
        {
            public static double Log1p(double x) => x + 1 == 1 ? x : Math.Log(1 + x) * x / ((1 + x) - 1);
        }

        static class Logistic
        {
            public static double Loss(double margin) => StableMath.Softplus(-margin);
        }
        """);

    [Fact]
    public Task OwnExpHelper_Reported() => VerifyCS.Diagnostics("""
        using System;

        abstract class Function
        {
            protected double exp(double x) => Math.Exp(x);
        }

        sealed class Softplus : Function
        {
            public double Compute(double x) => {|LOSS006:Math.Log(1d + exp(x))|};
        }
        """);

    [Fact]
    public Task CappedExpHelper_IsNotExp_Silent() => VerifyCS.Diagnostics("""
        using System;

        static class BoundMath
        {
            public static double Exp(double x) => x > 700 ? 1e300 : Math.Exp(x);
        }

        static class Activation
        {
            public static double Smooth(double x) => Math.Log(1 + BoundMath.Exp(x));
        }
        """);

    [Fact]
    public Task SoftplusSpreadOverLocals_ReportedWithoutFix() => VerifyCS.Fix("""
        using System;

        static class Activations
        {
            public static float Softplus(float x)
            {
                float
                    e = (float)Math.Exp(x),
                    sum = 1 + e,
                    ln = (float){|LOSS006:Math.Log(sum)|};
                return ln;
            }
        }
        """, """
        using System;

        static class Activations
        {
            public static float Softplus(float x)
            {
                float
                    e = (float)Math.Exp(x),
                    sum = 1 + e,
                    ln = (float){|LOSS006:Math.Log(sum)|};
                return ln;
            }
        }
        """);

    [Fact]
    public Task LocalWrittenTwice_NotFollowed_Silent() => VerifyCS.Diagnostics("""
        using System;

        static class Activations
        {
            public static double Softplus(double x)
            {
                double e = Math.Exp(x);
                if (x > 30) e = Math.Exp(30);
                return Math.Log(1 + Math.Min(e, 1e13));
            }
        }
        """);

    [Fact]
    public Task PairwiseLogAddExpOrderedByAnEarlyReturn_Silent() => VerifyCS.Diagnostics("""
        using System;

        static class Special
        {
            public static double Log1p(double x) => Math.Log(1 + x);

            public static double LogSum(double a, double b)
            {
                if (a > b)
                {
                    return a + Log1p(Math.Exp(b - a));
                }

                return b + Log1p(Math.Exp(a - b));
            }
        }
        """);

    [Fact]
    public Task SigmoidWrittenWithAnExpLocal_IsASigmoidForLoss001() => Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>.Diagnostics("""
        using System;

        static class Logistic
        {
            public static double NegativeLogProbability(double z)
            {
                double e = Math.Exp(z);
                double p = e / (1 + e);
                return -{|LOSS001:Math.Log(p)|};
            }
        }
        """);

    // ---------------------------------------------------------------- the buffered softmax

    [Fact]
    public Task BufferedSoftmax_ExpStoredThenDivided_Reported() => VerifyCS.Diagnostics("""
        using System;

        static class Layer
        {
            public static double[] Forward(double[] z)
            {
                var e = new double[z.Length];
                double sum = 0;
                for (int j = 0; j < z.Length; j++) { e[j] = {|LOSS006:Math.Exp(z[j])|}; sum += e[j]; }
                var p = new double[z.Length];
                for (int j = 0; j < z.Length; j++) p[j] = e[j] / sum;
                return p;
            }
        }
        """);

    [Fact]
    public Task BufferedSoftmax_InPlaceAndTwoDimensional_Reported() => VerifyCS.Diagnostics("""
        using System;

        static class Layer
        {
            public static double[] Responses(double[] scores)
            {
                var r = new double[scores.Length];
                double sum = 0;
                for (int j = 0; j < scores.Length; j++) sum += r[j] = {|LOSS006:Math.Exp(scores[j])|};
                for (int j = 0; j < r.Length; j++) r[j] /= sum;
                return r;
            }

            public static float[,] Rows(float[,] source)
            {
                int rows = source.GetLength(0), columns = source.GetLength(1);
                var result = new float[rows, columns];
                var cache = new float[rows, columns];
                for (int i = 0; i < rows; i++)
                {
                    for (int j = 0; j < columns; j++) cache[i, j] = {|LOSS006:MathF.Exp(source[i, j])|};
                    float sum = 0;
                    for (int j = 0; j < columns; j++) sum += cache[i, j];
                    for (int j = 0; j < columns; j++) result[i, j] = cache[i, j] / sum;
                }

                return result;
            }
        }
        """);

    [Fact]
    public Task BufferedSoftmax_ScaledByTheReciprocalOfTheSum_Reported() => VerifyCS.Diagnostics("""
        using System;

        static class Layer
        {
            // the sum is turned into its reciprocal in place, then every element is multiplied by it
            public static void InPlace(Span<float> units)
            {
                float scale = 0;
                for (int n = 0; n < units.Length; n++)
                    scale += units[n] = {|LOSS006:MathF.Exp(units[n])|};
                scale = 1 / scale;
                for (int n = 0; n < units.Length; n++)
                    units[n] *= scale;
            }

            // the reciprocal held in its own local, and the product written to another array
            public static double[] Copy(double[] z)
            {
                var e = new double[z.Length];
                double total = 0;
                for (int j = 0; j < z.Length; j++) { e[j] = {|LOSS006:Math.Exp(z[j])|}; total += e[j]; }
                var inverse = 1.0 / total;
                var p = new double[z.Length];
                for (int j = 0; j < z.Length; j++) p[j] = e[j] * inverse;
                return p;
            }
        }
        """);

    [Fact]
    public Task BufferedSoftmax_ScaledByWhatIsNotTheReciprocalOfTheSum_Silent() => VerifyCS.Diagnostics("""
        using System;

        static class Layer
        {
            // exponentials scaled by a learning rate, and by the reciprocal of a count: no normalisation
            public static void Rates(Span<float> units, float rate)
            {
                float scale = 0;
                for (int n = 0; n < units.Length; n++)
                    scale += units[n] = MathF.Exp(units[n]);
                for (int n = 0; n < units.Length; n++)
                    units[n] *= rate;
                var inverse = 1f / units.Length;
                for (int n = 0; n < units.Length; n++)
                    units[n] *= inverse;
            }

            // the max-shifted form, scaled by the reciprocal of its sum: stable
            public static void Shifted(Span<float> units, float max)
            {
                float scale = 0;
                for (int n = 0; n < units.Length; n++)
                    scale += units[n] = MathF.Exp(units[n] - max);
                scale = 1 / scale;
                for (int n = 0; n < units.Length; n++)
                    units[n] *= scale;
            }
        }
        """);

    [Fact]
    public Task NormalisedDecayKernel_NegatedRateTimesDistance_Silent() => VerifyCS.Diagnostics("""
        using System;
        using System.Collections.Generic;

        static class Perplexity
        {
            // a Gaussian kernel exp(−β·d) over distances, normalised: the exponent is a negated rate times a distance, not a
            // logit (t-SNE's perplexity search); it decays, so no maximum needs subtracting
            public static double Row(double[] distances, double beta, double[] p)
            {
                double sum = 0;
                for (int j = 0; j < distances.Length; j++) { p[j] = Math.Exp(-beta * distances[j]); sum += p[j]; }
                for (int j = 0; j < distances.Length; j++) p[j] /= sum;
                return sum;
            }

            // the rate negated by every caller of a private helper, the weights scaled by the reciprocal of their sum
            public static double Search(IReadOnlyDictionary<string, double> distances, IDictionary<string, double> p, double beta) =>
                Observed(distances, p, -beta) + Observed(distances, p, -2 * beta);

            private static double Observed(IReadOnlyDictionary<string, double> distances, IDictionary<string, double> p, double minusBeta)
            {
                var total = 0d;
                foreach (var (word, distance) in distances) total += p[word] = Math.Exp(distance * minusBeta);
                var scale = 1d / total;
                var entropy = 0d;
                foreach (var (word, distance) in distances) entropy += distance * (p[word] *= scale);
                return Math.Log(total) - minusBeta * entropy;
            }
        }
        """);

    [Fact]
    public Task BufferedSoftmax_LogitsTimesAnInverseTemperature_StillReported() => VerifyCS.Diagnostics("""
        using System;

        static class Sampler
        {
            public static double[] Probabilities(double[] logits, double inverseTemperature)
            {
                var p = new double[logits.Length];
                double sum = 0;
                for (int j = 0; j < logits.Length; j++) { p[j] = {|LOSS006:Math.Exp(logits[j] * inverseTemperature)|}; sum += p[j]; }
                for (int j = 0; j < logits.Length; j++) p[j] /= sum;
                return p;
            }
        }
        """);

    [Fact]
    public Task BufferedSoftmax_MaxShiftedOrNotNormalised_Silent() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        static class Layer
        {
            public static double[] Shifted(double[] z)
            {
                var max = z.Max();
                var e = new double[z.Length];
                double sum = 0;
                for (int j = 0; j < z.Length; j++) { e[j] = Math.Exp(z[j] - max); sum += e[j]; }
                for (int j = 0; j < z.Length; j++) e[j] /= sum;
                return e;
            }

            public static double[] Rates(double[] logRates)
            {
                var r = new double[logRates.Length];
                for (int j = 0; j < logRates.Length; j++) r[j] = Math.Exp(logRates[j]);
                return r;
            }
        }
        """);

    [Fact]
    public Task SoftmaxThroughTheSumsReciprocal_Reported() => VerifyCS.Diagnostics("""
        using System;

        public sealed class Layer
        {
            public float[] Values = new float[0];
        }

        public static class Activations
        {
            public static Layer Softmax(Layer input)
            {
                var result = new Layer { Values = new float[input.Values.Length] };
                float total = 0;
                for (int i = 0; i < input.Values.Length; i++)
                    total += (float)Math.Exp(input.Values[i]);

                total = 1f / total;
                for (int i = 0; i < input.Values.Length; i++)
                    result.Values[i] = {|LOSS006:(float)Math.Exp(input.Values[i]) * total|};

                return result;
            }
        }
        """);

    [Fact]
    public Task SoftmaxThroughTheShiftedSumsReciprocal_Silent() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        public static class Activations
        {
            public static double[] Softmax(double[] z)
            {
                var max = z.Max();
                double total = 0;
                for (int i = 0; i < z.Length; i++)
                    total += Math.Exp(z[i] - max);

                var scale = 1.0 / total;
                var p = new double[z.Length];
                for (int i = 0; i < z.Length; i++)
                    p[i] = Math.Exp(z[i] - max) * scale;

                return p;
            }

            // a reciprocal of something that is not a sum of exponentials
            public static double[] Scale(double[] z, double norm)
            {
                var inverse = 1.0 / norm;
                var p = new double[z.Length];
                for (int i = 0; i < z.Length; i++)
                    p[i] = Math.Exp(z[i]) * inverse;

                return p;
            }
        }
        """);

    [Fact]
    public Task SoftmaxOverAnObjectGraph_EachNeuronsMember_Reported() => VerifyCS.Diagnostics("""
        using System;
        using System.Collections.Generic;
        using static System.Math;

        public sealed class Neuron
        {
            public double Input { get; set; }
            public double Output { get; set; }
        }

        public sealed class SoftmaxLayer
        {
            private readonly List<Neuron> neurons = new List<Neuron>();

            public void Forward()
            {
                double total = 0;
                neurons.ForEach(n =>
                {
                    n.Output = {|LOSS006:Exp(n.Input)|};
                    total += n.Output;
                });
                neurons.ForEach(n => n.Output /= total);
            }

            public void ForwardShifted()
            {
                double max = double.MinValue;
                foreach (var n in neurons) max = Math.Max(max, n.Input);
                double total = 0;
                foreach (var n in neurons)
                {
                    n.Output = Exp(n.Input - max);
                    total += n.Output;
                }

                foreach (var n in neurons) n.Output /= total;
            }

            // exponentials summed but never normalised by that sum: not a softmax
            public double Partition()
            {
                double total = 0;
                foreach (var n in neurons)
                {
                    n.Output = Exp(n.Input);
                    total += n.Output;
                }

                return total > 0 ? 1 : 0;
            }
        }
        """);

    /// <summary>
    /// A generic library's numeric-operations object (seen out of sample in an activation-function library, reduced and
    /// written anew): <c>NumOps.Log(NumOps.Add(NumOps.One, NumOps.Exp(x)))</c> is the unstable softplus, also over locals;
    /// reported without a fix, since StableLoss's generic overloads need <c>IFloatingPointIeee754&lt;T&gt;</c>, which an
    /// unconstrained T is not. A log of one plus something else, or an exp that is never logged, is not.
    /// </summary>
    [Fact]
    public Task NumericOperationsObject_Softplus_ReportedWithoutFix()
    {
        const string source = """
            public interface INumericOperations<T>
            {
                T One { get; }
                T Add(T a, T b);
                T Multiply(T a, T b);
                T Negate(T a);
                T Exp(T a);
                T Log(T a);
            }

            public class SoftPlus<T>
            {
                private readonly INumericOperations<T> NumOps;

                public SoftPlus(INumericOperations<T> ops) => NumOps = ops;

                public T Activate(T input) => {|LOSS006:NumOps.Log(NumOps.Add(NumOps.One, NumOps.Exp(input)))|};

                public T ActivateInSteps(T input)
                {
                    T expInput = NumOps.Exp(input);
                    T onePlusExp = NumOps.Add(NumOps.One, expInput);
                    return {|LOSS006:NumOps.Log(onePlusExp)|};
                }

                public T LogOnePlus(T input) => NumOps.Log(NumOps.Add(NumOps.One, input));

                public T Growth(T rate) => NumOps.Add(NumOps.One, NumOps.Exp(rate));
            }
            """;
        return VerifyCS.Fix(source, source);
    }

    /// <summary>
    /// A softmax over an own tensor type's indexer and over a layer's neuron objects (seen out of sample in two
    /// from-scratch libraries, reduced and written anew), reported at the division; one that subtracts the maximum is not.
    /// </summary>
    [Fact]
    public Task SoftmaxOverOwnTensorIndexerAndNeuronObjects() => VerifyCS.Diagnostics("""
        using System;
        using System.Collections.Generic;

        public class Tensor
        {
            private readonly float[] data = new float[8];
            public float this[int i] { get => data[i]; set => data[i] = value; }
            public int Length => data.Length;
        }

        public class Neuron
        {
            public double Sum { get; set; }
            public double Output { get; set; }
        }

        public class SoftmaxLayer
        {
            public Tensor Outputs { get; } = new Tensor();
            public List<Neuron> Neurons { get; } = new List<Neuron>();

            public Tensor Forward(Tensor inputs)
            {
                float sum = 0f;
                for (int i = 0; i < inputs.Length; i++) sum += (float)Math.Exp(inputs[i]);
                for (int i = 0; i < inputs.Length; i++) Outputs[i] = {|LOSS006:(float)Math.Exp(inputs[i]) / sum|};
                return Outputs;
            }

            public void Process()
            {
                double sum = 0;
                foreach (var neuron in Neurons) sum += Math.Exp(neuron.Sum);
                foreach (var neuron in Neurons) neuron.Output = {|LOSS006:Math.Exp(neuron.Sum) / sum|};
            }

            public Tensor Stable(Tensor inputs)
            {
                float max = float.MinValue;
                for (int i = 0; i < inputs.Length; i++) max = Math.Max(max, inputs[i]);
                float sum = 0f;
                for (int i = 0; i < inputs.Length; i++) sum += (float)Math.Exp(inputs[i] - max);
                for (int i = 0; i < inputs.Length; i++) Outputs[i] = (float)Math.Exp(inputs[i] - max) / sum;
                return Outputs;
            }
        }
        """);

    [Fact]
    public Task ExpWrittenAsAPowerOfE_NormalisedByTheBuffersSum_Reported() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        static class Activation
        {
            public static double[] Normalised(double[] scores)
            {
                var e = new double[scores.Length];
                for (int i = 0; i < scores.Length; i++) e[i] = {|LOSS006:Math.Pow(Math.E, scores[i])|};
                double total = e.Sum();
                for (int i = 0; i < e.Length; i++) e[i] = e[i] / total;
                return e;
            }
        }
        """);

    [Fact]
    public Task PowerOfEOfShiftedScores_OrAnotherBase_NotReported() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        static class Activation
        {
            public static double[] Shifted(double[] scores)
            {
                var max = scores.Max();
                var e = new double[scores.Length];
                for (int i = 0; i < scores.Length; i++) e[i] = Math.Pow(Math.E, scores[i] - max);
                double total = e.Sum();
                for (int i = 0; i < e.Length; i++) e[i] = e[i] / total;
                return e;
            }

            // powers of 2 normalised: bounded by 2^1024 only, but not an exp of logits in a softmax, and not this rule's shape
            public static double[] Octaves(double[] levels)
            {
                var e = new double[levels.Length];
                for (int i = 0; i < levels.Length; i++) e[i] = Math.Pow(2, levels[i]);
                double total = e.Sum();
                for (int i = 0; i < e.Length; i++) e[i] = e[i] / total;
                return e;
            }
        }
        """);

    [Fact]
    public Task LogSumExpWrittenOutTermByTerm_AndLogCosh_Reported() => VerifyCS.Diagnostics("""
        using System;

        static class Losses
        {
            public static double LogAdd(double a, double b) => {|LOSS006:Math.Log(Math.Exp(a) + Math.Exp(b))|};

            public static double LogCosh(double[] predicted, double[] actual)
            {
                double total = 0;
                for (int i = 0; i < predicted.Length; i++)
                {
                    var d = predicted[i] - actual[i];
                    total += {|LOSS006:Math.Log((Math.Exp(d) + Math.Exp(-d)) / 2)|};
                }

                return total / predicted.Length;
            }

            public static float LogCoshF(float d) => {|LOSS006:MathF.Log(MathF.Cosh(d))|};
        }
        """);

    [Fact]
    public Task LogSumExpWithTheLargestTakenOut_OrBoundedExponents_NotReported() => VerifyCS.Diagnostics("""
        using System;

        static class Losses
        {
            public static double LogAdd(double a, double b)
            {
                var m = Math.Max(a, b);
                return m + Math.Log(Math.Exp(a - m) + Math.Exp(b - m));
            }

            public static double LogCosh(double d)
            {
                var x = Math.Abs(d);
                return x + Math.Log(1 + Math.Exp(-2 * x)) - Math.Log(2);
            }

            public static double Clipped(double d)
            {
                var c = Math.Clamp(d, -20, 20);
                return Math.Log((Math.Exp(c) + Math.Exp(-c)) / 2) + Math.Log(Math.Cosh(c));
            }

            // a test oracle over constant inputs: the exponents are known to be small
            public static float[] Expected()
            {
                var x = new float[] { 1f, 2f, 3f };
                var y = new float[] { 4f, 5f, 6f };
                var expected = new float[x.Length];
                for (int i = 0; i < x.Length; i++) expected[i] = MathF.Log(MathF.Exp(x[i]) + MathF.Exp(y[i]));
                return expected;
            }

            // a log of a product of exponentials is a sum of exponents: nothing to take out
            public static double Product(double a, double b) => Math.Log(Math.Exp(a) * Math.Exp(b));
        }
        """);

    [Fact]
    public Task TemperatureSoftmaxThroughALambda_Reported_ShiftedOneNot() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        static class Sampling
        {
            public static double[] Tempered(double[] z, double temperature)
            {
                var e = {|LOSS006:z.Select(v => Math.Exp(v / temperature))|}.ToArray();
                var s = e.Sum();
                return e.Select(v => v / s).ToArray();
            }

            public static double[] TemperedShifted(double[] z, double temperature)
            {
                var max = z.Max();
                var e = z.Select(v => Math.Exp((v - max) / temperature)).ToArray();
                var s = e.Sum();
                return e.Select(v => v / s).ToArray();
            }
        }
        """);
    [Fact]
    public Task BufferedSoftmaxThroughALocal_Reported() => VerifyCS.Diagnostics("""
        using System;

        sealed class SoftmaxLayer
        {
            public void Forward(double[][] rows)
            {
                double sum, value;
                foreach (var row in rows)
                {
                    sum = 0;
                    for (int k = 0; k < row.Length; k++)
                    {
                        value = {|LOSS006:Math.Pow(Math.E, row[k])|};
                        row[k] = value;
                        sum += value;
                    }

                    for (int k = 0; k < row.Length; k++)
                    {
                        row[k] /= sum;
                    }
                }
            }

            // the same buffer, shifted by the row's maximum first
            public void Stable(double[] row)
            {
                double max = row[0];
                foreach (var v in row) max = Math.Max(max, v);
                double sum = 0, value;
                for (int k = 0; k < row.Length; k++)
                {
                    value = Math.Exp(row[k] - max);
                    row[k] = value;
                    sum += value;
                }

                for (int k = 0; k < row.Length; k++) row[k] /= sum;
            }
        }
        """);

    // ---------------------------------------------------------------- tanh written with exponentials

    [Fact]
    public Task TanhFromExponentials_Inline_ReportedAndFixed() => VerifyCS.Fix("""
        using System;

        sealed class HyperbolicActivation
        {
            public double Forward(double v) => {|LOSS006:(Math.Exp(v) - Math.Exp(-v)) / (Math.Exp(v) + Math.Exp(-v))|};
            public double Backward(double v) => 1 - Math.Pow(Forward(v), 2);
        }
        """, """
        using System;

        sealed class HyperbolicActivation
        {
            public double Forward(double v) => Math.Tanh(v);
            public double Backward(double v) => 1 - Math.Pow(Forward(v), 2);
        }
        """);

    [Fact]
    public Task TanhFromFloatExponentialsInLocals_ReportedAndFixed() => VerifyCS.Fix("""
        using System;

        static class Kernels
        {
            public static void TanhForward(float[] input, float[] output)
            {
                for (int n = 0; n < input.Length; n++)
                {
                    var x = input[n];
                    float up = (float)Math.Exp(x), down = (float)Math.Exp(-x);
                    output[n] = {|LOSS006:(up - down) / (up + down)|};
                }
            }
        }
        """, """
        using System;

        static class Kernels
        {
            public static void TanhForward(float[] input, float[] output)
            {
                for (int n = 0; n < input.Length; n++)
                {
                    var x = input[n];
                    float up = (float)Math.Exp(x), down = (float)Math.Exp(-x);
                    output[n] = MathF.Tanh(x);
                }
            }
        }
        """);

    [Fact]
    public Task TanhFromPowersOfE_AssignedInALoop_ReportedAndFixed() => VerifyCS.Fix("""
        using System;

        sealed class TanhLayer
        {
            public void Apply(double[] values)
            {
                double plus, minus;
                for (int i = 0; i < values.Length; i++)
                {
                    plus = Math.Pow(Math.E, values[i]);
                    minus = Math.Pow(Math.E, -1 * values[i]);
                    values[i] = {|LOSS006:(plus - minus) / (plus + minus)|};
                }
            }
        }
        """, """
        using System;

        sealed class TanhLayer
        {
            public void Apply(double[] values)
            {
                double plus, minus;
                for (int i = 0; i < values.Length; i++)
                {
                    plus = Math.Pow(Math.E, values[i]);
                    minus = Math.Pow(Math.E, -1 * values[i]);
                    values[i] = Math.Tanh(values[i]);
                }
            }
        }
        """);

    [Fact]
    public Task TanhFromDoubleExponentials_StoredAsFloat_FixCastsTheResult() => VerifyCS.Fix("""
        using static System.Math;

        static class Neuron
        {
            public static float Squash(double sum)
            {
                float up = (float)Exp(sum), down = (float)Exp(-sum);
                return {|LOSS006:(up - down) / (up + down)|};
            }

            public static double Plain(double sum) => (Exp(sum) - Exp(-sum)) / 2;
        }
        """, """
        using static System.Math;

        static class Neuron
        {
            public static float Squash(double sum)
            {
                float up = (float)Exp(sum), down = (float)Exp(-sum);
                return (float)System.Math.Tanh(sum);
            }

            public static double Plain(double sum) => (Exp(sum) - Exp(-sum)) / 2;
        }
        """);

    [Fact]
    public Task TanhLookAlikes_Silent() => VerifyCS.Diagnostics("""
        using System;

        static class Hyperbolic
        {
            // a clamped argument keeps both exponentials finite
            public static double Clamped(double v)
            {
                var x = Math.Clamp(v, -20, 20);
                return (Math.Exp(x) - Math.Exp(-x)) / (Math.Exp(x) + Math.Exp(-x));
            }

            // sinh and cosh are ∞ themselves out there: nothing better exists
            public static double Sinh(double x) => (Math.Exp(x) - Math.Exp(-x)) / 2;
            public static double Cosh(double x) => (Math.Exp(x) + Math.Exp(-x)) / 2;

            // two different arguments: not a tanh
            public static double Mixed(double a, double b) => (Math.Exp(a) - Math.Exp(-b)) / (Math.Exp(a) + Math.Exp(-b));

            // the library's own
            public static double Direct(double x) => Math.Tanh(x);
        }
        """);

    [Fact]
    public Task TanhFromExponentials_FixAll() => VerifyCS.FixAll(
        new[]
        {
            """
            using System;

            class A
            {
                double F(double x) => {|LOSS006:(Math.Exp(x) - Math.Exp(-x)) / (Math.Exp(x) + Math.Exp(-x))|};
                float G(float x) => {|LOSS006:(MathF.Exp(x) - MathF.Exp(-x)) / (MathF.Exp(x) + MathF.Exp(-x))|};
            }
            """,
        },
        new[]
        {
            """
            using System;

            class A
            {
                double F(double x) => Math.Tanh(x);
                float G(float x) => MathF.Tanh(x);
            }
            """,
        });

    [Fact]
    public Task TanhFromExponentials_BrokenCode_NoCrash() => VerifyCS.DiagnosticsIgnoringCompilerErrors("""
        using System;

        class Model
        {
            double A(double x) => (Math.Exp(x) - Math.Exp(-x)) / (Math.Exp(x) + );
            double B(double x) => (Math.Exp(x) - Math.Exp(-y)) / (Math.Exp(x) + Math.Exp(-y));
            double C(double x) { double e = Math.Exp(x), f; return (e - f) / (e + f); }
        }
        """);

    // ---------------------------------------------------------------- a matrix's rows: m[r, c], this[r, c]

    [Fact]
    public Task RowLogSumExpOfAMatrixIndexer_ReportedWithoutAVectorToName()
    {
        // the exponents are elements of a row (two indices): no one span holds them, so no fix and no span in the message
        const string source = """
            using System;

            class Grid
            {
                private readonly double[,] cells = new double[3, 4];
                public int Rows => 3;
                public int Columns => 4;
                public double this[int r, int c] => cells[r, c];

                public double[] RowLogNormalizers()
                {
                    var result = new double[Rows];
                    double total;
                    for (int r = 0; r < Rows; r++)
                    {
                        total = 0;
                        for (int c = 0; c < Columns; c++)
                        {
                            total += Math.Exp(this[r, c]);
                        }

                        result[r] = {|LOSS006:Math.Log(total)|};
                    }

                    return result;
                }
            }
            """;
        return VerifyCS.Fix(source, source);
    }

    [Fact]
    public Task RowLogSumExpOfAMatrixIndexer_ShiftedByTheRowMaximum_Silent() => VerifyCS.Diagnostics("""
        using System;

        class Grid
        {
            private readonly double[,] cells = new double[3, 4];
            public double this[int r, int c] => cells[r, c];

            public double RowLogNormalizer(int r)
            {
                double max = double.NegativeInfinity;
                for (int c = 0; c < 4; c++) max = Math.Max(max, this[r, c]);
                double total = 0;
                for (int c = 0; c < 4; c++) total += Math.Exp(this[r, c] - max);
                return max + Math.Log(total);
            }
        }
        """);

    // ---------------------------------------------------------------- tanh from one exponential: (e^2x − 1)/(e^2x + 1)

    [Fact]
    public Task TanhFromOneExponentialOfTwiceTheInput_FixedWithTanh() => VerifyCS.Fix("""
        using System;

        static class Activations
        {
            public static Func<double, double> Tanh = input => {|LOSS006:(Math.Pow(Math.E, 2 * input) - 1) / (Math.Pow(Math.E, 2 * input) + 1)|};

            public static float TanhF(float v)
            {
                float e = MathF.Exp(-2f * v);
                return {|LOSS006:(1f - e) / (1f + e)|};
            }
        }
        """, """
        using System;

        static class Activations
        {
            public static Func<double, double> Tanh = input => Math.Tanh(input);

            public static float TanhF(float v)
            {
                float e = MathF.Exp(-2f * v);
                return MathF.Tanh(v);
            }
        }
        """);

    [Fact]
    public Task TanhOfHalfTheExponent_ReportedWithTheHalfAndNoFix()
    {
        // (e^x − 1)/(e^x + 1) is tanh(x / 2) (also 2σ(x) − 1): ∞/∞ once x exceeds 709; the message says so, no rewrite is offered
        const string source = """
            using System;

            static class Scaled
            {
                public static double Centered(double x) => {|LOSS006:(Math.Exp(x) - 1) / (Math.Exp(x) + 1)|};
            }
            """;
        return VerifyCS.Fix(source, source);
    }

    [Fact]
    public Task TanhFromOneExponential_LookAlikes_Silent() => VerifyCS.Diagnostics("""
        using System;

        static class NotQuite
        {
            // the exponent is bounded: exp(40) is finite
            public static double Bounded(double x)
            {
                var c = Math.Min(x, 20);
                var e = Math.Exp(2 * c);
                return (e - 1) / (e + 1);
            }

            // different exponentials above and below
            public static double Mixed(double x) => (Math.Exp(x) - 1) / (Math.Exp(2 * x) + 1);

            // a relative change, not a ratio over a sum
            public static double Growth(double rate) => (Math.Exp(rate) - 1) / rate;
        }
        """);

    [Fact]
    public Task TanhFromOneExponential_BrokenCode_NoCrash() => VerifyCS.DiagnosticsIgnoringCompilerErrors("""
        using System;

        static class Broken
        {
            public static double A(double x) => (Math.Exp(2 * x) - 1) / (Math.Exp(2 * ) + 1);
            public static double B(double x) => (Math.Exp(2 * y) - 1) / (Math.Exp(2 * y) + 1);
        }
        """);

    // ---------------------------------------------------------------- a softmax activation computed one element per call

    [Fact]
    public Task SoftmaxElementFunctionOfTheVectorAndTheIndex_Reported() => VerifyCS.Diagnostics("""
        using static System.Math;

        public interface IActivation { double Activate(double[] inputs, int index); }

        public readonly struct SoftmaxActivation : IActivation
        {
            public double Activate(double[] inputs, int index)
            {
                double total = 0;
                for (int i = 0; i < inputs.Length; i++)
                {
                    total += Exp(inputs[i]);
                }

                double result = {|LOSS006:Exp(inputs[index]) / total|};
                return result;
            }
        }
        """);

    [Fact]
    public Task SingleProbabilityOfAFieldIndex_LeftToLoss001WhereItIsLogged() => VerifyCS.Diagnostics("""
        using System;

        public sealed class Scorer
        {
            private readonly int target = 2;

            // one probability, of a fixed class: not a softmax activation's element function
            public double TargetProbability(double[] scores)
            {
                double total = 0;
                foreach (var s in scores) total += Math.Exp(s);
                return Math.Exp(scores[target]) / total;
            }
        }
        """);

    // ---------------------------------------------------------------- a matrix type's map of exp, divided whole by its sum

    [Fact]
    public Task MatrixMapOfExpDividedByItsElementSum_Reported() => VerifyCS.Diagnostics("""
        using System;

        public sealed class Grid
        {
            public Grid ApplyToElements(Func<float, float> f) => this;
            public float SumElements() => 0f;
            public static Grid operator /(Grid g, float s) => g;
        }

        public static class Activations
        {
            public static Grid Softmax(Grid x)
            {
                Grid res = {|LOSS006:x.ApplyToElements(e => (float)Math.Exp(e))|};
                return res / res.SumElements();
            }
        }
        """);

    [Fact]
    public Task MatrixMapOfShiftedExp_Silent() => VerifyCS.Diagnostics("""
        using System;

        public sealed class Grid
        {
            public Grid ApplyToElements(Func<float, float> f) => this;
            public float SumElements() => 0f;
            public float Max() => 0f;
            public static Grid operator /(Grid g, float s) => g;
        }

        public static class Activations
        {
            public static Grid Softmax(Grid x)
            {
                var max = x.Max();
                Grid res = x.ApplyToElements(e => (float)Math.Exp(e - max));
                return res / res.SumElements();
            }
        }
        """);

    // ---------------------------------------------------------------- the sigmoid's derivative written with exponentials

    [Fact]
    public Task SigmoidDerivativeFromExponentials_Reported() => VerifyCS.Diagnostics("""
        using System;

        public static class Derivatives
        {
            public static double[] SigmoidPrime(double[] v)
            {
                for (int i = 0; i < v.Length; i++)
                    v[i] = {|LOSS006:Math.Exp(v[i]) / Math.Pow(1 + Math.Exp(v[i]), 2)|};
                return v;
            }

            public static float Prime(float x)
            {
                float e = MathF.Exp(x);
                return {|LOSS006:e / ((1 + e) * (1 + e))|};
            }
        }
        """);

    [Fact]
    public Task SigmoidDerivativeLookAlikes_Silent() => VerifyCS.Diagnostics("""
        using System;

        public static class Derivatives
        {
            // bounded exponent: exp(30) is finite
            public static double Bounded(double x)
            {
                var e = Math.Exp(Math.Min(x, 30));
                return e / ((1 + e) * (1 + e));
            }

            // not 1 + e in the square
            public static double Other(double x) => Math.Exp(x) / Math.Pow(2 + Math.Exp(x), 2);

            // the stable form
            public static double Stable(double x)
            {
                var s = 1 / (1 + Math.Exp(-x));
                return s * (1 - s);
            }
        }
        """);
    [Fact]
    public Task SigmoidDerivativeAsExpTimesSigmoidSquared_Reported() => VerifyCS.Diagnostics("""
        using System;

        public static class Backward
        {
            // e·σ² with σ = 1/(1 + e), e = exp(−x): ∞ · 0 = NaN once −x passes 88, where the derivative is 0
            public static void Sigmoid(float[] inputs, float[] gradients, float[] result)
            {
                for (int j = 0; j < inputs.Length; j++)
                {
                    float exp = MathF.Exp(-inputs[j]);
                    float sig = 1 / (1 + exp);
                    result[j] = {|LOSS006:exp * sig * sig|} * gradients[j];
                }
            }

            public static double Prime(double x)
            {
                var e = Math.Exp(x);
                var s = 1.0 / (1.0 + e);
                return {|LOSS006:s * e * s|};
            }
        }
        """);

    [Fact]
    public Task ExpTimesSigmoidSquaredLookAlikes_Silent() => VerifyCS.Diagnostics("""
        using System;

        public static class Backward
        {
            // the sigmoid of another exponential, a bounded exponent, and the stable s·(1 − s)
            public static double Other(double x, double y)
            {
                var e = Math.Exp(x);
                var s = 1.0 / (1.0 + Math.Exp(y));
                return e * s * s;
            }

            public static double Bounded(double x)
            {
                var e = Math.Exp(Math.Min(x, 30));
                var s = 1.0 / (1.0 + e);
                return e * s * s;
            }

            public static double Stable(double x)
            {
                var s = 1.0 / (1.0 + Math.Exp(-x));
                return s * (1 - s) * 2;
            }
        }
        """);
    // ---------------------------------------------------------------- the sigmoid written as e^x / (1 + e^x)

    [Fact]
    public Task SigmoidAsExpOverOnePlusExp_Reported() => VerifyCS.Diagnostics("""
        using System;

        public sealed class Sigmoid
        {
            public float Activate(float x)
            {
                var k = (float)Math.Exp(x);
                return {|LOSS006:k / (1.0f + k)|};
            }

            public static double Inline(double x) => {|LOSS006:Math.Exp(x) / (1 + Math.Exp(x))|};

            public static double Swapped(double x)
            {
                var e = Math.Exp(x);
                return {|LOSS006:e / (e + 1)|};
            }
        }
        """);

    [Fact]
    public Task SigmoidAsExpOverOnePlusExp_StableOrBoundedForms_Silent() => VerifyCS.Diagnostics("""
        using System;

        public static class Sigmoid
        {
            // the stable sigmoid: the ratio is taken only where x < 0, so e^x ≤ 1
            public static double Stable(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

            public static double Branch(double x)
            {
                if (x >= 0)
                {
                    return 1 / (1 + Math.Exp(-x));
                }

                var e = Math.Exp(x);
                return e / (1 + e);
            }

            // a bounded exponent, and a ratio of two different exponentials
            public static double Bounded(double x) => Math.Exp(Math.Min(x, 30)) / (1 + Math.Exp(Math.Min(x, 30)));

            public static double Other(double a, double b) => Math.Exp(a) / (1 + Math.Exp(b));

            // a derivative that returns its saturated value once |x| passes a bound: exp(-x) is only taken for |x| ≤ 13.8
            private static readonly float Border = 6 * MathF.Log(10f);

            public static float Derivative(float x)
            {
                if (Math.Abs(x) > Border)
                    return 0f;

                float e = MathF.Exp(-x);
                return e / (e + 1f) / (e + 1f);
            }
        }
        """);
    [Fact]
    public Task SigmoidAsExpOverOnePlusExp_ExponentThatDoesNotBind_NotJudged() => VerifyCS.Diagnostics("""
        using System;
        using System.Threading.Tasks;

        public sealed class Tensor
        {
            private readonly float[] values = new float[8];
            public float this[int i] => values[i];

            // the stable sigmoid in a worker whose bounds come from a type the build lacks: the loop counter, the sign test
            // and the exponent do not bind, so the test that keeps the exponent negative cannot be seen
            public float[] Sigmoid()
            {
                var result = new float[values.Length];
                var workers = {|CS0103:Machine|}.ProcessorCount;
                Parallel.For(0, workers, worker =>
                {
                    for (var i = values.Length * worker / workers; i < values.Length * (worker + 1) / workers; i++)
                    {
                        if (this[i] >= 0)
                        {
                            var s = Math.Exp(-(double)this[i]);
                            result[i] = (float)(1 / (1.0f + s));
                        }
                        else
                        {
                            var s = Math.Exp((double)this[i]);
                            result[i] = (float)(s / (1.0f + s));
                        }
                    }
                });
                return result;
            }
        }
        """);
    [Fact]
    public Task SigmoidDerivative_ExponentThatDoesNotBind_NotJudged() => VerifyCS.Diagnostics("""
        using System;

        public static class Backward
        {
            // the exponent is a value of a type the build lacks: what bounds it cannot be read
            public static double Prime(double x)
            {
                var e = Math.Exp((double){|CS0103:Unity|}.Clamp(x));
                return e / ((1 + e) * (1 + e));
            }
        }
        """);

    [Fact]
    public Task BufferedSoftmax_ExponentialHeldInADeclaredLocal_Reported() => VerifyCS.Diagnostics("""
        using static System.Math;

        class OutputLayer
        {
            public void Activate(double[] weighted)
            {
                double sum = 0.0;
                for (int i = 0; i < weighted.Length; i++)
                {
                    double e = {|LOSS006:Exp(weighted[i])|};
                    weighted[i] = e;
                    sum += e;
                }

                for (int i = 0; i < weighted.Length; i++)
                {
                    weighted[i] /= sum;
                }
            }
        }
        """);

    [Fact]
    public Task BufferedSoftmax_DeclaredLocalOfAShiftedExponential_NotReported() => VerifyCS.Diagnostics("""
        using System.Linq;
        using static System.Math;

        class OutputLayer
        {
            public void Activate(double[] weighted)
            {
                double max = weighted.Max();
                double sum = 0.0;
                for (int i = 0; i < weighted.Length; i++)
                {
                    double e = Exp(weighted[i] - max);
                    weighted[i] = e;
                    sum += e;
                }

                for (int i = 0; i < weighted.Length; i++)
                {
                    weighted[i] /= sum;
                }
            }
        }
        """);

    [Fact]
    public Task SoftmaxLayer_SumKeptInAFieldBetweenCalls_ReportedAtTheElement() => VerifyCS.Diagnostics("""
        using System;

        class Grid
        {
            private readonly double[,] cells;
            public Grid(int rows) { cells = new double[rows, 1]; Rows = rows; }
            public int Rows { get; }
            public double this[int r, int c] { get => cells[r, c]; set => cells[r, c] = value; }
        }

        class SoftmaxActivation
        {
            private Grid input = new Grid(1);
            private double total;

            public void Prepare(Grid z)
            {
                input = z;
                total = 0;
                for (int r = 0; r < z.Rows; r++) total += Math.Exp(z[r, 0]);
            }

            public double Output(int row) => {|LOSS006:Math.Exp(input[row, 0]) / total|};
        }
        """);

    [Fact]
    public Task SoftmaxLayer_FieldSumInvertedInPlace_Reported() => VerifyCS.Diagnostics("""
        using System;

        class SoftmaxLayer
        {
            private double[] exps = new double[4];
            private double[] outputs = new double[4];
            private double scale;

            public double[] Forward(double[] z)
            {
                scale = 0;
                for (int i = 0; i < z.Length; i++)
                {
                    exps[i] = {|LOSS006:Math.Exp(z[i])|};
                    scale += exps[i];
                }

                scale = 1 / scale;
                for (int i = 0; i < z.Length; i++) outputs[i] = exps[i] * scale;
                return outputs;
            }
        }
        """);

    [Fact]
    public Task SoftmaxLayer_FieldSumAlsoWrittenWithSomethingElse_NotReported() => VerifyCS.Diagnostics("""
        using System;

        class Layer
        {
            private double[] input = new double[4];
            private double total;

            public void Prepare(double[] z)
            {
                input = z;
                total = 0;
                for (int r = 0; r < z.Length; r++) total += Math.Exp(z[r]);
            }

            public void Rescale(double factor) => total = factor;

            public double Output(int row) => Math.Exp(input[row]) / total;
        }
        """);

    [Fact]
    public Task BoltzmannSelection_SumTestedForInfinity_NotReported() => VerifyCS.Diagnostics("""
        using System;

        class Boltzmann
        {
            private readonly Random random = new Random(1);

            public int Choose(double[] estimates, double temperature)
            {
                var weights = new double[estimates.Length];
                double total = 0;
                for (int i = 0; i < estimates.Length; i++)
                {
                    double w = Math.Exp(estimates[i] / temperature);
                    weights[i] = w;
                    total += w;
                }

                if (double.IsInfinity(total) || total == 0)
                {
                    return Array.IndexOf(estimates, estimates[0]);
                }

                double u = random.NextDouble(), acc = 0;
                for (int i = 0; i < estimates.Length; i++)
                {
                    acc += weights[i] / total;
                    if (u <= acc) return i;
                }

                return estimates.Length - 1;
            }
        }
        """);

    [Fact]
    public Task BufferedSoftmax_ExponentClippedOnEveryPath_NotReported() => VerifyCS.Diagnostics("""
        using System;

        class OutputLayer
        {
            public float[] Cells = new float[8];

            public void Normalise()
            {
                float sum = 0;
                for (var c = 0; c < Cells.Length; c++)
                {
                    var cell = Cells[c];
                    if (cell > 50) cell = 50;
                    else if (cell < -50) cell = -50;
                    var e = (float)Math.Exp(cell);
                    sum += e;
                    Cells[c] = e;
                }

                for (var c = 0; c < Cells.Length; c++) Cells[c] /= sum;
            }
        }
        """);

    // A matrix library's softmax: element-wise exp, then each column divided by its L1 norm (the sum of the exponentials).
    private const string MatrixLibrary = """
        public sealed class Matrix<T>
        {
            public Matrix<T> PointwiseExp() => this;
            public Matrix<T> NormalizeColumns(double p) => this;
            public Matrix<T> NormalizeRows(double p) => this;
            public Matrix<T> Subtract(Matrix<T> other) => this;
            public Matrix<T> ColumnMaxima() => this;
        }

        """;

    [Fact]
    public Task MatrixPointwiseExpNormalisedByL1_IsAnUnshiftedSoftmax() => VerifyCS.Diagnostics(MatrixLibrary + """
        public sealed class SoftmaxActivation
        {
            public Matrix<float> Forward(Matrix<float> z) => {|LOSS006:z.PointwiseExp()|}.NormalizeColumns(1.0);

            public void Forward(Matrix<double> z, out Matrix<double> result)
            {
                result = {|LOSS006:z.PointwiseExp()|};
                result = result.NormalizeRows(1);
            }
        }
        """);

    [Fact]
    public Task MatrixPointwiseExp_ShiftedOrNotSumNormalised_Silent() => VerifyCS.Diagnostics(MatrixLibrary + """
        public sealed class Layers
        {
            // the maximum subtracted first: the stable softmax
            public Matrix<float> Stable(Matrix<float> z) => z.Subtract(z.ColumnMaxima()).PointwiseExp().NormalizeColumns(1.0);

            // an L2 normalisation is not a division by the sum of the exponentials, and an exp alone is no softmax
            public Matrix<float> Unit(Matrix<float> z) => z.PointwiseExp().NormalizeColumns(2.0);

            public Matrix<float> Exp(Matrix<float> z) => z.PointwiseExp();
        }
        """);

    // A vector type with its own element-wise exp and map, divided by its own sum with an operator or a method (as
    // MathNet's Vector<double> is): the same unshifted softmax, whole-vector.
    private const string VectorLibrary = """
        using System;

        public sealed class Vec<T>
        {
            public Vec<T> PointwiseExp() => this;
            public Vec<T> Map(Func<T, T> f, bool skipZeros = false) => this;
            public Vec<T> Divide(T scalar) => this;
            public Vec<T> Multiply(T scalar) => this;
            public Vec<T> Subtract(T scalar) => this;
            public T Sum() => default!;
            public T Maximum() => default!;
            public static Vec<T> operator /(Vec<T> v, T s) => v;
            public static Vec<T> operator *(Vec<T> v, T s) => v;
        }

        """;

    [Fact]
    public Task VectorExpDividedByItsOwnSum_IsAnUnshiftedSoftmax() => VerifyCS.Diagnostics(VectorLibrary + """
        public sealed class SoftmaxActivation
        {
            public Vec<double> Operator(Vec<double> z)
            {
                var e = {|LOSS006:z.PointwiseExp()|};
                return e / e.Sum();
            }

            public Vec<double> Method(Vec<double> z)
            {
                var e = {|LOSS006:z.Map(Math.Exp)|};
                return e.Divide(e.Sum());
            }

            public Vec<float> Reciprocal(Vec<float> z)
            {
                var e = {|LOSS006:z.PointwiseExp()|};
                return e * (1f / e.Sum());
            }
        }
        """);

    // a numpy-style port: np.exp and np.sum as static functions (the sum's axis left out)
    [Fact]
    public Task NumpyStyleExpOverItsSum_IsAnUnshiftedSoftmax() => VerifyCS.Diagnostics(VectorLibrary + """
        public static class np
        {
            public static Vec<double> exp(Vec<double> x) => x;
            public static double sum(Vec<double> x, int? axis = null) => 0;
            public static double max(Vec<double> x) => 0;
        }

        public sealed class Policy
        {
            public Vec<double> Probabilities(Vec<double> z)
            {
                var e = {|LOSS006:np.exp(z)|};
                return e / np.sum(e);
            }

            public Vec<double> Stable(Vec<double> z)
            {
                var e = np.exp(z.Subtract(np.max(z)));
                return e / np.sum(e);
            }
        }
        """);

    [Fact]
    public Task VectorExp_ShiftedOrDividedByAnotherSum_Silent() => VerifyCS.Diagnostics(VectorLibrary + """
        public sealed class Layers
        {
            // the maximum subtracted first: the stable softmax
            public Vec<double> Stable(Vec<double> z)
            {
                var e = z.Subtract(z.Maximum()).PointwiseExp();
                return e / e.Sum();
            }

            // divided by another vector's sum (a reference distribution), or scaled by its own sum: no softmax
            public Vec<double> Other(Vec<double> z, Vec<double> reference)
            {
                var e = z.PointwiseExp();
                return e.Divide(reference.Sum());
            }

            public Vec<double> Scaled(Vec<double> z)
            {
                var e = z.Map(Math.Exp);
                return e * e.Sum();
            }
        }
        """);

    // the message names what breaks: the overflowing element's output is NaN, every other output of its vector 0
    [Fact]
    public async Task Message_VectorSoftmax_SaysWhichOutputsBreak()
    {
        var source = VectorLibrary + """
            public sealed class SoftmaxActivation
            {
                public Vec<float> Forward(Vec<float> z)
                {
                    var e = {|#0:z.PointwiseExp()|};
                    return e / e.Sum();
                }
            }
            """;
        var test = new LossTest<UnstableLogExpCompositionCodeFixProvider> { TestCode = source };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("LOSS006", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithArguments("z.PointwiseExp()",
                "exponentiates 'z' without the maximum subtracted and is normalised into a softmax (line 20): once an element exceeds 88 its exponential is ∞, its output ∞/∞ = NaN and every other output of its vector 0",
                "'z' minus each vector's maximum inside the exponential"));
        await test.RunAsync(CancellationToken.None);
    }

    // TensorPrimitives.SoftMax({ 89, 0, 1 }) is { NaN, 0, 0 } (measured with System.Numerics.Tensors 10.0.0): only the
    // overflowing element's output is NaN, the others are 0 — the message says so, not "every output becomes NaN"
    [Fact]
    public async Task Message_TensorPrimitivesSoftMax_SaysWhichOutputsBreak()
    {
        const string source = """
            using System.Numerics.Tensors;

            static class Head
            {
                public static void Probabilities(float[] logits, float[] p) => {|#0:TensorPrimitives.SoftMax(logits, p)|};
            }
            """;
        var test = new LossTest<UnstableLogExpCompositionCodeFixProvider>(Libraries.Tensors) { TestCode = source };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("LOSS006", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithArguments("TensorPrimitives.SoftMax(logits, p)",
                "does not subtract the maximum: once an element of 'logits' exceeds 88 its exp is ∞, its output ∞/∞ = NaN and every other output 0",
                "StableMath.Softmax, which subtracts the maximum first"));
        await test.RunAsync(CancellationToken.None);
    }

    // (float)Math.Exp(x) is ∞ from x > 88 on: the message gives the float limit though the log is taken in double
    [Fact]
    public async Task Message_SoftplusOfAnExpNarrowedToFloat_NamesTheFloatLimit()
    {
        const string source = """
            using System;

            static class Activations
            {
                public static float Softplus(float value) => (float){|#0:Math.Log(1F + (float)Math.Exp({|#1:value|}))|};
            }
            """;
        var test = new LossTest<UnstableLogExpCompositionCodeFixProvider> { TestCode = source };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("LOSS006", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithLocation(1) // the argument the fix reads (live, for nested Fix All)
            .WithArguments("Math.Log(1F + (float)Math.Exp(value))", "overflows: exp(value) is ∞ once value > 88, so the result is ∞ instead of value",
                "StableMath.Softplus(value)"));
        test.FixedCode = """
            using System;
            using StableLoss;

            static class Activations
            {
                public static float Softplus(float value) => (float)StableMath.Softplus((double)value);
            }
            """;
        await test.RunAsync(CancellationToken.None);
    }

    // (1 − e^(−x)) / (1 + e^(−x)) is tanh(x / 2): the message writes it so, not tanh(-(-x) / 2)
    [Fact]
    public async Task Message_BipolarSigmoidOfANegatedExponent_CancelsTheNegations()
    {
        const string source = """
            using System;

            static class Activations
            {
                public static double Bipolar(double x) => {|#0:(1 - Math.Exp(-x)) / (1 + Math.Exp(-x))|};
            }
            """;
        var test = new LossTest<UnstableLogExpCompositionCodeFixProvider> { TestCode = source };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("LOSS006", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithArguments("(1 - Math.Exp(-x)) / (1 + Math.Exp(-x))",
                "is tanh(x / 2) written with exponentials: once -x exceeds 709 exp(-x) is ∞ and the ratio is ∞/∞ = NaN where tanh is ±1",
                "Math.Tanh(x / 2)"));
        await test.RunAsync(CancellationToken.None);
    }
    // round 17: the exponentials written into the array they are read from and summed, then a NaN test of the sum before
    // the division. A sum of exponentials is ∞, not NaN, when one overflows: the test does not keep the outputs finite
    [Fact]
    public Task InPlaceSoftmax_TestedOnlyForNaN_Reported() => VerifyCS.Diagnostics("""
        using System;

        sealed class SoftMaxActivation
        {
            public void Activate(double[] values, int first, int count)
            {
                double total = 0;
                for (var k = first; k < first + count; k++)
                {
                    values[k] = {|LOSS006:Math.Exp(values[k])|};
                    total += values[k];
                }

                if (double.IsNaN(total) || total < 1e-12)
                {
                    for (var k = first; k < first + count; k++) values[k] = 1.0 / count;
                }
                else
                {
                    for (var k = first; k < first + count; k++) values[k] = values[k] / total;
                }
            }
        }
        """);

    // an infinite sum is what overflow makes: a test of it handles the overflow where it happens
    [Fact]
    public Task InPlaceSoftmax_TestedForAnInfiniteSum_NotReported() => VerifyCS.Diagnostics("""
        using System;

        sealed class SoftMaxActivation
        {
            public void Activate(double[] values)
            {
                double total = 0;
                for (var k = 0; k < values.Length; k++)
                {
                    values[k] = Math.Exp(values[k]);
                    total += values[k];
                }

                if (double.IsInfinity(total)) throw new OverflowException("softmax overflowed");
                for (var k = 0; k < values.Length; k++) values[k] /= total;
            }
        }
        """);

    // a maximum-entropy model's outcome distribution: each outcome's weight sum scaled by the inverse correction constant
    // plus a correction term is exponentiated into the buffer and normalised by the buffer's sum
    [Fact]
    public Task MaxEntOutcomeDistribution_AffineExponent_Reported() => VerifyCS.Diagnostics("""
        using System;

        sealed class MaxEntModel
        {
            private readonly double inverseCorrection = 0.5;
            private readonly double correctionWeight = 0.1;
            private readonly int[] activeFeatures = new int[4];

            public double[] Distribution(double[] scores)
            {
                double normaliser = 0.0;
                for (int o = 0; o < scores.Length; o++)
                {
                    scores[o] = {|LOSS006:Math.Exp(scores[o] * inverseCorrection + (1.0 - activeFeatures[o] / 2.0) * correctionWeight)|};
                    normaliser += scores[o];
                }

                for (int o = 0; o < scores.Length; o++)
                {
                    scores[o] /= normaliser;
                }

                return scores;
            }
        }
        """);

    // an own tensor type indexed by (row, depth, channel, batch): the sum of the channel's exponentials divides each of them
    [Fact]
    public Task SoftmaxOverAnOwnFourDimensionalIndexer_Reported() => VerifyCS.Diagnostics("""
        using System;

        sealed class Volume
        {
            private readonly double[] cells = new double[64];
            public double this[int h, int w, int c, int b] { get => cells[c + 4 * b]; set => cells[c + 4 * b] = value; }
            public int Channels => 4;
            public int Batch => 4;
        }

        static class SoftmaxKernel
        {
            public static void Run(Volume v)
            {
                for (int b = 0; b < v.Batch; ++b)
                {
                    double sum = 0.0;
                    for (int c = 0; c < v.Channels; ++c)
                    {
                        sum += Math.Exp(v[0, 0, c, b]);
                    }

                    for (int c = 0; c < v.Channels; ++c)
                    {
                        v[0, 0, c, b] = {|LOSS006:Math.Exp(v[0, 0, c, b]) / sum|};
                    }
                }
            }
        }
        """);

    // the derivative of a hand-written tanh, 1 − ((eˣ − e⁻ˣ)(eˣ − e⁻ˣ)) / ((eˣ + e⁻ˣ)(eˣ + e⁻ˣ)): the squared ratio is ∞/∞
    // as soon as the tanh itself is
    [Fact]
    public Task TanhDerivativeFromSquaredExponentialRatio_Reported() => VerifyCS.Diagnostics("""
        using System;

        sealed class TanhActivation
        {
            public double Derivative(double v) =>
                1 - {|LOSS006:((Math.Exp(v) - Math.Exp(-v)) * (Math.Exp(v) - Math.Exp(-v))) /
                    ((Math.Exp(v) + Math.Exp(-v)) * (Math.Exp(v) + Math.Exp(-v)))|};
        }
        """);
}
