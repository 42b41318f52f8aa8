using System.Collections.Immutable;
using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS001: the natural log of a value that is a probability (a sigmoid, a softmax output, a division by a sum, a
/// probability parameter of a loss), or of one minus it, with no guard that keeps it away from 0. Silent where
/// LOSS003/LOSS004 explain the same logarithm (one misuse, one diagnostic).
/// </summary>
internal static class LogOfUnguardedProbabilityRule
{
    private static readonly ulong Logarithm = MathApi.AnyBaseLogarithm;

    /// <summary>LOSS001: what the host analyzer (<see cref="LossAnalyzer"/>) runs, and when.</summary>
    internal static readonly Rule Rule = new(
        Descriptors.LOSS001,
        static s => s.HasAnyLogarithm,
        Analyze,
        binary: null,
        calls: Logarithm);


    private static void Analyze(OperationAnalysisContext context, CallSite site)
    {
        var invocation = site.Invocation;
        var provenance = site.Provenance;
        if (!site.MayBe(Logarithm))
        {
            return;
        }

        var call = site.Call;
        // a constant (Math.Log(2), a literal ratio) is no probability that can drift to 0: the commonest log of all, answered first
        if (!MathApi.IsLogarithm(call.Function) || call.Operand is not { } argument || OperationFacts.Constant(argument) is not null)
        {
            return;
        }

        if (call.Style == ApiStyle.Own && (OperationFacts.IsFloat(call.Invocation.Type) || OperationFacts.IsDouble(call.Invocation.Type)))
        {
            // a scalar helper is classified only when it reads a precomputed table (MathApi.IsTableLookup): its first entry
            // is a finite log of the table's smallest step, never −∞ (LOSS003 still reports a sigmoid logged through it)
            return;
        }

        // a log in another base is −∞ at 0 all the same, but outside loss code a base says the value is reported (a log-loss
        // in bits of an evaluator, where +∞ for a confident miss is the metric's own value); the logits-form rewrites
        // (natural logs) are offered for Log only
        var natural = call.Function == MathFunction.Log;
        // (and where the other branch takes the natural log of the same value, that log carries the diagnostic)
        // (a change of base written out, Log(p) / Log(2), is a log in that base)
        if ((!natural || IsChangeOfBase(invocation)) &&
            (!site.LossContext.IsInLossCode(invocation) || LossContext.IsMetricCode(invocation.Syntax) ||
             ConsumerEvidence.OtherBranchTakesNaturalLog(invocation, argument, site.Symbols)))
        {
            return;
        }

        var lossContext = site.LossContext;
        var (probability, isComplement) = BceShapes.ProbabilityOf(argument);
        var source = site.Resolve(probability);

        // Evidence from use: a value the loss logs as a Bernoulli or categorical probability is one, whatever its name. A
        // normalised count (c / Σ c) is reported only where it is used so, or in loss code: elsewhere (smoothed count
        // tables, estimators) a zero count is the data's, not a numerical accident; a negated log (−log(c / Σ c)) is a
        // negative log-likelihood wherever it is.
        var shape = ConsumerShape.None;
        if (source is null ||
            source.Kind == ProbabilityKind.LossParameter && (!ConsumerEvidence.IsNegated(invocation) || ConsumerEvidence.IsAlsoATermOfItsOwn(invocation, probability)) ||
            source.Kind == ProbabilityKind.Normalized && !ConsumerEvidence.IsNegated(invocation) && !lossContext.IsInLossCode(invocation))
        {
            shape = ConsumerEvidence.Of(invocation, probability, isComplement, provenance.Symbols, lossContext, provenance);
            if (shape == ConsumerShape.None)
            {
                return;
            }
        }

        // one misuse, one diagnostic (Precedence): logits are LOSS008's, a BCE over sigmoid/softmax outputs LOSS003/LOSS004's
        if (Precedence.Loss001YieldsToLoss008(probability, source, provenance) ||
            natural && Precedence.Loss001YieldsToBce(invocation, source, provenance.Symbols) ||
            natural && !call.IsSpanForm && (site.IsSigmoidCrossEntropyTerm || site.IsSoftmaxBernoulliTerm))
        {
            return;
        }

        if (!call.IsSpanForm && Guards.IsKeptAwayFromZero(argument, invocation))
        {
            return;
        }

        // (a span API's log: the elements' type)
        var isFloat = OperationFacts.IsFloat(OperationFacts.Strip(probability).Type) || call.Style == ApiStyle.MathF ||
                      call.Style == ApiStyle.Torch || call.IsSpanForm && OperationFacts.IsFloat(Provenance.ElementType(OperationFacts.Strip(probability).Type));
        string? logits = null;
        // StableMath.LogSigmoid needs the StableLoss library; without it the fix falls back to the clamp (TorchSharp has
        // its own logsigmoid).
        if (natural && source?.Kind == ProbabilityKind.Sigmoid && !call.IsSpanForm &&
            (call.Style == ApiStyle.Torch ||
             call.Style is ApiStyle.Math or ApiStyle.MathF or ApiStyle.GenericMath && provenance.Symbols.StableMath is not null))
        {
            logits = provenance.Symbols.CanFixInType(OperationFacts.Strip(probability).Type) || call.Style == ApiStyle.Torch
                ? source!.Logits?.TextAt(invocation)
                : null;
        }

        // −log softmax(z)[label]: the categorical cross-entropy of the logits, exact for every finite z
        string? softmaxLogits = null;
        string? targetClass = null;
        if (natural && source?.Kind == ProbabilityKind.Softmax && !isComplement && !call.IsSpanForm &&
            call.Style is ApiStyle.Math or ApiStyle.MathF && provenance.Symbols.StableLossLoss is not null &&
            OperationFacts.Strip(probability) is IArrayElementReferenceOperation { Indices.Length: 1 } element &&
            OperationFacts.Strip(element.Indices[0]).Type?.SpecialType == SpecialType.System_Int32 &&
            source.Logits?.TextAt(invocation, out var logitsType) is { } vectorText &&
            logitsType is IArrayTypeSymbol { Rank: 1 } logitsArray &&
            SymbolEqualityComparer.Default.Equals(logitsArray.ElementType, OperationFacts.Strip(probability).Type))
        {
            softmaxLogits = vectorText;
            targetClass = RuleSupport.SourceText(element.Indices[0].Syntax);
        }

        // torch.log(softmax(z, d)): log_softmax(z, d) is the same tensor, computed stably
        string? logSoftmaxLogits = null;
        string? dimension = null;
        if (natural && source is { Kind: ProbabilityKind.Softmax, IsModule: false } && !isComplement && call.Style == ApiStyle.Torch &&
            source.Producer.SyntaxTree == invocation.Syntax.SyntaxTree && invocation.SemanticModel?.GetOperation(source.Producer) is IInvocationOperation softmaxCall &&
            MathApi.Classify(softmaxCall, provenance.Symbols) is { Function: MathFunction.Softmax, Style: ApiStyle.Torch } softmax &&
            softmax.ArgumentAfterOperand(0) is { } dim && OperationFacts.Constant(dim) is not null &&
            source.Logits?.TextAt(invocation) is { } tensorLogits)
        {
            logSoftmaxLogits = tensorLogits;
            dimension = RuleSupport.SourceText(OperationFacts.Strip(dim).Syntax);
        }

        var fix = logits is not null ? LogOfProbabilityFix.LogSigmoid
            : logSoftmaxLogits is not null ? LogOfProbabilityFix.LogSoftmax
            : softmaxLogits is not null ? LogOfProbabilityFix.SoftmaxCrossEntropy
            : call.Style is ApiStyle.Math or ApiStyle.MathF or ApiStyle.Torch ||
              call.Style == ApiStyle.GenericMath && OperationFacts.Strip(probability).Type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single
                ? LogOfProbabilityFix.Clamp
                : LogOfProbabilityFix.None;

        var what = source is null ? shape switch
        {
            ConsumerShape.Bernoulli => "used as the probability of a binary cross-entropy",
            ConsumerShape.TargetClass => "used as the probability of the target class in a negative log-likelihood",
            _ => "used as a predicted distribution in a cross-entropy",
        }
        : source.IsModule && source.Kind is ProbabilityKind.Sigmoid or ProbabilityKind.Softmax
            ? $"the output of a model whose last module is '{Shorten(RuleSupport.Quote(source.Producer))}' ({OperationFacts.LineFrom(source.Producer, invocation.Syntax)})"
        : source.Kind switch
        {
            ProbabilityKind.Sigmoid => source.Logits is { } z
                ? $"the sigmoid of '{Shorten(z.ToString())}' ({OperationFacts.LineFrom(source.Shown, invocation.Syntax)})"
                : $"{source.OutputText("sigmoid")} ({OperationFacts.LineFrom(source.Shown, invocation.Syntax)})",
            ProbabilityKind.Softmax => source.Logits is { } v && source.Origin is not null
                ? $"the softmax of '{Shorten(v.ToString())}' ({OperationFacts.LineFrom(source.Shown, invocation.Syntax)})"
                : $"{source.OutputText("softmax")} ({OperationFacts.LineFrom(source.Shown, invocation.Syntax)})",
            ProbabilityKind.Normalized => $"a normalised value ({OperationFacts.LineFrom(source.Producer, invocation.Syntax)})",
            ProbabilityKind.Declared => $"declared [Probability] ({OperationFacts.LineFrom(source.Producer, invocation.Syntax)})",
            ProbabilityKind.Sampled => $"the output of a model the code samples from as a distribution ('{Shorten(RuleSupport.Quote(source.Producer))}', {OperationFacts.LineFrom(source.Producer, invocation.Syntax)})",
            _ => RuleSupport.Quote(source.Producer) == RuleSupport.Quote(probability.Syntax)
                ? "a probability parameter of a loss"
                : $"read from '{Shorten(RuleSupport.Quote(source.Producer))}', a probability parameter of a loss",
        };
        var advice = logSoftmaxLogits is not null
            ? $"use functional.log_softmax({Shorten(logSoftmaxLogits)}, {dimension}), the same log computed from the logits"
            : softmaxLogits is not null
            ? $"use Loss.SoftmaxCrossEntropy({Shorten(softmaxLogits)}, {Shorten(targetClass!)}), which is −log of it computed from the logits"
            : logits is not null
            ? $"use {(call.Style == ApiStyle.Torch ? "functional.logsigmoid" : "StableMath.LogSigmoid")}({(isComplement ? "-" : string.Empty)}{Shorten(logits)})"
            : (call.Style == ApiStyle.Own || OperationFacts.Strip(probability).Type is ITypeParameterSymbol) &&
              OperationFacts.Strip(probability).Type?.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single)
                ? (source is { Kind: ProbabilityKind.Softmax } && !isComplement
                    ? "compute a log-softmax of the logits instead (x − max − log Σ exp(x − max)), or "
                    : string.Empty) + OperationFacts.NumericElementOf(OperationFacts.Strip(probability).Type) switch
                    {
                        // (a library's Matrix<float>, a DenseMatrix deriving from it: the elements' type is known)
                        SpecialType.System_Single => "clamp it to [ε, 1 − ε] with ε = 1e-7 (float32 elements)",
                        SpecialType.System_Double => "clamp it to [ε, 1 − ε] with ε = 1e-12 (float64 elements)",
                        _ => "clamp it to [ε, 1 − ε] (ε = 1e-7 for float32 elements, 1e-12 for float64)",
                    }
                : (source is { IsModule: true, Kind: ProbabilityKind.Softmax or ProbabilityKind.Sigmoid } && !isComplement
                    ? $"end the model in {(source.Kind == ProbabilityKind.Softmax ? "LogSoftmax" : "LogSigmoid")} and use its output in place of this log, or "
                    : string.Empty) +
                  $"clamp it to [ε, 1 − ε] with ε = {RuleSupport.EpsilonLiteral(context.Options, invocation.Syntax.SyntaxTree, isFloat)}";
        var fixData = new LogOfUnguardedProbabilityFixData(
            fix,
            logits ?? softmaxLogits ?? logSoftmaxLogits,
            targetClass,
            isComplement,
            call.Style == ApiStyle.Torch,
            RuleSupport.EpsilonLiteral(context.Options, invocation.Syntax.SyntaxTree, isFloat),
            provenance.Symbols.Math?.GetMembers("Clamp").IsEmpty == false,
            dimension,
            fix == LogOfProbabilityFix.Clamp && ClampedOperand(invocation.Syntax) is { } clamped ? clamped.GetLocation() : null);
        if (fixData.Fix == LogOfProbabilityFix.Clamp && fixData.Clamped is null)
        {
            // nothing to clamp in the syntax (a log written through a delegate): no fix
            fixData = new LogOfUnguardedProbabilityFixData(LogOfProbabilityFix.None, null, null, isComplement, fixData.IsTorch, fixData.Epsilon, fixData.HasMathClamp);
        }

        var properties = fixData.Write();
        var additional = fixData.Locations.AddRange(
            source is not null ? RuleSupport.ProducerLocation(source.Shown, invocation.Syntax) : ImmutableArray<Location>.Empty);
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.LOSS001,
            invocation.Syntax.GetLocation(),
            additional,
            properties,
            RuleSupport.Quote(probability.Syntax),
            what,
            // log(y == 1 ? p : 1 − p): the label picks a side, and either side can be the one that reaches 0
            BceShapes.IsLabelChoice(argument) ? "0 or 1" : isComplement ? "1" : "0",
            BceShapes.IsLabelChoice(argument) ? "the log of the side the label picks"
                : isComplement ? $"log(1 - {RuleSupport.Quote(probability.Syntax)})" : "its log",
            // only where the log is a loss's (loss code, a loss shape, a negated log) does the message speak of a loss
            shape != ConsumerShape.None || ConsumerEvidence.IsNegated(invocation) || lossContext.IsInLossCode(invocation)
                ? " and the loss becomes NaN or ∞"
                : string.Empty,
            advice));
    }

    /// <summary><c>Log(p) / Log(2)</c>: a natural log divided by the log of a constant base (a log in that base).</summary>
    private static bool IsChangeOfBase(IOperation log) =>
        OperationFacts.Parent(log) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division &&
        ReferenceEquals(OperationFacts.Strip(division.LeftOperand), log) &&
        OperationFacts.Strip(division.RightOperand) is IInvocationOperation { TargetMethod.Name: "Log", Arguments.Length: 1 } baseLog &&
        OperationFacts.Constant(baseLog.Arguments[0].Value) is not null;

    /// <summary>
    /// What the clamp fix clamps: the argument of the log, or the receiver of <c>tensor.log()</c>; inside <c>1 − p</c>, p itself
    /// (parentheses looked through). Null where the syntax has neither.
    /// </summary>
    private static ExpressionSyntax? ClampedOperand(SyntaxNode log)
    {
        if (log is not InvocationExpressionSyntax invocation)
        {
            return null;
        }

        var operand = invocation.ArgumentList.Arguments.Count > 0
            ? invocation.ArgumentList.Arguments[0].Expression
            : (invocation.Expression as MemberAccessExpressionSyntax)?.Expression;
        if (operand is null)
        {
            return null;
        }

        var target = OperationFacts.Unparenthesize(operand);
        return target is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.SubtractExpression } oneMinus && IsOne(oneMinus.Left)
            ? oneMinus.Right
            : target;
    }

    private static bool IsOne(ExpressionSyntax expression) =>
        OperationFacts.Unparenthesize(expression) is LiteralExpressionSyntax literal && OperationFacts.WrittenLiteral(literal) == 1;

    private static string Shorten(string text) => text.Length > 40 ? text.Substring(0, 37) + "..." : text;
}
