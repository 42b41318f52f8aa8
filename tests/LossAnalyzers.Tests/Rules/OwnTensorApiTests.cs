using System.Threading.Tasks;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// A project's own tensor or array API (issue #14, class 4), reduced and written anew from a Keras-like backend of the
/// development corpus: <c>K.Sigmoid</c>, <c>K.Log</c>, <c>K.Neg</c>, <c>K.Clip</c> on an interface, and array extension
/// methods whose bodies compute the operation. Reported without a fix (there is no library call to write).
/// </summary>
public class OwnTensorApiTests
{
    private const string Backend = """
        namespace Engine
        {
            public class Tensor
            {
                public static Tensor operator *(Tensor a, Tensor b) => a;
                public static Tensor operator +(Tensor a, Tensor b) => a;
                public static Tensor operator -(float a, Tensor b) => b;
            }

            public interface IBackend
            {
                Tensor Log(Tensor x);
                Tensor Sigmoid(Tensor x);
                Tensor Softmax(Tensor x, int axis = -1);
                Tensor Neg(Tensor x);
                Tensor Clip(Tensor x, float lo, float hi);
                Tensor Sum(Tensor x, int axis);
                void Log(string message);
            }
        }

        """;

    [Fact]
    public Task BackendSigmoidThenHandWrittenBce_ReportedWithoutFix()
    {
        var source = Backend + """
            namespace Losses
            {
                using Engine;

                public sealed class BinaryCrossentropy
                {
                    private readonly IBackend K;

                    public BinaryCrossentropy(IBackend backend) => K = backend;

                    public Tensor Forward(Tensor logits, Tensor labels)
                    {
                        var output = K.Sigmoid(logits);
                        return {|LOSS003:labels * K.Neg(K.Log(output)) + (1 - labels) * K.Neg(K.Log(1 - output))|};
                    }
                }
            }
            """;
        return VerifyCS.Fix(source, source);
    }

    [Fact]
    public Task BackendSoftmaxThenLog_Loss001_AndClippedIsSilent() => Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>.Diagnostics(Backend + """
        namespace Losses
        {
            using Engine;

            public sealed class CategoricalCrossentropy
            {
                private readonly IBackend K;

                public CategoricalCrossentropy(IBackend backend) => K = backend;

                public Tensor Forward(Tensor logits, Tensor labels)
                {
                    var p = K.Softmax(logits, 1);
                    return K.Sum(K.Neg(labels * {|LOSS001:K.Log(p)|}), -1);
                }

                public Tensor Clipped(Tensor logits, Tensor labels)
                {
                    var p = K.Clip(K.Softmax(logits, 1), 1e-7f, 1 - 1e-7f);
                    K.Log("clipped");
                    return K.Sum(K.Neg(labels * K.Log(p)), -1);
                }
            }
        }
        """);

    [Fact]
    public Task ArrayExtensionsWhoseBodiesComputeTheOperation_Recognised() => Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>.Diagnostics("""
        using System;

        static class ArrayMath
        {
            public static float[] Sigmoid(this float[] x)
            {
                var r = new float[x.Length];
                for (int i = 0; i < x.Length; i++) r[i] = 1f / (1f + MathF.Exp(-x[i]));
                return r;
            }

            public static float[] Log(this float[] x)
            {
                var r = new float[x.Length];
                for (int i = 0; i < x.Length; i++) r[i] = MathF.Log(x[i]);
                return r;
            }

            // named Sigmoid, but a hard clip: not a sigmoid
            public static double[] Sigmoid(this double[] x)
            {
                var r = new double[x.Length];
                for (int i = 0; i < x.Length; i++) r[i] = Math.Clamp(0.2 * x[i] + 0.5, 0, 1);
                return r;
            }
        }

        static class Head
        {
            public static float[] LogProbabilities(float[] scores) => {|LOSS001:scores.Sigmoid().Log()|};
        }
        """);

    // A computation graph whose operations run a backend kernel of the same name (the body has no exp to read), and a
    // training loop that reads the label's probability out of the softmax node with an element getter.
    private const string Graph = """
        namespace Graph
        {
            public interface INode
            {
                float GetWeightAt(long[] indices);
            }

            internal static class Kernels
            {
                public static void Sigmoid(INode result, INode x) { }
                public static void Softmax(INode result, INode x) { }
                public static void Log(INode result, INode x) { }
            }

            public sealed class ComputeGraph
            {
                private INode Make(INode like) => like;

                public INode Sigmoid(INode x)
                {
                    var result = Make(x);
                    Kernels.Sigmoid(result, x);
                    return result;
                }

                public INode Softmax(INode x, bool inPlace = false)
                {
                    var result = Make(x);
                    Kernels.Softmax(result, x);
                    return result;
                }

                public INode Log(INode x)
                {
                    var result = Make(x);
                    Kernels.Log(result, x);
                    return result;
                }

                public INode Scale(INode x, float factor) => x;
            }
        }

        """;

