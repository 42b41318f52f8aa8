using System;
using StableLoss.Internal;
using StableLoss.Annotations;

namespace StableLoss;

/// <summary>
/// Numerically stable loss functions with PyTorch semantics: binary cross-entropy with logits (and its gradient),
/// binary cross-entropy on probabilities, softmax cross-entropy (and its gradient) and sigmoid focal loss.
/// </summary>
/// <remarks>
/// <para><b>Accuracy.</b> Scalar forms are within 2 ulp of the exact value (single precision is computed in double
/// and rounded once). Span forms are vectorized on .NET 8+ (Vector512 when hardware accelerated, else Vector256,
/// else Vector128, scalar tail) and are within 4 ulp per element. Reductions are accumulated in double with
/// compensated (Kahan/Neumaier) sums, so a mean over millions of elements stays accurate.</para>
/// <para><b>NaN and infinities.</b> NaN in an input gives NaN in the affected outputs (and in a reduction); NaN is
/// never treated as out of range. Finite logits never produce NaN or infinity: logits are never clamped, the
/// formulas are arranged so that nothing overflows.</para>
/// <para><b>Validation.</b> Length mismatches, targets outside [0, 1], negative weights and invalid hyper-parameters
/// throw <see cref="ArgumentException"/> or <see cref="ArgumentOutOfRangeException"/> naming the parameter. Span
/// kernels validate targets and sample weights while they compute (one pass over memory); when they throw, the
/// content of a destination span is unspecified.</para>
/// <para><b>Threads.</b> On .NET 8+ the binary-cross-entropy-with-logits span forms split inputs of at least
/// 262,144 elements into fixed blocks of 65,536 elements that are processed on the thread pool (at most
/// <see cref="Environment.ProcessorCount"/> at a time). Block partial sums are combined in block order, so results
/// are bit-identical whatever the number of threads.</para>
/// </remarks>
public static partial class Loss
{
    // ------------------------------------------------------------------ BCE with logits: scalar

    /// <summary>
    /// Binary cross-entropy of a logit against a target, computed from the logit (PyTorch
    /// <c>binary_cross_entropy_with_logits</c>): y * softplus(-x) + (1 - y) * softplus(x), evaluated as
    /// log1p(exp(-|x|)) + (1 - y) * max(x, 0) + y * max(-x, 0), which never overflows and has no cancellation.
    /// </summary>
    /// <param name="logit">The logit x (not clamped).</param>
    /// <param name="target">The target y in [0, 1] (fractional targets allowed).</param>
    /// <returns>The loss (&gt;= 0 up to rounding); NaN if an argument is NaN.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="target"/> is outside [0, 1].</exception>
    public static double BinaryCrossEntropyWithLogits([Logits] double logit, double target)
    {
        Guard.Target(target, nameof(target));
        return ScalarMath.BceWithLogits(logit, target, 1.0);
    }

    /// <inheritdoc cref="BinaryCrossEntropyWithLogits(double, double)"/>
    public static float BinaryCrossEntropyWithLogits([Logits] float logit, float target)
    {
        Guard.Target(target, nameof(target));
        return (float)ScalarMath.BceWithLogits(logit, target, 1.0);
    }

    /// <summary>
    /// Binary cross-entropy with logits and a positive-class weight (PyTorch <c>pos_weight</c>):
    /// posWeight * y * softplus(-x) + (1 - y) * softplus(x). <paramref name="posWeight"/> scales only the positive
    /// term; a value of negatives / positives (see <see cref="ClassWeights.PositiveWeight(ReadOnlySpan{double})"/>)
    /// balances an imbalanced data set.
    /// </summary>
    /// <param name="logit">The logit x (not clamped).</param>
    /// <param name="target">The target y in [0, 1].</param>
    /// <param name="posWeight">The weight of the positive term, &gt;= 0 (1 = unweighted).</param>
    /// <returns>The loss; NaN if an argument is NaN.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="target"/> is outside [0, 1] or
    /// <paramref name="posWeight"/> is negative.</exception>
    public static double BinaryCrossEntropyWithLogits([Logits] double logit, double target, double posWeight)
    {
        Guard.Target(target, nameof(target));
        Guard.NonNegative(posWeight, nameof(posWeight));
        return ScalarMath.BceWithLogits(logit, target, posWeight);
    }

