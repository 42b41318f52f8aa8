using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>A sum of exponentials Σ exp(e_j) found behind a value: who makes it, over which vector, and whether the
/// exponents are plain (unshifted) values that can overflow.</summary>
internal sealed class ExpSum
{
    public ExpSum(SyntaxNode producer, IOperation? vector, bool plainElements)
    {
        Producer = producer;
        Vector = vector;
        PlainElements = plainElements;
    }

    /// <summary>The accumulation (<c>sum += exp(..)</c>) or the LINQ <c>Sum</c> call.</summary>
    public SyntaxNode Producer { get; }

    /// <summary>The array or span the exponents range over (<c>z</c> for <c>exp(z[j])</c>), null when unknown.</summary>
    public IOperation? Vector { get; }

    /// <summary>Every exponent is exactly an element of <see cref="Vector"/> (not scaled): <c>LogSumExp(Vector)</c> is the same value.</summary>
    public bool PlainElements { get; }
}

/// <summary>
/// The log/exp compositions LOSS006 knows a stable form for: <c>log(1 + exp(x))</c>, <c>log(Σ exp(z_j))</c>,
/// <c>exp(z_k) / Σ exp(z_j)</c> without a max shift, and the guards that rule their overflow out.
/// </summary>
internal static class LogExpShapes
{
    /// <summary>For <c>1 + exp(x)</c> or <c>exp(x) + 1</c> (also <c>Math.Pow(Math.E, x)</c>, <c>T.One + T.Exp(x)</c>, and a generic
    /// library's <c>NumOps.Add(NumOps.One, NumOps.Exp(x))</c>), returns x.</summary>
    /// <remarks>A softplus spread over locals is one too: <c>var e = Math.Exp(x); var s = 1 + e; Math.Log(s)</c> (each local
    /// written only once).</remarks>
    public static IOperation? OnePlusExp(IOperation operation, Provenance provenance)
    {
        var stripped = OperationFacts.Strip(operation);
        if (stripped is ILocalReferenceOperation local && !Dataflow.IsForEachVariable(local.Local) &&
            Dataflow.ReachingValues(local.Local, stripped) is { Count: 1 } values)
        {
            stripped = OperationFacts.Strip(values[0]);
        }

        // 1 + e, also a numeric-operations object's NumOps.Add(NumOps.One, e)
        if (!OperationFacts.Elementwise(stripped, out var kind, out var left, out var right) || kind != BinaryOperatorKind.Add)
        {
            return null;
        }

        var other = OperationFacts.IsOne(left) ? right
            : OperationFacts.IsOne(right) ? left
            : null;
        return other is null ? null : provenance.ExpOperand(other, followLocals: true);
    }

    /// <summary>
    /// Is exp(<paramref name="exponent"/>) certainly finite? Constants, <c>-|x|</c>, <c>min(x, 0)</c>, a shift by a
    /// maximum (<c>x - max</c>), and an exponent compared against a bound in the same method (a sign branch
    /// <c>x &gt; 0 ? … : …</c>, <c>if (x &gt; 20) return x;</c>).
    /// </summary>
    public static bool IsBounded(IOperation exponent, IOperation use)
    {
        var e = OperationFacts.Strip(exponent);
        if (OperationFacts.Constant(e) is not null)
        {
            return true;
        }

        var negated = OperationFacts.IsNegation(e, out var inner);
        var core = OperationFacts.Strip(inner);
        if (negated && core is IInvocationOperation { TargetMethod.Name: "Abs" or "abs" })
        {
            return true;
        }

        if (Range.IsBoundedAbove(e, depth: 0))
        {
            // −2·|x|, a local clamped to [−20, 20], −(x·x): a value no larger than a constant on every path
            return true;
        }

        if (core is IInvocationOperation { TargetMethod.Name: "Min" or "min", Arguments.Length: 2 } min &&
            min.Arguments.Any(a => OperationFacts.IsConstant(a.Value, 0)))
        {
            return !negated;
        }

        if (IsMaxShift(core) ||
            // var shifted = z[i] - largest; exp(shifted)
            core is ILocalReferenceOperation held && !Dataflow.IsForEachVariable(held.Local) &&
            Dataflow.ReachingValues(held.Local, core) is { Count: 1 } values && IsMaxShift(values[0]))
        {
            return !negated;
        }

        if (IsScaledByItsLargestMagnitude(core))
        {
            // v[i] / m with m the largest |v[j]| (at least a positive constant): within [−1, 1]
            return true;
        }

        if (!negated && (IsOrderedDifference(core, use) || IsDifferenceOfComparedValues(core, use)))
        {
            return true;
        }

        return IsComparedInMethod(core, use);
    }

    /// <summary>
    /// Which side of a constant a value stays on, from what computes it: <c>Abs</c>, <c>Sqrt</c>, <c>Exp</c> and squares are
    /// ≥ 0; <c>Min(x, c)</c>, <c>Clamp(x, lo, hi)</c>, <c>Tanh</c> are bounded; signs flip through a negation or a negative
    /// constant factor; a local is bounded when every value that reaches it is. Conservative: false when unsure.
    /// </summary>
    public static class Range
    {
        private const int MaxDepth = 4;

        /// <summary>Is the value ≤ some constant on every path?</summary>
        public static bool IsBoundedAbove(IOperation value, int depth) => IsBounded(value, above: true, depth);

        /// <summary>Is the value ≥ some constant on every path?</summary>
        public static bool IsBoundedBelow(IOperation value, int depth) => IsBounded(value, above: false, depth);

