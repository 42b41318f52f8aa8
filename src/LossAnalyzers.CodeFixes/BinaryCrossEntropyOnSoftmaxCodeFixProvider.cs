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

/// <summary>
/// LOSS004: binary cross-entropy over softmax outputs → softmax cross-entropy on the logits:
/// <c>Loss.SoftmaxCrossEntropy(z, y)</c> (replacing the whole per-class loop when the BCE is written as one), or
/// TorchSharp's <c>functional.cross_entropy(z, y)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BinaryCrossEntropyOnSoftmaxCodeFixProvider)), Shared]
public sealed class BinaryCrossEntropyOnSoftmaxCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BinaryCrossEntropyOnSoftmax);

    public override FixAllProvider GetFixAllProvider() => SequentialFixAll.Instance;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        FixSupport.RegisterLogitsFixesAsync(context, "LOSS004", static fix => fix == BceFix.TorchCrossEntropy ? "Use cross_entropy on the logits" : "Use Loss.SoftmaxCrossEntropy on the logits", FixAsync);

    private static Task<Document> FixAsync(Document document, ExpressionSyntax expression, BinaryCrossEntropyFixData data, string logitsText,
        string targetText, CancellationToken cancellationToken)
    {
        var logits = FixSupport.Parse(logitsText);
        var target = FixSupport.Parse(targetText);
        switch (data.Fix)
        {
            case BceFix.TorchCrossEntropy:
                return FixSupport.ReplaceAsync(document, expression,
                    FixSupport.Call(FixSupport.Parse("torch.nn.functional"), "cross_entropy", logits, target), cancellationToken);
            case BceFix.SoftmaxCrossEntropy:
                return FixSupport.ReplaceAsync(document, expression,
                    FixSupport.Call(FixSupport.StableLossType("Loss"), "SoftmaxCrossEntropy", logits, target), cancellationToken);
            case BceFix.SoftmaxCrossEntropyLoop:
                var loop = expression.FirstAncestorOrSelf<ForStatementSyntax>();
                if (loop is null || expression.Parent is not AssignmentExpressionSyntax assignment)
                {
                    return Task.FromResult(document);
                }

                var kind = data.Subtract
                    ? SyntaxKind.SubtractAssignmentExpression
                    : SyntaxKind.AddAssignmentExpression;
                var statement = SyntaxFactory.ExpressionStatement(
                    SyntaxFactory.AssignmentExpression(kind, assignment.Left.WithoutTrivia(),
                        FixSupport.Call(FixSupport.StableLossType("Loss"), "SoftmaxCrossEntropy", logits, target)));
                return FixSupport.ReplaceAsync(document, loop, statement, cancellationToken);
            default:
                return Task.FromResult(document);
        }
    }
}
