using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>
/// An expression (typically the logit <c>z</c> of a sigmoid) lifted out of the place it was written, with every identifier
/// remembering the symbol it meant there. Templates can be re-targeted (a loop index of the writing loop replaced by
/// the index of the reading loop; a parameter replaced by the call's argument) and finally validated at the site where
/// a fix wants to write them: every identifier must bind to the same symbol there.
/// </summary>
internal sealed class LogitTemplate
{
    private const string AnnotationKind = "LossAnalyzers.Symbol";

    private readonly IOperation? source;
    private readonly System.Func<Built>? compose;
    private Built? built;

    private LogitTemplate(IOperation source) => this.source = source;

    private LogitTemplate(ExpressionSyntax expression, ImmutableArray<ISymbol?> expected) => built = new Built(expression, expected);

    /// <summary>A template made from others (substituted, indexed, a member of): composed on first use, like the others.</summary>
    private LogitTemplate(System.Func<Built> compose) => this.compose = compose;

    /// <summary>The annotated expression. Built on first use: most templates are never needed (no diagnostic, or no fix).</summary>
    public ExpressionSyntax Expression => Build().Expression;

    public ImmutableArray<ISymbol?> Expected => Build().Expected;

    /// <summary>The expression's text without white space: equal keys mean the same expression (cheap: builds nothing).</summary>
    public string Key => source is not null ? OperationFacts.SyntaxText(source.Syntax) : OperationFacts.SyntaxText(Expression);

    public static LogitTemplate? From(IOperation? operation) =>
        operation?.SemanticModel is not null && operation.Syntax is ExpressionSyntax ? new LogitTemplate(operation) : null;

    private Built Build()
    {
        var existing = Volatile.Read(ref built);
        if (existing is not null)
        {
            return existing;
        }

        // Deterministic, so a race computes the same value twice at worst.
        var value = source is not null ? Annotate(source) : compose!();
        Interlocked.CompareExchange(ref built, value, null);
        return built!;
    }

    private static Built Annotate(IOperation operation)
    {
        var model = operation.SemanticModel!;
        var expression = (ExpressionSyntax)operation.Syntax;
        var expected = new List<ISymbol?>();
        var annotated = expression.ReplaceNodes(
            expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>(),
            (original, _) =>
            {
                var symbol = model.GetSymbolInfo(original).Symbol;
                var index = expected.Count;
                expected.Add(symbol);
                return original.WithoutTrivia().WithAdditionalAnnotations(
                    new SyntaxAnnotation(AnnotationKind, index.ToString(CultureInfo.InvariantCulture)));
            });
        return new Built(annotated.WithoutTrivia(), expected.ToImmutableArray());
    }

    private sealed class Built
    {
        private string? text;

        public Built(ExpressionSyntax expression, ImmutableArray<ISymbol?> expected)
        {
            Expression = expression;
            Expected = expected;
        }

        public ExpressionSyntax Expression { get; }

        public ImmutableArray<ISymbol?> Expected { get; }

        /// <summary>The normalised text, printed once (a diagnostic wants it for its fix data and its message).</summary>
        public string Text => text ??= ExpressionText.Normalized(Expression);
    }

    /// <summary>Replaces every identifier that meant <paramref name="symbol"/> by <paramref name="replacement"/>.</summary>
    public LogitTemplate Substitute(ISymbol symbol, LogitTemplate replacement) =>
        Substitute(s => SymbolEqualityComparer.Default.Equals(s, symbol) ? replacement : null);

    /// <summary>Replaces identifiers by templates chosen per symbol (null keeps the identifier).</summary>
    public LogitTemplate Substitute(System.Func<ISymbol, LogitTemplate?> map) => new(() => SubstituteNow(map));

    private Built SubstituteNow(System.Func<ISymbol, LogitTemplate?> map)
    {
        var expected = Expected.ToBuilder();
        var result = Expression.ReplaceNodes(
            Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>(),
            (original, rewritten) =>
            {
                if (IndexOf(original) is not { } index || Expected[index] is not { } symbol || map(symbol) is not { } replacement)
                {
                    return rewritten;
                }

                var offset = expected.Count;
                expected.AddRange(replacement.Expected);
                var shifted = replacement.Expression.ReplaceNodes(
                    replacement.Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>(),
                    (o, r) => IndexOf(o) is { } i
                        ? r.WithoutAnnotations(AnnotationKind).WithAdditionalAnnotations(
                            new SyntaxAnnotation(AnnotationKind, (i + offset).ToString(CultureInfo.InvariantCulture)))
                        : r);
                return NeedsParentheses(shifted) ? SyntaxFactory.ParenthesizedExpression(shifted) : shifted;
            });
        return new Built(result, expected.ToImmutable());
    }

