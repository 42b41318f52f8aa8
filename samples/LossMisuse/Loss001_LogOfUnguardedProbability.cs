using System;
using System.Numerics.Tensors;

namespace LossMisuse;

/// <summary>LOSS001: the log of a probability that can reach 0.</summary>
internal static class Loss001
{
    // Plain C#: the log of a sigmoid. The fix writes StableMath.LogSigmoid(z).
    public static double LogLikelihoodOfPositive(double z)
    {
        double p = 1.0 / (1.0 + Math.Exp(-z));
        return Math.Log(p);
    }

    // MathF: log(1 - p) of a float sigmoid. The fix writes StableMath.LogSigmoid(-z).
    public static float LogLikelihoodOfNegative(float z)
    {
        float p = 1f / (1f + MathF.Exp(-z));
        return MathF.Log(1 - p);
    }

    // A probability parameter of a loss, used without a clamp. The fix clamps it.
    public static double NegativeLogLikelihoodLoss(double predictedProbability) => -Math.Log(predictedProbability);

    // TensorPrimitives: the log of sigmoid outputs, element-wise.
    public static void LogOfSigmoids(ReadOnlySpan<float> logits, Span<float> logProbabilities)
    {
        var probabilities = new float[logits.Length];
        TensorPrimitives.Sigmoid(logits, probabilities);
        TensorPrimitives.Log(probabilities, logProbabilities);
    }
}
