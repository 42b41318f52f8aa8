using System;
using StableLoss.Internal;
using StableLoss.Annotations;

namespace StableLoss;

public static partial class Loss
{
    // The softmax cross-entropy of one row is evaluated as
    //     log1p(tail) + (1 - s) * (m - x_t) + (s / K) * sum_j (m - x_j)
    // where m is the maximum, tail = sum over the non-maximal (first) element of exp(x_j - m) and s the label
    // smoothing: every term is non-negative, so nothing cancels, and a confidently right prediction keeps full
    // relative accuracy (the loss is then log1p(tail), not LogSumExp(x) - x_t).

    private static double SoftmaxCrossEntropyRow(ReadOnlySpan<double> x, int t, double smoothing)
    {
        if (!Kernels.LogSumExpParts(x, out double m, out double tail, out _))
        {
            return double.NaN;
        }

        double loss = ScalarMath.Log1p(tail) + (1.0 - smoothing) * (m - x[t]);
        if (smoothing != 0.0)
        {
            var gaps = default(CompensatedSum);
            for (int j = 0; j < x.Length; j++)
            {
                gaps.Add(m - x[j]);
            }

            loss += smoothing / x.Length * gaps.Value;
        }

        return loss;
    }

    private static double SoftmaxCrossEntropyRow(ReadOnlySpan<float> x, int t, double smoothing)
    {
        if (!Kernels.LogSumExpParts(x, out double m, out double tail, out _))
        {
            return double.NaN;
        }

        double loss = ScalarMath.Log1p(tail) + (1.0 - smoothing) * (m - x[t]);
        if (smoothing != 0.0)
        {
            var gaps = default(CompensatedSum);
            for (int j = 0; j < x.Length; j++)
            {
                gaps.Add(m - x[j]);
            }

            loss += smoothing / x.Length * gaps.Value;
        }

        return loss;
    }

    // Gradient of one row: softmax(x)_j - q_j with q = (1 - s) * onehot(t) + s / K. The target entry is evaluated as
    // (s - s / K) - (sum over j != t of e_j) / S instead of e_t / S - (1 - s + s / K), which would cancel when the
    // prediction is confidently right.
    private static void SoftmaxCrossEntropyGradientRow(ReadOnlySpan<double> x, int t, double smoothing, double divisor, Span<double> destination)
    {
        if (!Kernels.LogSumExpParts(x, out double m, out _, out _))
        {
            destination.Fill(double.NaN);
            return;
        }

        double et = Math.Exp(x[t] - m);
        var others = default(CompensatedSum);
        Kernels.SumExp(x.Slice(0, t), m, ref others);
        Kernels.SumExp(x.Slice(t + 1), m, ref others);
        double excluded = others.Value;
        double s = excluded + et;
        double uniform = smoothing / x.Length;
        Kernels.ExpShifted(x, m, s, uniform, destination);
        destination[t] = (smoothing - uniform) - excluded / s;
        if (divisor != 1.0)
        {
            for (int j = 0; j < destination.Length; j++)
            {
                destination[j] /= divisor;
            }
        }
    }

    private static void SoftmaxCrossEntropyGradientRow(ReadOnlySpan<float> x, int t, double smoothing, double divisor, Span<float> destination)
    {
        if (!Kernels.LogSumExpParts(x, out double m, out _, out _))
        {
            destination.Fill(float.NaN);
            return;
        }

        double et = Math.Exp(x[t] - m);
        var others = default(CompensatedSum);
        Kernels.SumExp(x.Slice(0, t), m, ref others);
        Kernels.SumExp(x.Slice(t + 1), m, ref others);
        double excluded = others.Value;
        double s = excluded + et;
        double uniform = smoothing / x.Length;
        if (divisor == 1.0)
        {
            Kernels.ExpShifted(x, m, s, uniform, destination);
        }
        else
        {
            for (int j = 0; j < x.Length; j++)
            {
                destination[j] = (float)((Math.Exp(x[j] - m) / s - uniform) / divisor);
            }
        }

        destination[t] = (float)(((smoothing - uniform) - excluded / s) / divisor);
    }

