using System.Threading.Tasks;
using LossAnalyzers.Tests.Infrastructure;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// LOSS003 where a hand-written library keeps its Bernoulli cost and its activations in classes of their own and pairs
/// them where the model is built (issue #14: the cross-class misses of rounds 10–16). The evidence is configuration the
/// code writes: the method that builds the cost builds a sigmoid as its last activation, or a test names the cost and a
/// sigmoid together. A sigmoid is known by its formula, never by its name; no logits are in reach, so no rewrite.
/// </summary>
public class LOSS003ConfiguredActivationTests
{
    private const string Library = """
        using System;
        using System.Collections.Generic;

        public interface IActivation { double Apply(double z); }

        public sealed class SigmoidActivation : IActivation
        {
            public double Apply(double z) => 1.0 / (1.0 + Math.Exp(-z));
        }

        public sealed class ReluActivation : IActivation
        {
            public double Apply(double z) => Math.Max(0, z);
        }

        public sealed class SoftmaxActivation : IActivation
        {
            public double Apply(double z) => z;
        }

        public sealed class Network
        {
            private readonly List<IActivation> layers = new List<IActivation>();
            public Network(object cost) { }
            public void Add(int units, IActivation activation) => layers.Add(activation);
        }
        """;

    [Fact]
    public Task CostBuiltBesideAFinalSigmoid_IsLoss003() => VerifyCS.Diagnostics(Library + """

        public sealed class BceCost
        {
            public double Compute(double[] output, double[] target)
            {
                double total = 0;
                for (int i = 0; i < output.Length; i++)
                    total -= {|LOSS003:target[i] * Math.Log(output[i]) + (1 - target[i]) * Math.Log(1 - output[i])|};
                return total;
            }
        }

        public static class Program
        {
            public static void Main()
            {
                var net = new Network(new BceCost());
                net.Add(16, new ReluActivation());
                net.Add(1, new SigmoidActivation());
            }
        }
        """);

    // the output layer's activation is the last one built: a softmax after the sigmoid is what the cost is given
    [Fact]
    public Task CostBuiltBesideALaterSoftmax_StaysLoss001() => VerifyCS.Diagnostics(Library + """

        public sealed class BceCost
        {
            public double Compute(double[] output, double[] target)
            {
                double total = 0;
                for (int i = 0; i < output.Length; i++)
                    total -= target[i] * {|LOSS001:Math.Log(output[i])|} + (1 - target[i]) * {|LOSS001:Math.Log(1 - output[i])|};
                return total;
            }
        }

        public static class Program
        {
            public static void Main()
            {
                var net = new Network(new BceCost());
                net.Add(16, new SigmoidActivation());
                net.Add(3, new SoftmaxActivation());
            }
        }
        """);

    // one program that ends the cost's model in a softmax outweighs another that ends it in a sigmoid: the cost is given
    // both, so neither pairing is evidence
    [Fact]
    public Task CostBuiltWithASigmoidHereAndALaterSoftmaxThere_StaysLoss001() => VerifyCS.Diagnostics(Library + """

        public sealed class BceCost
        {
            public double Compute(double[] output, double[] target)
            {
                double total = 0;
                for (int i = 0; i < output.Length; i++)
                    total -= target[i] * {|LOSS001:Math.Log(output[i])|} + (1 - target[i]) * {|LOSS001:Math.Log(1 - output[i])|};
                return total;
            }
        }

        public static class Programs
        {
            public static void Binary()
            {
                var net = new Network(new BceCost());
                net.Add(1, new SigmoidActivation());
            }

            public static void MultiClass()
            {
                var net = new Network(new BceCost());
                net.Add(16, new SigmoidActivation());
                net.Add(3, new SoftmaxActivation());
            }
        }
        """);

    // a class named for the sigmoid whose code computes something else is no sigmoid
    [Fact]
    public Task ActivationNamedSigmoidWithoutItsFormula_StaysLoss001() => VerifyCS.Diagnostics(SingleOutputBuiltWith("HardSigmoid", """
        public sealed class HardSigmoid : IActivation
        {
            public double Apply(double z) => Math.Max(0, Math.Min(1, 0.2 * z + 0.5));
            public double Derivative(double z) => z > -2.5 && z < 2.5 ? 0.2 : 0;
        }
        """));

