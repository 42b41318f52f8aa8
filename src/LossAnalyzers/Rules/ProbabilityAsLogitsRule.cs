using System.Collections.Immutable;
using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS007: a probability (a sigmoid or softmax output, a model ending in <c>Sigmoid()</c>/<c>Softmax()</c>, a value declared
/// <c>[Probability]</c>) passed where logits are expected — <c>binary_cross_entropy_with_logits</c>, <c>cross_entropy</c>,
/// <c>log_softmax</c>, their modules, StableLoss's logits APIs, any <c>[Logits]</c> parameter — or where <c>nll_loss</c>
/// expects log-probabilities; and a <c>[return: Logits]</c> method that returns a sigmoid or softmax. Only positive evidence
/// counts: the value's provenance must say sigmoid, softmax or <c>[Probability]</c>.
/// </summary>
internal static class ProbabilityAsLogitsRule
{
    private static readonly ulong Activations = MathApi.Mask(MathFunction.Sigmoid, MathFunction.Softmax);

    private static readonly ulong Logarithms = MathApi.Mask(MathFunction.Log, MathFunction.Log1p);

    /// <summary>LOSS007: what the host analyzer (<see cref="LossAnalyzer"/>) runs, and when (every call: a <c>[Logits]</c>
    /// parameter can be any method's).</summary>
    internal static readonly Rule Rule = new(
        Descriptors.LOSS007,
        static s => s.Torch is not null || s.HasContracts || s.HasAnyLogarithm,
        Analyze,
        binary: static (c, binary, provenance) =>
        {
            // a hand-written sigmoid 1 / (1 + exp(−z)) returned as [return: Logits]
            if (binary.OperatorKind == BinaryOperatorKind.Divide && provenance.Symbols.LogitsAttribute is not null)
            {
                AnalyzeReturn(c, binary, provenance);
            }
        },
        calls: Activations | Logarithms,
        contractCalls: true);

    private static void Analyze(OperationAnalysisContext context, CallSite site)
    {
        var invocation = site.Invocation;
        var provenance = site.Provenance;
        var symbols = provenance.Symbols;
        if (Contracts.Of(invocation, symbols) is not { Expected: Expected.Logits or Expected.LogProbabilities } consumption)
        {
            if (site.MayBe(Logarithms))
            {
                AnalyzeLogitsFormByHand(context, site);
            }
            else if (symbols.LogitsAttribute is not null && site.MayBe(Activations))
            {
                AnalyzeReturn(context, invocation, provenance);
            }

            return;
        }

        var lossContext = site.LossContext;
        var source = provenance.Resolve(consumption.Value, lossContext);
        if (source?.Kind is not (ProbabilityKind.Sigmoid or ProbabilityKind.Softmax or ProbabilityKind.Declared))
        {
            return;
        }

        var value = consumption.Value;
        var activation = source.Kind == ProbabilityKind.Sigmoid ? "sigmoid" : source.Kind == ProbabilityKind.Softmax ? "softmax" : null;
        string expects;
        if (consumption.Expected == Expected.LogProbabilities)
        {
            expects = "log-probabilities (a log_softmax output)";
        }
        else
        {
            var applies = AppliedActivation(consumption.Consumer);
            expects = applies is null ? "logits" : $"logits and applies the {applies} itself";
            if (consumption.DeclaredBy is { } declared && consumption.Style != ApiStyle.StableLoss)
            {
                expects = $"logits ([Logits] '{declared.Name}')";
            }
        }

        var fix = ContractFixData.None;
        string advice;
        var logits = LogitsAt(source, value);
        if (consumption.Expected == Expected.LogProbabilities && source.Kind == ProbabilityKind.Softmax)
        {
            if (OperationFacts.Strip(value) is IInvocationOperation softmaxCall && CanBecomeLogSoftmax(softmaxCall, symbols))
            {
                fix = new ContractFixData(ContractFixKind.LogSoftmax);
                advice = "use log_softmax in place of the softmax";
            }
            else
            {
                advice = source.IsModule
                    ? "end the model with LogSoftmax() instead of Softmax(), or use cross_entropy on the model without its final Softmax()"
                    : logits is not null ? $"pass log_softmax of '{RuleSupport.Shorten(logits)}', or use cross_entropy on it" : "pass log_softmax of the logits, or use cross_entropy on them";
            }
        }
        else if (logits is not null)
        {
            fix = new ContractFixData(ContractFixKind.PassLogits, logits);
            advice = $"pass '{RuleSupport.Shorten(logits)}'";
        }
        else if (source.IsModule)
        {
            advice = $"drop the model's final {(activation == "softmax" ? "Softmax()" : "Sigmoid()")} and pass its output";
        }
        else
        {
            advice = activation is null ? "pass the logits it was computed from" : $"pass the logits the {activation} was computed from";
        }

        Report(context, value.Syntax, source, consumption.Consumer, expects, advice, fix);
    }

    /// <summary>
    /// <c>log(1 + exp(−|z|))</c> (or <c>log1p(exp(−|z|))</c>), the term only the logits form of a binary cross-entropy
    /// writes (<c>max(z, 0) − z·y + log(1 + exp(−|z|))</c>), with z a probability: the sigmoid is applied twice. No fix: z
    /// is written three times in the formula, and the logits are what the loss should be computed from.
    /// </summary>
    private static void AnalyzeLogitsFormByHand(OperationAnalysisContext context, CallSite site)
    {
        var call = site.Call;
        if (call.Function is not (MathFunction.Log or MathFunction.Log1p) || call.Operand is not { } operand)
        {
            return;
        }

        var exp = call.Function == MathFunction.Log1p
            ? OperationFacts.Strip(operand)
            : OperationFacts.Strip(operand) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum
                ? OperationFacts.IsOne(sum.LeftOperand) ? OperationFacts.Strip(sum.RightOperand)
                : OperationFacts.IsOne(sum.RightOperand) ? OperationFacts.Strip(sum.LeftOperand) : null
                : null;
        if (exp is not IInvocationOperation expCall || MathApi.Classify(expCall, site.Symbols) is not { Function: MathFunction.Exp, Operand: { } exponent } ||
            !OperationFacts.IsNegation(exponent, out var negated) ||
            OperationFacts.Strip(negated) is not IInvocationOperation absCall ||
            MathApi.Classify(absCall, site.Symbols) is not { Function: MathFunction.Abs, Operand: { } z })
        {
            return;
        }

        var source = site.Provenance.Resolve(z, site.LossContext);
        if (source?.Kind is not (ProbabilityKind.Sigmoid or ProbabilityKind.Softmax or ProbabilityKind.Declared))
        {
            return;
        }

        Report(context, z.Syntax, source, "the logits form log(1 + exp(−|z|)) of a binary cross-entropy",
            "logits and applies the sigmoid itself",
            source.Logits is { } logits ? $"write it with '{RuleSupport.Shorten(logits.ToString())}' in place of the probability" : "write it with the logits",
            ContractFixData.None);
    }

    /// <summary><c>[return: Logits] double Score(...) => Sigmoid(z);</c>: the declared logits are a probability.</summary>
    private static void AnalyzeReturn(OperationAnalysisContext context, IOperation invocation, Provenance provenance)
    {
        if (OperationFacts.Parent(invocation) is not IReturnOperation ||
            context.ContainingSymbol is not IMethodSymbol method ||
            !Contracts.ReturnsLogits(method, provenance.Symbols))
        {
            return;
        }

        var source = provenance.Resolve(invocation, LossContext.For(context.Options, invocation.Syntax.SyntaxTree));
        if (source?.Kind is not (ProbabilityKind.Sigmoid or ProbabilityKind.Softmax))
        {
            return;
        }

        var logits = LogitsAt(source, invocation);
        var fix = logits is not null ? new ContractFixData(ContractFixKind.PassLogits, logits) : ContractFixData.None;
        Report(context, invocation.Syntax, source, $"'{method.Name}'", "logits ([return: Logits])",
            logits is not null ? $"return '{RuleSupport.Shorten(logits)}'" : "return the logits", fix);
    }

    private static void Report(OperationAnalysisContext context, SyntaxNode reported, ValueSource source, string consumer, string expects,
        string advice, ContractFixData fix)
    {
        var what = source.Kind switch
        {
            ProbabilityKind.Sigmoid => RuleSupport.ActivationOutput(source, "sigmoid", reported),
            ProbabilityKind.Softmax => RuleSupport.ActivationOutput(source, "softmax", reported),
            _ => "declared [Probability]",
        };
        var additional = source.Shown.SyntaxTree == reported.SyntaxTree && !reported.Span.Contains(source.Shown.Span)
            ? ImmutableArray.Create(source.Shown.GetLocation())
            : ImmutableArray<Location>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.LOSS007,
            reported.GetLocation(),
            additional,
            fix.Write(),
            RuleSupport.Quote(reported),
            what,
            source.LineFor(reported),
            consumer,
            expects,
            advice));
    }

    /// <summary>The logits as text that binds at <paramref name="site"/> and has the probability's type, or null.</summary>
    private static string? LogitsAt(ValueSource source, IOperation site)
    {
        if (source.IsModule || source.Logits is not { } template)
        {
            return null;
        }

        var text = template.TextAt(site, out var logitsType);
        var valueType = OperationFacts.Strip(site).Type;
        return text is not null && logitsType is not null && SymbolEqualityComparer.Default.Equals(logitsType, valueType) ? text : null;
    }

    /// <summary>Which activation the logits consumer applies, read from its name.</summary>
    private static string? AppliedActivation(string consumer) =>
        consumer.IndexOf("cross_entropy", System.StringComparison.Ordinal) >= 0 && consumer.IndexOf("binary", System.StringComparison.Ordinal) < 0 ||
        consumer.IndexOf("CrossEntropyLoss", System.StringComparison.Ordinal) >= 0 ||
        consumer.IndexOf("oftmax", System.StringComparison.Ordinal) >= 0
            ? "softmax"
            : consumer.IndexOf("inary", System.StringComparison.Ordinal) >= 0 || consumer.IndexOf("BCE", System.StringComparison.Ordinal) >= 0 ||
              consumer.IndexOf("Focal", System.StringComparison.Ordinal) >= 0 || consumer.IndexOf("igmoid", System.StringComparison.Ordinal) >= 0
                ? "sigmoid"
                : null;

    /// <summary><c>functional.softmax(z, d)</c>, <c>torch.special.softmax(z, d)</c>, <c>z.softmax(d)</c>: a log_softmax with
    /// the same arguments exists.</summary>
    private static bool CanBecomeLogSoftmax(IInvocationOperation call, KnownSymbols symbols)
    {
        if (call.TargetMethod.Name != "softmax" ||
            call.Syntax is not Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax syntax ||
            System.Linq.Enumerable.Any(syntax.ArgumentList.Arguments, static a => a.NameColon is not null))
        {
            return false;
        }

        var type = call.TargetMethod.ContainingType;
        var comparer = SymbolEqualityComparer.Default;
        if (comparer.Equals(type, symbols.TorchFunctional) || comparer.Equals(type, symbols.TorchSpecial))
        {
            // functional.log_softmax(x, dim) has no dtype parameter
            return call.Arguments.Length == 2 || comparer.Equals(type, symbols.TorchSpecial) ||
                   call.Arguments.Length == 3 && call.Arguments[2].ArgumentKind == ArgumentKind.DefaultValue;
        }

        return comparer.Equals(type, symbols.Tensor) && !call.TargetMethod.IsStatic;
    }

}
