using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>
/// The values a parameter of a private method takes: the argument of every call of it, all of which are in the declarations
/// of its containing type (<c>Train(model, criterion, …)</c> called from <c>Main</c>). Asked only where a value's kind
/// depends on the caller (a module, a criterion); answered once per parameter.
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
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Private } method ||
            method.ContainingType is not { } type || !OperationFacts.IsInSource(method))
        {
            return null;
        }

        return symbols.CallArguments.GetOrAdd(parameter, p => new Box<IReadOnlyList<IOperation>?>(Compute(p, method, type, symbols.Compilation))).Value;
    }

    private static IReadOnlyList<IOperation>? Compute(IParameterSymbol parameter, IMethodSymbol method, INamedTypeSymbol type, Compilation compilation)
    {
        var arguments = new List<IOperation>();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax();
            if (declaration.ToString().IndexOf(method.Name, StringComparison.Ordinal) < 0 || !compilation.ContainsSyntaxTree(declaration.SyntaxTree))
            {
                continue;
            }

#pragma warning disable RS1030 // the callers of a private method are in its type's other members: their bodies are bound once, here
            var model = compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
            foreach (var name in declaration.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (name.Identifier.ValueText != method.Name)
                {
                    continue;
                }

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

                var argument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == parameter.Ordinal);
                if (argument is null || argument.ArgumentKind != ArgumentKind.Explicit)
                {
                    return null;
                }

                arguments.Add(argument.Value);
            }
        }

        return arguments.Count > 0 ? arguments : null;
    }
}
