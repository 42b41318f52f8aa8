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
}
