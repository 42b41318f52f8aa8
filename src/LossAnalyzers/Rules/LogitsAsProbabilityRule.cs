using System.Collections.Immutable;
using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS008: logits — the output of a TorchSharp <c>Linear</c> layer (directly, as a <c>Sequential</c>'s last module, or
/// returned by a model's <c>forward</c>), <c>functional.linear</c>, a value declared <c>[Logits]</c> — passed where
/// probabilities are expected: a binary cross-entropy (API, helper or hand-written <c>log p</c>/<c>log(1 − p)</c>), a
/// <c>[Probability]</c> parameter; or given to <c>nll_loss</c>/<c>NLLLoss</c>, which expect log-probabilities. Precision
/// first: an unknown value is never taken for logits.
/// </summary>
internal static class LogitsAsProbabilityRule
{
    /// <summary>LOSS008: what the host analyzer (<see cref="LossAnalyzer"/>) runs, and when.</summary>
    internal static readonly Rule Rule = new(
        Descriptors.LOSS008,
        static s => s.Torch is not null || s.HasContracts,
        Analyze,
        binary: null,
        calls: BceShapes.SiteFunctions,
        helperCalls: true,
        contractCalls: true);

    private static void Analyze(OperationAnalysisContext context, CallSite site)
    {
        var invocation = site.Invocation;
        var provenance = site.Provenance;
        var symbols = provenance.Symbols;
        if (site.Bce is { } bce)
        {
            if (provenance.ResolveLogits(bce.Probability) is { } bceLogits)
            {
                var (consumer, fix) = BceConsumer(bce, invocation, symbols);
                var advice = fix.Kind == ContractFixKind.LogitsForm
                    ? $"use {(bce.Style == ApiStyle.Torch ? "functional." : "Loss.")}{fix.Text}, which applies the sigmoid itself"
                    : bce.Style == ApiStyle.Torch
                        ? "use functional.binary_cross_entropy_with_logits (nn.BCEWithLogitsLoss), which applies the sigmoid itself"
                        : "use Loss.BinaryCrossEntropyWithLogits, which applies the sigmoid itself";
                Report(context, bce.Form == BceForm.HandWritten ? bce.Expression.Syntax : invocation.Syntax, bce.Probability.Syntax,
                    bceLogits, consumer, "probabilities in [0, 1]", advice, fix);
            }

            return;
        }

        if (Contracts.Of(invocation, symbols) is not { Expected: Expected.Probability or Expected.LogProbabilities } consumption ||
            provenance.ResolveLogits(consumption.Value) is not { } logits)
        {
            return;
        }

        if (consumption.Expected == Expected.LogProbabilities)
        {
            var isFunction = invocation.TargetMethod.Name == "nll_loss";
            // nll_loss(input, target, weight, reduction) → cross_entropy(input, target, weight, ignore_index, reduction, ...)
            var fix = isFunction
                ? new ContractFixData(ContractFixKind.LogitsForm, "cross_entropy", nameReductionArgument: SyntacticIndex(invocation, "reduction", positionalOnly: true))
                : ContractFixData.None;
            Report(context, isFunction ? invocation.Syntax : consumption.Value.Syntax, consumption.Value.Syntax, logits, consumption.Consumer,
                "log-probabilities (a log_softmax output)",
                isFunction ? "use functional.cross_entropy, which applies log_softmax itself" : "use nn.CrossEntropyLoss, which applies log_softmax itself",
                fix);
            return;
        }

        var parameter = consumption.DeclaredBy?.Name ?? "its input";
        Report(context, consumption.Value.Syntax, consumption.Value.Syntax, logits, consumption.Consumer,
            $"a probability ([Probability] '{parameter}')", "pass the sigmoid (or softmax) of it", ContractFixData.None);
    }

    /// <summary>How the message names a BCE site, and the rename to its logits form when the API has one with the same arguments.</summary>
    private static (string Consumer, ContractFixData Fix) BceConsumer(BceSite site, IInvocationOperation invocation, KnownSymbols symbols)
    {
        switch (site.Form)
        {
            case BceForm.Api when site.Style == ApiStyle.Torch && invocation.TargetMethod.Name == "binary_cross_entropy":
                return ("functional.binary_cross_entropy", new ContractFixData(ContractFixKind.LogitsForm, "binary_cross_entropy_with_logits"));
            case BceForm.Api when site.Style == ApiStyle.Torch:
                return ("nn.BCELoss", ContractFixData.None);
            case BceForm.Api when site.Style == ApiStyle.StableLoss:
                // BinaryCrossEntropy(p, y, epsilon) → BinaryCrossEntropyWithLogits(z, y): no ε, and its third parameter is posWeight
                return ("Loss.BinaryCrossEntropy", new ContractFixData(ContractFixKind.LogitsForm, "BinaryCrossEntropyWithLogits",
                    dropArgument: SyntacticIndex(invocation, "epsilon")));
            case BceForm.Helper:
                return ($"the binary cross-entropy '{invocation.TargetMethod.Name}'", ContractFixData.None);
            default:
                return ("a binary cross-entropy (log p and log(1 − p))", ContractFixData.None);
        }
    }

    /// <summary>The index in the call's argument list of the argument written for <paramref name="parameter"/>, if written.</summary>
    private static int? SyntacticIndex(IInvocationOperation invocation, string parameter, bool positionalOnly = false)
    {
        if (invocation.Syntax is not Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax call)
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == parameter && argument.ArgumentKind != ArgumentKind.DefaultValue &&
                argument.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax syntax &&
                (!positionalOnly || syntax.NameColon is null))
            {
                var index = call.ArgumentList.Arguments.IndexOf(syntax);
                return index >= 0 ? index : null;
            }
        }

        return null;
    }

    private static void Report(OperationAnalysisContext context, SyntaxNode reported, SyntaxNode value, LogitsSource logits, string consumer,
        string expects, string advice, ContractFixData fix)
    {
        var additional = logits.Producer.SyntaxTree == reported.SyntaxTree && !reported.Span.Contains(logits.Producer.Span)
            ? ImmutableArray.Create(logits.Producer.GetLocation())
            : ImmutableArray<Location>.Empty;
        var what = OperationFacts.OtherFileName(logits.Producer, reported) is { } file ? $"{logits.Description} in {file}" : logits.Description;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.LOSS008,
            reported.GetLocation(),
            additional,
            fix.Write(),
            RuleSupport.Quote(value),
            what,
            OperationFacts.Line(logits.Producer),
            consumer,
            expects,
            advice));
    }
}
