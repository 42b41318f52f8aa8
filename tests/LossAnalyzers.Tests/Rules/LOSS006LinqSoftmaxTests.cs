using System.Threading.Tasks;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.UnstableLogExpCompositionCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// LOSS006 on a softmax written with LINQ (issue #14, seen in a from-scratch network of the development corpus, reduced
/// and written anew): the exponentials taken by <c>z.Select(Math.Exp)</c> or <c>z.Select(v =&gt; Math.Exp(v))</c> and
/// divided by their own sum, directly, through a reciprocal, or in a second <c>Select</c>. Reported at the exponentials,
/// without a fix (the loop that fills the output is the user's to replace with <c>StableMath.Softmax</c>).
/// </summary>
public class LOSS006LinqSoftmaxTests
{
    [Fact]
    public Task MethodGroup_NormalisedThroughAReciprocal() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        public class Softmax
        {
            public void Activate(double[] input, double[] output)
            {
                var e = {|LOSS006:input.Select(Math.Exp)|}.ToArray();
                var inverse = 1.0 / e.Sum();
                for (var i = 0; i < input.Length; i++)
                {
                    output[i] = e[i] * inverse;
                }
            }
        }
        """);

    [Fact]
    public Task Lambda_NormalisedInASecondSelect_AndFloatThreshold() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        public static class Policy
        {
            public static float[] Probabilities(float[] preferences)
            {
                var exps = {|LOSS006:preferences.Select(v => MathF.Exp(v))|}.ToList();
                var total = exps.Sum();
                return exps.Select(x => x / total).ToArray();
            }

            public static double[] Direct(double[] z)
            {
                var e = {|LOSS006:z.Select(Math.Exp)|}.ToArray();
                var p = new double[e.Length];
                for (int i = 0; i < e.Length; i++) p[i] = e[i] / e.Sum();
                return p;
            }
        }
        """);

    [Fact]
    public Task NoDiagnostic_ShiftedNotNormalisedOrNormalisedByAnotherSum() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        public static class Shapes
        {
            public static double[] Shifted(double[] z)
            {
                var max = z.Max();
                var exps = z.Select(v => Math.Exp(v - max)).ToArray();
                var total = exps.Sum();
                return exps.Select(x => x / total).ToArray();
            }

            // growth factors, never normalised
            public static double[] Growth(double[] rates) => rates.Select(Math.Exp).ToArray();

            // divided by the sum of other values: a ratio, not a softmax
            public static double[] Ratio(double[] rates, double[] weights)
            {
                var e = rates.Select(Math.Exp).ToArray();
                var w = weights.Sum();
                return e.Select(x => x / w).ToArray();
            }

            public static double[] Logs(double[] z)
            {
                var l = z.Select(v => Math.Log(v)).ToArray();
                var total = l.Sum();
                return l.Select(x => x / total).ToArray();
            }
        }
        """);

    /// <summary>
    /// A generic library's vector type mapped through its numeric-operations object (seen out of sample, reduced and
    /// written anew): <c>input.Transform(NumOps.Exp)</c> divided by its own <c>Sum()</c> with <c>NumOps.Divide</c> is the
    /// unshifted softmax; the spherical softmax, whose input is first divided by its L2 norm (each element in [−1, 1]), is not.
    /// </summary>
    [Fact]
    public Task VectorTransformThroughNumericOperations_SoftmaxReported_SphericalSilent() => VerifyCS.Diagnostics("""
        using System;

        public interface INumericOperations<T>
        {
            T Exp(T a);
            T Divide(T a, T b);
            T Multiply(T a, T b);
            T Sqrt(T a);
        }

        public sealed class Vector<T>
        {
            public Vector<T> Transform(Func<T, T> f) => this;
            public T Sum() => default!;
        }

        public class Softmax<T>
        {
            private readonly INumericOperations<T> NumOps;

            public Softmax(INumericOperations<T> ops) => NumOps = ops;

            public Vector<T> Activate(Vector<T> input)
            {
                Vector<T> expValues = {|LOSS006:input.Transform(NumOps.Exp)|};
                T sum = expValues.Sum();
                return expValues.Transform(x => NumOps.Divide(x, sum));
            }

            public Vector<T> Spherical(Vector<T> input)
            {
                T norm = NumOps.Sqrt(input.Transform(x => NumOps.Multiply(x, x)).Sum());
                Vector<T> normalizedInput = input.Transform(x => NumOps.Divide(x, norm));
                Vector<T> expValues = normalizedInput.Transform(NumOps.Exp);
                T sum = expValues.Sum();
                return expValues.Transform(x => NumOps.Divide(x, sum));
            }
        }
        """);

    /// <summary>A statement that does not parse: the rest still binds, and the softmax is still one.</summary>
    [Fact]
    public Task BrokenCode_StillReported() => VerifyCS.DiagnosticsIgnoringCompilerErrors("""
        using System;
        using System.Linq;

        public static class Broken
        {
            public static double[] Softmax(double[] z)
            {
                var e = {|LOSS006:z.Select(Math.Exp)|}.ToArray();
                var s = e.Sum(;
                return e.Select(x => x / s).
            }
        }
        """);
}
