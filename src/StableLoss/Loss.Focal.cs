using System;
using StableLoss.Internal;
using StableLoss.Annotations;

namespace StableLoss;

public static partial class Loss
{
    private static void ValidateFocal(double alpha, double gamma)
    {
        Guard.UnitInterval(alpha, nameof(alpha));
        Guard.NonNegative(gamma, nameof(gamma));
    }

    /// <summary>
    /// Sigmoid focal loss (Lin et al., "Focal Loss for Dense Object Detection"), with the semantics of
    /// <c>torchvision.ops.sigmoid_focal_loss</c>: alpha_t * (1 - p_t)^gamma * BCEWithLogits(x, y), where
    /// p = sigmoid(x), p_t = p * y + (1 - p) * (1 - y) and alpha_t = alpha * y + (1 - alpha) * (1 - y); fractional y
    /// interpolate. The cross-entropy factor is the stable logits form (-log p_t without forming p_t) and 1 - p_t is
    /// evaluated as y * sigmoid(-x) + (1 - y) * sigmoid(x), so no factor cancels or overflows.
    /// </summary>
    /// <param name="logit">The logit x (not clamped).</param>
    /// <param name="target">The target y in [0, 1].</param>
    /// <param name="alpha">The class balance alpha in [0, 1] (weight of the positive class).</param>
    /// <param name="gamma">The focusing exponent gamma &gt;= 0 (0 gives alpha-weighted cross-entropy).</param>
    /// <returns>The loss; NaN if an argument is NaN.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="target"/> or <paramref name="alpha"/> is outside
    /// [0, 1], or <paramref name="gamma"/> is negative.</exception>
    public static double FocalLossWithLogits([Logits] double logit, double target, double alpha = 0.25, double gamma = 2)
    {
        Guard.Target(target, nameof(target));
        ValidateFocal(alpha, gamma);
        return ScalarMath.FocalWithLogits(logit, target, alpha, gamma);
    }

    /// <inheritdoc cref="FocalLossWithLogits(double, double, double, double)"/>
    public static float FocalLossWithLogits([Logits] float logit, float target, float alpha = 0.25f, float gamma = 2)
    {
        Guard.Target(target, nameof(target));
        ValidateFocal(alpha, gamma);
        return (float)ScalarMath.FocalWithLogits(logit, target, alpha, gamma);
    }

    /// <summary>
    /// Reduced sigmoid focal loss over spans (see <see cref="FocalLossWithLogits(double, double, double, double)"/>):
    /// the mean (divided by the element count) or the sum of the per-element losses, accumulated in double with
    /// compensation.
    /// </summary>
    /// <param name="logits">The logits (not clamped).</param>
    /// <param name="targets">The targets in [0, 1]; same length as <paramref name="logits"/>.</param>
    /// <param name="reduction"><see cref="Reduction.Mean"/> or <see cref="Reduction.Sum"/>.</param>
    /// <param name="alpha">The class balance alpha in [0, 1].</param>
    /// <param name="gamma">The focusing exponent gamma &gt;= 0.</param>
    /// <returns>The reduced loss; NaN if any input is NaN.</returns>
    /// <exception cref="ArgumentException">Length mismatch; a target outside [0, 1]; <see cref="Reduction.None"/>;
    /// an empty input with <see cref="Reduction.Mean"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reduction"/> is not defined;
    /// <paramref name="alpha"/> outside [0, 1]; <paramref name="gamma"/> negative.</exception>
    public static double FocalLossWithLogits([Logits] ReadOnlySpan<double> logits, ReadOnlySpan<double> targets,
        Reduction reduction = Reduction.Mean, double alpha = 0.25, double gamma = 2)
    {
        Guard.Reduction(reduction, allowNone: false);
        Guard.SameLength(logits.Length, targets.Length, nameof(targets));
        ValidateFocal(alpha, gamma);
        Guard.NotEmptyForMean(logits.Length, reduction, nameof(logits));
        var sum = default(CompensatedSum);
        for (int i = 0; i < logits.Length; i++)
        {
            double y = targets[i];
            if (y < 0.0 || y > 1.0)
            {
                ThrowHelper.TargetOutOfRange(nameof(targets));
            }

            sum.Add(ScalarMath.FocalWithLogits(logits[i], y, alpha, gamma));
        }

        return reduction == Reduction.Mean ? sum.Value / logits.Length : sum.Value;
    }

    /// <inheritdoc cref="FocalLossWithLogits(ReadOnlySpan{double}, ReadOnlySpan{double}, Reduction, double, double)"/>
    public static float FocalLossWithLogits([Logits] ReadOnlySpan<float> logits, ReadOnlySpan<float> targets,
        Reduction reduction = Reduction.Mean, float alpha = 0.25f, float gamma = 2)
    {
        Guard.Reduction(reduction, allowNone: false);
        Guard.SameLength(logits.Length, targets.Length, nameof(targets));
        ValidateFocal(alpha, gamma);
        Guard.NotEmptyForMean(logits.Length, reduction, nameof(logits));
        var sum = default(CompensatedSum);
        for (int i = 0; i < logits.Length; i++)
        {
            float y = targets[i];
            if (y < 0f || y > 1f)
            {
                ThrowHelper.TargetOutOfRange(nameof(targets));
            }

            sum.Add(ScalarMath.FocalWithLogits(logits[i], y, alpha, gamma));
        }

        return (float)(reduction == Reduction.Mean ? sum.Value / logits.Length : sum.Value);
    }
}
