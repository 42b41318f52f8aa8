using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS006: <c>log(1 + exp(x))</c> → <c>StableMath.Softplus(x)</c>, <c>log(Σ exp(z_j))</c> → <c>StableMath.LogSumExp(z)</c>,
/// <c>double.LogP1(x)</c> → <c>StableMath.Log1p(x)</c>, <c>TensorPrimitives.SoftMax(z, p)</c> → <c>StableMath.Softmax(z, p)</c>.
/// A hand-written softmax has no automatic fix (its loops are the user's); the rule page shows the rewrite.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnstableLogExpCompositionCodeFixProvider)), Shared]
public sealed class UnstableLogExpCompositionCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnstableLogExpComposition);

    public override FixAllProvider GetFixAllProvider() => SequentialFixAll.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in FixSupport.DiagnosticsOf(context, RuleIds.UnstableLogExpComposition))
        {
            var data = UnstableLogExpCompositionFixData.Read(diagnostic);
            if (data.Fix == LogExpFix.None)
            {
                continue;
            }

            var node = await FixSupport.ReportedNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (data.Fix is LogExpFix.Tanh or LogExpFix.TanhF)
            {
                // the ratio (e⁺ − e⁻) / (e⁺ + e⁻) becomes the tanh of its exponent; locals that held the exponentials stay
                if (node is ExpressionSyntax ratio && Tanh(data) is { } tanh)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(data.Fix == LogExpFix.TanhF ? "Use MathF.Tanh" : "Use Math.Tanh",
                            ct => FixSupport.ReplaceAsync(context.Document, ratio, tanh, ct),
                            equivalenceKey: "LOSS006.StableForm"),
                        diagnostic);
                }

                continue;
            }

            if (node is not InvocationExpressionSyntax invocation)
            {
                continue;
            }

            var replacement = Replacement(data, invocation, LiveArgument(invocation, data));
            if (replacement is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    data.Fix == LogExpFix.TorchSoftplus ? "Use functional.softplus" : $"Use StableMath.{data.Fix}",
                    ct => FixSupport.ReplaceAsync(context.Document, invocation, replacement, ct),
                    equivalenceKey: "LOSS006.StableForm"),
                diagnostic);
        }
    }

    private static ExpressionSyntax? Tanh(UnstableLogExpCompositionFixData data)
    {
        if (data.Argument is not { } text || FixSupport.Parse(text) is not { ContainsDiagnostics: false } x)
        {
            return null;
        }

        ExpressionSyntax tanh = FixSupport.Call(FixSupport.SystemType(data.Fix == LogExpFix.TanhF ? "MathF" : "Math"), "Tanh", x);
        return data.Cast is "float"
            ? SyntaxFactory.CastExpression(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.FloatKeyword)), tanh)
            : tanh;
    }

    /// <summary>
    /// The argument as the document has it now, where the diagnostic located it inside the reported call (Fix All may have
    /// fixed a site inside it already); null where it travels as text only.
    /// </summary>
    private static ExpressionSyntax? LiveArgument(InvocationExpressionSyntax invocation, UnstableLogExpCompositionFixData data) =>
        data.ArgumentLocation is { } location && invocation.Span.Contains(location.SourceSpan) &&
        invocation.FindNode(location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax argument
            ? argument.WithoutTrivia()
            : null;

    private static ExpressionSyntax? Replacement(UnstableLogExpCompositionFixData data, InvocationExpressionSyntax invocation, ExpressionSyntax? live)
    {
        var stableMath = FixSupport.StableLossType("StableMath");
        switch (data.Fix)
        {
            case LogExpFix.Softplus or LogExpFix.Log1p or LogExpFix.LogSumExp:
                if (live is null && data.Argument is null)
                {
                    return null;
                }

                var argument = live ?? FixSupport.Parse(data.Argument!);
                if (argument.ContainsDiagnostics)
                {
                    return null;
                }

                if (data.Cast is { } cast)
                {
                    argument = SyntaxFactory.CastExpression(
                        SyntaxFactory.PredefinedType(SyntaxFactory.Token(cast == "float" ? SyntaxKind.FloatKeyword : SyntaxKind.DoubleKeyword)),
                        FixSupport.Operand(argument));
                }

                return FixSupport.Call(stableMath, data.Fix.ToString(), argument);
            case LogExpFix.TorchSoftplus:
                if (data.Argument is not { } x || FixSupport.Parse(x) is not { ContainsDiagnostics: false } tensor)
                {
                    return null;
                }

                return FixSupport.Call(FixSupport.Parse("torch.nn.functional"), "softplus", tensor);
            case LogExpFix.Softmax:
                var arguments = invocation.ArgumentList.Arguments;
                if (arguments.Count != 2)
                {
                    return null;
                }

                // positional order (x, destination), whatever order named arguments were written in
                var ordered = arguments.Any(a => a.NameColon is not null)
                    ? arguments.OrderBy(a => a.NameColon?.Name.Identifier.ValueText == "destination" ? 1 : 0).ToArray()
                    : arguments.ToArray();
                return FixSupport.Call(stableMath, "Softmax", ordered.Select(a => a.Expression.WithoutTrivia()).ToArray());
            default:
                return null;
        }
    }
}
