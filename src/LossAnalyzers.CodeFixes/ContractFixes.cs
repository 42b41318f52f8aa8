using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.CodeFixes;

/// <summary>The edits of the LOSS007/LOSS008 fixers, built from <see cref="ContractFixData"/> alone (no analysis).</summary>
internal static class ContractFixes
{
    public static async Task RegisterAsync(CodeFixContext context, string rule)
    {
        foreach (var diagnostic in FixSupport.DiagnosticsOf(context, rule))
        {
            var data = ContractFixData.Read(diagnostic);
            if (data.Kind == ContractFixKind.None ||
                await FixSupport.ReportedNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not ExpressionSyntax node ||
                Edit(node, data) is null)
            {
                continue;
            }

            var title = data.Kind switch
            {
                ContractFixKind.PassLogits => $"Pass the logits '{data.Text}'",
                ContractFixKind.LogSoftmax => "Use log_softmax",
                _ => $"Use {data.Text}",
            };
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => ApplyAsync(context.Document, node, data, ct), equivalenceKey: rule + "." + data.Kind),
                diagnostic);
        }
    }

    private static Task<Document> ApplyAsync(Document document, ExpressionSyntax node, ContractFixData data, CancellationToken cancellationToken) =>
        Edit(node, data) is { } replacement ? FixSupport.ReplaceAsync(document, node, replacement, cancellationToken) : Task.FromResult(document);

    private static ExpressionSyntax? Edit(ExpressionSyntax node, ContractFixData data)
    {
        switch (data.Kind)
        {
            case ContractFixKind.PassLogits when data.Text is { } logits:
                return SyntaxFactory.ParseExpression(logits);
            case ContractFixKind.LogSoftmax when node is InvocationExpressionSyntax call:
                return Rename(call, "log_softmax");
            case ContractFixKind.LogitsForm when node is InvocationExpressionSyntax call && data.Text is { } name:
            {
                var renamed = Rename(call, name);
                if (renamed is null)
                {
                    return null;
                }

                var arguments = renamed.ArgumentList.Arguments;
                if (data.NameReductionArgument is { } named && named < arguments.Count)
                {
                    arguments = arguments.Replace(arguments[named],
                        arguments[named].WithNameColon(SyntaxFactory.NameColon("reduction")).WithoutLeadingTrivia().WithLeadingTrivia(arguments[named].GetLeadingTrivia()));
                }

                if (data.DropArgument is { } dropped && dropped < arguments.Count)
                {
                    arguments = arguments.RemoveAt(dropped);
                }

                return renamed.WithArgumentList(renamed.ArgumentList.WithArguments(arguments));
            }

            default:
                return null;
        }
    }

    /// <summary>The call with its method name replaced (<c>a.b(x)</c>, <c>b(x)</c> under <c>using static</c>).</summary>
    private static InvocationExpressionSyntax? Rename(InvocationExpressionSyntax call, string name)
    {
        SimpleNameSyntax? old = call.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };
        return old is IdentifierNameSyntax
            ? call.ReplaceNode(old, SyntaxFactory.IdentifierName(name).WithTriviaFrom(old))
            : null;
    }
}
