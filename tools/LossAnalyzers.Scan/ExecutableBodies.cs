using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.Scan;

/// <summary>
/// The nodes the analyzer driver binds into operation blocks: method, constructor, operator and accessor bodies,
/// expression-bodied properties, and field and property initializers (also compiled into the benchmarks).
/// </summary>
public static class ExecutableBodies
{
    public static IEnumerable<SyntaxNode> In(SyntaxNode root)
    {
        foreach (var node in root.DescendantNodes(n => n is not (BlockSyntax or ArrowExpressionClauseSyntax or EqualsValueClauseSyntax)))
        {
            if (node is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax ||
                node is ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax } ||
                node is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax } or PropertyDeclarationSyntax })
            {
                yield return node;
            }
        }
    }
}
