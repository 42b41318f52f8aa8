namespace LossAnalyzers;

/// <summary>The diagnostic IDs of LossAnalyzers. IDs are never reused.</summary>
public static class RuleIds
{
    /// <summary>Log of a probability that can reach 0.</summary>
    public const string LogOfUnguardedProbability = "LOSS001";

    /// <summary>Base-10 or base-2 logarithm in loss code.</summary>
    public const string NonNaturalLogInLoss = "LOSS002";

    /// <summary>Sigmoid followed by binary cross-entropy where a logits form exists.</summary>
    public const string SigmoidThenBinaryCrossEntropy = "LOSS003";

    /// <summary>Binary cross-entropy on softmax outputs.</summary>
    public const string BinaryCrossEntropyOnSoftmax = "LOSS004";

    /// <summary>A clamp or an added epsilon that vanishes in the operand's type.</summary>
    public const string VanishingEpsilon = "LOSS005";

    /// <summary>A log/exp composition with a stable form (softplus, log-sum-exp, softmax, log1p).</summary>
    public const string UnstableLogExpComposition = "LOSS006";

    /// <summary>A probability passed where logits (or log-probabilities) are expected: the activation applied twice.</summary>
    public const string ProbabilityAsLogits = "LOSS007";

    /// <summary>Logits passed where probabilities (or log-probabilities) are expected.</summary>
    public const string LogitsAsProbability = "LOSS008";
}
