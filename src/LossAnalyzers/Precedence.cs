using System.Collections.Immutable;
using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers;

/// <summary>
/// One misuse, one diagnostic: where two rules could report the same code, which one yields — in one place. Each rule
/// asks the predicate of its row before it reports; <see cref="Table"/> is the same list as data (the docs'
/// architecture page shows it, and a test keeps the two in step).
/// </summary>
internal static class Precedence
{
    /// <summary>Every precedence between rules: the rule that yields, the rule that reports instead, and when.</summary>
    public static readonly ImmutableArray<(string Yields, string To, string When)> Table = ImmutableArray.Create(
        ("LOSS001", "LOSS003", "the log is one of a binary cross-entropy over a sigmoid output"),
        ("LOSS001", "LOSS004", "the log is one of a binary cross-entropy over a softmax output"),
        ("LOSS001", "LOSS003", "a sigmoid output is logged unguarded as a target-weighted term of a cross-entropy outside any whole binary cross-entropy"),
        ("LOSS001", "LOSS004", "a softmax output is logged as one side of a Bernoulli pair (t·log p and (1 − t)·log(1 − p)) outside any whole binary cross-entropy"),
        ("LOSS001", "LOSS008", "the logged value is logits (a Linear layer's output, a [Logits] value)"),
        ("LOSS006", "LOSS001", "the unshifted softmax is logged (the log is where it fails)"),
        ("LOSS006", "LOSS004", "the unshifted softmax is fed to a binary cross-entropy"),
        ("LOSS006", "LOSS003", "a sigmoid written e^x / (1 + e^x) is logged or fed to a binary cross-entropy"),
        ("LOSS005", "LOSS001", "never: LOSS001 takes a vanishing clamp for a guard, LOSS005 reports the clamp"),
        ("LOSS003", "LOSS008", "never: a sigmoid output is not logits; the rules look for opposite values"),
        ("LOSS007", "LOSS003", "never: LOSS007 is about APIs that expect logits, LOSS003 about those that expect probabilities"));

    /// <summary>LOSS001 → LOSS003/LOSS004: the log of a sigmoid or softmax output inside a binary cross-entropy.</summary>
    public static bool Loss001YieldsToBce(IInvocationOperation log, ValueSource? source, KnownSymbols symbols) =>
        source?.Kind is ProbabilityKind.Sigmoid or ProbabilityKind.Softmax && BceShapes.Enclosing(log, symbols) is not null;

    /// <summary>
    /// LOSS001 → LOSS003: the log of a sigmoid output used as a term of a cross-entropy — <c>y' * log(h)</c> over matrices,
    /// <c>cost = cost + t * log(p) + (1 - t) * log(1 - p)</c>, <c>log p</c> and <c>log(1 − p)</c> in the branches of a label test —
    /// where no whole binary cross-entropy expression encloses it (that one is <see cref="Loss001YieldsToBce"/>'s). Not the
    /// branches of a label test: split the right way round they are a whole BCE; inverted (<c>y == 1 ? −log(1 − p) : −log p</c>)
    /// they are no cross-entropy, and each log stays LOSS001's.
    /// </summary>
    public static bool Loss001YieldsToSigmoidTerm(IInvocationOperation log, IOperation probability, bool isComplement, ValueSource? source,
        KnownSymbols symbols, LossContext context) =>
        source?.Kind == ProbabilityKind.Sigmoid &&
        (ConsumerEvidence.Of(log, probability, isComplement, symbols, context) is ConsumerShape.Bernoulli or ConsumerShape.CrossEntropy ||
         (context.IsInLossCode(log)
             ? ConsumerEvidence.IsTargetWeighted(log, probability, symbols)
             // outside loss-named code, the weights t and 1 − t in the method are the evidence (y.Multiply(log σ), (1 - y)…)
             : ConsumerEvidence.TargetWeightOf(log, probability, symbols) is { } weight && ConsumerEvidence.HasComplementWeight(log, weight))) &&
        !ConsumerEvidence.HasPartnerBranch(log, probability, isComplement, symbols);

    /// <summary>
    /// LOSS001 → LOSS004: the log of a softmax output (or of its complement) used as one side of a Bernoulli pair —
    /// <c>cost = cost − y·log(p) − (1 − y)·log(1 − p)</c>, an <c>Aggregate</c> lambda's accumulator form — where no whole
    /// binary cross-entropy expression encloses it (that one is <see cref="Loss001YieldsToBce"/>'s): the Bernoulli loss on
    /// a categorical distribution. Not the branches of a label test (split the right way round they are a whole BCE).
    /// </summary>
    public static bool Loss001YieldsToSoftmaxBernoulliTerm(IInvocationOperation log, IOperation probability, bool isComplement, ValueSource? source,
        Provenance provenance, LossContext context) =>
        source is { Kind: ProbabilityKind.Softmax } &&
        (ConsumerEvidence.IsBernoulliTerm(log, probability, isComplement, provenance.Symbols) ||
         ConsumerEvidence.Of(log, probability, isComplement, provenance.Symbols, context, provenance) == ConsumerShape.Bernoulli) &&
        !ConsumerEvidence.HasPartnerBranch(log, probability, isComplement, provenance.Symbols);

    /// <summary>LOSS001 → LOSS008: the logged value is known to be logits (only asked where it could be: TorchSharp or
    /// contracts in the compilation).</summary>
    public static bool Loss001YieldsToLoss008(IOperation probability, ValueSource? source, Provenance provenance) =>
        (source is null || source.Kind == ProbabilityKind.LossParameter) &&
        (provenance.Symbols.Torch is not null || provenance.Symbols.HasContracts) &&
        provenance.ResolveLogits(probability) is not null;

    /// <summary>LOSS006 → LOSS001/LOSS003/LOSS004: the softmax (or the sigmoid written e^x / (1 + e^x)) made at
    /// <paramref name="producer"/> is logged or fed to a binary cross-entropy somewhere in its file.</summary>
    public static bool Loss006YieldsToConsumer(IOperation anchor, SyntaxNode producer, Provenance provenance, LossContext context,
        ProbabilityKind kind = ProbabilityKind.Softmax) =>
        LogExpShapes.IsLoggedOrFedToBce(anchor, producer, provenance, context, kind);
}
