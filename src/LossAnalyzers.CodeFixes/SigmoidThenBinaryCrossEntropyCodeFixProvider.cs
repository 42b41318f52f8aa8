using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Rules;
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

    public override FixAllProvider GetFixAllProvider() => SequentialFixAll.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        // one guarded term, log(σ(z) + ε) → LogSigmoid(z): no target to pass
        foreach (var diagnostic in FixSupport.DiagnosticsOf(context, RuleIds.SigmoidThenBinaryCrossEntropy))
        {
            var data = BinaryCrossEntropyFixData.Read(diagnostic);
            if (data.Fix is BceFix.LogSigmoid or BceFix.TorchLogSigmoid && data.Logits is { } logits &&
                await FixSupport.ReportedNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is InvocationExpressionSyntax log)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Use LogSigmoid of the logit", ct => FixSupport.ReplaceAsync(context.Document, log,
                        FixSupport.LogSigmoid(logits, data.Negate, data.Fix == BceFix.TorchLogSigmoid).WithTriviaFrom(log), ct), equivalenceKey: "LOSS003.LogSigmoid"),
                    diagnostic);
            }
        }

        await FixSupport.RegisterLogitsFixesAsync(context, "LOSS003", static fix => fix is BceFix.TorchWithLogits or BceFix.TorchWithLogitsReduced or BceFix.TorchModuleWithLogits
            ? "Use binary_cross_entropy_with_logits on the logits"
            : "Use Loss.BinaryCrossEntropyWithLogits on the logits", FixAsync).ConfigureAwait(false);
    }

    private static Task<Document> FixAsync(Document document, ExpressionSyntax expression, BinaryCrossEntropyFixData data, string logitsText,
        string targetText, CancellationToken cancellationToken)
    {
        ExpressionSyntax logits = FixSupport.Parse(logitsText);
        ExpressionSyntax target = FixSupport.Parse(targetText);
        if (data.CastLogits)
        {
            logits = FixSupport.CastToFloat(logits);
        }

        if (data.CastTarget)
        {
            target = FixSupport.CastToFloat(target);
        }

        var negate = data.Negate;
        ExpressionSyntax replacement;
        switch (data.Fix)
        {
            case BceFix.TorchModuleWithLogits when expression is InvocationExpressionSyntax call:
                return ModuleWithLogitsAsync(document, call, logits, data, cancellationToken);
            case BceFix.TorchWithLogitsReduced:
                // -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()  →  binary_cross_entropy_with_logits(z, y)
                replacement = FixSupport.Call(FixSupport.Parse("torch.nn.functional"), "binary_cross_entropy_with_logits", logits, target);
                if (data.Sum)
                {
                    replacement = ((InvocationExpressionSyntax)replacement).AddArgumentListArguments(
                        SyntaxFactory.Argument(FixSupport.Parse("torch.nn.Reduction.Sum")).WithNameColon(SyntaxFactory.NameColon("reduction")));
                }

                break;
            case BceFix.StableLossWithLogits when expression is InvocationExpressionSyntax call:
                replacement = WithLogitsFromApi(call, logits, target);
                break;
            case BceFix.TorchWithLogits when expression is InvocationExpressionSyntax call:
                replacement = RenameAndReplaceFirst(call, "binary_cross_entropy_with_logits", logits);
                break;
            case BceFix.TorchWithLogits:
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

    /// <summary>
    /// <c>criterion.forward(p, y)</c> of an <c>nn.BCELoss(args)</c> (the creation travels in the fix data): when the analyzer
    /// found the criterion a <c>var</c> local used only here, the creation becomes <c>BCEWithLogitsLoss(args)</c> and p becomes z;
    /// otherwise the call becomes <c>functional.binary_cross_entropy_with_logits(z, y, weight/reduction of the creation)</c>.
    /// </summary>
    private static async Task<Document> ModuleWithLogitsAsync(Document document, InvocationExpressionSyntax call, ExpressionSyntax logits,
        BinaryCrossEntropyFixData data, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || call.ArgumentList.Arguments.Count < 2)
        {
            return document;
        }

        // the creation as this document has it now (Fix All moves the location along), or in the file that holds it
        var creation = data.Creation is { SourceTree: { } tree } location &&
            (tree == call.SyntaxTree ? root : await tree.GetRootAsync(cancellationToken).ConfigureAwait(false)) is { } creationRoot &&
            location.SourceSpan.End <= creationRoot.FullSpan.End &&
            creationRoot.FindNode(location.SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax found
            ? found
            : null;
        if (creation is not null && data.RenameCreation && creation.SyntaxTree == call.SyntaxTree)
        {
            var renamedCreation = RenameAndKeepArguments(creation, "BCEWithLogitsLoss");
            var arguments = call.ArgumentList.Arguments;
            var newCall = call.WithArgumentList(call.ArgumentList.WithArguments(arguments.Replace(arguments[0], arguments[0].WithExpression(logits))));
            var updated = root.ReplaceNodes(new SyntaxNode[] { creation, call }, (original, _) => original == creation ? renamedCreation : newCall);
            return document.WithSyntaxRoot(updated);
        }

        var functional = FixSupport.Call(FixSupport.Parse("torch.nn.functional"), "binary_cross_entropy_with_logits", logits,
            call.ArgumentList.Arguments[1].Expression.WithoutTrivia());
        if (creation is not null)
        {
            // BCELoss(weight, reduction) → binary_cross_entropy_with_logits(input, target, weight: ..., reduction: ...)
            string[] names = { "weight", "reduction" };
            var index = 0;
            foreach (var argument in creation.ArgumentList.Arguments)
            {
                var name = argument.NameColon?.Name.Identifier.ValueText ?? (index < names.Length ? names[index] : null);
                index++;
                if (name is "weight" or "reduction")
                {
                    functional = functional.AddArgumentListArguments(
                        SyntaxFactory.Argument(argument.Expression.WithoutTrivia()).WithNameColon(SyntaxFactory.NameColon(name)));
                }
            }
        }

        return await FixSupport.ReplaceAsync(document, call, functional, cancellationToken).ConfigureAwait(false);
    }

    private static InvocationExpressionSyntax RenameAndKeepArguments(InvocationExpressionSyntax call, string newName) =>
        call.WithExpression(call.Expression switch
        {
            MemberAccessExpressionSyntax member => member.WithName(SyntaxFactory.IdentifierName(newName).WithTriviaFrom(member.Name)),
            IdentifierNameSyntax identifier => SyntaxFactory.IdentifierName(newName).WithTriviaFrom(identifier),
            var other => other,
        });

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
