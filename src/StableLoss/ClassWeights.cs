using System;
using StableLoss.Internal;

namespace StableLoss;

/// <summary>
/// Class weights for imbalanced data sets ("balanced" weighting as in scikit-learn's <c>compute_class_weight</c>),
/// and the positive-class weight for <see cref="Loss.BinaryCrossEntropyWithLogits(double, double, double)"/>.
/// </summary>
public static class ClassWeights
{
    /// <summary>
    /// Balanced weights for binary labels: returns [w0, w1] with w_c = n / (2 * count_c), so that both classes
    /// contribute equally to a weighted loss. A class that does not occur gets weight 0 (so does every class of an
    /// empty input).
    /// </summary>
    /// <param name="labels">The labels, each exactly 0 or 1.</param>
    /// <returns>A new two-element array [w0, w1]; both NaN if a label is NaN.</returns>
    /// <exception cref="ArgumentException">A label is neither 0 nor 1 (nor NaN).</exception>
    public static double[] Balanced(ReadOnlySpan<double> labels)
    {
        CountBinary(labels, out long negatives, out long positives, out bool nan);
        return nan ? new[] { double.NaN, double.NaN } : new[] { Weight(labels.Length, 2, negatives), Weight(labels.Length, 2, positives) };
    }

    /// <inheritdoc cref="Balanced(ReadOnlySpan{double})"/>
    public static float[] Balanced(ReadOnlySpan<float> labels)
    {
        CountBinary(labels, out long negatives, out long positives, out bool nan);
        return nan ? new[] { float.NaN, float.NaN } : new[] { (float)Weight(labels.Length, 2, negatives), (float)Weight(labels.Length, 2, positives) };
    }

    /// <summary>
    /// Balanced weights for class indices: w_c = n / (classes * count_c) for c in [0, classes); a class with count 0
    /// gets weight 0.
    /// </summary>
    /// <param name="labels">The class index of every sample, each in [0, <paramref name="classes"/>).</param>
    /// <param name="classes">The number of classes (&gt; 0).</param>
    /// <returns>A new array of <paramref name="classes"/> weights.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> &lt;= 0, or a label is outside
    /// [0, <paramref name="classes"/>).</exception>
    public static double[] Balanced(ReadOnlySpan<int> labels, int classes)
    {
        if (classes <= 0)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(classes), "The number of classes must be positive.");
        }

        var counts = new long[classes];
        for (int i = 0; i < labels.Length; i++)
        {
            int c = labels[i];
            if ((uint)c >= (uint)classes)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(labels), "Every label must lie in [0, classes).");
            }

            counts[c]++;
        }

        var weights = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            weights[c] = Weight(labels.Length, classes, counts[c]);
        }

        return weights;
    }

    /// <summary>
    /// The positive-class weight negatives / positives, for the <c>posWeight</c> parameter of the binary cross-entropy
    /// with logits (PyTorch's recommended <c>pos_weight</c> for an imbalanced binary problem).
    /// </summary>
    /// <param name="labels">The labels, each exactly 0 or 1.</param>
    /// <returns>The number of 0 labels divided by the number of 1 labels; NaN if a label is NaN.</returns>
    /// <exception cref="ArgumentException">There are no positive labels, or a label is neither 0 nor 1 (nor NaN).</exception>
    public static double PositiveWeight(ReadOnlySpan<double> labels)
    {
        CountBinary(labels, out long negatives, out long positives, out bool nan);
        if (nan)
        {
            return double.NaN;
        }

        if (positives == 0)
        {
            ThrowHelper.Argument(nameof(labels), "There are no positive labels; the positive weight is undefined.");
        }

        return (double)negatives / positives;
    }

    /// <inheritdoc cref="PositiveWeight(ReadOnlySpan{double})"/>
    public static float PositiveWeight(ReadOnlySpan<float> labels)
    {
        CountBinary(labels, out long negatives, out long positives, out bool nan);
        if (nan)
        {
            return float.NaN;
        }

        if (positives == 0)
        {
            ThrowHelper.Argument(nameof(labels), "There are no positive labels; the positive weight is undefined.");
        }

        return (float)((double)negatives / positives);
    }

    private static double Weight(int n, int classes, long count) => count == 0 ? 0.0 : n / ((double)classes * count);

    private static void CountBinary(ReadOnlySpan<double> labels, out long negatives, out long positives, out bool nan)
    {
        negatives = 0;
        positives = 0;
        nan = false;
        for (int i = 0; i < labels.Length; i++)
        {
            double y = labels[i];
            if (y == 0.0)
            {
                negatives++;
            }
            else if (y == 1.0)
            {
                positives++;
            }
            else if (double.IsNaN(y))
            {
                nan = true;
            }
            else
            {
                ThrowHelper.Argument(nameof(labels), "Every binary label must be exactly 0 or 1.");
            }
        }
    }

    private static void CountBinary(ReadOnlySpan<float> labels, out long negatives, out long positives, out bool nan)
    {
        negatives = 0;
        positives = 0;
        nan = false;
        for (int i = 0; i < labels.Length; i++)
        {
            float y = labels[i];
            if (y == 0f)
            {
                negatives++;
            }
            else if (y == 1f)
            {
                positives++;
            }
            else if (float.IsNaN(y))
            {
                nan = true;
            }
            else
            {
                ThrowHelper.Argument(nameof(labels), "Every binary label must be exactly 0 or 1.");
            }
        }
    }
}
