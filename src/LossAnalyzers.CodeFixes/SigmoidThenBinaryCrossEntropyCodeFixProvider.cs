using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS003: binary cross-entropy of a sigmoid → the logits form: <c>Loss.BinaryCrossEntropyWithLogits(z, y)</c>, or
/// TorchSharp's <c>functional.binary_cross_entropy_with_logits(z, y, ...)</c>. The sigmoid itself stays where it is
/// (it may still be used for reporting predictions).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SigmoidThenBinaryCrossEntropyCodeFixProvider)), Shared]
public sealed class SigmoidThenBinaryCrossEntropyCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SigmoidThenBinaryCrossEntropy);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var fix = FixSupport.Property(diagnostic, RuleSupport.Keys.Fix);
            var logits = FixSupport.Property(diagnostic, RuleSupport.Keys.Logits);
            var target = FixSupport.Property(diagnostic, RuleSupport.Keys.Target);
            if (fix is null || logits is null || target is null)
            {
                continue;
            }

            var node = await FixSupport.ReportedNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (node is not ExpressionSyntax expression)
            {
                continue;
            }

            var title = fix.StartsWith("Torch", System.StringComparison.Ordinal)
                ? "Use binary_cross_entropy_with_logits on the logits"
                : "Use Loss.BinaryCrossEntropyWithLogits on the logits";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => FixAsync(context.Document, expression, diagnostic, fix, logits, target, ct), equivalenceKey: "LOSS003." + fix),
                diagnostic);
        }
    }

    private static Task<Document> FixAsync(Document document, ExpressionSyntax expression, Diagnostic diagnostic, string fix, string logitsText,
        string targetText, CancellationToken cancellationToken)
    {
        ExpressionSyntax logits = FixSupport.Parse(logitsText);
        ExpressionSyntax target = FixSupport.Parse(targetText);
        if (FixSupport.Property(diagnostic, RuleSupport.Keys.CastLogits) == "true")
        {
            logits = FixSupport.CastToFloat(logits);
        }

        if (FixSupport.Property(diagnostic, RuleSupport.Keys.CastTarget) == "true")
        {
            target = FixSupport.CastToFloat(target);
        }

        var negate = FixSupport.Property(diagnostic, RuleSupport.Keys.Negate) == "true";
        ExpressionSyntax replacement;
        switch (fix)
        {
            case "StableLossWithLogits" when expression is InvocationExpressionSyntax call:
                replacement = WithLogitsFromApi(call, logits, target);
                break;
            case "TorchWithLogits" when expression is InvocationExpressionSyntax call:
                replacement = RenameAndReplaceFirst(call, "binary_cross_entropy_with_logits", logits);
                break;
            case "TorchWithLogits":
                // element-wise hand-written tensor BCE: keep it element-wise
                replacement = FixSupport.Call(
                    FixSupport.Parse("torch.nn.functional"),
                    "binary_cross_entropy_with_logits",
                    logits,
                    target);
                replacement = ((InvocationExpressionSyntax)replacement).AddArgumentListArguments(
                    SyntaxFactory.Argument(FixSupport.Parse("torch.nn.Reduction.None"))
                        .WithNameColon(SyntaxFactory.NameColon("reduction")));
                break;
            default:
                replacement = FixSupport.Call(FixSupport.StableLossType("Loss"), "BinaryCrossEntropyWithLogits", logits, target);
                break;
        }

        if (negate)
        {
            // loss -= y·log p + (1−y)·log(1−p)  →  loss += BinaryCrossEntropyWithLogits(z, y)
            if (expression.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SubtractAssignmentExpression } assignment &&
                assignment.Right == expression)
            {
                var flipped = SyntaxFactory.AssignmentExpression(SyntaxKind.AddAssignmentExpression, assignment.Left, replacement)
                    .WithTriviaFrom(assignment);
                return FixSupport.ReplaceAsync(document, assignment, flipped, cancellationToken);
            }

            replacement = FixSupport.Negate(replacement);
        }

        return FixSupport.ReplaceAsync(document, expression, replacement, cancellationToken);
    }

    /// <summary><c>Loss.BinaryCrossEntropy(p, y[, reduction][, epsilon])</c> → <c>Loss.BinaryCrossEntropyWithLogits(z, y[, reduction])</c>.</summary>
    private static ExpressionSyntax WithLogitsFromApi(InvocationExpressionSyntax call, ExpressionSyntax logits, ExpressionSyntax target)
    {
        var kept = new List<ArgumentSyntax> { SyntaxFactory.Argument(logits), SyntaxFactory.Argument(target) };
        var arguments = call.ArgumentList.Arguments;
        for (var i = 2; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            var name = argument.NameColon?.Name.Identifier.ValueText;
            if (name == "reduction" || (name is null && i == 2))
            {
                kept.Add(argument);
            }
        }

        var renamed = RenameAndReplaceFirst(call, "BinaryCrossEntropyWithLogits", logits);
        return renamed.WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(kept)));
    }

    internal static InvocationExpressionSyntax RenameAndReplaceFirst(InvocationExpressionSyntax call, string newName, ExpressionSyntax first)
    {
        var expression = call.Expression switch
        {
            MemberAccessExpressionSyntax member => (ExpressionSyntax)member.WithName(SyntaxFactory.IdentifierName(newName)),
            IdentifierNameSyntax => SyntaxFactory.IdentifierName(newName),
            var other => other,
        };
        var arguments = call.ArgumentList.Arguments;
        if (arguments.Count > 0)
        {
            arguments = arguments.Replace(arguments[0], arguments[0].WithExpression(first));
        }

        return call.WithExpression(expression).WithArgumentList(call.ArgumentList.WithArguments(arguments));
    }
}
