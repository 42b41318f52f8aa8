using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.Semantics;

/// <summary>
/// The text of an expression with its white space normalised, as <c>NormalizeWhitespace().ToFullString()</c> gives it
/// (fix data and messages carry logits in that form). Roslyn's normaliser rewrites the whole tree and costs about
/// 0.1 ms per small expression; the usual logits (names, numbers, member and element access, calls, arithmetic, casts)
/// are printed here token by token instead, and anything else goes to the normaliser.
/// </summary>
internal static class ExpressionText
{
    public static string Normalized(ExpressionSyntax expression) =>
        Compact(expression) ?? expression.NormalizeWhitespace().ToFullString();

    /// <summary>
    /// The normalised text when every token is one this printer knows the spacing of (binary operators spaced, a space
    /// after a comma, nothing else) and no trivia is more than white space; null otherwise.
    /// </summary>
    internal static string? Compact(ExpressionSyntax expression)
    {
        if (expression.ContainsDiagnostics)
        {
            return null; // broken code (a missing operand, a stray token): the normaliser decides
        }

        var builder = new StringBuilder(expression.Span.Length + 8);
        var previousKind = TokenRole.None;
        foreach (var token in expression.DescendantTokens())
        {
            var kind = RoleOf(token);
            if (kind == TokenRole.None || !OnlyWhiteSpace(token.LeadingTrivia) || !OnlyWhiteSpace(token.TrailingTrivia) ||
                (previousKind == TokenRole.Prefix && kind == TokenRole.Prefix))
            {
                return null; // `- -x` must not become `--x`: the normaliser knows when to separate
            }

            if (builder.Length > 0 &&
                (previousKind is TokenRole.Binary or TokenRole.Comma || kind == TokenRole.Binary))
            {
                builder.Append(' ');
            }

            builder.Append(token.Text);
            previousKind = kind;
        }

        return builder.ToString();
    }

    private enum TokenRole
    {
        None,
        Plain,
        Binary,
        Prefix,
        Comma,
    }

    private static TokenRole RoleOf(SyntaxToken token)
    {
        var parent = token.Parent;
        switch (token.Kind())
        {
            case SyntaxKind.IdentifierToken:
                return parent is IdentifierNameSyntax ? TokenRole.Plain : TokenRole.None;
            case SyntaxKind.NumericLiteralToken:
            case SyntaxKind.ThisKeyword:
                return TokenRole.Plain;
            case SyntaxKind.OpenParenToken:
            case SyntaxKind.CloseParenToken:
                return parent is ParenthesizedExpressionSyntax or ArgumentListSyntax or CastExpressionSyntax
                    ? TokenRole.Plain
                    : TokenRole.None;
            case SyntaxKind.OpenBracketToken:
            case SyntaxKind.CloseBracketToken:
                return parent is BracketedArgumentListSyntax ? TokenRole.Plain : TokenRole.None;
            case SyntaxKind.DotToken:
                return parent is MemberAccessExpressionSyntax ? TokenRole.Plain : TokenRole.None;
            case SyntaxKind.CommaToken:
                return parent is ArgumentListSyntax or BracketedArgumentListSyntax ? TokenRole.Comma : TokenRole.None;
            case SyntaxKind.PlusToken:
            case SyntaxKind.MinusToken:
            case SyntaxKind.AsteriskToken:
            case SyntaxKind.SlashToken:
            case SyntaxKind.PercentToken:
                return parent switch
                {
                    BinaryExpressionSyntax => TokenRole.Binary,
                    PrefixUnaryExpressionSyntax when token.Kind() is SyntaxKind.PlusToken or SyntaxKind.MinusToken => TokenRole.Prefix,
                    _ => TokenRole.None,
                };
            case SyntaxKind.DoubleKeyword:
            case SyntaxKind.FloatKeyword:
            case SyntaxKind.IntKeyword:
            case SyntaxKind.LongKeyword:
                return parent is PredefinedTypeSyntax { Parent: CastExpressionSyntax or MemberAccessExpressionSyntax }
                    ? TokenRole.Plain
                    : TokenRole.None;
            default:
                return TokenRole.None;
        }
    }

    private static bool OnlyWhiteSpace(SyntaxTriviaList trivia)
    {
        foreach (var piece in trivia)
        {
            if (!piece.IsKind(SyntaxKind.WhitespaceTrivia) && !piece.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return false;
            }
        }

        return true;
    }
}
