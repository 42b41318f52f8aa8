using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>
/// The values a parameter of a private method takes: the argument of every call of it, all of which are in the declarations
/// of its containing type (<c>Train(model, criterion, …)</c> called from <c>Main</c>, <c>Cost(h, labels)</c> called with an
/// array of sigmoids). Asked where a value's kind depends on the caller (a module, a criterion, a model output); the
/// calls are found once per method.
/// </summary>
internal static class CallSites
{
    /// <summary>
    /// The argument passed for <paramref name="parameter"/> at every call, or null when that is not known: the method is
    /// not private, it is never called, a call leaves the argument out, or the method is used as a method group (a
    /// delegate or event handler is called from places no reading can follow).
    /// </summary>
    public static IReadOnlyList<IOperation>? ArgumentsOf(IParameterSymbol parameter, KnownSymbols symbols)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction } method ||
            method.MethodKind == MethodKind.Ordinary && method.DeclaredAccessibility != Accessibility.Private ||
            method.ContainingType is null || !OperationFacts.IsInSource(method))
        {
            return null;
        }

        // the calls are found once per method (one walk of its type's declarations, or of the member around a local
        // function), whichever parameter asks first
        var calls = symbols.MethodCalls.GetOrAdd(method.OriginalDefinition, m => new Box<IReadOnlyList<IInvocationOperation>?>(CallsOf(m, symbols.Compilation))).Value;
        if (calls is null)
        {
            return null;
        }

        var arguments = new List<IOperation>(calls.Count);
        foreach (var call in calls)
        {
            var argument = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == parameter.Ordinal);
            if (argument is null || argument.ArgumentKind != ArgumentKind.Explicit)
            {
                return null;
            }

            arguments.Add(argument.Value);
        }

        return arguments;
    }

    /// <summary>Every call of the method in its type's declarations, or null when one use of it is not a call (a method group).</summary>
    private static IReadOnlyList<IInvocationOperation>? CallsOf(IMethodSymbol method, Compilation compilation)
    {
        var calls = new List<IInvocationOperation>();
        foreach (var declaration in WhereCalled(method))
        {
            // the names of the declaration, indexed once per declaration: a type with many private methods (a factor
            // library's operator class has hundreds) was printed and walked whole for each of them
            if (!NamesIn(declaration).TryGetValue(method.Name, out var named) || !compilation.ContainsSyntaxTree(declaration.SyntaxTree))
            {
                continue;
            }

#pragma warning disable RS1030 // the callers of a private method are in its type's other members: their bodies are bound once, here
            var model = compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
            foreach (var name in named)
            {
                var info = model.GetSymbolInfo(name);
                var symbol = info.Symbol as IMethodSymbol ?? info.CandidateSymbols.FirstOrDefault() as IMethodSymbol;
                if (symbol is null || !SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, method))
                {
                    continue;
                }

                var invoked = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : (ExpressionSyntax)name;
                if (invoked.Parent is not InvocationExpressionSyntax call || call.Expression != invoked ||
                    model.GetOperation(call) is not IInvocationOperation invocation)
                {
                    return null;
                }

                calls.Add(invocation);
            }
        }

        return calls.Count > 0 ? calls : null;
    }

    /// <summary>
    /// Where the method can be called from: its type's declarations for a private method; for a local function, the member
    /// (or the top-level statements' file) it is declared in.
    /// </summary>
    private static IEnumerable<SyntaxNode> WhereCalled(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.LocalFunction)
        {
            return method.ContainingType.DeclaringSyntaxReferences.Select(r => r.GetSyntax());
        }

        var declared = method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
        var member = declared?.Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax and not GlobalStatementSyntax || a is CompilationUnitSyntax);
        return member is null ? Array.Empty<SyntaxNode>() : new[] { member };
    }

    /// <summary>Every simple name (<c>Cost</c>, <c>Cost&lt;T&gt;</c>) in a declaration, by its text, in document order: one walk
    /// per declaration, kept as long as its syntax tree lives.</summary>
    private static Dictionary<string, List<SimpleNameSyntax>> NamesIn(SyntaxNode declaration) =>
        Names.GetValue(declaration, static node =>
        {
            var names = new Dictionary<string, List<SimpleNameSyntax>>(StringComparer.Ordinal);
            foreach (var name in node.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var text = name.Identifier.ValueText;
                if (!names.TryGetValue(text, out var list))
                {
                    names[text] = list = new List<SimpleNameSyntax>();
                }

                list.Add(name);
            }

            return names;
        });

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxNode, Dictionary<string, List<SimpleNameSyntax>>> Names = new();
}