    /// <inheritdoc cref="BinaryCrossEntropyWithLogits(double, double, double)"/>
    public static float BinaryCrossEntropyWithLogits([Logits] float logit, float target, float posWeight)
    {
        Guard.Target(target, nameof(target));
        Guard.NonNegative(posWeight, nameof(posWeight));
        return (float)ScalarMath.BceWithLogits(logit, target, posWeight);
    }

    // ------------------------------------------------------------------ BCE with logits: spans

    /// <summary>
    /// Reduced binary cross-entropy with logits over spans:
    /// loss_i = w_i * [posWeight * y_i * softplus(-x_i) + (1 - y_i) * softplus(x_i)], then the mean (divided by the
    /// element count, like PyTorch, also when sample weights are given) or the sum. Vectorized on .NET 8+, multi-threaded
    /// for large inputs (see the remarks on <see cref="Loss"/>); the sum is accumulated in double with compensation.
    /// </summary>
    /// <param name="logits">The logits x_i (not clamped).</param>
    /// <param name="targets">The targets y_i in [0, 1]; same length as <paramref name="logits"/>.</param>
    /// <param name="reduction"><see cref="Reduction.Mean"/> or <see cref="Reduction.Sum"/>.</param>
    /// <param name="posWeight">Weight of the positive term (PyTorch <c>pos_weight</c>), &gt;= 0.</param>
    /// <param name="sampleWeights">Optional per-element weights w_i &gt;= 0 (PyTorch <c>weight</c>); empty means all 1,
    /// otherwise the same length as <paramref name="logits"/>.</param>
    /// <returns>The reduced loss; NaN if any input is NaN.</returns>
    /// <exception cref="ArgumentException">Length mismatch; a target outside [0, 1]; a negative sample weight;
    /// <see cref="Reduction.None"/> (use the overload with a destination); an empty input with <see cref="Reduction.Mean"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reduction"/> is not defined or
    /// <paramref name="posWeight"/> is negative.</exception>
    public static double BinaryCrossEntropyWithLogits([Logits] ReadOnlySpan<double> logits, ReadOnlySpan<double> targets,
        Reduction reduction = Reduction.Mean, double posWeight = 1, ReadOnlySpan<double> sampleWeights = default)
    {
        Guard.Reduction(reduction, allowNone: false);
        Guard.SameLength(logits.Length, targets.Length, nameof(targets));
        Guard.OptionalWeights(logits.Length, sampleWeights.Length, nameof(sampleWeights));
        Guard.NonNegative(posWeight, nameof(posWeight));
        Guard.NotEmptyForMean(logits.Length, reduction, nameof(logits));
        int flags = Kernels.BceSum(logits, targets, posWeight, sampleWeights, out double sum);
        if (flags != 0)
        {
            ThrowHelper.FromFlags(flags, nameof(targets), nameof(sampleWeights));
        }

        return reduction == Reduction.Mean ? sum / logits.Length : sum;
    }

    /// <inheritdoc cref="BinaryCrossEntropyWithLogits(ReadOnlySpan{double}, ReadOnlySpan{double}, Reduction, double, ReadOnlySpan{double})"/>
    public static float BinaryCrossEntropyWithLogits([Logits] ReadOnlySpan<float> logits, ReadOnlySpan<float> targets,
        Reduction reduction = Reduction.Mean, float posWeight = 1, ReadOnlySpan<float> sampleWeights = default)
    {
        Guard.Reduction(reduction, allowNone: false);
        Guard.SameLength(logits.Length, targets.Length, nameof(targets));
        Guard.OptionalWeights(logits.Length, sampleWeights.Length, nameof(sampleWeights));
        Guard.NonNegative(posWeight, nameof(posWeight));
        Guard.NotEmptyForMean(logits.Length, reduction, nameof(logits));
        int flags = Kernels.BceSum(logits, targets, posWeight, sampleWeights, out double sum);
        if (flags != 0)
        {
            ThrowHelper.FromFlags(flags, nameof(targets), nameof(sampleWeights));
        }

        return (float)(reduction == Reduction.Mean ? sum / logits.Length : sum);
    }

