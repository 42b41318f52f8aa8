using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace LossAnalyzers.CodeFixes;

/// <summary>Syntax builders shared by the fixers: the reported node, parsing fix data, casts, <c>using StableLoss;</c>.</summary>
internal static class FixSupport
{
    public static async Task<SyntaxNode?> ReportedNodeAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
    }

    public static string? Property(Diagnostic diagnostic, string key) =>
        diagnostic.Properties.TryGetValue(key, out var value) ? value : null;

    /// <summary>Parses an expression from fix data, parenthesised when it is used as an operand.</summary>
    public static ExpressionSyntax Parse(string text) => SyntaxFactory.ParseExpression(text);

    public static ExpressionSyntax Operand(ExpressionSyntax expression) =>
        expression is IdentifierNameSyntax or ElementAccessExpressionSyntax or InvocationExpressionSyntax or
            MemberAccessExpressionSyntax or LiteralExpressionSyntax or ParenthesizedExpressionSyntax
            ? expression
            : SyntaxFactory.ParenthesizedExpression(expression);

    public static ExpressionSyntax Negate(ExpressionSyntax expression) =>
        expression is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } minus
            ? minus.Operand is ParenthesizedExpressionSyntax p ? p.Expression : minus.Operand
            : SyntaxFactory.PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression, Operand(expression));

    public static ExpressionSyntax CastToFloat(ExpressionSyntax expression) =>
        SyntaxFactory.CastExpression(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.FloatKeyword)), Operand(expression));

    /// <summary><c>StableLoss.&lt;type&gt;</c>, simplified to <c>&lt;type&gt;</c> with <c>using StableLoss;</c> when that binds.</summary>
    public static ExpressionSyntax StableLossType(string typeName) =>
        SyntaxFactory.ParseExpression("global::StableLoss." + typeName)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    public static InvocationExpressionSyntax Call(ExpressionSyntax receiver, string method, params ExpressionSyntax[] arguments) =>
        SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName(method)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments.Select(SyntaxFactory.Argument))));

    /// <summary>Replaces a node and adds the imports requested by <see cref="Simplifier.AddImportsAnnotation"/>.</summary>
    public static async Task<Document> ReplaceAsync(Document document, SyntaxNode oldNode, SyntaxNode newNode, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var annotated = newNode.WithTriviaFrom(oldNode).WithAdditionalAnnotations(Formatter.Annotation);
        var updated = document.WithSyntaxRoot(root.ReplaceNode(oldNode, annotated));
        return await ImportAdder.AddImportsAsync(updated, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
