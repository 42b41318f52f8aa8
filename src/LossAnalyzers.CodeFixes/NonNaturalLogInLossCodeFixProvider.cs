using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.CodeFixes;

/// <summary>LOSS002: <c>Log10(x)</c>/<c>Log2(x)</c>/<c>Log(x, b)</c> → the natural logarithm in the same API.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonNaturalLogInLossCodeFixProvider)), Shared]
public sealed class NonNaturalLogInLossCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.NonNaturalLogInLoss);

    public override FixAllProvider GetFixAllProvider() => SequentialFixAll.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in FixSupport.DiagnosticsOf(context, RuleIds.NonNaturalLogInLoss))
        {
            var node = await FixSupport.ReportedNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (node is InvocationExpressionSyntax invocation)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Use the natural logarithm",
                        ct => FixAsync(context.Document, invocation, ct),
                        equivalenceKey: "LOSS002.NaturalLog"),
                    diagnostic);
            }
        }
    }

    private static Task<Document> FixAsync(Document document, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        SimpleNameSyntax? name = invocation.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };
        if (name is null)
        {
            return Task.FromResult(document);
        }

        var natural = char.IsUpper(name.Identifier.ValueText[0]) ? "Log" : "log";
        var updated = invocation.ReplaceNode(name, SyntaxFactory.IdentifierName(natural).WithTriviaFrom(name));
        if (name.Identifier.ValueText is "Log" or "log" && updated.ArgumentList.Arguments.Count == 2)
        {
            updated = updated.WithArgumentList(updated.ArgumentList.WithArguments(
                SyntaxFactory.SingletonSeparatedList(updated.ArgumentList.Arguments[0])));
        }

        return FixSupport.ReplaceAsync(document, invocation, updated, cancellationToken);
    }
}
