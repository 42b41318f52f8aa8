using System.Linq;
using Microsoft.CodeAnalysis;
using LossAnalyzers.Semantics;
using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace LossAnalyzers.Tests;

/// <summary>
/// Logits travel in fix data and messages as normalised text. The token printer that replaced Roslyn's normaliser for
/// the usual expressions must print exactly what the normaliser prints, or decline.
/// </summary>
public class ExpressionTextTests
{
    [Fact]
    public void EveryExpressionOfTheTestsAndSamplesPrintsAsTheNormaliserPrintsIt()
    {
        var printed = 0;
        var declined = 0;
        foreach (var (name, text) in TestCorpus.Sources())
        {
            var root = CSharpSyntaxTree.ParseText(text).GetRoot();
            foreach (var expression in root.DescendantNodes().OfType<ExpressionSyntax>())
            {
                var compact = ExpressionText.Compact(expression);
                if (compact is null)
                {
                    declined++;
                    continue;
                }

                printed++;
                Assert.True(expression.NormalizeWhitespace().ToFullString() == compact,
                    $"{name}: '{expression}' printed as '{compact}', normalised as '{expression.NormalizeWhitespace().ToFullString()}'");
                Assert.True(SyntaxFactory.ParseExpression(compact).IsEquivalentTo(expression, topLevel: false),
                    $"{name}: '{compact}' does not parse back to '{expression}'");
            }
        }

        // the printer must take most expressions, or it saves nothing; and it must decline some (lambdas, strings, ...)
        Assert.True(printed > 5_000, $"only {printed} expressions printed ({declined} declined)");
        Assert.True(declined > 500, $"only {declined} expressions declined");
    }

    [Theory]
    [InlineData("w*x+b", "w * x + b")]
    [InlineData("-(a+b)", "-(a + b)")]
    [InlineData("a - -b", "a - -b")]
    [InlineData("(double)-x", "(double)-x")]
    [InlineData("(float)( a*b )", "(float)(a * b)")]
    [InlineData("logits[ i , j ]", "logits[i, j]")]
    [InlineData("model . Forward( x ,-y )[0]", "model.Forward(x, -y)[0]")]
    [InlineData("double.Epsilon+this.bias", "double.Epsilon + this.bias")]
    [InlineData("a\n    + b % 2", "a + b % 2")]
    public void UsualLogitsArePrintedByThePrinter(string source, string expected)
    {
        var expression = SyntaxFactory.ParseExpression(source);
        Assert.Equal(expected, ExpressionText.Compact(expression));
        Assert.Equal(expected, ExpressionText.Normalized(expression));
    }

    [Theory]
    [InlineData("- -x")]
    [InlineData("+ +x")]
    [InlineData("a /* bias */ + b")]
    [InlineData("x => x * 2")]
    [InlineData("Scale<double>(x)")]
    [InlineData("Sigmoid(x: z)")]
    [InlineData("a?.b")]
    [InlineData("p!")]
    [InlineData("flag ? a : b")]
    [InlineData("new[] { a, b }")]
    [InlineData("\"text\"")]
    public void OtherExpressionsAreLeftToTheNormaliser(string source)
    {
        var expression = SyntaxFactory.ParseExpression(source);
        Assert.Null(ExpressionText.Compact(expression));
        Assert.Equal(expression.NormalizeWhitespace().ToFullString(), ExpressionText.Normalized(expression));
    }
}
