using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS003: a binary cross-entropy (hand-written, a helper, <c>Loss.BinaryCrossEntropy</c>, TorchSharp
/// <c>binary_cross_entropy</c>/<c>BCELoss</c>) whose probability operand is the sigmoid of a logit: the logits form is exact.
/// </summary>
internal static class SigmoidThenBinaryCrossEntropyRule
{
    /// <summary>LOSS003: what the host analyzer (<see cref="LossAnalyzer"/>) runs, and when.</summary>
    internal static readonly Rule Rule = new(
        Descriptors.LOSS003,
        static s => s.HasAnyBinaryCrossEntropy,
        static (c, site) => BinaryCrossEntropyMisuse.Analyze(c, site, ProbabilityKind.Sigmoid, Descriptors.LOSS003),
        binary: null,
        calls: BceShapes.SiteFunctions,
        helperCalls: true);
}