    // the network's own shortcut for the pair: the test names the cost and a sigmoid together
    [Fact]
    public Task TypeTestPairingTheCostWithASigmoid_IsLoss003() => VerifyCS.Diagnostics(Library + """

        public abstract class Cost { public abstract double Value(double output, double target); }

        public sealed class CrossEntropyCost : Cost
        {
            public override double Value(double output, double target) =>
                {|LOSS003:-target * Math.Log(output) - (1 - target) * Math.Log(1 - output)|};
        }

        public sealed class Trainer
        {
            public IActivation[] Activations = new IActivation[2];
            public Cost Objective;

            public double OutputDelta(double output, double target, double derivative) =>
                Activations[1] is SigmoidActivation && Objective is CrossEntropyCost ? output - target : (output - target) * derivative;
        }
        """);

    // enum members a switch maps to the cost class and to a sigmoid method: the layer refuses any other activation
    [Fact]
    public Task EnumTestThroughSwitchMaps_IsLoss003() => VerifyCS.Diagnostics("""
        using System;

        public enum ActivationKind { Sigmoid, Tanh }
        public enum CostKind { Quadratic, CrossEntropy }

        public static class Activations
        {
            public static float Sigmoid(float x) => 1 / (1 + (float)Math.Exp(-x));
            public static float Tanh(float x) => (float)Math.Tanh(x);
        }

        public interface ICost { float Value(float[] yHat, float[] y); }

        public sealed class QuadraticCost : ICost
        {
            public float Value(float[] yHat, float[] y) => 0;
        }

        public sealed class CrossEntropyCost : ICost
        {
            public float Value(float[] yHat, float[] y)
            {
                float sum = 0;
                for (int i = 0; i < y.Length; i++)
                    sum += {|LOSS003:y[i] * (float)Math.Log(yHat[i]) + (1 - y[i]) * (float)Math.Log(1 - yHat[i])|};
                return -sum;
            }
        }

        public static class Providers
        {
            public static Func<float, float> ActivationOf(ActivationKind kind)
            {
                switch (kind)
                {
                    case ActivationKind.Sigmoid: return Activations.Sigmoid;
                    default: return Activations.Tanh;
                }
            }

            public static ICost CostOf(CostKind kind) => kind switch
            {
                CostKind.CrossEntropy => new CrossEntropyCost(),
                _ => new QuadraticCost(),
            };
        }

        public sealed class OutputLayer
        {
            public OutputLayer(ActivationKind activation, CostKind cost)
            {
                if (activation != ActivationKind.Sigmoid && cost == CostKind.CrossEntropy)
                    throw new ArgumentException("cross-entropy needs outputs in (0, 1)");
            }
        }
        """);

    // a clipped cost is still given sigmoid outputs: the clip hides the saturation the logits form avoids
    [Fact]
    public Task ClippedCostBuiltBesideAFinalSigmoid_IsLoss003() => VerifyCS.Diagnostics(Library + """

        public sealed class ClippedBceCost
        {
            public double Compute(double output, double target)
            {
                var p = Math.Min(Math.Max(output, 1e-7), 1 - 1e-7);
                return {|LOSS003:-(target * Math.Log(p) + (1 - target) * Math.Log(1 - p))|};
            }
        }

        public static class Program
        {
            public static void Main()
            {
                var discriminator = new Network(new ClippedBceCost());
                discriminator.Add(64, new ReluActivation());
                discriminator.Add(1, new SigmoidActivation());
            }
        }
        """);
    // a factory that builds one back end of several (each implements the same interface, one of them happens to hold a
    // sigmoid among many other functions): alternatives of one family, not a cost and its output layer
    [Fact]
    public Task FactoryOfBackEnds_StaysLoss001() => VerifyCS.Diagnostics("""
        using System;

        public interface IBackEnd { double Loss(double p, double t); }

        public sealed class SerialBackEnd : IBackEnd
        {
            public double Loss(double p, double t) => -t * {|LOSS001:Math.Log(p)|} - (1 - t) * {|LOSS001:Math.Log(1 - p)|};
        }

        public sealed class ParallelBackEnd : IBackEnd
        {
            public double Loss(double p, double t) => 0;
            public double Squash(double z) => 1 / (1 + Math.Exp(-z));
        }

        public static class BackEnds
        {
            public static IBackEnd Create(bool parallel)
            {
                IBackEnd chosen = new SerialBackEnd();
                if (parallel) chosen = new ParallelBackEnd();
                return chosen;
            }

            public static IBackEnd Create(int kind)
            {
                switch (kind)
                {
                    case 0: return new SerialBackEnd();
                    default: return new ParallelBackEnd();
                }
            }
        }
        """);