    /// <summary>Builds <c>receiver.Member</c>, the member remembering <paramref name="member"/>.</summary>
    public static LogitTemplate MemberOf(LogitTemplate receiver, ISymbol member) => new(() => MemberOfNow(receiver, member));

    private static Built MemberOfNow(LogitTemplate receiver, ISymbol member)
    {
        var expected = receiver.Expected.ToBuilder();
        var index = expected.Count;
        expected.Add(member);
        var name = SyntaxFactory.IdentifierName(member.Name)
            .WithAdditionalAnnotations(new SyntaxAnnotation(AnnotationKind, index.ToString(CultureInfo.InvariantCulture)));
        var target = NeedsParentheses(receiver.Expression)
            ? SyntaxFactory.ParenthesizedExpression(receiver.Expression)
            : receiver.Expression;
        return new Built(
            SyntaxFactory.MemberAccessExpression(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SimpleMemberAccessExpression, target, name),
            expected.ToImmutable());
    }

    /// <summary>Builds <c>template[index]</c>.</summary>
    public LogitTemplate ElementAt(LogitTemplate index) => new(() => ElementAtNow(index));

    private Built ElementAtNow(LogitTemplate index)
    {
        var expected = Expected.ToBuilder();
        var offset = expected.Count;
        expected.AddRange(index.Expected);
        var shiftedIndex = index.Expression.ReplaceNodes(
            index.Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>(),
            (o, r) => IndexOf(o) is { } i
                ? r.WithoutAnnotations(AnnotationKind).WithAdditionalAnnotations(
                    new SyntaxAnnotation(AnnotationKind, (i + offset).ToString(CultureInfo.InvariantCulture)))
                : r);
        var receiver = NeedsParentheses(Expression) ? SyntaxFactory.ParenthesizedExpression(Expression) : Expression;
        var access = SyntaxFactory.ElementAccessExpression(
            receiver,
            SyntaxFactory.BracketedArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(shiftedIndex))));
        return new Built(access, expected.ToImmutable());
    }

    /// <summary>
    /// The expression as source text valid at <paramref name="site"/>, or null when some identifier would bind to
    /// something else there (out of scope, shadowed, inaccessible).
    /// </summary>
    public string? TextAt(IOperation site) => TextAt(site, out _);

    /// <summary>As <see cref="TextAt(IOperation)"/>, also giving the type the expression has there.</summary>
    public string? TextAt(IOperation site, out ITypeSymbol? type)
    {
        type = null;
        if (site.SemanticModel is not { } model)
        {
            return null;
        }

        var declaration = SyntaxFactory.LocalDeclarationStatement(
            SyntaxFactory.VariableDeclaration(
                SyntaxFactory.IdentifierName("var"),
                SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier("__lossAnalyzersProbe"))
                        .WithInitializer(SyntaxFactory.EqualsValueClause(Expression)))));
        if (!model.TryGetSpeculativeSemanticModel(site.Syntax.SpanStart, declaration, out var speculative))
        {
            return null;
        }

        foreach (var node in declaration.GetAnnotatedNodes(AnnotationKind))
        {
            if (IndexOf(node) is not { } index)
            {
                continue;
            }

            var bound = speculative.GetSymbolInfo(node).Symbol;
            var expected = Expected[index];
            if (expected is null || bound is null ||
                !SymbolEqualityComparer.Default.Equals(bound.OriginalDefinition, expected.OriginalDefinition))
            {
                return null;
            }
        }

        var initializer = declaration.Declaration.Variables[0].Initializer!.Value;
        type = speculative.GetTypeInfo(initializer).Type;
        if (type is null || type.TypeKind == TypeKind.Error)
        {
            type = null;
            return null;
        }

        return Build().Text;
    }

    public override string ToString() => Build().Text;

    private static int? IndexOf(SyntaxNode node)
    {
        foreach (var annotation in node.GetAnnotations(AnnotationKind))
        {
            if (int.TryParse(annotation.Data, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
            {
                return index;
            }
        }

        return null;
    }

    private static bool NeedsParentheses(ExpressionSyntax expression) => expression is not (
        IdentifierNameSyntax or ElementAccessExpressionSyntax or InvocationExpressionSyntax or
        MemberAccessExpressionSyntax or LiteralExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax);
}