    /// <summary>
    /// Per-element binary cross-entropy with logits (PyTorch <c>reduction='none'</c>):
    /// destination_i = w_i * [posWeight * y_i * softplus(-x_i) + (1 - y_i) * softplus(x_i)].
    /// Vectorized on .NET 8+, multi-threaded for large inputs (see the remarks on <see cref="Loss"/>).
    /// </summary>
    /// <param name="logits">The logits x_i (not clamped).</param>
    /// <param name="targets">The targets y_i in [0, 1]; same length as <paramref name="logits"/>.</param>
    /// <param name="destination">Receives the losses; same length as <paramref name="logits"/>.</param>
    /// <param name="posWeight">Weight of the positive term (PyTorch <c>pos_weight</c>), &gt;= 0.</param>
    /// <param name="sampleWeights">Optional per-element weights w_i &gt;= 0; empty means all 1.</param>
    /// <exception cref="ArgumentException">Length mismatch; a target outside [0, 1]; a negative sample weight.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="posWeight"/> is negative.</exception>
    public static void BinaryCrossEntropyWithLogits([Logits] ReadOnlySpan<double> logits, ReadOnlySpan<double> targets, Span<double> destination,
        double posWeight = 1, ReadOnlySpan<double> sampleWeights = default)
    {
        Guard.SameLength(logits.Length, targets.Length, nameof(targets));
        Guard.SameLength(logits.Length, destination.Length, nameof(destination));
        Guard.OptionalWeights(logits.Length, sampleWeights.Length, nameof(sampleWeights));
        Guard.NonNegative(posWeight, nameof(posWeight));
        int flags = Kernels.BceLosses(logits, targets, posWeight, sampleWeights, destination);
        if (flags != 0)
        {
            ThrowHelper.FromFlags(flags, nameof(targets), nameof(sampleWeights));
        }
    }

    /// <inheritdoc cref="BinaryCrossEntropyWithLogits(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, double, ReadOnlySpan{double})"/>
    public static void BinaryCrossEntropyWithLogits([Logits] ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> destination,
        float posWeight = 1, ReadOnlySpan<float> sampleWeights = default)
    {
        Guard.SameLength(logits.Length, targets.Length, nameof(targets));
        Guard.SameLength(logits.Length, destination.Length, nameof(destination));
        Guard.OptionalWeights(logits.Length, sampleWeights.Length, nameof(sampleWeights));
        Guard.NonNegative(posWeight, nameof(posWeight));
        int flags = Kernels.BceLosses(logits, targets, posWeight, sampleWeights, destination);
        if (flags != 0)
        {
            ThrowHelper.FromFlags(flags, nameof(targets), nameof(sampleWeights));
        }
    }

    // ------------------------------------------------------------------ BCE with logits: gradient

    /// <summary>
    /// Derivative of <see cref="BinaryCrossEntropyWithLogits(double, double, double)"/> with respect to the logit:
    /// (1 - y) * sigmoid(x) - posWeight * y * sigmoid(-x). Both sigmoids are evaluated directly, so there is no
    /// cancellation: for posWeight == 1 and y == 1 the result is -sigmoid(-x), not sigmoid(x) - 1.
    /// </summary>
    /// <param name="logit">The logit x.</param>
    /// <param name="target">The target y in [0, 1].</param>
    /// <param name="posWeight">Weight of the positive term, &gt;= 0.</param>
    /// <returns>d loss / d x; NaN if an argument is NaN.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="target"/> is outside [0, 1] or
    /// <paramref name="posWeight"/> is negative.</exception>
    public static double BinaryCrossEntropyWithLogitsGradient([Logits] double logit, double target, double posWeight = 1)
    {
        Guard.Target(target, nameof(target));
        Guard.NonNegative(posWeight, nameof(posWeight));
        return ScalarMath.BceWithLogitsGradient(logit, target, posWeight);
    }

