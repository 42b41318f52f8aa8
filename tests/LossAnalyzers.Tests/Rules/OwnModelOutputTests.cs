using System.Threading.Tasks;
using Xunit;
using Loss001 = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// The output of a model of the project's own framework, built in one expression whose last layer is given a sigmoid
/// activation (<c>new Model(new Dense(16, Act.ReLU), new Dense(1, Act.Sigmoid))</c>), run by a forward pass on the local
/// holding it; the activation is a sigmoid by its code (an enum member a <c>switch</c> maps to a sigmoid method, a sigmoid
/// type built there), never by its name. Also: a BCE helper that reads one element of a 1×1 matrix
/// (<c>output[0, 0]</c>) is a helper all the same, and a local function's calls are followed like a private method's.
/// Reduced and written anew from a GAN of the development corpus (issue #14, classes 1 and 4).
/// </summary>
public class OwnModelOutputTests
{
    private const string Framework = """

        public enum Act { Sigmoid, ReLU, Identity }

        public static class Activations
        {
            public static float Logistic(float x) => (float)(1 / (1 + System.Math.Exp(-x)));
            public static float Rectify(float x) => System.Math.Max(0, x);
        }

        public sealed class Mat
        {
            private readonly float[,] data = new float[1, 1];
            public float this[int i, int j] { get => data[i, j]; set => data[i, j] = value; }
            public static Mat operator -(Mat a, float b) => a;
            public static Mat Ones() => new Mat();
            public Mat Apply(System.Func<float, float> f) => this;
        }

        public class Dense
        {
            public Dense(int units, Act act) =>
                F = act switch { Act.Sigmoid => Activations.Logistic, Act.ReLU => Activations.Rectify, _ => x => x };

            public System.Func<float, float> F { get; }
            public Mat Neurons { get; } = new Mat();
            public Mat Weights { get; } = new Mat();
        }

        public enum Kind { Sigmoid, Tanh }

        public static class MatrixActivations
        {
            private static float Squash(float x) => 1f / (1f + System.MathF.Exp(-x));
            private static float Bend(float x) => System.MathF.Tanh(x);

            // the matrix form maps every element through the scalar one
            public static Mat Squash(Mat m) => m.Apply(Squash);
            public static Mat Bend(Mat m) => m.Apply(Bend);
        }

        public class Block
        {
            public Block(Kind kind) => F = kind switch { Kind.Sigmoid => MatrixActivations.Squash, _ => MatrixActivations.Bend };
            public System.Func<Mat, Mat> F { get; }
            public Mat Output { get; } = new Mat();
        }

        public class Stack
        {
            public Stack(params Block[] blocks) => Blocks = new System.Collections.Generic.List<Block>(blocks);
            public System.Collections.Generic.List<Block> Blocks { get; }
        }

        public class Model
        {
            public Model(params Dense[] layers) => Layers = layers;
            public Dense[] Layers { get; }
            public Mat Forward(Mat input) => input;
            public Mat Backward(Mat gradient) => gradient;
            public void Train(Mat input) { }
        }

        public static class Losses
        {
            public static float Bce(Mat output, Mat target) =>
                (float)-(target[0, 0] * System.Math.Log(output[0, 0] + 1e-7) + (1 - target[0, 0]) * System.Math.Log(1 - output[0, 0] + 1e-7));
        }
        """;

    [Fact]
    public Task ForwardPassOfModelEndingInSigmoidLayer_BceHelperFromLocalFunction_ReportedWithoutFix()
    {
        const string source = """
            class Gan
            {
                public float Step(Mat image)
                {
                    var discriminator = new Model(new Dense(16, Act.ReLU), new Dense(1, Act.Sigmoid));
                    static float RealLoss(Mat realOutput) => {|LOSS003:Losses.Bce(realOutput, Mat.Ones())|};
                    Mat real = discriminator.Forward(image);
                    return RealLoss(real);
                }
            }
            """ + Framework;
        return VerifyCS.Fix(source, source);
    }

    [Fact]
    public Task ForwardPassOfModelEndingInSigmoidLayer_ElementLogged_Loss001() => Loss001.Diagnostics("""
        class Scorer
        {
            public double Nll(Mat image)
            {
                var model = new Model(new Dense(8, Act.ReLU), new Dense(1, Act.Sigmoid));
                var p = model.Forward(image);
                return -{|LOSS001:System.Math.Log(p[0, 0])|};
            }
        }
        """ + Framework);

    [Fact]
    public Task ComplementWrittenGuardFirst_ToleranceAddedBeforeTheOne_StillABce() => VerifyCS.Diagnostics("""
        class Gan
        {
            private const float Tolerance = 1e-7f;

            // log(ε + 1 - p) is log((1 - p) + ε): the same Bernoulli shape, its guard written in front
            static float Bce(Mat output, Mat target) =>
                (float)-(target[0, 0] * System.Math.Log(Tolerance + output[0, 0]) + (1 - target[0, 0]) * System.Math.Log(Tolerance + 1 - output[0, 0]));

            public float Step(Mat image)
            {
                var discriminator = new Model(new Dense(16, Act.ReLU), new Dense(1, Act.Sigmoid));
                var fake = discriminator.Forward(image);
                return {|LOSS003:Bce(fake, Mat.Ones())|};
            }
        }
        """ + Framework);