        private static bool IsBounded(IOperation value, bool above, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            var e = OperationFacts.Strip(value);
            if (OperationFacts.Constant(e) is not null)
            {
                return true;
            }

            switch (e)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } minus:
                    return IsBounded(minus.Operand, !above, depth + 1);
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Plus } plus:
                    return IsBounded(plus.Operand, above, depth + 1);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum:
                    return IsBounded(sum.LeftOperand, above, depth + 1) && IsBounded(sum.RightOperand, above, depth + 1);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } difference:
                    return IsBounded(difference.LeftOperand, above, depth + 1) && IsBounded(difference.RightOperand, !above, depth + 1);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product:
                    if (OperationFacts.SameValue(product.LeftOperand, product.RightOperand))
                    {
                        return !above; // x·x ≥ 0
                    }

                    return ScaledByConstant(product.LeftOperand, product.RightOperand, above, depth) ||
                           ScaledByConstant(product.RightOperand, product.LeftOperand, above, depth);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } quotient when OperationFacts.Constant(quotient.RightOperand) is { } divisor && divisor != 0:
                    return IsBounded(quotient.LeftOperand, divisor > 0 ? above : !above, depth + 1);
                case IInvocationOperation call:
                    return CallIsBounded(call, above, depth);
                case IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation array }:
                    // an element of a local array that only ever holds its initializer's constants (a test's inputs)
                    return HoldsOnlyConstants(array);
                case ILocalReferenceOperation local when !Dataflow.IsForEachVariable(local.Local):
                    if (Dataflow.ReachingValues(local.Local, local) is not { Count: > 0 } values)
                    {
                        return false;
                    }

                    foreach (var reaching in values)
                    {
                        if (!IsBounded(reaching, above, depth + 1))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        private static bool HoldsOnlyConstants(ILocalReferenceOperation array)
        {
            var writes = Dataflow.ArrayWritesTo(array.Local, new[] { OperationFacts.Root(array) });
            if (writes.Unknown || writes.Elements.Count > 0 || writes.Fills.Count > 0 || writes.Divisions.Count > 0 || writes.Whole.Count == 0)
            {
                return false;
            }

            foreach (var whole in writes.Whole)
            {
                if (OperationFacts.Strip(whole) is not IArrayCreationOperation { Initializer.ElementValues: var elements })
                {
                    return false;
                }

                foreach (var element in elements)
                {
                    if (OperationFacts.Constant(element) is null)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private static bool ScaledByConstant(IOperation factor, IOperation other, bool above, int depth) =>
            OperationFacts.Constant(factor) is { } c && (c == 0 || IsBounded(other, c > 0 ? above : !above, depth + 1));

        private static bool CallIsBounded(IInvocationOperation call, bool above, int depth)
        {
            var arguments = call.Arguments;
            switch (call.TargetMethod.Name)
            {
                case "Abs" or "abs" or "Sqrt" or "sqrt" or "Exp" or "exp":
                    return !above;
                case "Tanh" or "tanh" or "Sin" or "Cos" or "Sigmoid" or "sigmoid":
                    return true;
                case "Min" or "min" when arguments.Length == 2:
                    // min(a, b) ≤ each: bounded above by either; below only when both are
                    return above
                        ? IsBounded(arguments[0].Value, true, depth + 1) || IsBounded(arguments[1].Value, true, depth + 1)
                        : IsBounded(arguments[0].Value, false, depth + 1) && IsBounded(arguments[1].Value, false, depth + 1);
                case "Max" or "max" when arguments.Length == 2:
                    return above
                        ? IsBounded(arguments[0].Value, true, depth + 1) && IsBounded(arguments[1].Value, true, depth + 1)
                        : IsBounded(arguments[0].Value, false, depth + 1) || IsBounded(arguments[1].Value, false, depth + 1);
                case var clamp when OperationFacts.IsClampName(clamp) && arguments.Length == 3:
                    return IsBounded(arguments[above ? 2 : 1].Value, above, depth + 1);
                default:
                    return false;
            }
        }
    }

    /// <summary>
    /// <c>l - r</c> inside a branch whose condition orders the two (<c>r &gt; l ? … exp(l - r) … : …</c>, the log-add-exp
    /// sign branch): the difference is ≤ 0 there, so its exponential cannot overflow.
    /// </summary>
    private static bool IsOrderedDifference(IOperation exponent, IOperation use)
    {
        if (exponent is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } difference)
        {
            return false;
        }

        IOperation child = use;
        for (var parent = use.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }

            if (parent is IConditionalOperation conditional && !ReferenceEquals(child, conditional.Condition) &&
                OperationFacts.Strip(conditional.Condition) is IBinaryOperation comparison)
            {
                if (OrdersDifference(comparison, holds: ReferenceEquals(child, conditional.WhenTrue), difference))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary><c>x - m</c> where m is a maximum (a <c>Max</c> call, or a variable assigned one / named like one).</summary>
    public static bool IsMaxShift(IOperation operation)
    {
        if (OperationFacts.Strip(operation) is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } subtraction)
        {
            return false;
        }

        var shift = OperationFacts.Strip(subtraction.RightOperand);
        if (WrappedValue(shift) is { } wrapped)
        {
            // x - new Value(largest): an own number type (an autograd scalar) wrapping the maximum
            shift = wrapped;
        }

        if (IsMaxCall(shift))
        {
            return true;
        }

        var symbol = OperationFacts.ReferencedSymbol(shift);
        if (symbol is null)
        {
            return false;
        }

        if (symbol.Name.IndexOf("max", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return true;
        }

        if (symbol is ILocalSymbol local)
        {
            var writes = Dataflow.WritesTo(local, OperationFacts.Root(operation));
            foreach (var write in writes)
            {
                if (write.Value is { } value && IsMaxCall(OperationFacts.Strip(value)))
                {
                    return true;
                }
            }

            return IsRunningMaximum(local, writes);
        }

        return false;
    }

    /// <summary>
    /// The argument of a call to a one-parameter method of the compilation whose whole body returns that parameter
    /// scaled by a member or a literal (<c>double GetExponent(double q) =&gt; q / tau;</c>, also <c>return q * beta;</c>):
    /// the exponent is that argument, scaled. Read from the declaration's syntax (no binding); null otherwise.
    /// </summary>
    internal static IOperation? ScalingMethodArgument(IOperation e)
    {
        if (e is not IInvocationOperation { Arguments.Length: 1, TargetMethod: { Parameters.Length: 1, IsAbstract: false, IsVirtual: false, IsOverride: false } method } call ||
            method.DeclaringSyntaxReferences.Length != 1 ||
            method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration)
        {
            return null;
        }

        var parameter = method.Parameters[0].Name;
        if (declaration.ExpressionBody is { Expression: var body })
        {
            return IsScaledParameter(body, parameter) ? call.Arguments[0].Value : null;
        }

        // return q / tau; (with early returns of a constant: if (q == 0) return 0;)
        var scaledReturns = 0;
        foreach (var node in declaration.Body?.DescendantNodes(static n => n is not (AnonymousFunctionExpressionSyntax or
                     LocalFunctionStatementSyntax)) ?? Enumerable.Empty<SyntaxNode>())
        {
            if (node is not ReturnStatementSyntax { Expression: { } value })
            {
                continue;
            }

            if (IsScaledParameter(value, parameter))
            {
                scaledReturns++;
            }
            else if (value is not LiteralExpressionSyntax)
            {
                return null;
            }
        }

        return scaledReturns > 0 ? call.Arguments[0].Value : null;
    }

    /// <summary><c>q / tau</c>, <c>q * beta</c>, <c>q / 2.0</c> with q the named parameter.</summary>
    private static bool IsScaledParameter(ExpressionSyntax returned, string parameter) =>
        returned is BinaryExpressionSyntax
        {
            RawKind: (int)SyntaxKind.DivideExpression or (int)SyntaxKind.MultiplyExpression,
            Left: IdentifierNameSyntax left,
            Right: IdentifierNameSyntax or MemberAccessExpressionSyntax or
                LiteralExpressionSyntax,
        } && left.Identifier.ValueText == parameter;

    /// <summary>
    /// <c>v[i] / m</c> where <c>m</c> is a running maximum of <c>|v[j]|</c> over the same array that starts at a positive
    /// constant (<c>m = 1; for (…) if (m &lt; Abs(v[j])) m = Abs(v[j]);</c>): a value within [−1, 1].
    /// </summary>
    private static bool IsScaledByItsLargestMagnitude(IOperation exponent)
    {
        if (exponent is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division ||
            OperationFacts.Strip(division.RightOperand) is not ILocalReferenceOperation divisor ||
            OperationFacts.Strip(division.LeftOperand) is not (IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true }) ||
            OperationFacts.RootSymbol(division.LeftOperand) is not { } array)
        {
            return false;
        }

        var writes = Dataflow.WritesTo(divisor.Local, OperationFacts.Root(exponent));
        if (!IsRunningMaximum(divisor.Local, writes))
        {
            return false;
        }

        foreach (var write in writes)
        {
            var value = OperationFacts.Strip(write.Value!);
            var isMagnitudeOfElement = value is IInvocationOperation { TargetMethod.Name: "Abs", Arguments.Length: 1 } abs &&
                                       SymbolEqualityComparer.Default.Equals(OperationFacts.RootSymbol(abs.Arguments[0].Value), array);
            if (!isMagnitudeOfElement && OperationFacts.Constant(value) is not > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The value an own number type wraps, <c>new Value(m)</c> (one argument), written here or as the only initializer of
    /// the local read here; null for anything else.
    /// </summary>
    private static IOperation? WrappedValue(IOperation shift)
    {
        if (shift.Type is not { SpecialType: SpecialType.None, TypeKind: TypeKind.Class or TypeKind.Struct })
        {
            // a double or float shift is no wrapper: no flow question asked
            return null;
        }

        shift = Dataflow.ThroughOnlyInitializer(shift);

        // (its other parameters left at their defaults: new Value(m) of Value(float data, Value parent = null, …))
        return shift is IObjectCreationOperation { Arguments.Length: > 0, Initializer: null, Type.SpecialType: SpecialType.None } creation &&
               creation.Arguments.Skip(1).All(static a => a.ArgumentKind == ArgumentKind.DefaultValue)
            ? OperationFacts.Strip(creation.Arguments[0].Value)
            : null;
    }

    /// <summary>
    /// A running maximum, whatever its name: <c>largest = 0; for (…) if (v[i] &gt; largest) largest = v[i];</c> — every write
    /// but one initial value takes a value only where it exceeds the local (the branch of <c>if (a &gt; m) m = a;</c>).
    /// </summary>
    private static bool IsRunningMaximum(ILocalSymbol local, List<Dataflow.Write> writes)
    {
        var guarded = 0;
        var initial = 0;
        foreach (var write in writes)
        {
            if (write.Value is not { } value)
            {
                return false;
            }

            if (IsTakenWhereItExceeds(local, value))
            {
                guarded++;
            }
            else if (++initial > 1)
            {
                return false;
            }
        }

        return guarded > 0;
    }

    /// <summary>Is <paramref name="value"/> assigned inside the true branch of <c>if (value &gt; local)</c> (or <c>local &lt; value</c>)?</summary>
    private static bool IsTakenWhereItExceeds(ILocalSymbol local, IOperation value)
    {
        IOperation child = value;
        for (var (parent, depth) = (value.Parent, 0); parent is not null && depth < 6; (child, parent, depth) = (parent, parent.Parent, depth + 1))
        {
            if (parent is not IConditionalOperation conditional)
            {
                continue;
            }

            if (!ReferenceEquals(child, conditional.WhenTrue) || OperationFacts.Strip(conditional.Condition) is not IBinaryOperation comparison)
            {
                return false;
            }

            var (small, big) = Ordered(comparison, holds: true);
            return big is not null && small is not null &&
                   OperationFacts.Strip(small) is ILocalReferenceOperation { Local: var compared } && SymbolEqualityComparer.Default.Equals(compared, local) &&
                   OperationFacts.SameValue(big, value);
        }

        return false;
    }

    private static bool IsMaxCall(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod.Name: "Max" or "max" or "MaxMagnitude" or "amax" };

    /// <summary>
    /// <c>exp(a − b)</c> after an early exit that leaves only <c>a ≤ b</c> (<c>if (a &gt; b) return a + log1p(exp(b − a));
    /// return b + log1p(exp(a − b));</c>, the pairwise log-add-exp): an <c>if</c> without <c>else</c> before the use, outside it,
    /// whose branch ends in a return and whose condition, negated, orders the difference's operands.
    /// </summary>
    private static bool IsDifferenceOfComparedValues(IOperation exponent, IOperation use)
    {
        if (exponent is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } difference)
        {
            return false;
        }

        foreach (var operation in OperationFacts.Descendants(OperationFacts.Root(use)))
        {
            // what holds after the early exit is the negated condition
            if (operation is IConditionalOperation { WhenFalse: null } exit &&
                exit.Syntax.SpanStart < use.Syntax.SpanStart && !exit.Syntax.Span.Contains(use.Syntax.Span) &&
                EndsInReturn(exit.WhenTrue) && OperationFacts.Strip(exit.Condition) is IBinaryOperation comparison &&
                OrdersDifference(comparison, holds: false, difference))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where <paramref name="comparison"/> is known to be <paramref name="holds"/>, is <c>l − r</c> (the difference) ≤ 0,
    /// i.e. does it say <c>l ≤ r</c>?
    /// </summary>
    private static bool OrdersDifference(IBinaryOperation comparison, bool holds, IBinaryOperation difference)
    {
        var (small, big) = Ordered(comparison, holds);
        return small is not null && big is not null &&
               OperationFacts.SameValue(difference.LeftOperand, small) && OperationFacts.SameValue(difference.RightOperand, big);
    }

    /// <summary>The smaller and the larger operand where the ordering comparison is known to be <paramref name="holds"/>
    /// (<c>a &lt; b</c> true: (a, b); false: (b, a)); (null, null) for another operator.</summary>
    private static (IOperation? Small, IOperation? Big) Ordered(IBinaryOperation comparison, bool holds) => comparison.OperatorKind switch
    {
        BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual => holds
            ? (comparison.LeftOperand, comparison.RightOperand)
            : (comparison.RightOperand, comparison.LeftOperand),
        BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual => holds
            ? (comparison.RightOperand, comparison.LeftOperand)
            : (comparison.LeftOperand, comparison.RightOperand),
        _ => (null, null),
    };

    private static bool EndsInReturn(IOperation branch) => branch switch
    {
        IReturnOperation => true,
        IBlockOperation { Operations.Length: > 0 } block => block.Operations[block.Operations.Length - 1] is IReturnOperation,
        _ => false,
    };

    /// <summary>A comparison of <paramref name="value"/> with anything (a branch on its sign or size) in the method.</summary>
    private static bool IsComparedInMethod(IOperation value, IOperation use)
    {
        if (value is not (ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or
            IPropertyReferenceOperation or IArrayElementReferenceOperation))
        {
            return false;
        }

        foreach (var operation in OperationFacts.Descendants(OperationFacts.Root(use)))
        {
            if (operation is IBinaryOperation
                {
                    OperatorKind: BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual or
                    BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual,
                } comparison &&
                (IsValueOrItsMagnitude(comparison.LeftOperand, value) || IsValueOrItsMagnitude(comparison.RightOperand, value)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>x</c> or <c>Abs(x)</c> (<c>if (Math.Abs(x) &gt; 13.8) return 0;</c> bounds both signs of x).</summary>
    private static bool IsValueOrItsMagnitude(IOperation operand, IOperation value) =>
        OperationFacts.SameValue(operand, value) ||
        OperationFacts.Strip(operand) is IInvocationOperation { TargetMethod.Name: "Abs" or "abs", Arguments.Length: 1 } abs &&
        OperationFacts.SameValue(abs.Arguments[0].Value, value);

    /// <summary>
    /// An exponent that is a plain value which nothing bounds: <c>z[j]</c>, <c>v</c>, <c>score</c>, or such a value
    /// scaled (<c>z[j] / temperature</c>). Shifted, negated or computed exponents are not judged.
    /// </summary>
    public static bool IsPlainExponent(IOperation exponent, out bool scaled)
    {
        scaled = false;
        var e = OperationFacts.Strip(exponent);
        if (IsPlainValue(e))
        {
            return true;
        }

        if (ScalingMethodArgument(e) is { } scaledArgument)
        {
            // exp(GetExponent(q[i])) with GetExponent(q) => q / temperature: a plain value scaled by a helper
            scaled = true;
            return IsPlainValue(OperationFacts.Strip(scaledArgument));
        }

        if (e is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide } product &&
            // (x − max) · invT: a shifted value scaled, not a plain one
            !IsMaxShift(product.LeftOperand) && !IsMaxShift(product.RightOperand) &&
            (IsPlainValue(OperationFacts.Strip(product.LeftOperand)) ||
             product.OperatorKind == BinaryOperatorKind.Multiply && IsPlainValue(OperationFacts.Strip(product.RightOperand))))
        {
            scaled = true;
            return OperationFacts.Constant(product) is null;
        }

        // z[o] · c + d with a correction d that reads no local or parameter but as an index (a maximum-entropy model's
        // w·f / C + (1 − f/C)·P): an offset of fields and constants is no shift by the maximum, which is a value of the
        // method (a local); a sum of two plain values (z[o] + b[o]) is left alone
        if (e is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum)
        {
            var left = OperationFacts.Strip(sum.LeftOperand);
            var right = OperationFacts.Strip(sum.RightOperand);
            var (scaledPart, offset) = IsScaledValue(left) ? (left, right) : IsScaledValue(right) ? (right, left) : (null, null);
            if (scaledPart is not null && offset is not null && IsFixedOffset(offset))
            {
                scaled = true;
                return true;
            }
        }

        return false;
    }

    private static bool IsScaledValue(IOperation e) =>
        e is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide } product &&
        OperationFacts.Constant(product) is null &&
        (IsPlainValue(OperationFacts.Strip(product.LeftOperand)) ||
         product.OperatorKind == BinaryOperatorKind.Multiply && IsPlainValue(OperationFacts.Strip(product.RightOperand)));

    /// <summary>An offset built of constants and fields (and elements of fields) with arithmetic, reading locals and
    /// parameters only as indices, and holding a product (a correction weight, not a bare shift).</summary>
    private static bool IsFixedOffset(IOperation offset)
    {
        if (OperationFacts.Strip(offset) is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply })
        {
            return false;
        }

        foreach (var operation in OperationFacts.Descendants(offset))
        {
            switch (operation)
            {
                case ILocalReferenceOperation or IParameterReferenceOperation when operation.Parent is not IArrayElementReferenceOperation element ||
                                                                              ReferenceEquals(element.ArrayReference, operation):
                case IInvocationOperation:
                    return false;
            }
        }

        return true;
    }

    private static bool IsPlainValue(IOperation e) =>
        e is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or
            IArrayElementReferenceOperation ||
        // an element of a span, a list or an own tensor type (an indexer of one index that holds a number), or of an own
        // matrix (m[r, c], this[r, c]: an indexer of several indices that holds a number)
        e is IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } instance } indexer &&
        (Provenance.IsSpanLike(instance.Type) || indexer.Type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single) ||
        e is IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: > 1, Type.SpecialType: SpecialType.System_Double or SpecialType.System_Single } ||
        e is IPropertyReferenceOperation { Arguments.Length: 0 } ||
        // (float)a.GetValue(i, j): an element of an untyped System.Array, unboxed
        UntypedArrayOf(e) is not null;

    /// <summary>The array of <c>a.GetValue(i, j)</c> on a <c>System.Array</c> (an element read by indices), or null.</summary>
    private static IOperation? UntypedArrayOf(IOperation e) =>
        e is IInvocationOperation { TargetMethod: { Name: "GetValue", ContainingType.SpecialType: SpecialType.System_Array }, Instance: { } array } getValue &&
        getValue.Arguments.Length > 0 && getValue.Arguments.All(a => a.Value.Type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64)
            ? array
            : null;

    /// <summary>The vector an exponent is an element of: <c>z</c> for <c>z[j]</c>, or the collection of the
    /// <c>foreach</c> whose iteration variable it is.</summary>
    public static IOperation? VectorOf(IOperation exponent)
    {
        var e = OperationFacts.Strip(exponent);
        if (ScalingMethodArgument(e) is { } scaledArgument)
        {
            e = OperationFacts.Strip(scaledArgument);
        }

        if (e is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide } product)
        {
            e = OperationFacts.Strip(product.LeftOperand);
        }

        switch (e)
        {
            case IArrayElementReferenceOperation element:
                return OperationFacts.Strip(element.ArrayReference);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } instance }:
                return OperationFacts.Strip(instance);
            case ILocalReferenceOperation local:
                for (var parent = e.Parent; parent is not null; parent = parent.Parent)
                {
                    if (parent is IForEachLoopOperation loop && loop.Locals.Contains(local.Local, SymbolEqualityComparer.Default))
                    {
                        return OperationFacts.Strip(loop.Collection);
                    }
                }

                return null;
            case IParameterReferenceOperation parameter when parameter.Parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.LambdaMethod }:
                // z.Sum(v => Math.Exp(v)): the receiver of the LINQ call
                return LinqReceiver(e);
            case IInvocationOperation when UntypedArrayOf(e) is { } untyped:
                return OperationFacts.Strip(untyped);
            default:
                return null;
        }
    }

    private static IOperation? LinqReceiver(IOperation inLambda)
    {
        for (var parent = inLambda.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation)
            {
                var invocation = parent.Parent?.Parent?.Parent as IInvocationOperation ?? parent.Parent?.Parent as IInvocationOperation;
                return invocation is { TargetMethod.IsExtensionMethod: true, Arguments.Length: > 0 }
                    ? OperationFacts.Strip(invocation.Arguments[0].Value)
                    : null;
            }
        }

        return null;
    }

    /// <summary>
    /// Σ exp(e_j) behind <paramref name="value"/>: a local only ever set to 0 and accumulated with <c>+= exp(e)</c>, or a
    /// LINQ <c>z.Sum(v =&gt; Math.Exp(v))</c> / <c>z.Select(Math.Exp).Sum()</c>. Null unless every exponent is a plain,
    /// unbounded value (an unshifted sum).
    /// </summary>
    public static ExpSum? UnshiftedExpSum(IOperation value, Provenance provenance) => UnshiftedExpSum(value, provenance, inversion: null);

    /// <summary>
    /// <see cref="UnshiftedExpSum(IOperation, Provenance)"/>, where <paramref name="inversion"/> (<c>sum = 1 / sum</c>, the sum
    /// inverted in place once it is complete) is not counted among the sum's writes.
    /// </summary>
    public static ExpSum? UnshiftedExpSum(IOperation value, Provenance provenance, IOperation? inversion)
    {
        var stripped = OperationFacts.Strip(value);
        if (stripped is IInvocationOperation linq)
        {
            return LinqExpSum(linq, provenance);
        }

        // a sum kept in a field between calls: every write a 0 (or the inversion) or a "+= exp(e)"
        if (stripped is IFieldReferenceOperation && WritesToPrivateField(stripped, provenance) is { } fieldWrites)
        {
            foreach (var assigned in fieldWrites.Assigned)
            {
                if (!OperationFacts.IsConstant(assigned, 0) && !(inversion is not null && ReferenceEquals(OperationFacts.Strip(assigned), inversion)))
                {
                    return null;
                }
            }

            return ExpSumOf(fieldWrites.Added, stripped.Syntax, provenance);
        }

        // a foreach variable (foreach (var x in xs) ... Math.Log(x)) takes the collection's elements: it is never a sum
        if (stripped is not ILocalReferenceOperation sum || Dataflow.IsForEachVariable(sum.Local))
        {
            return null;
        }

        // the method body, also from inside a lambda (z.Select(v => Math.Exp(v) / sum))
        var root = OperationFacts.MethodRoot(stripped);

        // with no `sum +=` in the body there are no additions, and only `var sum = z.Sum(Math.Exp)` can be one: a local
        // written only by its initializer is answered without indexing the body (this runs for every log of a local)
        if (!Dataflow.MayBeAccumulated(sum.Local, root) && Dataflow.OnlyInitializerOf(sum.Local, stripped, root) is { } initializer)
        {
            return OperationFacts.Strip(initializer) is IInvocationOperation initialSum ? LinqExpSum(initialSum, provenance) : null;
        }

        if (Dataflow.WritesTo(sum.Local, root) is { Count: 1 } writes && writes[0].Value is { } only &&
            OperationFacts.Strip(only) is IInvocationOperation linqSum)
        {
            return LinqExpSum(linqSum, provenance);
        }

        // every write is a 0 or a "+= exp(e)" (from the body's one index, not another walk of the body)
        foreach (var write in Dataflow.WritesTo(sum.Local, root))
        {
            // an addition (`+=`, `s = s + v`) is read below; compound, ++/--, ref/out and deconstruction writes carry no value
            if (write.Accumulates)
            {
                continue;
            }

            if (write.Value is null)
            {
                return null;
            }
            else if (inversion is not null && ReferenceEquals(OperationFacts.Strip(write.Value), inversion))
            {
                continue;
            }
            else if (!OperationFacts.IsConstant(write.Value, 0))
            {
                return null;
            }
        }

        return ExpSumOf(Dataflow.CompoundAdditionsIn(sum.Local, root), sum.Syntax, provenance);
    }

    /// <summary>The sum of exponentials the additions make (each a <c>+= exp(e)</c> with a plain exponent), or null.</summary>
    private static ExpSum? ExpSumOf(IReadOnlyList<IOperation> additions, SyntaxNode sum, Provenance provenance)
    {
        IOperation? vector = null;
        var sawExp = false;
        var plain = true;
        foreach (var addition in additions)
        {
            if (provenance.ExpOperand(addition) is not { } exponent || !IsPlainExponent(exponent, out var scaled))
            {
                return null;
            }

            var v = VectorOf(exponent);
            if (!sawExp)
            {
                vector = v;
            }
            else if (vector is null || v is null || !OperationFacts.SameValue(vector, v))
            {
                vector = null;
                plain = false;
            }

            plain &= !scaled && v is not null;
            sawExp = true;
        }

        return sawExp ? new ExpSum(sum, vector, plain && vector is not null) : null;
    }

    /// <summary>The assignments and <c>+=</c> additions to a private scalar field (see <see cref="WritesToPrivateField"/>).</summary>
    internal sealed class FieldWrites
    {
        public FieldWrites(List<IOperation> assigned, List<IOperation> added)
        {
            Assigned = assigned;
            Added = added;
        }

        /// <summary>The values of its plain assignments and initializer.</summary>
        public List<IOperation> Assigned { get; }

        /// <summary>The values added to it with <c>+=</c>.</summary>
        public List<IOperation> Added { get; }
    }

    /// <summary>
    /// The writes to a private <c>double</c>/<c>float</c> field — a sum kept between calls (<c>sum = 0; sum += exp(z[i]);</c> in
    /// one method, the division by it in another) — in the bodies of its type that write it; null when the value is no such
    /// field, or one write is neither a plain assignment nor a <c>+=</c> (a <c>ref</c> argument, <c>++</c>, <c>-=</c>).
    /// </summary>
    public static FieldWrites? WritesToPrivateField(IOperation value, Provenance provenance)
    {
        if (OperationFacts.Strip(value) is not IFieldReferenceOperation { Field: { DeclaredAccessibility: Accessibility.Private } field } ||
            field.Type.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single))
        {
            return null;
        }

        var assigned = new List<IOperation>();
        var added = new List<IOperation>();
        foreach (var root in provenance.RootsOf(field))
        {
            foreach (var operation in OperationFacts.Descendants(root))
            {
                switch (operation)
                {
                    case IFieldInitializerOperation initializer when initializer.InitializedFields.Contains(field, SymbolEqualityComparer.Default):
                        assigned.Add(initializer.Value);
                        break;
                    case ISimpleAssignmentOperation assignment when IsField(assignment.Target, field):
                        assigned.Add(assignment.Value);
                        break;
                    case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add } addition when IsField(addition.Target, field):
                        added.Add(addition.Value);
                        break;
                    case ICompoundAssignmentOperation other when IsField(other.Target, field):
                        return null;
                    case IIncrementOrDecrementOperation step when IsField(step.Target, field):
                        return null;
                    case IArgumentOperation { Parameter.RefKind: not RefKind.None } argument when IsField(argument.Value, field):
                        return null;
                }
            }
        }

        return new FieldWrites(assigned, added);

        static bool IsField(IOperation target, IFieldSymbol field) =>
            OperationFacts.Strip(target) is IFieldReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Field, field);
    }

    /// <summary>
    /// The exponents of a sum of exponentials written out term by term — <c>exp(a) + exp(b)</c>, also scaled by a constant
    /// (<c>(exp(d) + exp(−d)) / 2</c>, a log-cosh) and through a numeric-operations object (<c>NumOps.Add</c>,
    /// <c>NumOps.Divide</c>) — when every term is the exp of a plain value or of its negation; otherwise null.
    /// </summary>
    public static IReadOnlyList<IOperation>? InlineExpTerms(IOperation value, Provenance provenance)
    {
        var sum = OperationFacts.Strip(value);
        if (ConstantScaled(sum) is { } unscaled)
        {
            sum = unscaled;
        }

        // most logs are of no sum at all: answered before anything is allocated
        if (!OperationFacts.Elementwise(sum, out var topKind, out _, out _) || topKind != BinaryOperatorKind.Add)
        {
            return null;
        }

        var terms = new List<IOperation>();
        var pending = new Stack<IOperation>();
        pending.Push(sum);
        while (pending.Count > 0 && terms.Count <= 8)
        {
            var term = OperationFacts.Strip(pending.Pop());
            if (OperationFacts.Elementwise(term, out var kind, out var left, out var right))
            {
                if (kind != BinaryOperatorKind.Add)
                {
                    return null;
                }

                pending.Push(right);
                pending.Push(left);
                continue;
            }

            if (provenance.ExpOperand(term) is not { } exponent || !IsPlainOrNegated(exponent))
            {
                return null;
            }

            terms.Add(exponent);
        }

        return terms.Count >= 2 && pending.Count == 0 ? terms : null;
    }

    /// <summary><c>s / c</c>, <c>s * c</c>, <c>c * s</c> with a constant c (also <c>NumOps.Divide(s, NumOps.FromDouble(2))</c>): s.</summary>
    private static IOperation? ConstantScaled(IOperation value)
    {
        switch (value)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide or BinaryOperatorKind.Multiply } binary:
                return IsConstantLike(binary.RightOperand) ? OperationFacts.Strip(binary.LeftOperand)
                    : binary.OperatorKind == BinaryOperatorKind.Multiply && IsConstantLike(binary.LeftOperand) ? OperationFacts.Strip(binary.RightOperand)
                    : null;
            case IInvocationOperation { TargetMethod.Name: "Divide" or "Multiply", Arguments.Length: 2 } call:
                return IsConstantLike(call.Arguments[1].Value) ? OperationFacts.Strip(call.Arguments[0].Value) : null;
            default:
                return null;
        }
    }

    private static bool IsConstantLike(IOperation operation) =>
        OperationFacts.Constant(operation) is not null ||
        OperationFacts.Strip(operation) is IInvocationOperation { Arguments.Length: 1, TargetMethod.Name: "FromDouble" or "FromInt" or "CreateChecked" or "CreateTruncating" } conversion &&
        OperationFacts.Constant(conversion.Arguments[0].Value) is not null;

    private static bool IsPlainOrNegated(IOperation exponent) =>
        IsPlainExponent(OperationFacts.IsNegation(exponent, out var negated) ? negated : exponent, out _);

    private static bool IsLocal(IOperation operation, ILocalSymbol local) =>
        OperationFacts.Strip(operation) is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

    private static ExpSum? LinqExpSum(IInvocationOperation sum, Provenance provenance)
    {
        if (sum.TargetMethod is not { Name: "Sum", IsExtensionMethod: true } method || method.ContainingType?.Name != "Enumerable")
        {
            return null;
        }

        IOperation? receiver;
        IOperation? selector;
        if (sum.Arguments.Length == 2)
        {
            receiver = sum.Arguments[0].Value;
            selector = sum.Arguments[1].Value;
        }
        else if (sum.Arguments.Length == 1 &&
                 OperationFacts.Strip(sum.Arguments[0].Value) is IInvocationOperation { TargetMethod.Name: "Select", Arguments.Length: 2 } select &&
                 select.TargetMethod.Parameters.Length == 2 &&
                 select.TargetMethod.Parameters[1].Type is INamedTypeSymbol { TypeArguments.Length: 2 })
        {
            receiver = select.Arguments[0].Value;
            selector = select.Arguments[1].Value;
        }
        else
        {
            return null;
        }

        if (!IsExpSelector(selector, provenance))
        {
            return null;
        }

        var vector = OperationFacts.Strip(receiver);
        return new ExpSum(sum.Syntax, vector, plainElements: true);
    }

    /// <summary><c>v =&gt; Math.Exp(v)</c> or the method group <c>Math.Exp</c>.</summary>
    private static bool IsExpSelector(IOperation selector, Provenance provenance)
    {
        if (OperationFacts.Strip(selector) is not IDelegateCreationOperation creation)
        {
            return false;
        }

        switch (creation.Target)
        {
            case IMethodReferenceOperation reference:
                return reference.Method.Name == "Exp" &&
                       (SymbolEqualityComparer.Default.Equals(reference.Method.ContainingType, provenance.Symbols.Math) ||
                        SymbolEqualityComparer.Default.Equals(reference.Method.ContainingType, provenance.Symbols.MathF) ||
                        reference.Method.ContainingType?.SpecialType is SpecialType.System_Double or SpecialType.System_Single);
            case IAnonymousFunctionOperation { Symbol.Parameters.Length: 1 } lambda:
                var returned = lambda.Body.Operations.Length == 1 && lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } value }
                    ? value
                    : null;
                return returned is not null && provenance.ExpOperand(returned) is { } exponent &&
                       OperationFacts.Strip(exponent) is IParameterReferenceOperation parameter &&
                       SymbolEqualityComparer.Default.Equals(parameter.Parameter, lambda.Symbol.Parameters[0]);
            default:
                return false;
        }
    }

    /// <summary>
    /// Is the softmax made at <paramref name="producer"/> logged or fed to a binary cross-entropy anywhere in its syntax tree
    /// (directly, or through a call of the method that makes it)? Then LOSS001/LOSS004 report that consumer, and the
    /// softmax is not reported again (one misuse, one diagnostic).
    /// </summary>
    public static bool IsLoggedOrFedToBce(IOperation anchor, SyntaxNode producer, Provenance provenance, LossContext context,
        ProbabilityKind kind = ProbabilityKind.Softmax)
    {
        if (anchor.SemanticModel is not { } model)
        {
            return false;
        }

        var enclosing = OperationFacts.EnclosingMemberSymbol(anchor);
        foreach (var consumed in provenance.ConsumedProducers(model, kind, context))
        {
            if (consumed.SyntaxTree == producer.SyntaxTree &&
                (consumed.Span.Contains(producer.Span) || IsCallOf(consumed, enclosing, model)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The producers of <paramref name="kind"/> (a softmax, a sigmoid) whose outputs the file logs or feeds to a binary
    /// cross-entropy, as LOSS001/LOSS003/LOSS004 resolve them: every invocation of the file bound once per file, kind and
    /// loss context (<see cref="Provenance.ConsumedProducers"/> keeps the answer), not once per LOSS006 site.
    /// </summary>
    internal static IReadOnlyList<SyntaxNode> FindConsumedProducers(SemanticModel model, Provenance provenance, LossContext context, ProbabilityKind kind)
    {
        var producers = new List<SyntaxNode>();
        foreach (var node in model.SyntaxTree.GetRoot().DescendantNodes())
        {
            if (node is not InvocationExpressionSyntax ||
                model.GetOperation(node) is not IInvocationOperation invocation)
            {
                continue;
            }

            IOperation? probability = null;
            var call = MathApi.Classify(invocation, provenance.Symbols);
            if (call.Function == MathFunction.Log && call.Operand is { } operand)
            {
                probability = BceShapes.ProbabilityOf(operand).Probability;
            }
            else if (call.Function == MathFunction.BinaryCrossEntropy || !call.IsValid)
            {
                probability = BceShapes.FromInvocation(invocation, provenance.Symbols)?.Probability;
            }

            if (probability is not null && provenance.Resolve(probability, context) is { } source && source.Kind == kind)
            {
                producers.Add(source.Producer);
            }
        }

        return producers;
    }

    private static bool IsCallOf(SyntaxNode producer, ISymbol? method, SemanticModel model) =>
        method is not null && producer is InvocationExpressionSyntax &&
        SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(producer).Symbol?.OriginalDefinition, method.OriginalDefinition);

    /// <summary>
    /// The array a whole softmax is written into element by element (<c>p[i] = exp(z[i]) / sum</c>), or the LINQ
    /// <c>Select</c> that maps it; null for a single probability <c>exp(z[k]) / sum</c>, which LOSS001 reports where it is logged.
    /// Also null when the written array is a local that is never read (dead code, e.g. left behind by another fix).
    /// </summary>
    public static bool IsUsedVectorSoftmax(IOperation division)
    {
        var parent = OperationFacts.Parent(division);
        if (parent is IReturnOperation && division.Parent is not null &&
            OperationFacts.Root(division) is IAnonymousFunctionOperation lambda &&
            OperationFacts.Parent(lambda) is IDelegateCreationOperation creation &&
            OperationFacts.Parent(creation) is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Select" } })
        {
            return true;
        }

        // upper += exp(z[i]) / Σ; if (r < upper) return i;: a draw from the softmax by its running total (a roulette wheel)
        if (parent is ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Target: var total } running &&
            ReferenceEquals(OperationFacts.Strip(running.Value), division) &&
            OperationFacts.Strip(total) is ILocalReferenceOperation cumulative && IsComparedInMethod(cumulative, division))
        {
            return true;
        }

        // a.SetValue(exp(z) / Σ, i, j): written into an untyped System.Array
        if (parent is IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation { TargetMethod: { Name: "SetValue", ContainingType.SpecialType: SpecialType.System_Array } } })
        {
            return true;
        }

        if (parent is not ISimpleAssignmentOperation assignment || !ReferenceEquals(OperationFacts.Strip(assignment.Value), division))
        {
            return false;
        }

        var target = OperationFacts.Strip(assignment.Target);
        var array = target switch
        {
            // z[k] or a matrix's m[r, c]
            IArrayElementReferenceOperation element => element.ArrayReference,
            // a span, a list or an own tensor type's element: an indexer of one index that holds a number
            IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } instance } indexer
                when Provenance.IsSpanLike(instance.Type) || indexer.Type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single => instance,
            // an own tensor type's element of several indices that holds a number (t[0, 0, c, b])
            IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: > 1, Type.SpecialType: SpecialType.System_Double or SpecialType.System_Single, Instance: { } instance } => instance,
            _ => null,
        };
        if (array is null)
        {
            // neuron.Output = exp(neuron.Sum) / sum in a foreach over the layer's neurons: each element's output
            return target is IMemberReferenceOperation { Instance: ILocalReferenceOperation iterated } && Dataflow.IsForEachVariable(iterated.Local);
        }

        if (OperationFacts.ReferencedSymbol(array) is not ILocalSymbol local)
        {
            return true;
        }

        foreach (var operation in OperationFacts.Descendants(OperationFacts.Root(division)))
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local) &&
                !IsElementWriteTarget(reference))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsElementWriteTarget(IOperation reference)
    {
        var element = OperationFacts.Parent(reference);
        return element is IArrayElementReferenceOperation or IPropertyReferenceOperation &&
               OperationFacts.Parent(element) is IAssignmentOperation assignment && ReferenceEquals(OperationFacts.Strip(assignment.Target), element);
    }
}
