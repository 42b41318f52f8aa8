using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>How a bound that was written as an epsilon fails in its arithmetic type.</summary>
internal enum Vanishing
{
    None,
    /// <summary>A lower bound (or an added ε) written &gt; 0 that evaluates to 0.</summary>
    ToZero,
    /// <summary>A lower bound written &gt; 0 that evaluates to a subnormal (log −103/−744, 1/x overflows).</summary>
    Subnormal,
    /// <summary>An upper bound written &lt; 1 (<c>1 - ε</c>) that evaluates to 1.</summary>
    ToOne,
    /// <summary><c>1 + ε</c> that evaluates to 1 (so <c>1 + ε - p</c> still reaches 0).</summary>
    OnePlusToOne,
}

/// <summary>
/// Constants as written and as evaluated: the value a literal was written with (<c>1e-50f</c> is 1e-50 as written and
/// 0 as a float), and the compiler's constant value evaluated in float or double. A bound written as an epsilon that
/// vanishes in its type is a guard in intent (LOSS005 reports it; the guards of the other rules accept it).
/// </summary>
internal static class Constants
{
    public const float FloatMinNormal = 1.17549435E-38f;
    public const double DoubleMinNormal = 2.2250738585072014E-308;
    private const int MaxDepth = 6;

    /// <summary>The value as written in source, in double arithmetic: literals parsed from their text, const locals and
    /// fields through their initializers, casts ignored. Null when the operation is not a constant expression.</summary>
    public static double? Written(IOperation? operation) => Written(operation, 0);

    private static double? Written(IOperation? operation, int depth)
    {
        if (operation is null || depth > MaxDepth)
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
                    ? OperationFacts.ToDouble(exact.Value)
                    : WrittenLiteral(syntax) ?? OperationFacts.ToDouble(literal.ConstantValue.HasValue ? literal.ConstantValue.Value : null);
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
        operation.ConstantValue.HasValue ? OperationFacts.ToDouble(operation.ConstantValue.Value) : null;

    private static double? Combine(BinaryOperatorKind kind, double? left, double? right)
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
        if (depth > MaxDepth)
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

    /// <summary>The compiler's constant value of the operation (after its own conversions), rounded to float when
    /// <paramref name="isFloat"/> (a double constant that is converted to float, or used with a float32 tensor).</summary>
    public static double? InType(IOperation? operation, bool isFloat)
    {
        if (OperationFacts.Constant(operation) is not { } value)
        {
            return null;
        }

        return isFloat ? (float)value : value;
    }

    public static bool IsSubnormal(double value, bool isFloat) =>
        value > 0 && value < (isFloat ? FloatMinNormal : DoubleMinNormal);

    /// <summary>A lower bound (or an added ε) written as a small positive value that is 0 or a subnormal in its type.</summary>
    public static Vanishing LowerBound(IOperation bound, bool isFloat)
    {
        if (Written(bound) is not (> 0 and < 0.5) || InType(bound, isFloat) is not { } value)
        {
            return Vanishing.None;
        }

        return value == 0 ? Vanishing.ToZero : IsSubnormal(value, isFloat) ? Vanishing.Subnormal : Vanishing.None;
    }

    /// <summary>An upper bound written below 1 (<c>1 - ε</c>, <c>0.9999999999f</c>) that is 1 in its type.</summary>
    public static Vanishing UpperBound(IOperation bound, bool isFloat) =>
        IsWrittenBelowOne(bound) && InType(bound, isFloat) is >= 1 ? Vanishing.ToOne : Vanishing.None;

    /// <summary><c>1 + ε</c> written above 1 that is 1 in its type.</summary>
    public static Vanishing OnePlus(IOperation operation, bool isFloat) =>
        IsWrittenOnePlusEpsilon(operation) && InType(operation, isFloat) is 1.0 ? Vanishing.OnePlusToOne : Vanishing.None;

    /// <summary>Written as <c>1 - ε</c> with ε &gt; 0, or as a literal in (0.5, 1).</summary>
    public static bool IsWrittenBelowOne(IOperation bound)
    {
        var stripped = OperationFacts.Strip(bound);
        if (stripped is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } minus)
        {
            return Written(minus.LeftOperand) is 1.0 && Written(minus.RightOperand) is > 0 and < 0.5;
        }

        return Written(stripped) is > 0.5 and < 1;
    }

