using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

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
        Analyze,
        binary: null,
        calls: BceShapes.SiteFunctions,
        helperCalls: true);

    private static void Analyze(OperationAnalysisContext context, CallSite site)
    {
        if (site.Bce is not null)
        {
            BinaryCrossEntropyMisuse.Analyze(context, site, ProbabilityKind.Softmax, Descriptors.LOSS004);
            return;
        }

        AnalyzeBernoulliTerm(context, site);
    }

    /// <summary>
    /// One log of a Bernoulli pair over a softmax output that no whole BCE expression encloses (an accumulator:
    /// <c>cost = cost − y·log(p) − (1 − y)·log(1 − p)</c>, <c>Aggregate((a, k) =&gt; a − …)</c>): reported at each log, as
    /// LOSS003 reports a sigmoid's terms, without a fix (the loss to write is another one: a categorical cross-entropy).
    /// </summary>
    private static void AnalyzeBernoulliTerm(OperationAnalysisContext context, CallSite site)
    {
        var call = site.Call;
        if (call.Function != MathFunction.Log || call.IsSpanForm || call.Operand is not { } operand || !site.IsSoftmaxBernoulliTerm)
        {
            return;
        }

        var invocation = site.Invocation;
        var (probability, _) = BceShapes.ProbabilityOf(OperationFacts.Strip(operand));
        if (BceShapes.Enclosing(invocation, site.Symbols) is not null || site.Resolve(probability) is not { } source)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.LOSS004,
            invocation.Syntax.GetLocation(),
            RuleSupport.ProducerLocation(source.Shown, invocation.Syntax),
            new BinaryCrossEntropyFixData(BceFix.None, logits: null, target: null).Write(),
            RuleSupport.Quote(probability.Syntax),
            RuleSupport.ActivationOutput(source, "softmax", invocation.Syntax),
            source.LineFor(invocation.Syntax),
            "a categorical cross-entropy of the logits (their log-softmax at the target class), with no log(1 − p) terms"));
    }
}
