using System.Collections.Immutable;
using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS002: <c>Log10</c>, <c>Log2</c> or <c>Log(x, 10|2)</c> in loss code (a loss-named member or type, a value flowing
/// into a loss variable, or the log of a probability from a sigmoid/softmax). Decibels, digit counts and bit counts
/// outside loss code are left alone.
/// </summary>
internal static class NonNaturalLogInLossRule
{
    private static readonly ulong NonNaturalLogarithm = MathApi.Mask(MathFunction.Log10, MathFunction.Log2, MathFunction.LogWithBase);

    /// <summary>LOSS002: what the host analyzer (<see cref="LossAnalyzer"/>) runs, and when.</summary>
    internal static readonly Rule Rule = new(
        Descriptors.LOSS002,
        static s => s.HasAnyLogarithm,
        Analyze,
        binary: null,
        calls: NonNaturalLogarithm);


    private static void Analyze(OperationAnalysisContext context, CallSite site)
    {
        var invocation = site.Invocation;
        var provenance = site.Provenance;
        if (!site.MayBe(NonNaturalLogarithm))
        {
            return;
        }

        var call = site.Call;
        string logBase;
        switch (call.Function)
        {
            case MathFunction.Log10:
                logBase = "10";
                break;
            case MathFunction.Log2:
                logBase = "2";
                break;
            case MathFunction.LogWithBase when OperationFacts.Constant(call.Argument(1)) is { } b && (b == 10 || b == 2):
                logBase = b == 10 ? "10" : "2";
                break;
            default:
                return;
        }

        if (IsDecibelsOrDigitCount(invocation))
        {
            return;
        }

        var lossContext = site.LossContext;

        // Log10(loss), Log10(losses[i]): a log-scale view of the loss value (a plot axis), not a term of the loss.
        if (call.Operand is { } logged && IsLossValue(logged, lossContext))
        {
            return;
        }

        var inLoss = lossContext.IsInLossCode(invocation);
        // outside loss-named code, only a cross-entropy term of a sigmoid/softmax output is loss code (the cheap syntactic
        // test first: provenance is the expensive one)
        if (!inLoss && call.Operand is { } operand && !call.IsSpanForm && IsCrossEntropyTerm(invocation))
        {
            var source = provenance.Resolve(BceShapes.ProbabilityOf(operand).Probability, lossContext);
            inLoss = source is { Kind: ProbabilityKind.Sigmoid or ProbabilityKind.Softmax };
        }

        // a training loss only: a log-loss an evaluator reports in bits is a unit choice (no gradient flows), and so is a
        // utility that offers both bases (useLn ? Math.Log(p) : Math.Log(p, 2))
        if (!inLoss || LossContext.IsMetricCode(invocation.Syntax) || call.Operand is { } measured && ConsumerEvidence.OtherBranchTakesNaturalLog(invocation, measured, provenance.Symbols))
        {
            return;
        }

        var scale = logBase == "10" ? "0.434" : "1.443";
        var name = invocation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax syntax
            ? RuleSupport.Quote(syntax.Expression)
            : invocation.TargetMethod.Name;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.LOSS002,
            invocation.Syntax.GetLocation(),
            // the fix renames the call it is reported on: it needs no data
            ImmutableDictionary<string, string?>.Empty,
            name,
            logBase,
            scale));
    }

    /// <summary><c>10 * Log10(x)</c>, <c>20 * Log10(x)</c> (decibels) and <c>(int)Floor(Log10(n)) + 1</c> (digit counts).</summary>
    private static bool IsDecibelsOrDigitCount(IInvocationOperation invocation)
    {
        for (var parent = invocation.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } multiply
                    when HasDecibelFactor(multiply.LeftOperand) || HasDecibelFactor(multiply.RightOperand):
                    return true;
                case IInvocationOperation { TargetMethod.Name: "Floor" or "Ceiling" or "Truncate" or "Round" or "ILogB" }:
                    return true;
                case IConversionOperation conversion when conversion.Type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_UInt32:
                    return true;
                case IParenthesizedOperation or IConversionOperation or IBinaryOperation or IUnaryOperation or IArgumentOperation:
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Is the operand the loss itself: a variable, field, property or element of an array named like a loss
    /// (other than a likelihood)?</summary>
    private static bool IsLossValue(IOperation operand, LossContext lossContext)
    {
        var value = OperationFacts.Strip(operand);
        if (value is IArrayElementReferenceOperation element)
        {
            value = OperationFacts.Strip(element.ArrayReference);
        }
        else if (value is IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance })
        {
            value = OperationFacts.Strip(instance);
        }

        // a likelihood is what a loss takes the log of, not a loss value
        return OperationFacts.ReferencedSymbol(value) is { } symbol && lossContext.IsLossName(symbol.Name) &&
               System.Array.IndexOf(LossContext.Words(symbol.Name), "likelihood") < 0;
    }

    /// <summary>A product with a constant factor 10 or 20: <c>10</c>, <c>20 * k</c>, <c>10 * pathLossExponent</c>.</summary>
    private static bool HasDecibelFactor(IOperation operation)
    {
        var e = OperationFacts.Strip(operation);
        if (OperationFacts.Constant(e) is { } c)
        {
            return c is 10 or 20;
        }

        return e is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product &&
               (HasDecibelFactor(product.LeftOperand) || HasDecibelFactor(product.RightOperand));
    }

    /// <summary>Is the logarithm multiplied by something (a target) and summed: <c>y * Log10(p)</c>?</summary>
    private static bool IsCrossEntropyTerm(IInvocationOperation invocation) =>
        OperationFacts.Parent(invocation) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } or
            IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } or
            ICompoundAssignmentOperation;
}
