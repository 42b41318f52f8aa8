using Microsoft.CodeAnalysis;

namespace LossAnalyzers;

/// <summary>All diagnostic descriptors, in one place. Each rule's analyzer and fixer refer to these.</summary>
internal static class Descriptors
{
    internal const string Category = "Reliability";
    internal const string HelpLinkBase = "https://github.com/lossanalyzers/LossAnalyzers/blob/main/docs/rules/";

    internal static string HelpLink(string id) => HelpLinkBase + id + ".md";

    public static readonly DiagnosticDescriptor LOSS001 = new(
        RuleIds.LogOfUnguardedProbability,
        title: "Log of a probability that can reach 0",
        messageFormat: "'{0}' is {1} and can reach {2}: {3} is -∞{4}; {5}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A probability produced by a sigmoid, a softmax or a normalisation rounds to exactly 0 or 1 in floating point. " +
                     "The log of 0 is -∞, and 0·log 0 is NaN. Clamp the probability with an epsilon representable in its type, " +
                     "or compute the log directly from the logit.",
        helpLinkUri: HelpLink(RuleIds.LogOfUnguardedProbability));

    public static readonly DiagnosticDescriptor LOSS002 = new(
        RuleIds.NonNaturalLogInLoss,
        title: "Base-10 or base-2 logarithm in loss code",
        messageFormat: "'{0}' in a loss computation scales the loss and its gradients by 1/ln {1} (×{2}); use the natural logarithm",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Cross-entropy, log-loss and likelihoods are defined with the natural logarithm. A base-10 or base-2 " +
                     "logarithm silently rescales the loss and every gradient, which changes the effective learning rate and " +
                     "breaks comparisons with other implementations.",
        helpLinkUri: HelpLink(RuleIds.NonNaturalLogInLoss));

    public static readonly DiagnosticDescriptor LOSS003 = new(
        RuleIds.SigmoidThenBinaryCrossEntropy,
        title: "Sigmoid followed by binary cross-entropy",
        messageFormat: "'{0}' is {1} (line {2}): use {3}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Binary cross-entropy on sigmoid outputs loses all precision once the sigmoid rounds to 0 or 1 " +
                     "(|z| > 37 in double, > 17 in float) and returns NaN or ∞. The logits form " +
                     "max(z,0) - z·y + log(1 + e^-|z|) is exact for every finite z.",
        helpLinkUri: HelpLink(RuleIds.SigmoidThenBinaryCrossEntropy));

    public static readonly DiagnosticDescriptor LOSS004 = new(
        RuleIds.BinaryCrossEntropyOnSoftmax,
        title: "Binary cross-entropy on softmax outputs",
        messageFormat: "'{0}' is {1} (line {2}): binary cross-entropy treats the classes as independent labels; use {3}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Softmax outputs are one distribution over mutually exclusive classes. Binary cross-entropy on them " +
                     "adds a log(1 - p_k) term per class that the model cannot independently control, gives wrong gradients, " +
                     "and is numerically unstable. Use softmax cross-entropy on the logits.",
        helpLinkUri: HelpLink(RuleIds.BinaryCrossEntropyOnSoftmax));

    public static readonly DiagnosticDescriptor LOSS005 = new(
        RuleIds.VanishingEpsilon,
        title: "Clamp epsilon that vanishes in its type",
        messageFormat: "'{0}' {1} in {2}: {3}; use {4}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A clamp or an added epsilon only keeps a probability away from 0 and 1 if the epsilon survives the arithmetic " +
                     "of the operand's type: 1f - 1e-15f is exactly 1f, 1.0 - 1e-20 is exactly 1.0, 1e-50f is 0, and " +
                     "float.Epsilon/double.Epsilon are subnormals whose log is -103/-744 and whose reciprocal overflows. " +
                     "Use an epsilon representable in the type (float 1e-7f, double 1e-12).",
        helpLinkUri: HelpLink(RuleIds.VanishingEpsilon));

    public static readonly DiagnosticDescriptor LOSS006 = new(
        RuleIds.UnstableLogExpComposition,
        title: "Log/exp composition with a stable form",
        messageFormat: "'{0}' {1}; use {2}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "log(1 + exp(x)), log(sum of exp), a softmax without the maximum subtracted and log(x + 1) overflow to ∞ " +
                     "(exp(710) in double, exp(89) in float) or lose a small argument entirely, although the same value has a form " +
                     "that is exact for every finite input: StableMath.Softplus, LogSumExp, Softmax/LogSoftmax and Log1p.",
        helpLinkUri: HelpLink(RuleIds.UnstableLogExpComposition));

    public static readonly DiagnosticDescriptor LOSS007 = new(
        RuleIds.ProbabilityAsLogits,
        title: "Probability passed where logits are expected",
        messageFormat: "'{0}' is {1} (line {2}), but {3} expects {4}: {5}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "binary_cross_entropy_with_logits, cross_entropy, Loss.BinaryCrossEntropyWithLogits and the other logits APIs apply " +
                     "the sigmoid or softmax themselves; nll_loss expects log-probabilities. Given a probability, the activation is applied " +
                     "twice: nothing fails at run time, but the loss is computed on squashed values and its gradient is wrong (a sigmoid " +
                     "output between 0 and 1 can never reach the targets' logits), so the model trains worse. Pass the logits.",
        helpLinkUri: HelpLink(RuleIds.ProbabilityAsLogits));

    public static readonly DiagnosticDescriptor LOSS008 = new(
        RuleIds.LogitsAsProbability,
        title: "Logits passed where probabilities are expected",
        messageFormat: "'{0}' is {1} (line {2}), but {3} expects {4}: {5}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "binary_cross_entropy, BCELoss, Loss.BinaryCrossEntropy and a hand-written log(p)/log(1 - p) take probabilities " +
                     "in [0, 1]; nll_loss takes log-probabilities. Raw logits there give NaN or a loss that is unbounded below. " +
                     "Use the logits form of the same loss (binary_cross_entropy_with_logits, Loss.BinaryCrossEntropyWithLogits, cross_entropy).",
        helpLinkUri: HelpLink(RuleIds.LogitsAsProbability));
}
