using System;
using System.Numerics.Tensors;
using StableLoss;

namespace LossMisuse;

/// <summary>LOSS003: a sigmoid followed by binary cross-entropy.</summary>
internal static class Loss003
{
    // Plain C#: the textbook formula.
    public static double Textbook(double z, double y)
    {
        double p = 1.0 / (1.0 + Math.Exp(-z));
        return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
    }

    // The probability comes from a model method; followed into its body.
    public static double FromModel(LogisticModel model, double x, double y)
    {
        double p = model.PredictProbability(x);
        return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
    }

    // TensorPrimitives pipeline: sigmoid into a buffer, then BCE on probabilities.
    public static float Pipeline(float[] logits, float[] targets)
    {
        var probabilities = new float[logits.Length];
        TensorPrimitives.Sigmoid(logits, probabilities);
        return Loss.BinaryCrossEntropy(probabilities, targets);
    }
}

internal sealed class LogisticModel
{
    public double Weight { get; set; } = 1;

    public double Bias { get; set; }

    public double Score(double x) => Weight * x + Bias;

    public double PredictProbability(double x) => 1.0 / (1.0 + Math.Exp(-Score(x)));
}