    /// <inheritdoc cref="BinaryCrossEntropyWithLogitsGradient(double, double, double)"/>
    public static float BinaryCrossEntropyWithLogitsGradient([Logits] float logit, float target, float posWeight = 1)
    {
        Guard.Target(target, nameof(target));
        Guard.NonNegative(posWeight, nameof(posWeight));
        return (float)ScalarMath.BceWithLogitsGradient(logit, target, posWeight);
    }

    /// <summary>
    /// Per-element derivative of the binary cross-entropy with logits with respect to each logit:
    /// destination_i = w_i * [(1 - y_i) * sigmoid(x_i) - posWeight * y_i * sigmoid(-x_i)], divided by the element
    /// count for <see cref="Reduction.Mean"/> (the gradient of the mean loss). <see cref="Reduction.None"/> and
    /// <see cref="Reduction.Sum"/> give the undivided derivative. Vectorized on .NET 8+.
    /// </summary>
    /// <param name="logits">The logits x_i.</param>
    /// <param name="targets">The targets y_i in [0, 1]; same length as <paramref name="logits"/>.</param>
    /// <param name="destination">Receives the derivatives; same length as <paramref name="logits"/>.</param>
    /// <param name="reduction">The reduction of the loss being differentiated.</param>
    /// <param name="posWeight">Weight of the positive term, &gt;= 0.</param>
    /// <param name="sampleWeights">Optional per-element weights w_i &gt;= 0; empty means all 1.</param>
    /// <exception cref="ArgumentException">Length mismatch; a target outside [0, 1]; a negative sample weight; an
    /// empty input with <see cref="Reduction.Mean"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reduction"/> is not defined or
    /// <paramref name="posWeight"/> is negative.</exception>
    public static void BinaryCrossEntropyWithLogitsGradient([Logits] ReadOnlySpan<double> logits, ReadOnlySpan<double> targets, Span<double> destination,
        Reduction reduction = Reduction.None, double posWeight = 1, ReadOnlySpan<double> sampleWeights = default)
    {
        Guard.Reduction(reduction, allowNone: true);
        Guard.SameLength(logits.Length, targets.Length, nameof(targets));
        Guard.SameLength(logits.Length, destination.Length, nameof(destination));
        Guard.OptionalWeights(logits.Length, sampleWeights.Length, nameof(sampleWeights));
        Guard.NonNegative(posWeight, nameof(posWeight));
        Guard.NotEmptyForMean(logits.Length, reduction, nameof(logits));
        double divisor = reduction == Reduction.Mean ? logits.Length : 1.0;
        int flags = Kernels.BceGradient(logits, targets, posWeight, sampleWeights, destination, divisor);
        if (flags != 0)
        {
            ThrowHelper.FromFlags(flags, nameof(targets), nameof(sampleWeights));
        }
    }

    /// <inheritdoc cref="BinaryCrossEntropyWithLogitsGradient(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Reduction, double, ReadOnlySpan{double})"/>
    public static void BinaryCrossEntropyWithLogitsGradient([Logits] ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> destination,
        Reduction reduction = Reduction.None, float posWeight = 1, ReadOnlySpan<float> sampleWeights = default)
    {
        Guard.Reduction(reduction, allowNone: true);
        Guard.SameLength(logits.Length, targets.Length, nameof(targets));
        Guard.SameLength(logits.Length, destination.Length, nameof(destination));
        Guard.OptionalWeights(logits.Length, sampleWeights.Length, nameof(sampleWeights));
        Guard.NonNegative(posWeight, nameof(posWeight));
        Guard.NotEmptyForMean(logits.Length, reduction, nameof(logits));
        double divisor = reduction == Reduction.Mean ? logits.Length : 1.0;
        int flags = Kernels.BceGradient(logits, targets, posWeight, sampleWeights, destination, divisor);
        if (flags != 0)
        {
            ThrowHelper.FromFlags(flags, nameof(targets), nameof(sampleWeights));
        }
    }

