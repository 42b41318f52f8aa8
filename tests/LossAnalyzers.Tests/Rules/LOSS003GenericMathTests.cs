using System.Threading.Tasks;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// LOSS003 in generic-math code (issue #14, class 5), reduced and written anew from a game-engine trainer of the
/// development corpus: a BCE helper over <c>T</c> with <c>T.Epsilon</c> guards, fed the output of a value function
/// whose prediction is <c>T.One / (T.One + T.Exp(-logit))</c>, on one branch or both.
/// </summary>
public class LOSS003GenericMathTests
{
    private const string Library = """
        using System.Numerics;

        public static class Losses
        {
            public static T Bce<T>(T y, T t) where T : struct, IFloatingPointIeee754<T>
                => -(t * T.Log(y + T.Epsilon) + (T.One - t) * T.Log(T.One - y + T.Epsilon));
        }

        public sealed class Evaluator<W> where W : unmanaged, IFloatingPointIeee754<W>
        {
            private readonly W[] weights = new W[16];

            public W Logit(int[] features)
            {
                var sum = W.Zero;
                foreach (var f in features) sum += weights[f];
                return sum;
            }

            public W Predict(int[] features) => Squash(Logit(features));

            public W PredictFor(int[] features, bool mirrored) => mirrored ? Squash(-Logit(features)) : Predict(features);

            public static W Squash(W x) => W.One / (W.One + W.Exp(-x));
        }

        """;

    [Fact]
    public Task GenericHelperOverSigmoidPrediction_Reported() => VerifyCS.Diagnostics(Library + """
        public sealed class Trainer<W> where W : unmanaged, IFloatingPointIeee754<W>
        {
            private readonly Evaluator<W> evaluator = new();

            public W Epoch(int[][] positions, W[] outcomes)
            {
                var loss = W.Zero;
                for (var i = 0; i < positions.Length; i++)
                {
                    var value = evaluator.Predict(positions[i]);
                    loss += {|LOSS003:Losses.Bce(value, outcomes[i])|};
                    loss += {|LOSS003:Losses.Bce(evaluator.PredictFor(positions[i], i % 2 == 0), outcomes[i])|};
                }

                return loss;
            }
        }
        """);

    [Fact]
    public Task HandWrittenGenericBceOverSigmoid_FixedWithTheGenericOverload() => VerifyCS.Fix("""
        using System.Numerics;

        static class Step<T> where T : IFloatingPointIeee754<T>
        {
            public static T Value(T z, T y)
            {
                var p = T.One / (T.One + T.Exp(-z));
                return {|LOSS003:-(y * T.Log(p) + (T.One - y) * T.Log(T.One - p))|};
            }
        }
        """, """
        using System.Numerics;
        using StableLoss;

        static class Step<T> where T : IFloatingPointIeee754<T>
        {
            public static T Value(T z, T y)
            {
                var p = T.One / (T.One + T.Exp(-z));
                return Loss.BinaryCrossEntropyWithLogits(z, y);
            }
        }
        """);

    [Fact]
    public Task GenericLogOfSigmoid_FixedWithTheGenericLogSigmoid() => Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>.Fix("""
        using System.Numerics;

        static class Step<T> where T : IFloatingPointIeee754<T>
        {
            public static T NegativeLogProbability(T z)
            {
                var p = T.One / (T.One + T.Exp(-z));
                return -{|LOSS001:T.Log(p)|};
            }
        }
        """, """
        using System.Numerics;
        using StableLoss;

        static class Step<T> where T : IFloatingPointIeee754<T>
        {
            public static T NegativeLogProbability(T z)
            {
                var p = T.One / (T.One + T.Exp(-z));
                return -StableMath.LogSigmoid(z);
            }
        }
        """);

    [Fact]
    public Task GenericHelperOverUnknownValue_Silent() => VerifyCS.Diagnostics(Library + """
        public static class Report<W> where W : unmanaged, IFloatingPointIeee754<W>
        {
            public static W Score(W[] predicted, W[] outcomes)
            {
                var loss = W.Zero;
                for (var i = 0; i < predicted.Length; i++) loss += Losses.Bce(predicted[i], outcomes[i]);
                return loss;
            }
        }
        """);
}
