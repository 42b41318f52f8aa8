using System;
using TorchSharp;
using static TorchSharp.torch;

namespace LossMisuse;

/// <summary>LOSS005: a clamp or an added epsilon that vanishes in the operand's type.</summary>
internal static class Loss005
{
    // 1f - 1e-15f == 1f: the clamp does not keep p below 1. The fix writes 1f - 1e-7f.
    public static float NegativeLogOfNegativeClass(float prediction) =>
        -MathF.Log(1 - Math.Clamp(prediction, 1e-15f, 1f - 1e-15f));

    // 1e-50f is 0 in float: adding it does not keep p above 0. The fix writes 1e-7f.
    public static float NllLoss(float prediction) => -MathF.Log(prediction + 1e-50f);

    // double.Epsilon is a subnormal: its log is -744 and the gradient 1/p overflows. The fix writes 1e-12.
    public static double GradientOfNll(double prediction) => -1 / Math.Max(prediction, double.Epsilon);

    // TorchSharp: a float32 tensor; 1 - 1e-10 rounds to 1 in float. The fix writes 1 - 1e-7.
    public static Tensor LogProbabilities(Tensor probs) => probs.clamp(1e-10, 1 - 1e-10).log();

    // Not flagged: epsilons representable in their type.
    public static float StableNllLoss(float prediction) => -MathF.Log(Math.Clamp(prediction, 1e-7f, 1f - 1e-7f));
}