    // a softplus activation writes the sigmoid as its derivative and takes a log: it is not a sigmoid output layer
    [Fact]
    public Task SoftplusLastActivation_StaysLoss001() => VerifyCS.Diagnostics(SingleOutputBuiltWith("Softplus", """
        public sealed class Softplus : IActivation
        {
            public double Apply(double z) => z > 30 ? z : Math.Log(1 + Math.Exp(z));
            public double Derivative(double z) => 1 / (1 + Math.Exp(-z));
        }
        """));

    /// <summary>A Bernoulli cost (reported by LOSS001 alone) built by a program whose one activation is <paramref name="activation"/>.</summary>
    private static string SingleOutputBuiltWith(string activation, string activationClass) => $$"""
        using System;

        public interface IActivation { double Apply(double z); double Derivative(double z); }

        {{activationClass}}

        public sealed class Network
        {
            public Network(object cost) { }
            public void Add(int units, IActivation activation) { }
        }

        public sealed class BceCost
        {
            public double Compute(double output, double target) =>
                -target * {|LOSS001:Math.Log(output)|} - (1 - target) * {|LOSS001:Math.Log(1 - output)|};
        }

        public static class Program
        {
            public static void Main()
            {
                var net = new Network(new BceCost());
                net.Add(1, new {{activation}}());
            }
        }
        """;

    // a matrix library's complement, output.SubtractFrom(1), and the network's test of the pair (one diagnostic for the
    // whole cross-entropy, at its log of the output)
    [Fact]
    public Task LibraryComplementWithTypeTestPairing_IsLoss003() => VerifyCS.Diagnostics("""
        using System;

        public sealed class Vec
        {
            private readonly double[] v;
            public Vec(double[] values) => v = values;
            public Vec PointwiseLog() => new Vec(Array.ConvertAll(v, Math.Log));
            public Vec SubtractFrom(double scalar) => new Vec(Array.ConvertAll(v, x => scalar - x));
            public Vec PointwiseMultiply(Vec other) => this;
            public static Vec operator +(Vec a, Vec b) => a;
            public static Vec operator -(Vec a, Vec b) => a;
            public double Sum() => 0;
        }

        public abstract class ActivationFunction { public abstract double Function(double x); }

        public sealed class SigmoidActivationFunction : ActivationFunction
        {
            public override double Function(double x) => 1 / (1 + Math.Exp(-x));
        }

        public abstract class CostFunction { public abstract double Compute(Vec output, Vec desired); }

        public sealed class CrossEntropyCostFunction : CostFunction
        {
            public override double Compute(Vec output, Vec desired) =>
                -(desired.PointwiseMultiply({|LOSS003:output.PointwiseLog()|}) + desired.SubtractFrom(1).PointwiseMultiply(output.SubtractFrom(1).PointwiseLog())).Sum();
        }

        public sealed class Network
        {
            public ActivationFunction[] Activations = new ActivationFunction[2];
            public CostFunction Cost;

            public bool CancelsDerivative() => Activations[1] is SigmoidActivationFunction && Cost is CrossEntropyCostFunction;
        }
        """);
}
