using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Semantics;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.CodeFixes;

/// <summary>LOSS005: replace the vanishing epsilon with the type's ε (float 1e-7f, double 1e-12, or the .editorconfig
/// value): a lower bound or added ε becomes ε, <c>1 - ε'</c> becomes <c>1 - ε</c>, <c>1 + ε'</c> becomes <c>1 + ε</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(VanishingEpsilonCodeFixProvider)), Shared]
public sealed class VanishingEpsilonCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.VanishingEpsilon);

    public override FixAllProvider GetFixAllProvider() => SequentialFixAll.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in FixSupport.DiagnosticsOf(context, RuleIds.VanishingEpsilon))
        {
            var data = VanishingEpsilonFixData.Read(diagnostic);
            var node = await FixSupport.ReportedNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (node is not ExpressionSyntax bound ||
                data.Epsilon is not { } epsilon ||
                SyntaxFactory.ParseExpression(epsilon) is not LiteralExpressionSyntax)
            {
                continue;
            }

            var (oldNode, newNode) = Replacement(bound, data.Edit, epsilon);
            if (oldNode is null || newNode is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use ε = {epsilon}",
                    ct => FixSupport.ReplaceAsync(context.Document, oldNode, newNode, ct),
                    equivalenceKey: "LOSS005.Epsilon"),
                diagnostic);
        }
    }

    private static (ExpressionSyntax? Old, ExpressionSyntax? New) Replacement(ExpressionSyntax bound, EpsilonEdit fix, string epsilonText)
    {
        var epsilon = SyntaxFactory.ParseExpression(epsilonText);
        var inner = bound;
        while (inner is ParenthesizedExpressionSyntax parenthesized)
        {
            inner = parenthesized.Expression;
        }

        switch (fix)
        {
            case EpsilonEdit.Whole:
                return (bound, epsilon);
            case EpsilonEdit.OneMinus:
                return (bound, SyntaxFactory.BinaryExpression(
                    SyntaxKind.SubtractExpression,
                    SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(1)),
                    epsilon));
            case EpsilonEdit.Right when inner is BinaryExpressionSyntax binary:
                return (binary.Right, epsilon);
            case EpsilonEdit.Left when inner is BinaryExpressionSyntax binary:
                return (binary.Left, epsilon);
            default:
                return (null, null);
        }
    }
}