    // ------------------------------------------------------------------ BCE on probabilities

    private static void ThrowForProbabilityFlags(int flags)
    {
        if ((flags & Flags.BadProbability) != 0)
        {
            ThrowHelper.Argument("probabilities", "Every probability must lie in [0, 1] (NaN is propagated, not rejected).");
        }

        if (flags != 0)
        {
            ThrowHelper.TargetOutOfRange("targets");
        }
    }

    /// <summary>
    /// Binary cross-entropy on a probability: -(y * log(p) + (1 - y) * log(1 - p)), with p first clamped to
    /// [epsilon, 1 - epsilon] so that a saturated probability gives a large finite loss (at most -log(epsilon))
    /// instead of infinity. log(1 - p) is computed as log1p(-p). Prefer the logits form when logits are available:
    /// it needs no clamp and is exact where this form saturates.
    /// </summary>
    /// <param name="probability">The predicted probability p in [0, 1].</param>
    /// <param name="target">The target y in [0, 1].</param>
    /// <param name="epsilon">The clamp epsilon, in (0, 0.5). The default 1e-12 (<see cref="StableMath.DefaultDoubleEpsilon"/>)
    /// keeps 1 - epsilon representable and distinct from 1 in double and bounds the loss by -log(1e-12) ≈ 27.6.</param>
    /// <returns>The loss; NaN if an argument is NaN.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> or <paramref name="target"/> is
    /// outside [0, 1], or <paramref name="epsilon"/> is outside (0, 0.5).</exception>
    public static double BinaryCrossEntropy([Probability] double probability, double target, double epsilon = StableMath.DefaultDoubleEpsilon)
    {
        Guard.Epsilon(epsilon, nameof(epsilon));
        Guard.Probability(probability, nameof(probability));
        Guard.Target(target, nameof(target));
        return ScalarMath.BceOnClampedProbability(ScalarMath.Clamp(probability, epsilon, 1.0 - epsilon), target);
    }

    /// <summary>
    /// Binary cross-entropy on a probability: -(y * log(p) + (1 - y) * log(1 - p)), with p first clamped to
    /// [epsilon, 1 - epsilon] (the bound 1 - epsilon is rounded to float). Prefer the logits form when logits are available.
    /// </summary>
    /// <param name="probability">The predicted probability p in [0, 1].</param>
    /// <param name="target">The target y in [0, 1].</param>
    /// <param name="epsilon">The clamp epsilon, in (0, 0.5). The default 1e-7 (<see cref="StableMath.DefaultSingleEpsilon"/>)
    /// is the smallest round value for which 1 - epsilon is still a float distinct from 1 (0.99999988f; float spacing
    /// below 1 is 6e-8); it bounds the loss by -log(1e-7) ≈ 16.1.</param>
    /// <returns>The loss; NaN if an argument is NaN.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> or <paramref name="target"/> is
    /// outside [0, 1], or <paramref name="epsilon"/> is outside (0, 0.5).</exception>
    public static float BinaryCrossEntropy([Probability] float probability, float target, float epsilon = StableMath.DefaultSingleEpsilon)
    {
        Guard.Epsilon(epsilon, nameof(epsilon));
        Guard.Probability(probability, nameof(probability));
        Guard.Target(target, nameof(target));
        return (float)ScalarMath.BceOnClampedProbability(ScalarMath.Clamp(probability, epsilon, 1f - epsilon), target);
    }