    [Fact]
    public Task LastLayersOutputRead_InALocalFunctionCapturingTheModel_Reported() => VerifyCS.Diagnostics("""
        class Gan
        {
            public float Train(Mat[] images)
            {
                const string checkpoint = @"C:\Users\gan\discriminator.bin";
                var discriminator = new Model(new Dense(16, Act.ReLU), new Dense(1, Act.Sigmoid));
                static float FakeLoss(Mat fakeOutput) => {|LOSS003:Losses.Bce(fakeOutput, Mat.Ones())|};

                float Step(Mat image)
                {
                    discriminator.Forward(image);
                    var fake = discriminator.Layers[^1].Neurons;
                    return FakeLoss(fake) + {|LOSS003:Losses.Bce(discriminator.Layers[discriminator.Layers.Length - 1].Neurons, Mat.Ones())|};
                }

                System.Console.WriteLine(checkpoint);
                return Step(images[0]);
            }
        }
        """ + Framework);

    [Fact]
    public Task LastBlockOfAListBuiltWithAMappedSigmoid_OutputReported() => VerifyCS.Diagnostics("""
        class Critic
        {
            public float Loss(Mat image)
            {
                var stack = new Stack(new Block(Kind.Tanh), new Block(Kind.Sigmoid));
                return {|LOSS003:Losses.Bce(stack.Blocks[^1].Output, Mat.Ones())|};
            }
        }
        """ + Framework);

    // ---------------------------------------------------------------- negatives

    [Fact]
    public Task ModelEndingInReLU_NotReported() => VerifyCS.Diagnostics("""
        class Regressor
        {
            public float Nll(Mat image)
            {
                var model = new Model(new Dense(8, Act.Sigmoid), new Dense(1, Act.ReLU));
                var p = model.Forward(image);
                return Losses.Bce(p, Mat.Ones());
            }
        }
        """ + Framework);

    [Fact]
    public Task ModelReassignedBeforeTheForwardPass_NotReported() => VerifyCS.Diagnostics("""
        class Scorer
        {
            public float Loss(Mat image, bool regression)
            {
                var model = new Model(new Dense(8, Act.ReLU), new Dense(1, Act.Sigmoid));
                if (regression)
                {
                    model = new Model(new Dense(8, Act.ReLU), new Dense(1, Act.Identity));
                }

                return Losses.Bce(model.Forward(image), Mat.Ones());
            }
        }
        """ + Framework);

    [Fact]
    public Task EnumMemberNamedSigmoidThatMapsToAnotherFunction_NotReported() => VerifyCS.Diagnostics("""
        public enum Shape { Sigmoid, Flat }

        public class Unit
        {
            // a 'Sigmoid' that is no sigmoid: the code, not the name, decides
            public Unit(Shape shape) => F = shape switch { Shape.Sigmoid => System.MathF.Tanh, _ => x => x };
            public System.Func<float, float> F { get; }
        }

        public class Net
        {
            public Net(params Unit[] units) { }
            public Mat Forward(Mat input) => input;
        }

        class Scorer
        {
            public float Loss(Mat image)
            {
                var net = new Net(new Unit(Shape.Flat), new Unit(Shape.Sigmoid));
                return Losses.Bce(net.Forward(image), Mat.Ones());
            }
        }
        """ + Framework);

    [Fact]
    public Task LastLayersWeightsOrFirstLayersOutput_NotReported() => VerifyCS.Diagnostics("""
        class Gan
        {
            public float Loss(Mat image)
            {
                var discriminator = new Model(new Dense(16, Act.Sigmoid), new Dense(1, Act.ReLU));
                var sigmoidNet = new Model(new Dense(16, Act.ReLU), new Dense(1, Act.Sigmoid));
                return Losses.Bce(discriminator.Layers[^1].Neurons, Mat.Ones()) +
                       Losses.Bce(sigmoidNet.Layers[^1].Weights, Mat.Ones()) +
                       Losses.Bce(sigmoidNet.Layers[0].Neurons, Mat.Ones());
            }
        }
        """ + Framework);

    [Fact]
    public Task BackwardPassOfAModelEndingInSigmoid_AGradientNotAnOutput_NotReported() => VerifyCS.Diagnostics("""
        class Gan
        {
            public float Probe(Mat upstream)
            {
                var discriminator = new Model(new Dense(16, Act.ReLU), new Dense(1, Act.Sigmoid));
                var gradient = discriminator.Backward(upstream);
                return Losses.Bce(gradient, Mat.Ones());
            }
        }
        """ + Framework);

    [Fact]
    public Task LastBlockBuiltWithAMappedTanh_NotReported() => VerifyCS.Diagnostics("""
        class Critic
        {
            public float Loss(Mat image)
            {
                var stack = new Stack(new Block(Kind.Sigmoid), new Block(Kind.Tanh));
                return Losses.Bce(stack.Blocks[^1].Output, Mat.Ones());
            }
        }
        """ + Framework);

    [Fact]
    public Task ComplementWrittenGuardFirst_IsAGuard_NotReported() => Loss001.Diagnostics("""
        class Calibration
        {
            public double Miss(double z)
            {
                var p = 1 / (1 + System.Math.Exp(-z));
                return -System.Math.Log(1e-9 + 1 - p);
            }
        }
        """);

    // ---------------------------------------------------------------- broken code

    [Fact]
    public Task LayerWithAMissingActivation_NoDiagnosticNoException() => VerifyCS.Diagnostics("""
        class Scorer
        {
            public float Loss(Mat image)
            {
                var model = new Model(new Dense(8, Act.ReLU), new Dense(1, Act.{|CS0117:Softsign|}));
                return Losses.Bce(model.Forward(image), Mat.Ones());
            }
        }
        """ + Framework);

    [Fact]
    public Task ForwardPassWithoutAReceiver_NoDiagnosticNoException() => VerifyCS.Diagnostics("""
        class Scorer
        {
            public static float Loss(Mat image)
            {
                var unused = new Model(new Dense(8, Act.ReLU), new Dense(1, Act.Sigmoid));
                return Losses.Bce({|CS0120:Model.Forward|}(image), Mat.Ones());
            }
        }
        """ + Framework);
}