    /// <summary>Written as <c>1 + ε</c> (either order) with ε in (0, 0.5).</summary>
    public static bool IsWrittenOnePlusEpsilon(IOperation operation) =>
        OperationFacts.Strip(operation) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } plus &&
        (Written(plus.LeftOperand) is 1.0 && Written(plus.RightOperand) is > 0 and < 0.5 ||
         Written(plus.RightOperand) is 1.0 && Written(plus.LeftOperand) is > 0 and < 0.5);

    /// <summary>A constant written as a small positive value, whatever it evaluates to (a guard in intent).</summary>
    public static bool IsWrittenSmallPositive(IOperation operation) => Written(operation) is > 0 and < 0.5;

    // ---------------------------------------------------------------- through locals (a bound held in a variable)
    // var lo = 1e-9f; var hi = 1f - lo; Math.Clamp(p, lo, hi): each local written once (its initializer) stands for its
    // value. Asked only for the bounds of clamp/max/min calls, not for every operand.

    /// <summary>As <see cref="Written(IOperation?)"/>, a local written once standing for its value.</summary>
    public static double? WrittenThroughLocals(IOperation? operation, int depth = 0)
    {
        if (operation is null || depth > MaxDepth)
        {
            return null;
        }

        if (Written(operation) is { } written)
        {
            return written;
        }

        switch (OperationFacts.Strip(operation))
        {
            case ILocalReferenceOperation local when SingleValue(local, depth) is { } value:
                return WrittenThroughLocals(value, depth + 1);
            case IFieldReferenceOperation { Field.IsConst: true } constant when OperationFacts.Constant(constant) is { } declared:
                // var lo = Model.Epsilon; with const double Epsilon = 1e-7
                return declared;
            case IBinaryOperation binary:
                return Combine(binary.OperatorKind, WrittenThroughLocals(binary.LeftOperand, depth + 1), WrittenThroughLocals(binary.RightOperand, depth + 1));
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } minus:
                return -WrittenThroughLocals(minus.Operand, depth + 1);
            case IInvocationOperation { TargetMethod: { IsStatic: true, Name: "CreateChecked" or "CreateTruncating" or "CreateSaturating" }, Arguments.Length: 1 } conversion:
                // generic math's T.CreateChecked(1e-7): the constant in T
                return WrittenThroughLocals(conversion.Arguments[0].Value, depth + 1);
            case var one when OperationFacts.IsOne(one):
                return 1;
            default:
                return null;
        }
    }

    /// <summary>As <see cref="InType"/>, evaluated in the operation's own arithmetic (float operations rounded to float)
    /// with a local written once standing for its value.</summary>
    public static double? InTypeThroughLocals(IOperation? operation, bool isFloat, int depth = 0)
    {
        if (operation is null || depth > MaxDepth)
        {
            return null;
        }

        if (InType(operation, isFloat) is { } value)
        {
            return value;
        }

        double? Round(double? v, ITypeSymbol? type) => v is { } x && (isFloat || type?.SpecialType == SpecialType.System_Single) ? (float)x : v;
        switch (operation)
        {
            case IConversionOperation conversion:
                return Round(InTypeThroughLocals(conversion.Operand, isFloat, depth + 1), conversion.Type);
            case IParenthesizedOperation parenthesized:
                return InTypeThroughLocals(parenthesized.Operand, isFloat, depth + 1);
            case ILocalReferenceOperation local when SingleValue(local, depth) is { } initial:
                return Round(InTypeThroughLocals(initial, isFloat, depth + 1), local.Type);
            case IBinaryOperation binary:
                return Round(Combine(binary.OperatorKind, InTypeThroughLocals(binary.LeftOperand, isFloat, depth + 1),
                    InTypeThroughLocals(binary.RightOperand, isFloat, depth + 1)), binary.Type);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } minus:
                return -InTypeThroughLocals(minus.Operand, isFloat, depth + 1);
            default:
                return null;
        }
    }

    /// <summary>The only value of a (non-const) local: its initializer when nothing else writes it. The declaration's syntax
    /// is read first: only an initializer of literals and other names (<c>1e-10f</c>, <c>1f - min</c>) is worth the flow
    /// analysis.</summary>
    /// <remarks>The initializer's value is asked before the flow analysis (<paramref name="depth"/> as in
    /// <see cref="WrittenThroughLocals"/>): most locals a bound or an operand names (<c>var x = y;</c>) are not constants, and
    /// the flow analysis indexes the whole body.</remarks>
    private static IOperation? SingleValue(ILocalReferenceOperation local, int depth)
    {
        if (local.Local.IsConst || local.Local.DeclaringSyntaxReferences is not { Length: 1 } references ||
            references[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } || !IsArithmeticOfLiterals(initializer) ||
            local.SemanticModel?.GetOperation(initializer) is not { } initialValue || WrittenThroughLocals(initialValue, depth + 1) is null)
        {
            return null;
        }

        return !Dataflow.IsForEachVariable(local.Local) && Dataflow.ReachingValues(local.Local, local) is { Count: 1 } values ? values[0] : null;
    }

    private static bool IsArithmeticOfLiterals(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax => true,
        IdentifierNameSyntax => true,
        ParenthesizedExpressionSyntax parenthesized => IsArithmeticOfLiterals(parenthesized.Expression),
        CastExpressionSyntax cast => IsArithmeticOfLiterals(cast.Expression),
        PrefixUnaryExpressionSyntax unary => IsArithmeticOfLiterals(unary.Operand),
        BinaryExpressionSyntax binary => IsArithmeticOfLiterals(binary.Left) && IsArithmeticOfLiterals(binary.Right),
        // generic math: T.One, T.CreateChecked(1e-7)
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "One" } => true,
        InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CreateChecked" or "CreateTruncating" or "CreateSaturating" },
            ArgumentList.Arguments: { Count: 1 } arguments,
        } => IsArithmeticOfLiterals(arguments[0].Expression),
        _ => false,
    };

    /// <summary><see cref="LowerBound"/> with locals followed.</summary>
    public static Vanishing LowerBoundThroughLocals(IOperation bound, bool isFloat)
    {
        if (WrittenThroughLocals(bound) is not (> 0 and < 0.5) || InTypeThroughLocals(bound, isFloat) is not { } value)
        {
            return Vanishing.None;
        }

        return value == 0 ? Vanishing.ToZero : IsSubnormal(value, isFloat) ? Vanishing.Subnormal : Vanishing.None;
    }

    /// <summary><see cref="UpperBound"/> with locals followed: written below 1 (<c>1 - lo</c>, lo a small local) and 1 in its type.</summary>
    public static Vanishing UpperBoundThroughLocals(IOperation bound, bool isFloat) =>
        WrittenThroughLocals(bound) is > 0.5 and < 1 && InTypeThroughLocals(bound, isFloat) is >= 1 ? Vanishing.ToOne : Vanishing.None;
}