    [Fact]
    public Task GraphSoftmaxElementGetter_NegatedLogOfTheLabelsProbability() => VerifyCS.Diagnostics(Graph + """
        namespace Training
        {
            using System;
            using Graph;

            public static class Decoder
            {
                public static float Cost(ComputeGraph g, INode scores, int[] labels)
                {
                    float cost = 0;
                    var probs = g.Softmax(scores, inPlace: true);
                    for (int k = 0; k < labels.Length; k++)
                    {
                        float p = probs.GetWeightAt(new long[] { k, labels[k] });
                        cost += (float)-{|LOSS001:Math.Log(p)|};
                    }

                    return cost;
                }
            }
        }
        """);

    [Fact]
    public Task GraphLogOfSigmoid_DelegatingKernels() => VerifyCS.Diagnostics(Graph + """
        namespace Training
        {
            using Graph;

            public static class Preference
            {
                public static INode Loss(ComputeGraph g, INode margin) => g.Scale({|LOSS001:g.Log(g.Sigmoid(margin))|}, -1f);
            }
        }
        """);

    [Fact]
    public Task GraphElementOfAnUnknownNode_AndAGuardedProbability_Silent() => VerifyCS.Diagnostics(Graph + """
        namespace Training
        {
            using System;
            using Graph;

            public static class Decoder
            {
                public static float Cost(ComputeGraph g, INode scores, INode weights, int label)
                {
                    // an element of a node nothing shows to be a probability
                    float w = weights.GetWeightAt(new long[] { 0, label });
                    var probs = g.Softmax(scores);
                    float p = probs.GetWeightAt(new long[] { 0, label });
                    return (float)-Math.Log(w) - (float)Math.Log(Math.Max(p, 1e-7f));
                }
            }
        }
        """);

    private const string BufferedTensor = """
        #nullable enable
        using System;

        public sealed class FloatTensor
        {
            private readonly float[] data;
            public FloatTensor(float[] data) => this.data = data;

            // element-wise ops with an optional output buffer, as a GPU-backed tensor library writes them
            public FloatTensor Log(bool inline = false, FloatTensor? result = null)
            {
                var r = result ?? new FloatTensor(new float[data.Length]);
                for (int i = 0; i < data.Length; i++) r.data[i] = MathF.Log(data[i]);
                return r;
            }

            public FloatTensor Softmax(int dim = -1, FloatTensor? result = null)
            {
                var r = result ?? new FloatTensor(new float[data.Length]);
                float sum = 0, max = float.MinValue;
                for (int i = 0; i < data.Length; i++) max = MathF.Max(max, data[i]);
                for (int i = 0; i < data.Length; i++) { r.data[i] = MathF.Exp(data[i] - max); sum += r.data[i]; }
                for (int i = 0; i < data.Length; i++) r.data[i] /= sum;
                return r;
            }

            public FloatTensor Mul(FloatTensor other) => this;
            public FloatTensor Sum() => this;
            public FloatTensor Neg() => this;
        }

        """;

    [Fact]
    public Task LogOfAnOwnSoftmaxWithAnOutputBufferLeftOut_Reported() => VerifyCS.Diagnostics(BufferedTensor + """
        public sealed class CrossEntropyLoss
        {
            public FloatTensor Forward(FloatTensor prediction, FloatTensor target)
            {
                var softmax = prediction.Softmax(1);
                return target.Mul({|LOSS001:softmax.Log()|}).Sum().Neg();
            }
        }
        """);

    [Fact]
    public Task OwnOpWhoseBufferIsPassed_IsAnotherCall_NotClassified() => VerifyCS.Diagnostics(BufferedTensor + """
        public sealed class Scores
        {
            // the second tensor is an argument the call passes: not an element-wise log of one operand in this API's sense
            public FloatTensor Into(FloatTensor prediction, FloatTensor buffer) => prediction.Softmax(1, buffer).Log(false, buffer);
        }
        """);

