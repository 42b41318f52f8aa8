using System;
using StableLoss;
using StableLoss.Annotations;

namespace LossMisuse;

/// <summary>LOSS008: logits given where probabilities are expected.</summary>
internal static class Loss008
{
    // A score declared [Logits], logged as if it were a probability: log of a negative number, or log(1 − z) of z > 1.
    public static double HandWritten([Logits] double score, double y) =>
        -(y * Math.Log(score) + (1 - y) * Math.Log(1 - score));

    // The probability API on logits: it rejects them (a value outside [0, 1]) at run time, or silently clamps them away.
    public static double ProbabilityApi(ChurnModel model, double x, double y) => Loss.BinaryCrossEntropy(model.Score(x), y);
}
