using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.Semantics;

/// <summary>
/// Evidence from a cost's own gradient that its prediction is a sigmoid output. The derivative of the binary cross-entropy
/// −t·log a − (1 − t)·log(1 − a) with respect to the pre-activation z is a − t only when a = σ(z) (σ′ = a(1 − a) cancels the
/// 1/(a(1 − a)) of the loss): a cost type that logs <c>a</c> and <c>1 − a</c> and whose sibling method returns exactly
/// <c>a − t</c> (<c>a.Select((x, i) =&gt; x - t[i])</c> element by element) for parameters of the same names is paired with a
/// sigmoid output layer, wherever that layer is configured. Read from syntax, once per type.
/// </summary>
internal static class CancelledGradient
{
    /// <summary>One <c>output − target</c> gradient of a type: the two parameter names and the returned expression.</summary>
    internal sealed class Gradient
    {
        public Gradient(string output, string target, SyntaxNode expression, string method)
        {
            Output = output;
            Target = target;
            Expression = expression;
            Method = method;
        }

        public string Output { get; }

        public string Target { get; }

        public SyntaxNode Expression { get; }

        /// <summary>The name of the method that returns it (for the message).</summary>
        public string Method { get; }
    }

    /// <summary>
    /// The gradient that says <paramref name="parameter"/> is a sigmoid output: a sibling method of its method returns
    /// <c>parameter − target</c> for a target parameter both methods have, and the method itself takes <c>1 − parameter</c>
    /// (a Bernoulli loss, not a categorical one, whose a − t gradient is the softmax's). Null otherwise.
    /// </summary>
    public static Gradient? For(IParameterSymbol parameter)
    {
        // (a target parameter beside the prediction, first: most parameters asked about have none)
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, Parameters.Length: >= 2 } method ||
            method.ContainingType is not { } type || !OperationFacts.IsInSource(type))
        {
            return null;
        }

        var gradients = PerType.GetValue(type, static t => new Box<ImmutableArray<Gradient>>(Compute((INamedTypeSymbol)t))).Value;
        foreach (var gradient in gradients)
        {
            if (gradient.Output == parameter.Name && gradient.Method != method.Name && HasParameter(method, gradient.Target) &&
                TakesComplement(method, parameter.Name))
            {
                return gradient;
            }
        }

        return null;
    }

    /// <summary>Per type (a source symbol is one object per compilation: the weak table compares references, cheaper than
    /// a symbol comparer's hash for a question asked of most parameters).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ISymbol, Box<ImmutableArray<Gradient>>> PerType = new();

    private static bool HasParameter(IMethodSymbol method, string name)
    {
        foreach (var candidate in method.Parameters)
        {
            if (candidate.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Does the method's body subtract the parameter (or an element of it) from 1?</summary>
    private static bool TakesComplement(IMethodSymbol method, string name)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                if (OperationFacts.OneMinusSyntax(node) is { } complemented)
                {
                    var right = complemented;
                    if (right is ElementAccessExpressionSyntax element)
                    {
                        right = element.Expression;
                    }

                    if (right is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static ImmutableArray<Gradient> Compute(INamedTypeSymbol type)
    {
        List<Gradient>? found = null;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            foreach (var member in declaration.Members)
            {
                if (member is not MethodDeclarationSyntax { ParameterList.Parameters.Count: >= 2 } method)
                {
                    continue;
                }

                // the softmax's cross-entropy cancels to p − t as well: a method that says so is not evidence of a sigmoid
                // (its name asked last: few methods return a − t)
                if (Returned(method) is { } returned && AsGradient(returned, method) is { } gradient &&
                    method.Identifier.ValueText.IndexOf("softmax", System.StringComparison.OrdinalIgnoreCase) < 0)
                {
                    (found ??= new List<Gradient>()).Add(gradient);
                }
            }
        }

        return found is null ? ImmutableArray<Gradient>.Empty : found.ToImmutableArray();
    }

    /// <summary>
    /// What a one-line method returns (an expression body, or a body that is a single <c>return</c>), or null: a gradient
    /// that says a − t is written so, and looking no further keeps this a look at each method's first statement rather
    /// than a walk of every body of the compilation.
    /// </summary>
    private static ExpressionSyntax? Returned(MethodDeclarationSyntax method) =>
        method.ExpressionBody?.Expression ??
        (method.Body is { Statements.Count: 1 } body && body.Statements[0] is ReturnStatementSyntax { Expression: { } returned } ? returned : null);

    /// <summary><c>a - t</c>, or <c>a.Select((x, i) =&gt; x - t[i])</c> (optionally <c>.ToArray()</c>), over two parameters.</summary>
    private static Gradient? AsGradient(ExpressionSyntax returned, MethodDeclarationSyntax method)
    {
        var expression = OperationFacts.StripSyntax(returned);
        if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToArray" or "ToList" } toArray, ArgumentList.Arguments.Count: 0 })
        {
            expression = OperationFacts.StripSyntax(toArray.Expression);
        }

        string? output = null;
        string? target = null;
        if (expression is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.SubtractExpression } difference &&
            OperationFacts.StripSyntax(difference.Left) is IdentifierNameSyntax left && OperationFacts.StripSyntax(difference.Right) is IdentifierNameSyntax right)
        {
            output = left.Identifier.ValueText;
            target = right.Identifier.ValueText;
        }
        else if (expression is InvocationExpressionSyntax
                 {
                     Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Select", Expression: IdentifierNameSyntax source },
                     ArgumentList.Arguments.Count: 1,
                 } select &&
                 select.ArgumentList.Arguments[0].Expression is ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 2, ExpressionBody: { } body } lambda &&
                 OperationFacts.StripSyntax(body) is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.SubtractExpression } elementDifference &&
                 OperationFacts.StripSyntax(elementDifference.Left) is IdentifierNameSyntax element &&
                 element.Identifier.ValueText == lambda.ParameterList.Parameters[0].Identifier.ValueText &&
                 OperationFacts.StripSyntax(elementDifference.Right) is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax targets, ArgumentList.Arguments.Count: 1 } access &&
                 access.ArgumentList.Arguments[0].Expression is IdentifierNameSyntax index &&
                 index.Identifier.ValueText == lambda.ParameterList.Parameters[1].Identifier.ValueText)
        {
            output = source.Identifier.ValueText;
            target = targets.Identifier.ValueText;
        }

        if (output is null || target is null || output == target || !IsParameter(method, output) || !IsParameter(method, target))
        {
            return null;
        }

        return new Gradient(output, target, returned, method.Identifier.ValueText);
    }

    private static bool IsParameter(MethodDeclarationSyntax method, string name)
    {
        foreach (var parameter in method.ParameterList.Parameters)
        {
            if (parameter.Identifier.ValueText == name)
            {
                return true;
            }
        }

        return false;
    }
}
