using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>
/// Is an operand kept away from 0 (or from 1)? Clamps, <c>Max/Min</c>, <c>+ ε</c>, a clamp assigned to the same variable
/// on every path, and conditions that dominate the use (<c>if (p &gt; 0)</c>, <c>p == 0 ? 0 : ...</c>,
/// <c>if (count == 0) continue;</c> before <c>p = count / total</c>).
/// </summary>
internal static class Guards
{
    private const int MaxDepth = 6;

    /// <summary>Is <paramref name="operand"/>, evaluated at <paramref name="use"/>, certainly &gt; 0?</summary>
    public static bool IsKeptAwayFromZero(IOperation operand, IOperation use) => Positive(operand, use, 0);

    private static bool Positive(IOperation operand, IOperation use, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        var e = OperationFacts.Strip(operand);
        if (OperationFacts.Constant(e) is { } constant)
        {
            return constant > 0;
        }

        switch (e)
        {
            case IInvocationOperation invocation when IsClampLike(invocation, out var kind):
                return ClampIsPositive(invocation, kind, use, depth);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add:
                return OperationFacts.IsSmallPositive(add.LeftOperand) || OperationFacts.IsSmallPositive(add.RightOperand);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } subtract when OperationFacts.IsOne(subtract.LeftOperand):
                // (1 + 1e-8f) - p: 1 + ε rounds to 1, a guard in intent that LOSS005 reports
                return BelowOne(subtract.RightOperand, use, depth + 1) || ConditionHolds(e, use, wantPositive: true) ||
                       Constants.IsWrittenOnePlusEpsilon(subtract.LeftOperand);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } subtract when OperationFacts.IsOnePlusSmall(subtract.LeftOperand):
                // ε + 1 - p: (1 - p) + ε, at least ε for a probability p
                return true;
            case IInvocationOperation map when MappedValue(map) is { } mapped:
                // m.Map(x => Math.Clamp(x, 1e-9, 1 - 1e-9)): every element is what the lambda returns
                return Positive(mapped, mapped, depth + 1);
            case IInvocationOperation complement when OperationFacts.OneMinus(complement) is { } subtracted:
                // ones.Subtract(p), x.OnesLike().Subtract(p): a tensor API's 1 − p
                return BelowOne(subtracted, use, depth + 1) || ConditionHolds(e, use, wantPositive: true);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                // each branch is judged where it is, under the test that picks it (p < lo ? lo : p: p ≥ lo on the false branch)
                return Positive(conditional.WhenTrue, conditional.WhenTrue, depth + 1) && Positive(whenFalse, whenFalse, depth + 1);
            case ILocalReferenceOperation or IParameterReferenceOperation:
                if (ConditionHolds(e, use, wantPositive: true) || MapsAGuardedSequence(e, depth, belowOne: false))
                {
                    return true;
                }

                var values = ValuesOf(e);

                if (values is null || values.Count == 0)
                {
                    // the body is walked for Clamp(ref x) only when the variable's own values do not answer
                    return ClampedByReferenceBefore(e, use);
                }

                foreach (var value in values)
                {
                    if (!Positive(value, value, depth + 1) && !NumeratorGuarded(value, use))
                    {
                        return ClampedByReferenceBefore(e, use);
                    }
                }

