using System;
using StableLoss;
using StableLoss.Annotations;

namespace LossMisuse;

/// <summary>LOSS007: a probability given where logits are expected: the activation is applied twice.</summary>
internal static class Loss007
{
    // The logits loss applies the sigmoid itself: given σ(z), it computes BCE(σ(σ(z)), y).
    public static double DoubleSigmoid(double z, double y)
    {
        var p = StableMath.Sigmoid(z);
        return Loss.BinaryCrossEntropyWithLogits(p, y);
    }

    // Its gradient with respect to z: (σ(σ(z)) − y)·σ'(z), where the correct one is σ(z) − y.
    public static double DoubleSigmoidGradient(double z, double y)
    {
        var p = StableMath.Sigmoid(z);
        return Loss.BinaryCrossEntropyWithLogitsGradient(p, y) * p * (1 - p);
    }

    // A model that declares what it returns: [return: Probability] is read by the analyzer, here and in other assemblies.
    public static double FromDeclaredModel(ChurnModel model, double x, double y) =>
        Loss.BinaryCrossEntropyWithLogits(model.Predict(x), y);
}

internal sealed class ChurnModel
{
    public double Weight { get; set; } = 1;

    [return: Logits]
    public double Score(double x) => Weight * x;

    [return: Probability]
    public double Predict(double x) => StableMath.Sigmoid(Score(x));
}