    private static void ValidateClasses(ReadOnlySpan<int> targetClasses, int classes, int ignoreIndex, int logitsLength, out int counted)
    {
        if (classes <= 0)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(classes), "The number of classes must be positive.");
        }

        if (logitsLength % classes != 0)
        {
            ThrowHelper.Argument("logits", "The logits length must be a multiple of the number of classes (row-major [rows x classes]).");
        }

        Guard.SameLength(logitsLength / classes, targetClasses.Length, nameof(targetClasses));
        counted = 0;
        for (int r = 0; r < targetClasses.Length; r++)
        {
            int t = targetClasses[r];
            if (t == ignoreIndex)
            {
                continue;
            }

            if ((uint)t >= (uint)classes)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(targetClasses), "Every target class must lie in [0, classes) or equal ignoreIndex.");
            }

            counted++;
        }
    }

    private static void ValidateDistribution(int logitsLength, ReadOnlySpan<double> targetDistribution)
    {
        Guard.SameLength(logitsLength, targetDistribution.Length, nameof(targetDistribution));
        for (int j = 0; j < targetDistribution.Length; j++)
        {
            double q = targetDistribution[j];
            if (q < 0.0 || q > 1.0)
            {
                ThrowHelper.TargetOutOfRange(nameof(targetDistribution));
            }
        }
    }

    private static void ValidateDistribution(int logitsLength, ReadOnlySpan<float> targetDistribution)
    {
        Guard.SameLength(logitsLength, targetDistribution.Length, nameof(targetDistribution));
        for (int j = 0; j < targetDistribution.Length; j++)
        {
            float q = targetDistribution[j];
            if (q < 0f || q > 1f)
            {
                ThrowHelper.TargetOutOfRange(nameof(targetDistribution));
            }
        }
    }

    // ------------------------------------------------------------------ single row, class target

    /// <summary>
    /// Softmax cross-entropy of one row of logits against a class index (PyTorch <c>cross_entropy</c>), with optional
    /// label smoothing: (1 - s) * (LogSumExp(x) - x_t) + (s / K) * sum_j (LogSumExp(x) - x_j). Evaluated without
    /// cancellation as log1p(tail) + (1 - s) * (m - x_t) + (s / K) * sum_j (m - x_j), m the maximum logit.
    /// </summary>
    /// <param name="logits">The K logits of the row (not clamped).</param>
    /// <param name="targetClass">The target class, in [0, K).</param>
    /// <param name="labelSmoothing">The label smoothing s in [0, 1] (PyTorch <c>label_smoothing</c>).</param>
    /// <returns>The loss; NaN if a logit is NaN or +infinity, or all logits are -infinity.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="targetClass"/> is outside [0, K) (always the case
    /// for empty logits) or <paramref name="labelSmoothing"/> is outside [0, 1].</exception>
    public static double SoftmaxCrossEntropy([Logits] ReadOnlySpan<double> logits, int targetClass, double labelSmoothing = 0)
    {
        if ((uint)targetClass >= (uint)logits.Length)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(targetClass), "The target class must lie in [0, logits.Length).");
        }

        Guard.UnitInterval(labelSmoothing, nameof(labelSmoothing));
        return SoftmaxCrossEntropyRow(logits, targetClass, labelSmoothing);
    }

    /// <inheritdoc cref="SoftmaxCrossEntropy(ReadOnlySpan{double}, int, double)"/>
    public static float SoftmaxCrossEntropy([Logits] ReadOnlySpan<float> logits, int targetClass, float labelSmoothing = 0)
    {
        if ((uint)targetClass >= (uint)logits.Length)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(targetClass), "The target class must lie in [0, logits.Length).");
        }

        Guard.UnitInterval(labelSmoothing, nameof(labelSmoothing));
        return (float)SoftmaxCrossEntropyRow(logits, targetClass, labelSmoothing);
    }

    // ------------------------------------------------------------------ single row, distribution target

    /// <summary>
    /// Softmax cross-entropy of one row of logits against a target distribution q (PyTorch <c>cross_entropy</c> with
    /// probability targets): sum_j q_j * (LogSumExp(x) - x_j), evaluated as sum_j q_j * (m - x_j) + (sum_j q_j) * log1p(tail)
    /// (non-negative terms only). q is not required to sum to 1 (like PyTorch).
    /// </summary>
    /// <param name="logits">The K logits of the row.</param>
    /// <param name="targetDistribution">The K target probabilities, each in [0, 1].</param>
    /// <returns>The loss; NaN if a logit or target is NaN. An empty row gives 0.</returns>
    /// <exception cref="ArgumentException">The lengths differ, or a target probability is outside [0, 1].</exception>
    public static double SoftmaxCrossEntropy([Logits] ReadOnlySpan<double> logits, ReadOnlySpan<double> targetDistribution)
    {
        ValidateDistribution(logits.Length, targetDistribution);
        if (logits.IsEmpty)
        {
            return 0.0;
        }

        if (!Kernels.LogSumExpParts(logits, out double m, out double tail, out _))
        {
            return double.NaN;
        }

        var weighted = default(CompensatedSum);
        var mass = default(CompensatedSum);
        for (int j = 0; j < logits.Length; j++)
        {
            double q = targetDistribution[j];
            if (q != 0.0)
            {
                weighted.Add(q * (m - logits[j]));
            }

            mass.Add(q);
        }

        return weighted.Value + mass.Value * ScalarMath.Log1p(tail);
    }

    /// <inheritdoc cref="SoftmaxCrossEntropy(ReadOnlySpan{double}, ReadOnlySpan{double})"/>
    public static float SoftmaxCrossEntropy([Logits] ReadOnlySpan<float> logits, ReadOnlySpan<float> targetDistribution)
    {
        ValidateDistribution(logits.Length, targetDistribution);
        if (logits.IsEmpty)
        {
            return 0f;
        }

        if (!Kernels.LogSumExpParts(logits, out double m, out double tail, out _))
        {
            return float.NaN;
        }

        var weighted = default(CompensatedSum);
        var mass = default(CompensatedSum);
        for (int j = 0; j < logits.Length; j++)
        {
            double q = targetDistribution[j];
            if (q != 0.0)
            {
                weighted.Add(q * (m - logits[j]));
            }

            mass.Add(q);
        }

        return (float)(weighted.Value + mass.Value * ScalarMath.Log1p(tail));
    }

    // ------------------------------------------------------------------ batch, class targets

    /// <summary>
    /// Softmax cross-entropy over a batch: <paramref name="logits"/> is row-major [rows x classes] and
    /// <paramref name="targetClasses"/> holds one class per row. Rows whose target equals <paramref name="ignoreIndex"/>
    /// are skipped; <see cref="Reduction.Mean"/> divides by the number of non-ignored rows (PyTorch). When every row is
    /// ignored, <see cref="Reduction.Sum"/> returns 0 and <see cref="Reduction.Mean"/> returns NaN (0 / 0, like PyTorch).
    /// </summary>
    /// <param name="logits">The logits, row-major [rows x classes].</param>
    /// <param name="targetClasses">One target class per row, in [0, classes) or equal to <paramref name="ignoreIndex"/>.</param>
    /// <param name="classes">The number of classes K (&gt; 0).</param>
    /// <param name="reduction"><see cref="Reduction.Mean"/> or <see cref="Reduction.Sum"/>.</param>
    /// <param name="labelSmoothing">The label smoothing in [0, 1].</param>
    /// <param name="ignoreIndex">Target value marking rows to skip (PyTorch <c>ignore_index</c>, default -100).</param>
    /// <returns>The reduced loss.</returns>
    /// <exception cref="ArgumentException">The logits length is not a multiple of <paramref name="classes"/>; the number
    /// of rows differs from <paramref name="targetClasses"/>.Length; <see cref="Reduction.None"/>; no rows with
    /// <see cref="Reduction.Mean"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> &lt;= 0; a target class outside
    /// [0, classes) that is not <paramref name="ignoreIndex"/>; <paramref name="labelSmoothing"/> outside [0, 1];
    /// <paramref name="reduction"/> not defined.</exception>
    public static double SoftmaxCrossEntropy([Logits] ReadOnlySpan<double> logits, ReadOnlySpan<int> targetClasses, int classes,
        Reduction reduction = Reduction.Mean, double labelSmoothing = 0, int ignoreIndex = -100)
    {
        Guard.Reduction(reduction, allowNone: false);
        ValidateClasses(targetClasses, classes, ignoreIndex, logits.Length, out int counted);
        Guard.UnitInterval(labelSmoothing, nameof(labelSmoothing));
        Guard.NotEmptyForMean(logits.Length, reduction, nameof(logits));
        var sum = default(CompensatedSum);
        for (int r = 0; r < targetClasses.Length; r++)
        {
            int t = targetClasses[r];
            if (t != ignoreIndex)
            {
                sum.Add(SoftmaxCrossEntropyRow(logits.Slice(r * classes, classes), t, labelSmoothing));
            }
        }

        return reduction == Reduction.Mean ? sum.Value / counted : sum.Value;
    }

    /// <inheritdoc cref="SoftmaxCrossEntropy(ReadOnlySpan{double}, ReadOnlySpan{int}, int, Reduction, double, int)"/>
    public static float SoftmaxCrossEntropy([Logits] ReadOnlySpan<float> logits, ReadOnlySpan<int> targetClasses, int classes,
        Reduction reduction = Reduction.Mean, float labelSmoothing = 0, int ignoreIndex = -100)
    {
        Guard.Reduction(reduction, allowNone: false);
        ValidateClasses(targetClasses, classes, ignoreIndex, logits.Length, out int counted);
        Guard.UnitInterval(labelSmoothing, nameof(labelSmoothing));
        Guard.NotEmptyForMean(logits.Length, reduction, nameof(logits));
        var sum = default(CompensatedSum);
        for (int r = 0; r < targetClasses.Length; r++)
        {
            int t = targetClasses[r];
            if (t != ignoreIndex)
            {
                sum.Add(SoftmaxCrossEntropyRow(logits.Slice(r * classes, classes), t, labelSmoothing));
            }
        }

        return (float)(reduction == Reduction.Mean ? sum.Value / counted : sum.Value);
    }

    // ------------------------------------------------------------------ gradients

    /// <summary>
    /// Gradient of <see cref="SoftmaxCrossEntropy(ReadOnlySpan{double}, int, double)"/> with respect to the logits:
    /// softmax(x) - q with q the (smoothed) one-hot target. The target entry is computed without cancellation as
    /// (s - s/K) - (sum of the other softmax numerators) / (sum of all), so a confident correct prediction gets an
    /// accurate tiny gradient.
    /// </summary>
    /// <param name="logits">The K logits of the row.</param>
    /// <param name="targetClass">The target class, in [0, K).</param>
    /// <param name="destination">Receives the K derivatives (in-place over <paramref name="logits"/> allowed).</param>
    /// <param name="labelSmoothing">The label smoothing in [0, 1].</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has another length than <paramref name="logits"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="targetClass"/> is outside [0, K) or
    /// <paramref name="labelSmoothing"/> is outside [0, 1].</exception>
    public static void SoftmaxCrossEntropyGradient([Logits] ReadOnlySpan<double> logits, int targetClass, Span<double> destination, double labelSmoothing = 0)
    {
        Guard.SameLength(logits.Length, destination.Length, nameof(destination));
        if ((uint)targetClass >= (uint)logits.Length)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(targetClass), "The target class must lie in [0, logits.Length).");
        }

        Guard.UnitInterval(labelSmoothing, nameof(labelSmoothing));
        SoftmaxCrossEntropyGradientRow(logits, targetClass, labelSmoothing, 1.0, destination);
    }

    /// <inheritdoc cref="SoftmaxCrossEntropyGradient(ReadOnlySpan{double}, int, Span{double}, double)"/>
    public static void SoftmaxCrossEntropyGradient([Logits] ReadOnlySpan<float> logits, int targetClass, Span<float> destination, float labelSmoothing = 0)
    {
        Guard.SameLength(logits.Length, destination.Length, nameof(destination));
        if ((uint)targetClass >= (uint)logits.Length)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(targetClass), "The target class must lie in [0, logits.Length).");
        }

        Guard.UnitInterval(labelSmoothing, nameof(labelSmoothing));
        SoftmaxCrossEntropyGradientRow(logits, targetClass, labelSmoothing, 1.0, destination);
    }

    /// <summary>
    /// Gradient of <see cref="SoftmaxCrossEntropy(ReadOnlySpan{double}, ReadOnlySpan{double})"/> with respect to the
    /// logits: softmax(x) * sum(q) - q (which is softmax(x) - q for a distribution that sums to 1).
    /// </summary>
    /// <param name="logits">The K logits of the row.</param>
    /// <param name="targetDistribution">The K target probabilities, each in [0, 1].</param>
    /// <param name="destination">Receives the K derivatives.</param>
    /// <exception cref="ArgumentException">A length differs, or a target probability is outside [0, 1].</exception>
    public static void SoftmaxCrossEntropyGradient([Logits] ReadOnlySpan<double> logits, ReadOnlySpan<double> targetDistribution, Span<double> destination)
    {
        Guard.SameLength(logits.Length, destination.Length, nameof(destination));
        ValidateDistribution(logits.Length, targetDistribution);
        if (logits.IsEmpty)
        {
            return;
        }

        if (!Kernels.LogSumExpParts(logits, out double m, out double tail, out _))
        {
            destination.Fill(double.NaN);
            return;
        }

        var mass = default(CompensatedSum);
        for (int j = 0; j < targetDistribution.Length; j++)
        {
            mass.Add(targetDistribution[j]);
        }

        double scale = mass.Value / (1.0 + tail);
        for (int j = 0; j < logits.Length; j++)
        {
            destination[j] = Math.Exp(logits[j] - m) * scale - targetDistribution[j];
        }
    }

    /// <inheritdoc cref="SoftmaxCrossEntropyGradient(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
    public static void SoftmaxCrossEntropyGradient([Logits] ReadOnlySpan<float> logits, ReadOnlySpan<float> targetDistribution, Span<float> destination)
    {
        Guard.SameLength(logits.Length, destination.Length, nameof(destination));
        ValidateDistribution(logits.Length, targetDistribution);
        if (logits.IsEmpty)
        {
            return;
        }

        if (!Kernels.LogSumExpParts(logits, out double m, out double tail, out _))
        {
            destination.Fill(float.NaN);
            return;
        }

        var mass = default(CompensatedSum);
        for (int j = 0; j < targetDistribution.Length; j++)
        {
            mass.Add(targetDistribution[j]);
        }

        double scale = mass.Value / (1.0 + tail);
        for (int j = 0; j < logits.Length; j++)
        {
            destination[j] = (float)(Math.Exp(logits[j] - m) * scale - targetDistribution[j]);
        }
    }

    /// <summary>
    /// Gradient of the batch softmax cross-entropy
    /// (<see cref="SoftmaxCrossEntropy(ReadOnlySpan{double}, ReadOnlySpan{int}, int, Reduction, double, int)"/>) with
    /// respect to every logit: softmax(row) - smoothed one-hot, 0 for ignored rows, and divided by the number of
    /// non-ignored rows for <see cref="Reduction.Mean"/> (<see cref="Reduction.None"/> and <see cref="Reduction.Sum"/>
    /// give the undivided per-row gradient).
    /// </summary>
    /// <param name="logits">The logits, row-major [rows x classes].</param>
    /// <param name="targetClasses">One target class per row, in [0, classes) or equal to <paramref name="ignoreIndex"/>.</param>
    /// <param name="classes">The number of classes K (&gt; 0).</param>
    /// <param name="destination">Receives the derivatives, same length as <paramref name="logits"/>.</param>
    /// <param name="reduction">The reduction of the loss being differentiated.</param>
    /// <param name="labelSmoothing">The label smoothing in [0, 1].</param>
    /// <param name="ignoreIndex">Target value marking rows to skip (default -100).</param>
    /// <exception cref="ArgumentException">Shape mismatch (see the loss overload); <paramref name="destination"/> has
    /// another length than <paramref name="logits"/>; no rows with <see cref="Reduction.Mean"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> &lt;= 0; a target class outside
    /// [0, classes) that is not <paramref name="ignoreIndex"/>; <paramref name="labelSmoothing"/> outside [0, 1];
    /// <paramref name="reduction"/> not defined.</exception>
    public static void SoftmaxCrossEntropyGradient([Logits] ReadOnlySpan<double> logits, ReadOnlySpan<int> targetClasses, int classes, Span<double> destination,
        Reduction reduction = Reduction.Mean, double labelSmoothing = 0, int ignoreIndex = -100)
    {
        Guard.Reduction(reduction, allowNone: true);
        ValidateClasses(targetClasses, classes, ignoreIndex, logits.Length, out int counted);
        Guard.SameLength(logits.Length, destination.Length, nameof(destination));
        Guard.UnitInterval(labelSmoothing, nameof(labelSmoothing));
        Guard.NotEmptyForMean(logits.Length, reduction, nameof(logits));
        double divisor = reduction == Reduction.Mean && counted > 0 ? counted : 1.0;
        for (int r = 0; r < targetClasses.Length; r++)
        {
            int t = targetClasses[r];
            Span<double> row = destination.Slice(r * classes, classes);
            if (t == ignoreIndex)
            {
                row.Clear();
            }
            else
            {
                SoftmaxCrossEntropyGradientRow(logits.Slice(r * classes, classes), t, labelSmoothing, divisor, row);
            }
        }
    }

    /// <inheritdoc cref="SoftmaxCrossEntropyGradient(ReadOnlySpan{double}, ReadOnlySpan{int}, int, Span{double}, Reduction, double, int)"/>
    public static void SoftmaxCrossEntropyGradient([Logits] ReadOnlySpan<float> logits, ReadOnlySpan<int> targetClasses, int classes, Span<float> destination,
        Reduction reduction = Reduction.Mean, float labelSmoothing = 0, int ignoreIndex = -100)
    {
        Guard.Reduction(reduction, allowNone: true);
        ValidateClasses(targetClasses, classes, ignoreIndex, logits.Length, out int counted);
        Guard.SameLength(logits.Length, destination.Length, nameof(destination));
        Guard.UnitInterval(labelSmoothing, nameof(labelSmoothing));
        Guard.NotEmptyForMean(logits.Length, reduction, nameof(logits));
        double divisor = reduction == Reduction.Mean && counted > 0 ? counted : 1.0;
        for (int r = 0; r < targetClasses.Length; r++)
        {
            int t = targetClasses[r];
            Span<float> row = destination.Slice(r * classes, classes);
            if (t == ignoreIndex)
            {
                row.Clear();
            }
            else
            {
                SoftmaxCrossEntropyGradientRow(logits.Slice(r * classes, classes), t, labelSmoothing, divisor, row);
            }
        }
    }
}