                return true;
            default:
                return ConditionHolds(e, use, wantPositive: true);
        }
    }

    /// <summary>
    /// A lambda's parameter whose elements come from a clipped sequence: <c>t.Map((target, y) =&gt; -target * Log(y), clipped, r)</c>
    /// with <c>clipped = output.Clipped(ε, 1 − ε)</c>, <c>p.Clip(ε, 1).Select(y =&gt; Log(y))</c>. Which operand feeds which
    /// parameter is the library's: any clipped operand of the map counts (a guard is presumed where one is in reach).
    /// </summary>
    private static bool MapsAGuardedSequence(IOperation reference, int depth, bool belowOne)
    {
        if (reference is not IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambdaSymbol })
        {
            return false;
        }

        IOperation? lambda = reference;
        while (lambda is not null && !(lambda is IAnonymousFunctionOperation function && SymbolEqualityComparer.Default.Equals(function.Symbol, lambdaSymbol)))
        {
            lambda = lambda.Parent;
        }

        if (lambda?.Parent is not IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation map } lambdaArgument })
        {
            return false;
        }

        if (map.Instance is { } receiver && IsClipped(receiver, depth, belowOne))
        {
            return true;
        }

        foreach (var argument in map.Arguments)
        {
            if (!ReferenceEquals(argument, lambdaArgument) && argument.ArgumentKind != ArgumentKind.DefaultValue && IsClipped(argument.Value, depth, belowOne))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The values that reach a local or parameter read; for a local read inside a lambda (<c>p =&gt; p &lt; lo ? lo : p</c>)
    /// that the lambda's own flow does not see, its initializer when nothing in the method writes it again.
    /// </summary>
    private static IReadOnlyList<IOperation>? ValuesOf(IOperation e)
    {
        var values = Dataflow.ReachingValues(OperationFacts.ReferencedSymbol(e)!, e);
        return (values is null || values.Count == 0) && CapturedInitializer(e) is { } captured ? new[] { captured } : values;
    }

    /// <summary>The initializer of a local read inside a lambda, when nothing in the method writes it again; else null.</summary>
    private static IOperation? CapturedInitializer(IOperation reference) =>
        reference is ILocalReferenceOperation local && IsInsideLambda(reference)
            ? Dataflow.OnlyInitializerOf(local.Local, reference, OperationFacts.MethodRoot(reference))
            : null;

    private static bool IsInsideLambda(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A sequence that a clamp made (directly, or held in a local that only ever holds one), above 0 (or below 1).</summary>
    private static bool IsClipped(IOperation sequence, int depth, bool belowOne)
    {
        var value = OperationFacts.Strip(sequence);
        if (value is ILocalReferenceOperation local && Dataflow.ReachingValues(local.Local, local) is { Count: 1 } values)
        {
            value = OperationFacts.Strip(values[0]);
        }

        if (value is IInvocationOperation map && MappedValue(map) is { } mapped)
        {
            // Apply(predictions, p => p < lo ? lo : p > hi ? hi : p): every element is what the lambda returns
            return belowOne ? BelowOne(mapped, mapped, depth + 1) : Positive(mapped, mapped, depth + 1);
        }

        return value is IInvocationOperation clip && IsClampLike(clip, out var kind) &&
               (belowOne ? ClampIsBelowOne(clip, kind, clip, depth + 1) : ClampIsPositive(clip, kind, clip, depth + 1));
    }

    /// <summary>
    /// <c>Clamp(ref output);</c> before the use, in the same body: the variable is passed by reference to a helper named
    /// like a clamp (Clamp, Clip, Floor…), or to a method of this compilation whose body assigns that parameter under a
    /// condition or from a Max/Min.
    /// </summary>
    private static bool ClampedByReferenceBefore(IOperation variable, IOperation use)
    {
        var symbol = OperationFacts.ReferencedSymbol(variable);
        if (symbol is null)
        {
            return false;
        }

        foreach (var operation in OperationFacts.Descendants(OperationFacts.Root(use)))
        {
            if (operation is not IArgumentOperation { Parameter.RefKind: RefKind.Ref, Parent: IInvocationOperation call } argument ||
                argument.Syntax.SpanStart >= use.Syntax.SpanStart ||
                !SymbolEqualityComparer.Default.Equals(OperationFacts.ReferencedSymbol(argument.Value), symbol))
            {
                continue;
            }

            var name = call.TargetMethod.Name;
            if (name.IndexOf("Clamp", System.StringComparison.OrdinalIgnoreCase) >= 0 ||
                name.IndexOf("Clip", System.StringComparison.OrdinalIgnoreCase) >= 0 ||
                name.IndexOf("Floor", System.StringComparison.OrdinalIgnoreCase) >= 0 ||
                name.IndexOf("Bound", System.StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }

            foreach (var reference in call.TargetMethod.DeclaringSyntaxReferences)
            {
                var text = reference.GetSyntax().ToString();
                var parameter = argument.Parameter.Name;
                if (text.IndexOf(parameter + " =", System.StringComparison.Ordinal) >= 0 &&
                    (text.IndexOf("if (", System.StringComparison.Ordinal) >= 0 || text.IndexOf("Max(", System.StringComparison.Ordinal) >= 0))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Is <paramref name="operand"/> certainly &lt; 1 at <paramref name="use"/>?</summary>
    private static bool BelowOne(IOperation operand, IOperation use, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        var e = OperationFacts.Strip(operand);
        if (OperationFacts.Constant(e) is { } constant)
        {
            return constant < 1;
        }

        switch (e)
        {
            case IInvocationOperation invocation when IsClampLike(invocation, out var kind):
                return ClampIsBelowOne(invocation, kind, use, depth);
            case IInvocationOperation map when MappedValue(map) is { } mapped:
                return BelowOne(mapped, mapped, depth + 1);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                // p > hi ? hi : p: p ≤ hi on the false branch
                return BelowOne(conditional.WhenTrue, conditional.WhenTrue, depth + 1) && BelowOne(whenFalse, whenFalse, depth + 1);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } oneMinus when OperationFacts.IsOne(oneMinus.LeftOperand):
                // 1 − x with x kept above 0 (var hi = 1f - lo;): below 1 in intent (LOSS005 reports an x that vanishes)
                return OperationFacts.IsSmallPositive(oneMinus.RightOperand) || Positive(oneMinus.RightOperand, use, depth + 1);
            case ILocalReferenceOperation or IParameterReferenceOperation:
                if (ConditionHolds(e, use, wantPositive: false) || MapsAGuardedSequence(e, depth, belowOne: true))
                {
                    return true;
                }

                var values = ValuesOf(e);

                if (values is null || values.Count == 0)
                {
                    return false;
                }

                foreach (var value in values)
                {
                    if (!BelowOne(value, value, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return ConditionHolds(e, use, wantPositive: false);
        }
    }

    /// <summary>
    /// For an element-wise map of a vector or matrix through a lambda of one parameter (MathNet's <c>m.Map(x =&gt; …)</c>, an own
    /// <c>Calc</c>/<c>Apply</c>/<c>Select</c>), the value the lambda returns; null for any other call.
    /// </summary>
    private static IOperation? MappedValue(IInvocationOperation invocation)
    {
        if (!MathApi.IsMapName(invocation.TargetMethod.Name))
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (OperationFacts.Strip(argument.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.Parameters.Length: 1 } lambda } &&
                lambda.Body.Operations is { Length: 1 } operations && operations[0] is IReturnOperation { ReturnedValue: { } returned })
            {
                return returned;
            }
        }

        return null;
    }

    // The clamp cases are methods of their own: lambdas capturing Positive's or BelowOne's parameters would allocate
    // their closure on every call of those, clamp or not.
    private static bool ClampIsPositive(IInvocationOperation invocation, ClampKind kind, IOperation use, int depth) => kind switch
    {
        ClampKind.Clamp => LowerBoundIsPositive(invocation),
        ClampKind.Max => AnyArgument(invocation, a => OperationFacts.IsSmallPositive(a) || IsPositiveBound(a) || Positive(a, use, depth + 1)),
        ClampKind.Min => AllArguments(invocation, a => IsPositiveBound(a) || Positive(a, use, depth + 1)),
        _ => false,
    };

    private static bool ClampIsBelowOne(IInvocationOperation invocation, ClampKind kind, IOperation use, int depth) => kind switch
    {
        ClampKind.Clamp => UpperBoundIsBelowOne(invocation),
        ClampKind.Min => AnyArgument(invocation, a => IsBelowOneBound(a) || BelowOne(a, use, depth + 1)),
        ClampKind.Max => AllArguments(invocation, a => BelowOne(a, use, depth + 1)),
        _ => false,
    };

    /// <summary><c>p = count / total</c> where a dominating condition excludes <c>count == 0</c>.</summary>
    private static bool NumeratorGuarded(IOperation value, IOperation use)
    {
        return OperationFacts.Strip(value) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division &&
               (ConditionHolds(OperationFacts.Strip(division.LeftOperand), use, wantPositive: true) ||
                ConditionHolds(OperationFacts.Strip(division.LeftOperand), value, wantPositive: true));
    }

    private enum ClampKind
    {
        None,
        Clamp,
        Max,
        Min,
    }

    private static bool IsClampLike(IInvocationOperation invocation, out ClampKind kind)
    {
        var name = invocation.TargetMethod.Name;
        kind = OperationFacts.IsClampName(name) ? ClampKind.Clamp : name switch
        {
            "Max" or "clamp_min" or "PointwiseMaximum" => ClampKind.Max,
            "Min" or "clamp_max" or "PointwiseMinimum" => ClampKind.Min,
            _ => ClampKind.None,
        };
        if (kind == ClampKind.Max && name == "clamp_min" ||
            kind == ClampKind.Min && name == "clamp_max")
        {
            return true;
        }

        if (name is "PointwiseMaximum" or "PointwiseMinimum")
        {
            // MathNet's m.PointwiseMaximum(ε): the receiver and the bound are the two operands
            return invocation.Instance is not null && !invocation.TargetMethod.IsStatic && invocation.Arguments.Length >= 1;
        }

        return kind != ClampKind.None && invocation.Arguments.Length >= 2 || kind == ClampKind.Clamp && invocation.Instance is not null;
    }

    private static IOperation? BoundArgument(IInvocationOperation invocation, int boundIndex)
    {
        // Math.Clamp(value, min, max) / T.Clamp(value, min, max) / tensor.clamp(min, max) / torch.clamp(input, min, max)
        var offset = invocation.TargetMethod.IsStatic ? 1 : 0;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == boundIndex + offset && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static bool LowerBoundIsPositive(IInvocationOperation invocation)
    {
        var bound = BoundArgument(invocation, 0);
        if (bound is null)
        {
            return false;
        }

        // a bound written > 0 that vanishes in its type (1e-50f) is a guard in intent: LOSS005 reports it
        return OperationFacts.Constant(bound) is { } c ? c > 0 || OperationFacts.IsWrittenSmallPositive(bound) : !IsNullLiteral(bound);
    }

    private static bool UpperBoundIsBelowOne(IInvocationOperation invocation)
    {
        var bound = BoundArgument(invocation, 1);
        if (bound is null)
        {
            return false;
        }

        // a bound written < 1 that rounds to 1 in its type (1f - 1e-15f) is a guard in intent: LOSS005 reports it
        return OperationFacts.Constant(bound) is { } c ? c < 1 || Constants.IsWrittenBelowOne(bound) : !IsNullLiteral(bound);
    }

    private static bool IsNullLiteral(IOperation operation) =>
        OperationFacts.Strip(operation) is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation;

    /// <summary>A constant below 1, or <c>1 - eps</c>.</summary>
    private static bool IsBelowOneBound(IOperation operation) =>
        OperationFacts.Constant(operation) is { } c ? c < 1 || Constants.IsWrittenBelowOne(operation) :
        OperationFacts.OneMinus(operation) is { } eps && OperationFacts.IsSmallPositive(eps) ||
        Constants.WrittenThroughLocals(operation) is { } held && held < 1;

    /// <summary>A clamp bound held in a local or written in generic math (<c>T lo = T.CreateChecked(1e-7)</c>) that is &gt; 0.</summary>
    private static bool IsPositiveBound(IOperation operation) =>
        OperationFacts.Constant(operation) is null && Constants.WrittenThroughLocals(operation) is { } held && held > 0;

    private static bool AnyArgument(IInvocationOperation invocation, System.Func<IOperation, bool> predicate)
    {
        if (invocation.Instance is { } instance && !invocation.TargetMethod.IsStatic && predicate(instance))
        {
            return true;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue && predicate(argument.Value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AllArguments(IInvocationOperation invocation, System.Func<IOperation, bool> predicate)
    {
        // an instance form's receiver is an operand too (x.clamp_max(1 − ε) is positive only where x is)
        if (invocation.Instance is { } instance && !invocation.TargetMethod.IsStatic && !predicate(instance))
        {
            return false;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue && !predicate(argument.Value))
            {
                return false;
            }
        }

        return invocation.Arguments.Length > 0;
    }

    /// <summary>Does a condition that dominates <paramref name="use"/> imply <c>x &gt; 0</c> (or <c>x &lt; 1</c>)?</summary>
    private static bool ConditionHolds(IOperation x, IOperation use, bool wantPositive)
    {
        IOperation child = use;
        for (var parent = use.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when !ReferenceEquals(child, conditional.Condition):
                    var inTrue = ReferenceEquals(child, conditional.WhenTrue);
                    if (Implies(conditional.Condition, x, wantPositive, truth: inTrue))
                    {
                        return true;
                    }

                    break;
                case IWhileLoopOperation { Condition: { } condition } loop when ReferenceEquals(child, loop.Body) && loop.ConditionIsTop && !loop.ConditionIsUntil:
                    if (Implies(condition, x, wantPositive, truth: true))
                    {
                        return true;
                    }

                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } andOp when ReferenceEquals(child, andOp.RightOperand):
                    if (Implies(andOp.LeftOperand, x, wantPositive, truth: true))
                    {
                        return true;
                    }

                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } orOp when ReferenceEquals(child, orOp.RightOperand):
                    if (Implies(orOp.LeftOperand, x, wantPositive, truth: false))
                    {
                        return true;
                    }

                    break;
                case IBlockOperation block:
                    if (EarlyExitBefore(block, child, x, wantPositive) || ReplacedBefore(block, child, x, wantPositive))
                    {
                        return true;
                    }

                    break;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
            }
        }

        return false;
    }

    /// <summary><c>if (x &lt;= 0) continue;</c> (or return/break/throw) earlier in the same block.</summary>
    private static bool EarlyExitBefore(IBlockOperation block, IOperation child, IOperation x, bool wantPositive)
    {
        // statements of one block are disjoint and in order: their full spans' starts order them as well as their spans'
        // do, and cost nothing (a span's start is found by descending to the first token for its leading trivia)
        var childStart = child.Syntax.FullSpan.Start;
        foreach (var statement in block.Operations)
        {
            if (ReferenceEquals(statement, child) || statement.Syntax.FullSpan.Start >= childStart)
            {
                return false;
            }

            if (statement is IConditionalOperation { WhenFalse: null } conditional && AlwaysExits(conditional.WhenTrue) &&
                Implies(conditional.Condition, x, wantPositive, truth: false))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>if (x == 0) x = 1e-4;</c>, <c>if (Math.Abs(x - 1) &lt; 1e-10) x = 0.99;</c> earlier in the same block: where the
    /// test finds the bad value, a good constant replaces it, and no statement between that and the use writes the
    /// variable again — so at the use it is not the bad value on any path.
    /// </summary>
    private static bool ReplacedBefore(IBlockOperation block, IOperation child, IOperation x, bool wantPositive)
    {
        if (x is not (ILocalReferenceOperation or IParameterReferenceOperation))
        {
            return false;
        }

        var childStart = child.Syntax.FullSpan.Start;
        var replaced = false;
        foreach (var statement in block.Operations)
        {
            if (ReferenceEquals(statement, child) || statement.Syntax.FullSpan.Start >= childStart)
            {
                break;
            }

            if (statement is IConditionalOperation { WhenFalse: null } conditional && ReplacementIn(conditional.WhenTrue, x) is { } replacement &&
                OperationFacts.Constant(replacement) is { } good && (wantPositive ? good > 0 : good < 1))
            {
                // (another replacement by a good value, under any test, keeps the answer: it writes only a good value)
                replaced |= Implies(conditional.Condition, x, wantPositive, truth: false);
            }
            else if (replaced && Writes(statement, x))
            {
                replaced = false;
            }
        }

        return replaced;
    }

    /// <summary>The value of <c>x = value;</c> when it is the whole of <paramref name="branch"/> (or of its block), else null.</summary>
    private static IOperation? ReplacementIn(IOperation branch, IOperation x)
    {
        var statement = branch is IBlockOperation { Operations.Length: 1 } block ? block.Operations[0] : branch;
        return statement is IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment } &&
               OperationFacts.SameValue(assignment.Target, x)
            ? assignment.Value
            : null;
    }

    /// <summary>Does <paramref name="statement"/> assign, update or pass by reference the variable <paramref name="x"/> reads?</summary>
    private static bool Writes(IOperation statement, IOperation x)
    {
        foreach (var operation in OperationFacts.Descendants(statement))
        {
            var target = operation switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IIncrementOrDecrementOperation step => step.Target,
                IArgumentOperation { Parameter.RefKind: not RefKind.None } argument => argument.Value,
                _ => null,
            };
            if (target is not null && OperationFacts.SameValue(target, x))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AlwaysExits(IOperation operation) => operation switch
    {
        IBranchOperation or IReturnOperation or IThrowOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation { Operations.Length: > 0 } block => AlwaysExits(block.Operations[block.Operations.Length - 1]),
        _ => false,
    };

    private static bool Implies(IOperation condition, IOperation x, bool wantPositive, bool truth)
    {
        var c = OperationFacts.Strip(condition);
        switch (c)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Implies(not.Operand, x, wantPositive, !truth);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } andOp when truth:
                return Implies(andOp.LeftOperand, x, wantPositive, true) || Implies(andOp.RightOperand, x, wantPositive, true);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } orOp when !truth:
                return Implies(orOp.LeftOperand, x, wantPositive, false) || Implies(orOp.RightOperand, x, wantPositive, false);
            case IBinaryOperation comparison when DistanceComparison(comparison, x, truth) is { } excluded:
                // Math.Abs(x - 1) < tiny, false: x is not 1 (Math.Abs(x) < tiny: not 0)
                return excluded == (wantPositive ? 0 : 1);
            case IBinaryOperation comparison:
                var kind = comparison.OperatorKind;
                IOperation bound;
                if (OperationFacts.SameValue(comparison.LeftOperand, x))
                {
                    bound = comparison.RightOperand;
                }
                else if (OperationFacts.SameValue(comparison.RightOperand, x))
                {
                    bound = comparison.LeftOperand;
                    kind = Flip(kind);
                }
                else
                {
                    return false;
                }

                if (!truth)
                {
                    kind = Negate(kind);
                }

                // a bound held in a local (var lo = Model.Epsilon; … p < lo ? lo : p) is its written value
                var value = OperationFacts.Constant(bound) ?? Constants.WrittenThroughLocals(bound) ??
                            (CapturedInitializer(OperationFacts.Strip(bound)) is { } initial ? Constants.WrittenThroughLocals(initial) : null);
                var symbolic = value is null && OperationFacts.IsSmallPositive(bound);
                return wantPositive
                    ? kind switch
                    {
                        BinaryOperatorKind.GreaterThan => value >= 0 || symbolic,
                        BinaryOperatorKind.GreaterThanOrEqual => value > 0 || symbolic,
                        BinaryOperatorKind.NotEquals => value == 0,
                        _ => false,
                    }
                    : kind switch
                    {
                        BinaryOperatorKind.LessThan => value <= 1,
                        BinaryOperatorKind.LessThanOrEqual => value < 1,
                        BinaryOperatorKind.NotEquals => value == 1,
                        _ => false,
                    };
            default:
                return false;
        }
    }

    /// <summary>
    /// For a comparison of <c>|x − c|</c> (<c>Math.Abs(x - 1)</c>, <c>Math.Abs(1 - x)</c>, <c>Math.Abs(x)</c>) with a constant,
    /// that holds (or fails, by <paramref name="truth"/>) only where x is not c: that c (0 or 1); else null.
    /// </summary>
    private static double? DistanceComparison(IBinaryOperation comparison, IOperation x, bool truth)
    {
        var kind = comparison.OperatorKind;
        IOperation distance;
        double? bound;
        if (OperationFacts.Constant(comparison.RightOperand) is { } right)
        {
            (distance, bound) = (comparison.LeftOperand, right);
        }
        else if (OperationFacts.Constant(comparison.LeftOperand) is { } left)
        {
            (distance, bound, kind) = (comparison.RightOperand, left, Flip(kind));
        }
        else
        {
            return null;
        }

        if (OperationFacts.Strip(distance) is not IInvocationOperation { TargetMethod.Name: "Abs", Arguments.Length: 1 } abs ||
            abs.TargetMethod.ContainingType is not ({ Name: "Math" or "MathF" } or { SpecialType: SpecialType.System_Double or SpecialType.System_Single }))
        {
            return null;
        }

        if (!truth)
        {
            kind = Negate(kind);
        }

        // |x − c| ≥ k > 0 or |x − c| > k ≥ 0: x is not c
        if (!(kind == BinaryOperatorKind.GreaterThanOrEqual && bound > 0 || kind == BinaryOperatorKind.GreaterThan && bound >= 0))
        {
            return null;
        }

        var inside = OperationFacts.Strip(abs.Arguments[0].Value);
        if (OperationFacts.SameValue(inside, x))
        {
            return 0;
        }

        return inside is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } difference &&
               (OperationFacts.SameValue(difference.LeftOperand, x) && OperationFacts.Constant(difference.RightOperand) is { } c1 ? c1
                   : OperationFacts.SameValue(difference.RightOperand, x) && OperationFacts.Constant(difference.LeftOperand) is { } c2 ? c2
                   : (double?)null) is { } c and (0 or 1)
            ? c
            : null;
    }

    private static BinaryOperatorKind Flip(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
        BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
        BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
        _ => kind,
    };

    private static BinaryOperatorKind Negate(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThanOrEqual,
        BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThan,
        BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThanOrEqual,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThan,
        BinaryOperatorKind.Equals => BinaryOperatorKind.NotEquals,
        BinaryOperatorKind.NotEquals => BinaryOperatorKind.Equals,
        _ => BinaryOperatorKind.None,
    };
}
