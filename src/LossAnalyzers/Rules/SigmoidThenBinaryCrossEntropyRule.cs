using System.Collections.Immutable;
using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS003: a binary cross-entropy (hand-written, a helper, <c>Loss.BinaryCrossEntropy</c>, TorchSharp
/// <c>binary_cross_entropy</c>/<c>BCELoss</c>) whose probability operand is the sigmoid of a logit: the logits form is exact.
/// Also one term of such a loss written on its own behind a guard — <c>−log(σ(z) + ε)</c>, <c>−log(clamp(1 − σ(z)))</c>, as
/// negative-sampling, NCE and GAN losses write it — where <c>LogSigmoid(±z)</c> is exact without the ε.
/// </summary>
internal static class SigmoidThenBinaryCrossEntropyRule
{
    /// <summary>LOSS003: what the host analyzer (<see cref="LossAnalyzer"/>) runs, and when.</summary>
    internal static readonly Rule Rule = new(
        Descriptors.LOSS003,
        static s => s.HasAnyBinaryCrossEntropy,
        Analyze,
        binary: null,
        calls: BceShapes.SiteFunctions,
        helperCalls: true);

    private static void Analyze(OperationAnalysisContext context, CallSite site)
    {
        if (site.Bce is not null)
        {
            BinaryCrossEntropyMisuse.Analyze(context, site, ProbabilityKind.Sigmoid, Descriptors.LOSS003);
            return;
        }

        AnalyzeGuardedLogSigmoid(context, site);
        AnalyzeUnguardedSigmoidTerm(context, site);
    }

    /// <summary>
    /// The unguarded log of a sigmoid output used as a term of a cross-entropy that no whole BCE expression encloses
    /// (<c>y' * log(h)</c> over matrices, <c>cost = cost + t * log(p) + (1 - t) * log(1 - p)</c>): the sigmoid followed by a
    /// cross-entropy all the same (<see cref="Precedence.Loss001YieldsToSigmoidTerm"/>; LOSS001 yields it here). The term is
    /// rewritten to <c>LogSigmoid(±z)</c> when the logits are in reach; otherwise the diagnostic says what to compute.
    /// </summary>
    private static void AnalyzeUnguardedSigmoidTerm(OperationAnalysisContext context, CallSite site)
    {
        var call = site.Call;
        if (call.Function != MathFunction.Log || call.IsSpanForm || call.Operand is not { } operand)
        {
            return;
        }

        var invocation = site.Invocation;
        var argument = OperationFacts.Strip(operand);
        var (probability, isComplement) = BceShapes.ProbabilityOf(argument);
        if (!ReferenceEquals(OperationFacts.StripGuards(argument), argument) || BceShapes.Enclosing(invocation, site.Symbols) is not null)
        {
            return;
        }

        var source = site.Resolve(probability);
        if (!site.IsSigmoidCrossEntropyTerm || Guards.IsKeptAwayFromZero(argument, invocation))
        {
            return;
        }

        var canFix = CanWriteLogSigmoid(call, site);
        string? logits = null;
        ITypeSymbol? logitsType = null;
        if (source!.Logits is { } template && source.IsVector == Provenance.IsVectorType(OperationFacts.Strip(probability).Type))
        {
            logits = template.TextAt(invocation, out logitsType);
        }

        var fix = logits is not null && canFix ? LogSigmoidFix(call, invocation, logits, logitsType, isComplement) : null;
        var saturated = $"finite where this log is −∞ (the sigmoid rounded to {(isComplement ? "1" : "0")})";
        // StableMath.LogSigmoid takes a scalar (or T): for a project's own vector type the formula is what to write
        var advice = logits is not null
            ? $"{LogSigmoidText(call, canFix, $"{(isComplement ? "-" : string.Empty)}{RuleSupport.Shorten(logits)}")}, {saturated}"
            : $"the log-sigmoid of the sigmoid's {(isComplement ? "negated " : string.Empty)}input, min(x, 0) − log(1 + exp(−|x|)), {saturated}";
        var producer = source.IsModule ? "the output of a model ending in a sigmoid" : source.OutputText("sigmoid");
        ReportLogOfSigmoid(context, invocation, source, probability, fix,
            $"{producer}{(source.Evidence is not null ? "," : string.Empty)} logged{(isComplement ? " as 1 − it" : string.Empty)} unguarded in a cross-entropy term",
            OperationFacts.LineNear(source.Shown, invocation.Syntax),
            advice);
    }

    /// <summary>
    /// <c>−log(σ(z) + ε)</c>, <c>loss -= log(Clamp(1 − σ(z), ε, 1 − ε))</c>: the log of a sigmoid (or of its complement) whose
    /// logit is in reach, kept finite by a guard, as a loss term. Unguarded, the same log is LOSS001's (with the same fix).
    /// </summary>
    private static void AnalyzeGuardedLogSigmoid(OperationAnalysisContext context, CallSite site)
    {
        var call = site.Call;
        if (call.Function != MathFunction.Log || call.IsSpanForm || call.Operand is not { } operand ||
            call.Style is not (ApiStyle.Math or ApiStyle.MathF or ApiStyle.GenericMath or ApiStyle.Torch or ApiStyle.Own))
        {
            return;
        }

        var argument = OperationFacts.Strip(operand);
        var unguarded = OperationFacts.StripGuards(argument);
        var complemented = OperationFacts.OneMinus(unguarded);
        var isComplement = complemented is not null;
        var probability = complemented is not null ? OperationFacts.StripGuards(complemented) : unguarded;
        if (ReferenceEquals(unguarded, argument) && (complemented is null || ReferenceEquals(probability, OperationFacts.Strip(complemented))))
        {
            // nothing keeps it finite: LOSS001 reports the log of the sigmoid
            return;
        }

        var invocation = site.Invocation;
        if (!ConsumerEvidence.IsNegated(invocation) && !site.LossContext.IsInLossCode(invocation) ||
            complemented is not null && BceShapes.Enclosing(invocation, site.Symbols) is not null)
        {
            // not a loss term; or the log(1 − p) of a whole binary cross-entropy, reported (once) from its log p
            return;
        }

        var canFix = CanWriteLogSigmoid(call, site);
        if (!canFix && call.Style != ApiStyle.Own)
        {
            // without LogSigmoid to call, the guard is the fix LOSS001 itself writes (a clamp): nothing better to offer
            return;
        }

        var source = site.Resolve(probability);
        if (source is not { Kind: ProbabilityKind.Sigmoid, Logits: { } logitTemplate } ||
            source.IsVector != Provenance.IsVectorType(OperationFacts.Strip(probability).Type) ||
            logitTemplate.TextAt(invocation, out var logitsType) is not { } logits)
        {
            return;
        }

        var fix = canFix ? LogSigmoidFix(call, invocation, logits, logitsType, isComplement) : null;
        var z = RuleSupport.Shorten(logits);
        var stable = LogSigmoidText(call, canFix, $"{(isComplement ? "-" : string.Empty)}{z}");
        ReportLogOfSigmoid(context, invocation, source, probability, fix,
            $"the sigmoid of '{z}'",
            OperationFacts.LineNear(source.Shown, invocation.Syntax),
            $"{stable}{(isComplement ? " for log(1 − it)" : string.Empty)}, exact for every logit, in place of the guard that changes the loss and its gradient near {(isComplement ? "1" : "0")}");
    }

    /// <summary>Can a log-sigmoid call be written here: TorchSharp's, StableLoss's for Math/MathF (when it is referenced), its
    /// generic overload for a type it accepts? (A project's own API has none to call.)</summary>
    private static bool CanWriteLogSigmoid(ApiCall call, CallSite site) => call.Style switch
    {
        ApiStyle.Torch => true,
        ApiStyle.Math or ApiStyle.MathF => site.Symbols.StableMath is not null,
        ApiStyle.GenericMath => site.Symbols.CanFixInType(call.Invocation.Type),
        _ => false,
    };

    /// <summary>The rewrite of the log to <c>LogSigmoid(±z)</c>, or null where a double logit would be narrowed into a float log.</summary>
    private static BinaryCrossEntropyFixData? LogSigmoidFix(ApiCall call, IOperation log, string logits, ITypeSymbol? logitsType, bool negate) =>
        OperationFacts.IsFloat(log.Type) && OperationFacts.IsDouble(logitsType)
            ? null
            : new BinaryCrossEntropyFixData(call.Style == ApiStyle.Torch ? BceFix.TorchLogSigmoid : BceFix.LogSigmoid, logits, target: null, negate: negate);

    /// <summary>What to write for log σ(x) at <paramref name="signedLogits"/>: the library call where one can be written, else the stable formula.</summary>
    private static string LogSigmoidText(ApiCall call, bool canFix, string signedLogits) =>
        canFix
            ? $"{(call.Style == ApiStyle.Torch ? "functional.logsigmoid" : "StableMath.LogSigmoid")}({signedLogits})"
            : $"the log-sigmoid min(x, 0) − log(1 + exp(−|x|)) with x = {signedLogits}";

    /// <summary>Reports one log of a sigmoid output (the log itself; the sigmoid as an additional location).</summary>
    private static void ReportLogOfSigmoid(OperationAnalysisContext context, IOperation log, ValueSource source, IOperation probability,
        BinaryCrossEntropyFixData? fix, string what, string line, string advice) =>
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.LOSS003,
            log.Syntax.GetLocation(),
            RuleSupport.ProducerLocation(source.Shown, log.Syntax),
            fix?.Write() ?? ImmutableDictionary<string, string?>.Empty,
            RuleSupport.Quote(probability.Syntax),
            what,
            line,
            advice));
}
