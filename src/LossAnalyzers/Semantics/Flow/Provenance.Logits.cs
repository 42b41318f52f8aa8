using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>The answer of <see cref="Provenance.ResolveLogits"/>: where a value known to be logits was made.</summary>
internal sealed class LogitsSource
{
    public LogitsSource(SyntaxNode producer, string description)
    {
        Producer = producer;
        Description = description;
    }

    /// <summary>The <c>nn.Linear</c> module, the <c>functional.linear</c> call, the <c>[Logits]</c> declaration.</summary>
    public SyntaxNode Producer { get; }

    /// <summary>What the message says the value is: "the output of the Linear module 'fc'", "declared [Logits]".</summary>
    public string Description { get; }
}

/// <summary>The second question the provenance answers (LOSS008): is a value logits, on positive evidence only?</summary>
internal sealed partial class Provenance
{
    private const int MaxLogitsDepth = 6;

    [System.ThreadStatic]
    private static System.Collections.Generic.HashSet<ISymbol>? logitsInProgress;

    private readonly ConcurrentDictionary<IMethodSymbol, Box<LogitsSource?>> logitsSummaries = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Is <paramref name="value"/> logits? Yes for the output of a TorchSharp <c>Linear</c> module (called directly, or as the
    /// last module of a <c>Sequential</c>, or returned by a user module's <c>forward</c>), of <c>functional.linear</c>, and for
    /// anything declared <c>[Logits]</c>; followed through locals, reshapes and moves. Null when it is not known: an unknown
    /// value is never taken for logits.
    /// </summary>
    public LogitsSource? ResolveLogits(IOperation value) => ResolveLogits(value, 0);

    private LogitsSource? ResolveLogits(IOperation value, int depth)
    {
        if (depth > MaxLogitsDepth)
        {
            return null;
        }

        var operation = OperationFacts.Strip(value);
        switch (operation)
        {
            case IInvocationOperation invocation:
                return LogitsFromInvocation(invocation, depth);
            case ILocalReferenceOperation local:
            {
                if (Dataflow.ReachingValues(local.Local, operation) is not { Count: > 0 } values)
                {
                    return null;
                }

                LogitsSource? first = null;
                foreach (var reaching in values)
                {
                    if (ResolveLogits(reaching, depth + 1) is not { } source)
                    {
                        return null;
                    }

                    first ??= source;
                }

                return first;
            }

            case IParameterReferenceOperation parameter when Contracts.IsDeclaredLogits(parameter.Parameter, symbols):
                return Declared(parameter.Parameter, operation);
            case IFieldReferenceOperation field when Contracts.IsDeclaredLogits(field.Field, symbols):
                return Declared(field.Field, operation);
            case IPropertyReferenceOperation property when Contracts.IsDeclaredLogits(property.Property, symbols):
                return Declared(property.Property, operation);
            default:
                return null;
        }
    }

    private static LogitsSource Declared(ISymbol symbol, IOperation reference) =>
        new(symbol.DeclaringSyntaxReferences.Length > 0 ? symbol.DeclaringSyntaxReferences[0].GetSyntax() : reference.Syntax,
            reference.Syntax.ToString() == symbol.Name ? "declared [Logits]" : $"declared [Logits] ('{symbol.Name}')");

    private LogitsSource? LogitsFromInvocation(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod;
        if (Contracts.ReturnsLogits(method, symbols))
        {
            return new LogitsSource(invocation.Syntax, $"declared [return: Logits] by '{method.Name}'");
        }

        // a scalar score of this compilation: double Score(x) => b + Σ w[i]·x[i] (named a score, logit or margin)
        if (invocation.Type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single && OperationFacts.IsInSource(method) &&
            IsScoreName(method.Name) && ReturnsAffineScore(method.OriginalDefinition))
        {
            return new LogitsSource(invocation.Syntax, $"the affine score w·x + b that '{method.Name}' returns (logits)");
        }

        if (symbols.Tensor is not { } tensorType || !SymbolEqualityComparer.Default.Equals(invocation.Type, tensorType))
        {
            return null;
        }

        var comparer = SymbolEqualityComparer.Default;
        if (method.Name == "linear" && comparer.Equals(method.ContainingType, symbols.TorchFunctional))
        {
            return new LogitsSource(invocation.Syntax, "the output of functional.linear (logits)");
        }

        if (method.Name is "forward" or "call" && invocation.Instance is { } receiver)
        {
            if (symbols.LinearModule is not null && comparer.Equals(receiver.Type, symbols.LinearModule))
            {
                return new LogitsSource(invocation.Syntax, $"the output of the Linear module '{RuleSupport.Quote(receiver.Syntax)}' (logits)");
            }

            if (SequentialLastModule(invocation) is { } last)
            {
                return comparer.Equals(last.Type, symbols.LinearModule)
                    ? new LogitsSource(last.Syntax, $"the output of '{RuleSupport.Quote(last.Syntax)}', the last module of a Sequential (logits)")
                    : null;
            }
        }

        // a tensor reshaped, moved or detached holds the same values
        if (SameValuesTensor(invocation) is { } instance)
        {
            return ResolveLogits(instance, depth + 1);
        }

        // model.call(x) on a module of this compilation runs its forward(x); a source method returning a tensor
        var callee = method.Name == "call" && !OperationFacts.IsInSource(method) ? UserForward(invocation.Instance?.Type) : method;
        if (callee is null || !OperationFacts.IsInSource(callee))
        {
            return null;
        }

        return LogitsSummary(callee.OriginalDefinition, depth);
    }

    private static bool IsScoreName(string name) =>
        name.IndexOf("Score", StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf("Logit", StringComparison.OrdinalIgnoreCase) >= 0 ||
        name.IndexOf("Margin", StringComparison.OrdinalIgnoreCase) >= 0;

    private readonly ConcurrentDictionary<IMethodSymbol, bool> affineScores = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Does every return of the method give an affine score of its input — a dot product (<c>Dot(w, x)</c>, a local
    /// accumulated only with products <c>s += w[i] * x[i]</c>), plus a bias or not? (Cached per method.)
    /// </summary>
    private bool ReturnsAffineScore(IMethodSymbol method) =>
        affineScores.GetOrAdd(method, m =>
        {
            if (BodyOf(m) is not { } body)
            {
                return false;
            }

            var any = false;
            foreach (var operation in OperationFacts.Descendants(body, intoFunctions: false))
            {
                if (operation is IReturnOperation { ReturnedValue: { } returned })
                {
                    if (!IsAffine(returned))
                    {
                        return false;
                    }

                    any = true;
                }
            }

            return any;
        });

    private static bool IsAffine(IOperation value)
    {
        var e = OperationFacts.Strip(value);
        if (IsDotProduct(e))
        {
            return true;
        }

        // Dot(w, x) + b, b + Σ: a bias added to a dot product
        return e is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum &&
               (IsDotProduct(OperationFacts.Strip(sum.LeftOperand)) && OperationFacts.Strip(sum.RightOperand) is not IInvocationOperation ||
                IsDotProduct(OperationFacts.Strip(sum.RightOperand)) && OperationFacts.Strip(sum.LeftOperand) is not IInvocationOperation);
    }

    private static bool IsDotProduct(IOperation e)
    {
        if (e is IInvocationOperation { TargetMethod.Name: "Dot" or "DotProduct" or "InnerProduct" } dot &&
            dot.Arguments.Length + (dot.Instance is null || dot.TargetMethod.IsStatic ? 0 : 1) == 2)
        {
            return true;
        }

        // s += w[i] * x[i] (and nothing else added), from a bias or 0
        if (e is not ILocalReferenceOperation local)
        {
            return false;
        }

        var additions = Dataflow.CompoundAdditionsTo(local.Local, local);
        if (additions.Count == 0)
        {
            return false;
        }

        // no other write but a plain start value (0, a bias): s = Math.Exp(s) after the loop is not a score any more
        var root = OperationFacts.Root(local);
        foreach (var write in Dataflow.WritesTo(local.Local, root))
        {
            if (write.Accumulates)
            {
                continue;
            }

            if (write.Value is null)
            {
                return false;
            }
            else if (OperationFacts.Strip(write.Value) is not (ILiteralOperation or IFieldReferenceOperation or IParameterReferenceOperation or
                         IPropertyReferenceOperation { Arguments.Length: 0 } or IArrayElementReferenceOperation))
            {
                return false;
            }
        }

        foreach (var addition in additions)
        {
            if (OperationFacts.Strip(addition) is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product ||
                OperationFacts.Strip(product.LeftOperand) is not (IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true }) ||
                OperationFacts.Strip(product.RightOperand) is not (IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true }))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What every return of a source method is, when all are logits (cached per method).</summary>
    private LogitsSource? LogitsSummary(IMethodSymbol method, int depth)
    {
        if (logitsSummaries.TryGetValue(method, out var cached))
        {
            return cached.Value;
        }

        logitsInProgress ??= new System.Collections.Generic.HashSet<ISymbol>(SymbolEqualityComparer.Default);
        if (!logitsInProgress.Add(method))
        {
            return null;
        }

        LogitsSource? result = null;
        try
        {
            if (BodyOf(method) is { } body)
            {
                foreach (var operation in OperationFacts.Descendants(body, intoFunctions: false))
                {
                    if (operation is not IReturnOperation { ReturnedValue: { } returned })
                    {
                        continue;
                    }

                    if (ResolveLogits(returned, depth + 1) is not { } source)
                    {
                        result = null;
                        break;
                    }

                    result ??= source;
                }
            }
        }
        finally
        {
            logitsInProgress.Remove(method);
        }

        // a summary cut by the depth budget would be null for this caller only: cache only what was found at depth 0
        if (result is not null || depth == 0)
        {
            logitsSummaries.TryAdd(method, new Box<LogitsSource?>(result));
        }

        return result;
    }
}
