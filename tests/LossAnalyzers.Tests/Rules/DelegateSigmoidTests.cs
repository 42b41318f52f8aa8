using System.Threading.Tasks;
using LossAnalyzers.Tests.Infrastructure;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// A sigmoid called through a delegate (<c>Func&lt;double, double&gt; sigmoid = x =&gt; 1 / (1 + Math.Exp(-x))</c>, a field holding a
/// method group, a local lambda): the call is the sigmoid of its argument wherever every value the delegate can hold is such
/// a function, so a binary cross-entropy over it is LOSS003's, with the logits fix. A delegate whose users can give it any
/// function (a public settable member), or one also given another function, is not known to be a sigmoid.
/// </summary>
public class DelegateSigmoidTests
{
    [Fact]
    public Task StaticReadonlyLambdaField_Loss003WithTheLogitsFix() => VerifyCS.Fix("""
        using System;

        public sealed class Classifier
        {
            private static readonly Func<double, double> sigmoid = x => 1.0 / (1.0 + Math.Exp(-x));

            public double Cost(double z, double y)
            {
                var p = sigmoid(z);
                return {|LOSS003:-(y * Math.Log(p) + (1 - y) * Math.Log(1 - p))|};
            }
        }
        """, """
        using System;
        using StableLoss;

        public sealed class Classifier
        {
            private static readonly Func<double, double> sigmoid = x => 1.0 / (1.0 + Math.Exp(-x));

            public double Cost(double z, double y)
            {
                var p = sigmoid(z);
                return Loss.BinaryCrossEntropyWithLogits(z, y);
            }
        }
        """);

    [Fact]
    public Task PrivateFieldHoldingAMethodGroup_Loss003() => VerifyCS.Diagnostics("""
        using System;

        public sealed class Neuron
        {
            private Func<double, double> activation = Logistic;

            private static double Logistic(double v) => 1 / (1 + Math.Exp(-v));

            public double Cost(double z, double target)
            {
                var output = activation(z);
                return {|LOSS003:-(target * Math.Log(output) + (1 - target) * Math.Log(1 - output))|};
            }
        }
        """);

    [Fact]
    public Task LocalLambdaInvokedExplicitly_Loss003() => VerifyCS.Diagnostics("""
        using System;

        public static class Objective
        {
            public static double Loss(double[] z, double[] y)
            {
                Func<double, double> squash = v => 1 / (1 + Math.Exp(-v));
                double total = 0;
                for (int i = 0; i < z.Length; i++)
                {
                    var p = squash.Invoke(z[i]);
                    total += {|LOSS003:-(y[i] * Math.Log(p) + (1 - y[i]) * Math.Log(1 - p))|};
                }

                return total / z.Length;
            }
        }
        """);

    [Fact]
    public Task GetOnlyPropertyWithALambda_Loss003() => VerifyCS.Diagnostics("""
        using System;

        public sealed class Model
        {
            public Func<double, double> Output { get; } = x => 1 / (1 + Math.Exp(-x));

            public double Loss(double z, double y)
            {
                var p = Output(z);
                return {|LOSS003:-(y * Math.Log(p) + (1 - y) * Math.Log(1 - p))|};
            }
        }
        """);

    [Fact]
    public Task ComputedPropertyReturningALambda_Loss003() => VerifyCS.Diagnostics("""
        using System;

        public static class Squash
        {
            public static Func<float, float> Function => x => 1f / (1 + MathF.Exp(-x));
        }

        public static class Objective
        {
            public static float Cost(float z, float y)
            {
                var a = Squash.Function(z);
                return {|LOSS003:-(y * MathF.Log(a) + (1 - y) * MathF.Log(1 - a))|};
            }
        }
        """);

    // ---------------------------------------------------------------- negatives

    [Fact]
    public Task PublicSettableActivation_NotKnownToBeASigmoid_StaysLoss001() => VerifyCS.Diagnostics("""
        using System;

        public sealed class Model
        {
            public Func<double, double> Activation { get; set; } = x => 1 / (1 + Math.Exp(-x));

            public double Loss(double z, double y)
            {
                var p = Activation(z);
                return -(y * {|LOSS001:Math.Log(p)|} + (1 - y) * {|LOSS001:Math.Log(1 - p)|});
            }
        }
        """);

    [Fact]
    public Task PrivateFieldAlsoGivenATanh_NotKnownToBeASigmoid_StaysLoss001() => VerifyCS.Diagnostics("""
        using System;

        public sealed class Model
        {
            private Func<double, double> activation = x => 1 / (1 + Math.Exp(-x));

            public void UseTanh() => activation = Math.Tanh;

            public double Loss(double z, double y)
            {
                var p = activation(z);
                return -(y * {|LOSS001:Math.Log(p)|} + (1 - y) * {|LOSS001:Math.Log(1 - p)|});
            }
        }
        """);

    [Fact]
    public Task LambdaOfATanh_ClampedLog_Silent() => VerifyCS.Diagnostics("""
        using System;

        public static class Scores
        {
            public static double LogScore(double z)
            {
                Func<double, double> squash = v => 0.5 * (1 + Math.Tanh(v));
                var s = squash(z);
                return Math.Log(Math.Max(s, 1e-12));
            }
        }
        """);

    [Fact]
    public Task LambdaOfAScaledLogit_NamesTheLogitsAsTheLambdaScalesThem() => VerifyCS.Fix("""
        using System;

        public static class Tempered
        {
            public static double Cost(double z, double y, double temperature)
            {
                Func<double, double> sigmoid = v => 1 / (1 + Math.Exp(-(v / temperature)));
                var p = sigmoid(z);
                return {|LOSS003:-(y * Math.Log(p) + (1 - y) * Math.Log(1 - p))|};
            }
        }
        """, """
        using System;
        using StableLoss;

        public static class Tempered
        {
            public static double Cost(double z, double y, double temperature)
            {
                Func<double, double> sigmoid = v => 1 / (1 + Math.Exp(-(v / temperature)));
                var p = sigmoid(z);
                return Loss.BinaryCrossEntropyWithLogits(z / temperature, y);
            }
        }
        """);

    // ---------------------------------------------------------------- broken code: no diagnostic of ours, no exception

    [Fact]
    public Task Broken_DelegateCalledWithTooManyArgumentsOrUndeclared_NotASigmoid() => VerifyCS.Diagnostics("""
        using System;

        public static class Objective
        {
            public static double Cost(double z, double y)
            {
                Func<double, double> sigmoid = v => 1 / (1 + Math.Exp(-v));
                var p = {|CS1593:sigmoid|}(z, y);
                var q = {|CS0103:squash|}(z);
                // (p's call does not bind, so p is unknown: its use in a cross-entropy is the evidence, as for any value)
                return -(y * {|LOSS001:Math.Log(p)|} + (1 - y) * Math.Log(1 - q));
            }
        }
        """);

    [Fact]
    public Task Broken_ZipSelectorOfTheWrongArity() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        public static class Objective
        {
            public static double Cost(double[] s, double[] y)
            {
                var p = s.Select(v => 1 / (1 + Math.Exp(-v))).ToArray();
                return -p.{|CS0411:Zip|}(y, (a, b, c) => b * Math.Log(a)).Sum();
            }
        }
        """);
}