    [Fact]
    public Task MatrixSigmoidThatMapsAScalarSigmoid_IsASigmoid() => VerifyCS.Diagnostics("""
        using System;

        public sealed class Mat
        {
            public static Mat operator *(Mat a, Mat b) => a;
            public static Mat operator +(Mat a, Mat b) => a;
            public static Mat operator -(double a, Mat b) => b;
            public Mat Transpose() => this;
        }

        public static class Scalar
        {
            public static double Sigmoid(double v) => 1.0 / (1.0 + Math.Exp(-v));
        }

        public static class MatOps
        {
            public static Mat Map(Mat x, Func<double, double> f) => x;

            // both delegate to a scalar function over the elements
            public static Mat Sigmoid(Mat x) => Map(x, Scalar.Sigmoid);
            public static Mat Log(Mat x) => Map(x, Math.Log);
        }

        public sealed class Logistic
        {
            public Mat Cost(Mat x, Mat y, Mat theta)
            {
                var z = x * theta;
                var h = MatOps.Sigmoid(z);
                return {|LOSS003:y.Transpose() * MatOps.Log(h) + (1.0 - y).Transpose() * MatOps.Log(1.0 - h)|};
            }
        }
        """);

    /// <summary>
    /// A library's generic matrix whose concrete storage class derives from it (as MathNet's <c>DenseMatrix</c> from
    /// <c>Matrix&lt;float&gt;</c>): the element-wise methods, declared on the base, return the base type.
    /// </summary>
    private const string DerivedStorage = """
        namespace Algebra
        {
            public abstract class Matrix<T>
            {
                public abstract Matrix<T> PointwiseLog();
                public abstract Matrix<T> PointwiseMaximum(T floor);
                public abstract Matrix<T> PointwiseMultiply(Matrix<T> other);
                public static Matrix<T> operator +(Matrix<T> a, Matrix<T> b) => a;
                public static Matrix<T> operator -(T a, Matrix<T> b) => b;
                public abstract T Sum();
            }

            public abstract class DenseMatrix : Matrix<float>
            {
            }
        }

        """;

    // the log of a storage-class value is the library's log, and its product with the targets a cross-entropy's terms
    [Fact]
    public Task LogOfADerivedStorageMatrix_IsTheLibrarysLog() => VerifyCS.Diagnostics(DerivedStorage + """
        namespace Layers
        {
        using Algebra;

        public sealed class CrossEntropyLayer
        {
            public float Forward(DenseMatrix y, DenseMatrix t) => -t.PointwiseMultiply({|LOSS001:y.PointwiseLog()|}).Sum();
        }

        public sealed class BinaryCrossEntropyLayer
        {
            public float Forward(DenseMatrix y, DenseMatrix t) =>
                -(t.PointwiseMultiply({|LOSS001:y.PointwiseLog()|}) + (1f - t).PointwiseMultiply({|LOSS001:(1f - y).PointwiseLog()|})).Sum();
        }
        }
        """);

    // the floor taken on the storage class is the library's element-wise max: the log is guarded
    [Fact]
    public Task FloorOfADerivedStorageMatrix_GuardsTheLog() => VerifyCS.Diagnostics(DerivedStorage + """
        namespace Layers
        {
        using Algebra;

        public sealed class CrossEntropyLayer
        {
            public float Forward(DenseMatrix y, DenseMatrix t)
            {
                var floored = y.PointwiseMaximum(1e-7f);
                return -t.PointwiseMultiply(floored.PointwiseLog()).Sum();
            }
        }
        }
        """);

    // the elements' type is known from the storage class's generic base (Matrix<float>): the ε the message proposes is float32's
    [Fact]
    public async Task Message_DerivedStorage_ProposesTheElementTypesEpsilon()
    {
        var source = DerivedStorage + """
            namespace Layers
            {
            using Algebra;

            public sealed class CrossEntropyLayer
            {
                public float Forward(DenseMatrix y, DenseMatrix t) => -t.PointwiseMultiply({|#0:y.PointwiseLog()|}).Sum();
            }
            }
            """;
        var test = new Infrastructure.LossTest<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider> { TestCode = source };
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("LOSS001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithArguments("y", "used as a predicted distribution in a cross-entropy", "0", "its log", " and the loss becomes NaN or ∞",
                "clamp it to [ε, 1 − ε] with ε = 1e-7 (float32 elements)"));
        await test.RunAsync(System.Threading.CancellationToken.None);
    }
}
