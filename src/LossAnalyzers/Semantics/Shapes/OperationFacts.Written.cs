using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>
/// Values as written in source (<c>1e-50f</c> is 1e-50 as written and 0 as a float): a fact about an operation's text,
/// asked by the small operation helpers (is this bound an ε in intent?) and by <see cref="Constants"/> (does it vanish in
/// its type?).
/// </summary>
internal static partial class OperationFacts
{
    private const int MaxWrittenDepth = 6;

    /// <summary>The value as written in source, in double arithmetic: literals parsed from their text, const locals and
    /// fields through their initializers, casts ignored. Null when the operation is not a constant expression.</summary>
    public static double? Written(IOperation? operation) => Written(operation, 0);

    private static double? Written(IOperation? operation, int depth)
    {
        if (operation is null || depth > MaxWrittenDepth)
        {
            return null;
        }

        // one virtual call decides for the usual operand (a local, a call, an element), not a type test per case
        switch (operation.Kind)
        {
            case OperationKind.Conversion:
            case OperationKind.Parenthesized:
            case OperationKind.Literal:
            case OperationKind.Unary:
            case OperationKind.Binary:
                break;
            case OperationKind.LocalReference:
                // only a constant's reference has a value (and CompilerValue would say null for the others)
                return ((ILocalReferenceOperation)operation).Local is { IsConst: true } local
                    ? WrittenDeclaration(local, depth) ?? CompilerValue(operation)
                    : null;
            case OperationKind.FieldReference:
                return ((IFieldReferenceOperation)operation).Field is { IsConst: true } field
                    ? WrittenDeclaration(field, depth) ?? CompilerValue(operation)
                    : null;
            default:
                return CompilerValue(operation);
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return Written(conversion.Operand, depth + 1);
            case IParenthesizedOperation parenthesized:
                return Written(parenthesized.Operand, depth + 1);
            case ILiteralOperation literal when literal.Syntax is LiteralExpressionSyntax syntax:
                // a double or integer literal's value is what is written (the compiler rounds the text correctly, as
                // double.Parse does): only float and decimal literals need their text read
                return literal.ConstantValue is { HasValue: true, Value: double or int or long or uint or ulong } exact
                    ? ToDouble(exact.Value)
                    : WrittenLiteral(syntax) ?? ToDouble(literal.ConstantValue.HasValue ? literal.ConstantValue.Value : null);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } minus:
                return -Written(minus.Operand, depth + 1);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Plus } plus:
                return Written(plus.Operand, depth + 1);
            case IBinaryOperation binary:
                // every leaf of a written constant is a compile-time constant, so a sum the compiler did not fold is not
                // one (x + y + z + ... is answered here, not by walking its operands)
                return binary.ConstantValue.HasValue
                    ? Combine(binary.OperatorKind, Written(binary.LeftOperand, depth + 1), Written(binary.RightOperand, depth + 1))
                    : null;
            default:
                return CompilerValue(operation);
        }
    }

    private static double? CompilerValue(IOperation operation) =>
        operation.ConstantValue.HasValue ? ToDouble(operation.ConstantValue.Value) : null;

    internal static double? Combine(BinaryOperatorKind kind, double? left, double? right)
    {
        if (left is not { } a || right is not { } b)
        {
            return null;
        }

        return kind switch
        {
            BinaryOperatorKind.Add => a + b,
            BinaryOperatorKind.Subtract => a - b,
            BinaryOperatorKind.Multiply => a * b,
            BinaryOperatorKind.Divide when b != 0 => a / b,
            _ => null,
        };
    }

    private static readonly char[] LiteralSuffixes = { 'f', 'F', 'd', 'D', 'm', 'M', 'u', 'U', 'l', 'L' };

    /// <summary>The value a numeric literal is written with (<c>1</c>, <c>1.0f</c>, <c>1e0</c>), or null.</summary>
    internal static double? WrittenLiteral(LiteralExpressionSyntax syntax)
    {
        if (!syntax.Token.IsKind(SyntaxKind.NumericLiteralToken))
        {
            return null;
        }

        var text = syntax.Token.Text.Replace("_", string.Empty);
        if (text.StartsWith("0x", System.StringComparison.OrdinalIgnoreCase) || text.StartsWith("0b", System.StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        text = text.TrimEnd(LiteralSuffixes);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>The written value of a const's initializer (syntax only: literals, signs, + − × ÷, parentheses, casts).</summary>
    private static double? WrittenDeclaration(ISymbol symbol, int depth)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                return WrittenSyntax(value, depth + 1);
            }
        }

        return null;
    }

    private static double? WrittenSyntax(ExpressionSyntax expression, int depth)
    {
        if (depth > MaxWrittenDepth)
        {
            return null;
        }

        switch (expression)
        {
            case LiteralExpressionSyntax literal:
                return WrittenLiteral(literal);
            case ParenthesizedExpressionSyntax parenthesized:
                return WrittenSyntax(parenthesized.Expression, depth + 1);
            case CastExpressionSyntax cast:
                return WrittenSyntax(cast.Expression, depth + 1);
            case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression):
                return -WrittenSyntax(unary.Operand, depth + 1);
            case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryPlusExpression):
                return WrittenSyntax(unary.Operand, depth + 1);
            case BinaryExpressionSyntax binary:
                var kind = binary.Kind() switch
                {
                    SyntaxKind.AddExpression => BinaryOperatorKind.Add,
                    SyntaxKind.SubtractExpression => BinaryOperatorKind.Subtract,
                    SyntaxKind.MultiplyExpression => BinaryOperatorKind.Multiply,
                    SyntaxKind.DivideExpression => BinaryOperatorKind.Divide,
                    _ => BinaryOperatorKind.None,
                };
                return Combine(kind, WrittenSyntax(binary.Left, depth + 1), WrittenSyntax(binary.Right, depth + 1));
            default:
                return null;
        }
    }

    /// <summary>A constant written as a small positive value, whatever it evaluates to (a guard in intent).</summary>
    public static bool IsWrittenSmallPositive(IOperation operation) => Written(operation) is > 0 and < 0.5;
}
