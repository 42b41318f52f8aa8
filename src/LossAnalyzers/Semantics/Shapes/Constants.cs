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
        if (OperationFacts.Written(bound) is not (> 0 and < 0.5) || InType(bound, isFloat) is not { } value)
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
            return OperationFacts.Written(minus.LeftOperand) is 1.0 && OperationFacts.Written(minus.RightOperand) is > 0 and < 0.5;
        }

        return OperationFacts.Written(stripped) is > 0.5 and < 1;
    }

    /// <summary>Written as <c>1 + ε</c> (either order) with ε in (0, 0.5).</summary>
    public static bool IsWrittenOnePlusEpsilon(IOperation operation) =>
        OperationFacts.Strip(operation) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } plus &&
        (OperationFacts.Written(plus.LeftOperand) is 1.0 && OperationFacts.Written(plus.RightOperand) is > 0 and < 0.5 ||
         OperationFacts.Written(plus.RightOperand) is 1.0 && OperationFacts.Written(plus.LeftOperand) is > 0 and < 0.5);

    // ---------------------------------------------------------------- through locals (a bound held in a variable)
    // var lo = 1e-9f; var hi = 1f - lo; Math.Clamp(p, lo, hi): each local written once (its initializer) stands for its
    // value. Asked only for the bounds of clamp/max/min calls, not for every operand.

    /// <summary>As <see cref="OperationFacts.Written(IOperation?)"/>, a local written once standing for its value.</summary>
    public static double? WrittenThroughLocals(IOperation? operation, int depth = 0)
    {
        if (operation is null || depth > MaxDepth)
        {
            return null;
        }

        if (OperationFacts.Written(operation) is { } written)
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
                return OperationFacts.Combine(binary.OperatorKind, WrittenThroughLocals(binary.LeftOperand, depth + 1), WrittenThroughLocals(binary.RightOperand, depth + 1));
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
                return Round(OperationFacts.Combine(binary.OperatorKind, InTypeThroughLocals(binary.LeftOperand, isFloat, depth + 1),
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
