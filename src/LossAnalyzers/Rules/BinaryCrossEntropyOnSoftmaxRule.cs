using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS004: a binary cross-entropy whose probability operand is a softmax over several classes. Multi-label BCE on
/// per-label sigmoids is correct and not reported (that is LOSS003's business, with its logits fix).
/// </summary>
internal static class BinaryCrossEntropyOnSoftmaxRule
{
    /// <summary>LOSS004: what the host analyzer (<see cref="LossAnalyzer"/>) runs, and when.</summary>
    internal static readonly Rule Rule = new(
        Descriptors.LOSS004,
        static s => s.HasAnyBinaryCrossEntropy,
        static (c, site) => BinaryCrossEntropyMisuse.Analyze(c, site, ProbabilityKind.Softmax, Descriptors.LOSS004),
        binary: null,
        calls: BceShapes.SiteFunctions,
        helperCalls: true);
}
