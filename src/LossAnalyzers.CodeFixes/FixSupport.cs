using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace LossAnalyzers.CodeFixes;

/// <summary>Syntax builders shared by the fixers: the reported node, parsing fix data, casts, <c>using StableLoss;</c>.</summary>
internal static class FixSupport
{
    /// <summary>Applies a fix whose data (<see cref="BinaryCrossEntropyFixData"/>) came with a LOSS003/LOSS004 diagnostic.</summary>
    public delegate Task<Document> LogitsFix(Document document, ExpressionSyntax expression, BinaryCrossEntropyFixData data, string logits,
        string target, CancellationToken cancellationToken);

    /// <summary>Registers one code action per diagnostic that carries fix data for a binary cross-entropy site.</summary>
    /// <summary>
    /// The diagnostics of <paramref name="ruleId"/> among those the context holds. <c>dotnet format analyzers</c> hands each
    /// fixer every diagnostic of the project and runs its Fix All with the key of the first action the fixer registers for
    /// the first of them: an action offered for another rule's diagnostic (whose fix data may share a kind name) would set
    /// that key and leave this rule's own sites unfixed.
    /// </summary>
    public static IEnumerable<Diagnostic> DiagnosticsOf(CodeFixContext context, string ruleId)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Id == ruleId)
            {
                yield return diagnostic;
            }
        }
    }

    /// <summary>Registers the logits-form fix of LOSS003/LOSS004 (<paramref name="ruleId"/>, also the actions' key) for each of its diagnostics.</summary>
    public static async Task RegisterLogitsFixesAsync(CodeFixContext context, string ruleId, System.Func<BceFix, string> title, LogitsFix apply)
    {
        var equivalenceKey = ruleId;
        foreach (var diagnostic in DiagnosticsOf(context, ruleId))
        {
            var data = BinaryCrossEntropyFixData.Read(diagnostic);
            if (data.Fix == BceFix.None || data.Logits is not { } logits || data.Target is not { } target ||
                await ReportedNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not ExpressionSyntax expression)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(title(data.Fix), ct => apply(context.Document, expression, data, logits, target, ct), equivalenceKey: equivalenceKey),
                diagnostic);
        }
    }

    public static async Task<SyntaxNode?> ReportedNodeAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
    }

    /// <summary><c>StableMath.LogSigmoid(±z)</c>, or TorchSharp's <c>torch.nn.functional.logsigmoid(±z)</c>: log σ(z) (log(1 − σ(z)) negated).</summary>
    public static ExpressionSyntax LogSigmoid(string logitsText, bool negateLogits, bool torch)
    {
        var logits = Parse(logitsText);
        if (negateLogits)
        {
            logits = Negate(logits);
        }

        return torch
            ? Call(Parse("torch.nn.functional"), "logsigmoid", logits)
            : Call(StableLossType("StableMath"), "LogSigmoid", logits);
    }

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

    /// <summary><c>System.&lt;type&gt;</c> (<c>Math</c>, <c>MathF</c>), written as short as the file's usings allow.</summary>
    public static ExpressionSyntax SystemType(string typeName) =>
        SyntaxFactory.ParseExpression("global::System." + typeName).WithAdditionalAnnotations(Simplifier.Annotation);

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

        // (a Fix All's marks stay on the replacement: a site around it may read it as its live argument)
        var annotated = newNode.WithTriviaFrom(oldNode).WithAdditionalAnnotations(Formatter.Annotation)
            .WithAdditionalAnnotations(oldNode.GetAnnotations(SequentialFixAll.AnnotationKind));
        var updated = document.WithSyntaxRoot(root.ReplaceNode(oldNode, annotated));
        return await ImportAdder.AddImportsAsync(updated, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
