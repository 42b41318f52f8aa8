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

/// <summary>LOSS001: log of a sigmoid → <c>StableMath.LogSigmoid(±z)</c>; otherwise clamp the probability to [ε, 1 − ε].</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LogOfUnguardedProbabilityCodeFixProvider)), Shared]
public sealed class LogOfUnguardedProbabilityCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.LogOfUnguardedProbability);

    public override FixAllProvider GetFixAllProvider() => SequentialFixAll.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in FixSupport.DiagnosticsOf(context, RuleIds.LogOfUnguardedProbability))
        {
            var node = await FixSupport.ReportedNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (node is not InvocationExpressionSyntax invocation)
            {
                continue;
            }

            var data = LogOfUnguardedProbabilityFixData.Read(diagnostic);
            switch (data.Fix)
            {
                case LogOfProbabilityFix.LogSigmoid when data.Logits is { } logits:
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Use LogSigmoid of the logit",
                            ct => LogSigmoidAsync(context.Document, invocation, data, logits, ct),
                            equivalenceKey: "LOSS001.LogSigmoid"),
                        diagnostic);
                    break;
                case LogOfProbabilityFix.SoftmaxCrossEntropy when data.Logits is { } vector && data.TargetClass is { } targetClass:
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Use Loss.SoftmaxCrossEntropy of the logits",
                            ct => SoftmaxCrossEntropyAsync(context.Document, invocation, vector, targetClass, ct),
                            equivalenceKey: "LOSS001.SoftmaxCrossEntropy"),
                        diagnostic);
                    break;
                case LogOfProbabilityFix.LogSoftmax when data.Logits is { } tensorLogits && data.Dimension is { } dimension:
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Use log_softmax of the logits",
                            ct => FixSupport.ReplaceAsync(context.Document, invocation,
                                FixSupport.Call(FixSupport.Parse("torch.nn.functional"), "log_softmax", FixSupport.Parse(tensorLogits), FixSupport.Parse(dimension))
                                    .WithTriviaFrom(invocation), ct),
                            equivalenceKey: "LOSS001.LogSoftmax"),
                        diagnostic);
                    break;
                case LogOfProbabilityFix.Clamp:
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Clamp the probability to [ε, 1 − ε]",
                            ct => ClampAsync(context.Document, invocation, data, ct),
                            equivalenceKey: "LOSS001.Clamp"),
                        diagnostic);
                    break;
            }
        }
    }

    private static Task<Document> LogSigmoidAsync(Document document, InvocationExpressionSyntax invocation, LogOfUnguardedProbabilityFixData data, string logitsText, CancellationToken cancellationToken)
    {
        var replacement = FixSupport.LogSigmoid(logitsText, data.IsComplement, data.IsTorch);
        return FixSupport.ReplaceAsync(document, invocation, replacement, cancellationToken);
    }

    /// <summary>−log(p[k]) → Loss.SoftmaxCrossEntropy(z, k); log(p[k]) elsewhere → −Loss.SoftmaxCrossEntropy(z, k).</summary>
    private static Task<Document> SoftmaxCrossEntropyAsync(Document document, InvocationExpressionSyntax invocation, string logitsText,
        string targetText, CancellationToken cancellationToken)
    {
        var crossEntropy = FixSupport.Call(FixSupport.StableLossType("Loss"), "SoftmaxCrossEntropy", FixSupport.Parse(logitsText), FixSupport.Parse(targetText));
        SyntaxNode replaced = invocation;
        while (replaced.Parent is ParenthesizedExpressionSyntax)
        {
            replaced = replaced.Parent;
        }

        if (replaced.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } negation)
        {
            return FixSupport.ReplaceAsync(document, negation, crossEntropy.WithTriviaFrom(negation), cancellationToken);
        }

        return FixSupport.ReplaceAsync(document, invocation, FixSupport.Negate(crossEntropy).WithTriviaFrom(invocation), cancellationToken);
    }

    private static Task<Document> ClampAsync(Document document, InvocationExpressionSyntax invocation, LogOfUnguardedProbabilityFixData data, CancellationToken cancellationToken)
    {
        var isTorch = data.IsTorch;
        var epsilonText = data.Epsilon;
        if (isTorch)
        {
            epsilonText = epsilonText.TrimEnd('f', 'F');
        }

        // the operand the analyzer chose, as the document has it now (Fix All may have fixed a site inside it)
        if (data.Clamped is not { } location || !invocation.Span.Contains(location.SourceSpan) ||
            invocation.FindNode(location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax target)
        {
            return Task.FromResult(document);
        }

        var epsilon = FixSupport.Parse(epsilonText);
        var upper = SyntaxFactory.BinaryExpression(SyntaxKind.SubtractExpression,
            SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(1)), epsilon);
        ExpressionSyntax clamped;
        if (isTorch)
        {
            clamped = FixSupport.Call(FixSupport.Operand(target.WithoutTrivia()), "clamp", epsilon, upper);
        }
        else if (data.HasMathClamp)
        {
            clamped = FixSupport.Call(FixSupport.SystemType("Math"), "Clamp", target.WithoutTrivia(), epsilon, upper);
        }
        else
        {
            var math = FixSupport.SystemType("Math");
            clamped = FixSupport.Call(math, "Max", epsilon, FixSupport.Call(math, "Min", target.WithoutTrivia(), upper));
        }

        var newInvocation = invocation.ReplaceNode(target, clamped.WithTriviaFrom(target));
        return FixSupport.ReplaceAsync(document, invocation, newInvocation, cancellationToken);
    }
}