    /// <summary>
    /// Reduced binary cross-entropy on probabilities (see <see cref="BinaryCrossEntropy(double, double, double)"/>):
    /// the mean or sum of -(y_i * log(p_i) + (1 - y_i) * log(1 - p_i)) with every p_i clamped to [epsilon, 1 - epsilon].
    /// Vectorized on .NET 8+ (a SIMD logarithm; scalar when epsilon is subnormal). The sum is accumulated in double
    /// with compensation.
    /// </summary>
    /// <param name="probabilities">The predicted probabilities in [0, 1].</param>
    /// <param name="targets">The targets in [0, 1]; same length as <paramref name="probabilities"/>.</param>
    /// <param name="reduction"><see cref="Reduction.Mean"/> or <see cref="Reduction.Sum"/>.</param>
    /// <param name="epsilon">The clamp epsilon, in (0, 0.5); see the scalar overload for why the default is 1e-12.</param>
    /// <returns>The reduced loss; NaN if any input is NaN.</returns>
    /// <exception cref="ArgumentException">Length mismatch; a probability or target outside [0, 1];
    /// <see cref="Reduction.None"/>; an empty input with <see cref="Reduction.Mean"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reduction"/> is not defined or
    /// <paramref name="epsilon"/> is outside (0, 0.5).</exception>
    public static double BinaryCrossEntropy([Probability] ReadOnlySpan<double> probabilities, ReadOnlySpan<double> targets,
        Reduction reduction = Reduction.Mean, double epsilon = StableMath.DefaultDoubleEpsilon)
    {
        Guard.Reduction(reduction, allowNone: false);
        Guard.SameLength(probabilities.Length, targets.Length, nameof(targets));
        Guard.Epsilon(epsilon, nameof(epsilon));
        Guard.NotEmptyForMean(probabilities.Length, reduction, nameof(probabilities));
        int flags = Kernels.BceProbabilitySum(probabilities, targets, epsilon, 1.0 - epsilon, out double sum);
        ThrowForProbabilityFlags(flags);
        return reduction == Reduction.Mean ? sum / probabilities.Length : sum;
    }

    /// <summary>
    /// Reduced binary cross-entropy on probabilities (see <see cref="BinaryCrossEntropy(float, float, float)"/>):
    /// the mean or sum of -(y_i * log(p_i) + (1 - y_i) * log(1 - p_i)) with every p_i clamped to [epsilon, 1 - epsilon].
    /// The probabilities are clamped in float, then each term is computed in double (double SIMD lanes on .NET 8+) and
    /// the sum is accumulated in double with compensation.
    /// </summary>
    /// <param name="probabilities">The predicted probabilities in [0, 1].</param>
    /// <param name="targets">The targets in [0, 1]; same length as <paramref name="probabilities"/>.</param>
    /// <param name="reduction"><see cref="Reduction.Mean"/> or <see cref="Reduction.Sum"/>.</param>
    /// <param name="epsilon">The clamp epsilon, in (0, 0.5); see the scalar overload for why the default is 1e-7.</param>
    /// <returns>The reduced loss; NaN if any input is NaN.</returns>
    /// <exception cref="ArgumentException">Length mismatch; a probability or target outside [0, 1];
    /// <see cref="Reduction.None"/>; an empty input with <see cref="Reduction.Mean"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reduction"/> is not defined or
    /// <paramref name="epsilon"/> is outside (0, 0.5).</exception>
    public static float BinaryCrossEntropy([Probability] ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets,
        Reduction reduction = Reduction.Mean, float epsilon = StableMath.DefaultSingleEpsilon)
    {
        Guard.Reduction(reduction, allowNone: false);
        Guard.SameLength(probabilities.Length, targets.Length, nameof(targets));
        Guard.Epsilon(epsilon, nameof(epsilon));
        Guard.NotEmptyForMean(probabilities.Length, reduction, nameof(probabilities));
        int flags = Kernels.BceProbabilitySum(probabilities, targets, epsilon, 1f - epsilon, out double sum);
        ThrowForProbabilityFlags(flags);
        return (float)(reduction == Reduction.Mean ? sum / probabilities.Length : sum);
    }
}
