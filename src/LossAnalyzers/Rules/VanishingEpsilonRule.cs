using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS005: a clamp or an added ε whose epsilon vanishes in the arithmetic type: <c>1f - 1e-15f == 1f</c>,
/// <c>1.0 - 1e-20 == 1.0</c>, <c>p + 1e-50f</c> (1e-50f is 0), <c>float.Epsilon</c>/<c>double.Epsilon</c> as a lower
/// bound (a subnormal). Only where the guard is meant to keep a value away from 0 or 1: its result flows into a log,
/// the guarded value is a probability, the bound is named like an epsilon, or the bounds have the [ε, 1 − ε] shape.
/// LOSS001 treats such a guard as a guard (the code has a clamp; the clamp is what is wrong): one misuse, one diagnostic.
/// </summary>
internal static class VanishingEpsilonRule
{
    private static readonly ulong Bound = MathApi.Mask(MathFunction.Clamp, MathFunction.Max, MathFunction.Min);

    /// <summary>LOSS005: what the host analyzer (<see cref="LossAnalyzer"/>) runs, and when.</summary>
    internal static readonly Rule Rule = new(
        Descriptors.LOSS005,
        static s => s.HasAnyLogarithm,
        AnalyzeInvocation,
        AnalyzeBinary,
        calls: Bound);

    private const int MaxFlowSteps = 8;

    // ---------------------------------------------------------------- Clamp / Max / Min


    private static void AnalyzeInvocation(OperationAnalysisContext context, CallSite site)
    {
        var invocation = site.Invocation;
        var provenance = site.Provenance;
        if (!site.MayBe(Bound))
        {
            return;
        }

        var call = site.Call;
        if (call.Function is not (MathFunction.Clamp or MathFunction.Max or MathFunction.Min) || call.IsSpanForm)
        {
            return;
        }

        var isTorch = call.Style == ApiStyle.Torch;
        IOperation? value;
        IOperation? lower = null;
        IOperation? upper = null;
        switch (call.Function)
        {
            case MathFunction.Clamp:
                value = call.Operand;
                switch (invocation.TargetMethod.Name)
                {
                    case "clamp_min":
                        lower = call.ArgumentAfterOperand(0);
                        break;
                    case "clamp_max":
                        upper = call.ArgumentAfterOperand(0);
                        break;
                    default:
                        lower = call.ArgumentAfterOperand(0);
                        upper = call.ArgumentAfterOperand(1);
                        break;
                }

                break;
            case MathFunction.Max when !isTorch && SplitBound(call, out value, out var bound):
                lower = bound;
                break;
            case MathFunction.Min when !isTorch && SplitBound(call, out value, out var bound):
                upper = bound;
                break;
            default:
                return;
        }

        if (value is null)
        {
            return;
        }

        var isClampShape = lower is not null && upper is not null && Constants.WrittenThroughLocals(lower) is > 0 and < 0.5 &&
                           Constants.WrittenThroughLocals(upper) is > 0.5 and < 1;
        var lossContext = site.LossContext;
        foreach (var (bound, isLower) in new[] { (lower, true), (upper, false) })
        {
            if (bound is null || EvaluatesInFloat(bound, invocation, isTorch, provenance.Symbols) is not { } isFloat)
            {
                continue;
            }

            var vanishing = isLower ? Constants.LowerBound(bound, isFloat) : Constants.UpperBound(bound, isFloat);
            if (vanishing == Vanishing.None && OperationFacts.Strip(bound) is ILocalReferenceOperation or IBinaryOperation)
            {
                // a bound held in a local: var lo = 1e-10f; var hi = 1f - lo;
                vanishing = isLower ? Constants.LowerBoundThroughLocals(bound, isFloat) : Constants.UpperBoundThroughLocals(bound, isFloat);
            }

            if (vanishing == Vanishing.None)
            {
                continue;
            }

            // the purpose of the bound is to keep the value away from 0 or 1
            var intended = vanishing == Vanishing.ToOne || isClampShape || OperationFacts.LooksLikeEpsilon(bound) ||
                           FlowsIntoLog(invocation, provenance.Symbols, followLocals: true) || IsProbability(value, provenance, lossContext);
            // an upper bound that rounds to 1 matters only for log(1 − x): a clamp whose result is itself the log's argument
            // (log(max(lo, min(p, hi)))) never takes log(1 − x)
            if (vanishing == Vanishing.ToOne && IsDirectLogArgument(invocation, provenance.Symbols))
            {
                continue;
            }

            // a subnormal floor keeps a log finite (−744 in double): it fails only where the gradient 1/x of a loss meets it,
            // not in a sampler, a step size or a distribution's parameter ([ε, 1 − ε] bounds say the value is a probability)
            if (!intended || vanishing == Vanishing.Subnormal && !isClampShape && !IsLossGuard(value, invocation, provenance, lossContext))
            {
                continue;
            }

            // log(max(p, double.Epsilon)) is −744 (−103 in float), finite: a floor whose value only a log ever reads works
            // (no gradient is taken of Math.Log; TorchSharp's autograd would take 1/x of the floor, so its clamps stay reported)
            if (vanishing == Vanishing.Subnormal && isLower && !isClampShape && !isTorch && IsOnlyLogged(invocation, provenance.Symbols))
            {
                continue;
            }

            var consequence = vanishing switch
            {
                Vanishing.ToOne => $"the clamp does not keep '{RuleSupport.Quote(value.Syntax)}' below 1",
                Vanishing.ToZero => $"the clamp does not keep '{RuleSupport.Quote(value.Syntax)}' above 0",
                _ => SubnormalConsequence(bound, isFloat),
            };
            // a lower bound is replaced by ε; 1 - ε' by 1 - ε (its subtrahend); any other upper bound by 1 - ε
            var subtract = OperationFacts.Strip(bound) as IBinaryOperation;
            var fix = isLower ? EpsilonEdit.Whole : subtract is { OperatorKind: BinaryOperatorKind.Subtract } ? EpsilonEdit.Right : EpsilonEdit.OneMinus;
            Report(context, bound, vanishing, isFloat, consequence, fix, fix == EpsilonEdit.Right ? subtract!.RightOperand : bound);
        }
    }

    /// <summary><c>Max(value, bound)</c> / <c>Min(bound, value)</c>: the constant argument is the bound.</summary>
    private static bool SplitBound(ApiCall call, out IOperation? value, out IOperation? bound)
    {
        value = null;
        bound = null;
        if (call.IsInstanceForm)
        {
            // v.PointwiseMaximum(1e-320): the receiver is the value, the one argument its bound
            value = call.Operand;
            bound = call.Argument(0);
            return value is not null && bound is not null && Constants.WrittenThroughLocals(bound) is not null;
        }

        var first = call.Argument(0);
        var second = call.Argument(1);
        if (first is null || second is null)
        {
            return false;
        }

        var firstConstant = Constants.WrittenThroughLocals(first) is not null;
        var secondConstant = Constants.WrittenThroughLocals(second) is not null;
        if (firstConstant == secondConstant)
        {
            return false;
        }

        (value, bound) = firstConstant ? (second, first) : (first, second);
        return true;
    }

    // ---------------------------------------------------------------- p + ε, 1 + ε - p

    private static void AnalyzeBinary(OperationAnalysisContext context, IBinaryOperation binary, Provenance provenance)
    {
        if (binary.OperatorKind == BinaryOperatorKind.Equals)
        {
            AnalyzeZeroReplacement(context, binary);
            return;
        }

        // the shapes first (p + ε, (1 + ε) − p, in floating point): they are cheap, and almost every binary operation is neither
        if (binary.OperatorKind is not (BinaryOperatorKind.Add or BinaryOperatorKind.Subtract) ||
            binary.Type is not { } type ||
            type.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single) &&
            !(provenance.Symbols.Tensor is { } tensor && SymbolEqualityComparer.Default.Equals(type, tensor)))
        {
            return;
        }

        var shaped = binary.OperatorKind switch
        {
            BinaryOperatorKind.Add => OperationFacts.IsWrittenSmallPositive(binary.RightOperand) || OperationFacts.IsWrittenSmallPositive(binary.LeftOperand),
            BinaryOperatorKind.Subtract => OperationFacts.Strip(binary.LeftOperand) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add },
            _ => false,
        };
        if (!shaped || EvaluatesInFloat(binary, binary, isTorch: false, provenance.Symbols) is not { } isFloat)
        {
            return;
        }

        if (binary.OperatorKind == BinaryOperatorKind.Add)
        {
            IOperation epsilon;
            IOperation value;
            if (OperationFacts.IsWrittenSmallPositive(binary.RightOperand) && OperationFacts.Written(binary.LeftOperand) is null)
            {
                (epsilon, value) = (binary.RightOperand, binary.LeftOperand);
            }
            else if (OperationFacts.IsWrittenSmallPositive(binary.LeftOperand) && OperationFacts.Written(binary.RightOperand) is null)
            {
                (epsilon, value) = (binary.LeftOperand, binary.RightOperand);
            }
            else
            {
                return;
            }

            var vanishing = Constants.LowerBound(epsilon, isFloat);
            var lossContext = LossContext.For(context.Options, binary.Syntax.SyntaxTree);
            // v + double.Epsilon as a divisor (or the base of a negative power) is inverted where v is 0: 1/5e-324 = ∞,
            // wherever the code is (a batch-norm variance, a pivot)
            var inverted = vanishing == Vanishing.Subnormal && IsInverted(binary) && !IsZeroWhereDivisorIsZero(binary, value);
            if (vanishing == Vanishing.None ||
                !(OperationFacts.LooksLikeEpsilon(epsilon) || FlowsIntoLog(binary, provenance.Symbols, followLocals: true) ||
                  IsProbability(value, provenance, lossContext)) ||
                vanishing == Vanishing.Subnormal && !inverted && !IsLossGuard(value, binary, provenance, lossContext))
            {
                return;
            }

            var consequence = vanishing == Vanishing.ToZero
                ? $"adding it does not keep '{RuleSupport.Quote(value.Syntax)}' above 0"
                : inverted
                    ? $"where '{RuleSupport.Quote(value.Syntax)}' is 0, its reciprocal overflows to ∞"
                    : SubnormalConsequence(epsilon, isFloat);
            Report(context, epsilon, vanishing, isFloat, consequence, EpsilonEdit.Whole, epsilon);
        }
        else if (binary.OperatorKind == BinaryOperatorKind.Subtract &&
                 OperationFacts.Written(binary.RightOperand) is null &&
                 Constants.OnePlus(binary.LeftOperand, isFloat) == Vanishing.OnePlusToOne &&
                 OperationFacts.Strip(binary.LeftOperand) is IBinaryOperation onePlus)
        {
            var value = binary.RightOperand;
            if (!(FlowsIntoLog(binary, provenance.Symbols, followLocals: true) ||
                  IsProbability(value, provenance, LossContext.For(context.Options, binary.Syntax.SyntaxTree)) ||
                  OperationFacts.LooksLikeEpsilon(onePlus.LeftOperand) || OperationFacts.LooksLikeEpsilon(onePlus.RightOperand)))
            {
                return;
            }

            var epsilonIsRight = OperationFacts.Written(onePlus.LeftOperand) is 1.0;
            var epsilon = epsilonIsRight ? onePlus.RightOperand : onePlus.LeftOperand;
            var consequence = $"'{RuleSupport.Quote(binary.Syntax)}' still reaches 0 at '{RuleSupport.Quote(value.Syntax)}' = 1";
            Report(context, binary.LeftOperand, Vanishing.OnePlusToOne, isFloat, consequence, epsilonIsRight ? EpsilonEdit.Right : EpsilonEdit.Left, epsilon);
        }
    }

    /// <summary>
    /// <c>if (x == 0) x = double.Epsilon;</c> followed by a division by <c>x</c> (a zero pivot replaced by a subnormal and
    /// inverted): 1/x overflows to ∞, the very thing the replacement was meant to prevent.
    /// </summary>
    private static void AnalyzeZeroReplacement(OperationAnalysisContext context, IBinaryOperation test)
    {
        var tested = OperationFacts.Constant(test.RightOperand) is 0.0 ? test.LeftOperand
            : OperationFacts.Constant(test.LeftOperand) is 0.0 ? test.RightOperand
            : null;
        if (tested is null || tested.Type?.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single) ||
            test.Parent is not IConditionalOperation { WhenTrue: { } whenTrue } conditional || !ReferenceEquals(conditional.Condition, test))
        {
            return;
        }

        var statement = whenTrue is IBlockOperation { Operations.Length: 1 } block ? block.Operations[0] : whenTrue;
        if (statement is not IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment } ||
            !OperationFacts.SameValue(assignment.Target, tested))
        {
            return;
        }

        var isFloat = tested.Type.SpecialType == SpecialType.System_Single;
        var epsilon = OperationFacts.Strip(assignment.Value);
        if (Constants.LowerBound(epsilon, isFloat) != Vanishing.Subnormal)
        {
            return;
        }

        // a division by the replaced value after the replacement, in the same body
        var after = conditional.Syntax.Span.End;
        foreach (var operation in OperationFacts.Descendants(OperationFacts.Root(test)))
        {
            if (operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division &&
                division.Syntax.SpanStart >= after && OperationFacts.SameValue(division.RightOperand, tested))
            {
                Report(context, epsilon, Vanishing.Subnormal, isFloat,
                    $"'{RuleSupport.Quote(tested.Syntax)}' replaced by it is divided by (line {OperationFacts.Line(division.Syntax)}) and 1/x overflows to ∞",
                    EpsilonEdit.Whole, epsilon);
                return;
            }
        }
    }

    // ---------------------------------------------------------------- shared

    private static void Report(OperationAnalysisContext context, IOperation bound, Vanishing vanishing, bool isFloat, string consequence,
        EpsilonEdit fix, IOperation replaced)
    {
        var epsilon = RuleSupport.EpsilonLiteral(context.Options, bound.Syntax.SyntaxTree, isFloat);
        var literal = NaturalType(replaced) == SpecialType.System_Single ? epsilon : epsilon.TrimEnd('f', 'F');
        if (literal.IndexOfAny(new[] { '.', 'e', 'E', 'f', 'F' }) < 0)
        {
            literal += ".0";
        }

        var value = Constants.InType(bound, isFloat) ?? 0;
        var what = vanishing switch
        {
            Vanishing.ToZero => "equals 0",
            Vanishing.Subnormal => "is the subnormal " + (isFloat ? ((float)value).ToString("R", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture)),
            _ => "equals 1",
        };

        // the located node is the bound; the fix replaces it (Whole, OneMinus) or one operand of it (Left, Right: the
        // ε of 1 - ε or of 1 + ε)
        var properties = new VanishingEpsilonFixData(fix, literal).Write();
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.LOSS005,
            bound.Syntax.GetLocation(),
            properties,
            RuleSupport.Quote(bound.Syntax),
            what,
            isFloat ? "float" : "double",
            consequence,
            literal));
    }

    /// <summary>Is the value divided by (<c>d / (v + ε)</c>) or raised to a negative constant power (<c>Math.Pow(v + ε, -1.5)</c>)?</summary>
    private static bool IsInverted(IOperation value)
    {
        var current = value;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division => ReferenceEquals(division.RightOperand, current),
            ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Divide } division => ReferenceEquals(division.Value, current),
            IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation { TargetMethod.Name: "Pow", Arguments.Length: 2 } pow } =>
                OperationFacts.Constant(pow.Arguments[1].Value) is < 0,
            _ => false,
        };
    }

    /// <summary>
    /// A 0/0 tie-breaker, not an inversion: the division <c>n / (v + ε)</c> that <paramref name="divisor"/> is the right
    /// operand of has a numerator that is 0 wherever <paramref name="value"/> is — a term of the sum <c>v</c> is
    /// (<c>f.Fitness / (Σ fitness + ε)</c> with <c>Σ = members.Sum(g =&gt; g.Fitness)</c> and <c>f</c> one of the members),
    /// or a total accumulated only in the blocks that count <c>v</c> up (<c>total += d; count++;</c>, then
    /// <c>total / (count + ε)</c>). Where <c>v</c> is 0 the quotient is 0/ε = 0, as meant.
    /// </summary>
    private static bool IsZeroWhereDivisorIsZero(IOperation divisor, IOperation value)
    {
        var current = divisor;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        if (current.Parent is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division ||
            OperationFacts.Strip(value) is not ILocalReferenceOperation { Local: var total } reference)
        {
            return false;
        }

        var numerator = OperationFacts.Strip(division.LeftOperand);
        var root = OperationFacts.Root(reference);
        if (Dataflow.OnlyInitializerOf(total, reference, root) is { } initializer &&
            OperationFacts.Strip(initializer) is IInvocationOperation { TargetMethod.Name: "Sum" } sum)
        {
            return IsTermOf(numerator, sum);
        }

        return numerator is ILocalReferenceOperation { Local: var accumulated } && !SymbolEqualityComparer.Default.Equals(accumulated, total) &&
               IsAccumulatedWithCount(accumulated, total, root);
    }

    /// <summary>Is <paramref name="term"/> <c>e.P</c> (or <c>e</c>) with <c>e</c> a foreach variable over the collection
    /// <paramref name="sum"/> adds up <c>P</c> of (<c>c.Sum(g =&gt; g.P)</c>, <c>c.Sum()</c>)?</summary>
    private static bool IsTermOf(IOperation term, IInvocationOperation sum)
    {
        var collection = sum.Instance ?? (sum.Arguments.Length > 0 ? sum.Arguments[0].Value : null);
        var (element, member) = term switch
        {
            IPropertyReferenceOperation { Instance: ILocalReferenceOperation local } property => (local, (ISymbol)property.Property),
            IFieldReferenceOperation { Instance: ILocalReferenceOperation local } field => (local, field.Field),
            ILocalReferenceOperation local => (local, null),
            _ => (null, null),
        };
        if (collection is null || element is null || Provenance.ForEachLoopOf(element) is not { } loop ||
            !OperationFacts.SameValue(loop.Collection, collection))
        {
            return false;
        }

        var selector = sum.Arguments.Length > (sum.Instance is null ? 1 : 0) ? sum.Arguments[sum.Instance is null ? 1 : 0].Value : null;
        if (selector is null)
        {
            return member is null;
        }

        return OperationFacts.Strip(selector) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } &&
               lambda.Body.Operations is { Length: 1 } body && body[0] is IReturnOperation { ReturnedValue: { } returned } &&
               OperationFacts.Strip(returned) switch
               {
                   IPropertyReferenceOperation { Instance: IParameterReferenceOperation } selected => SymbolEqualityComparer.Default.Equals(selected.Property, member),
                   IFieldReferenceOperation { Instance: IParameterReferenceOperation } selected => SymbolEqualityComparer.Default.Equals(selected.Field, member),
                   _ => false,
               };
    }

    /// <summary>
    /// Does <paramref name="accumulated"/> start at 0 and grow only by additions each made in a block that also counts
    /// <paramref name="count"/> up (which starts at 0 and is only counted up)? Then a zero count means nothing was added.
    /// </summary>
    private static bool IsAccumulatedWithCount(ILocalSymbol accumulated, ILocalSymbol count, IOperation root)
    {
        var countingBlocks = new List<IOperation>();
        var additions = new List<IOperation>();
        foreach (var operation in OperationFacts.Descendants(root, intoFunctions: false))
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, accumulated) ||
                                                                  SymbolEqualityComparer.Default.Equals(declarator.Symbol, count):
                    if (declarator.Initializer is not { } init || OperationFacts.Constant(init.Value) is not 0.0)
                    {
                        return false;
                    }

                    break;
                case IIncrementOrDecrementOperation { Kind: OperationKind.Increment, Target: ILocalReferenceOperation target } increment
                    when SymbolEqualityComparer.Default.Equals(target.Local, count):
                    if (OperationFacts.StatementOf(increment)?.Parent is { } counting)
                    {
                        countingBlocks.Add(counting);
                    }

                    break;
                case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target } addition
                    when SymbolEqualityComparer.Default.Equals(target.Local, accumulated) &&
                         (addition.OperatorKind == BinaryOperatorKind.Add ||
                          addition.Syntax.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.AddAssignmentExpression)):
                    // (total += Unresolved(…) in code that does not bind has no operator, but is written as an addition)
                    additions.Add(addition);
                    break;
                case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation target } when
                    SymbolEqualityComparer.Default.Equals(target.Local, accumulated) || SymbolEqualityComparer.Default.Equals(target.Local, count):
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target2 } when
                    SymbolEqualityComparer.Default.Equals(target2.Local, accumulated) || SymbolEqualityComparer.Default.Equals(target2.Local, count):
                case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target3 } when
                    SymbolEqualityComparer.Default.Equals(target3.Local, count) || SymbolEqualityComparer.Default.Equals(target3.Local, accumulated):
                case IArgumentOperation { Value: ILocalReferenceOperation passed, Parameter.RefKind: not RefKind.None } when
                    SymbolEqualityComparer.Default.Equals(passed.Local, accumulated) || SymbolEqualityComparer.Default.Equals(passed.Local, count):
                    return false; // another write: not followed
            }
        }

        return additions.Count > 0 && countingBlocks.Count > 0 &&
               additions.TrueForAll(a => OperationFacts.StatementOf(a)?.Parent is { } block && countingBlocks.Exists(counting => ReferenceEquals(counting, block)));
    }

    private static string SubnormalConsequence(IOperation bound, bool isFloat)
    {
        var value = Constants.InType(bound, isFloat) ?? 0;
        var reciprocal = 1 / value;
        var overflows = isFloat ? reciprocal > float.MaxValue : double.IsInfinity(reciprocal);
        var log = System.Math.Log(value).ToString("F0", CultureInfo.InvariantCulture);
        return overflows
            ? $"its log is {log} and the gradient 1/x overflows to ∞"
            : $"its log is {log} and the gradient 1/x is {reciprocal.ToString("G3", CultureInfo.InvariantCulture)}";
    }

    /// <summary>The type of the expression as written (before implicit conversions to a parameter's type).</summary>
    private static SpecialType NaturalType(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation.Type?.SpecialType ?? SpecialType.None;
    }

    /// <summary>Float or double arithmetic for a bound (null: neither). A float32 tensor (TorchSharp) and a double
    /// result converted to float evaluate in float.</summary>
    private static bool? EvaluatesInFloat(IOperation bound, IOperation guard, bool isTorch, KnownSymbols symbols)
    {
        if (isTorch || guard.Type is { } guardType && symbols.Tensor is not null && SymbolEqualityComparer.Default.Equals(guardType, symbols.Tensor))
        {
            return true;
        }

        switch (bound.Type?.SpecialType)
        {
            case SpecialType.System_Single:
                return true;
            case SpecialType.System_Double:
                return guard.Parent is IConversionOperation { Type.SpecialType: SpecialType.System_Single };
            default:
                return null;
        }
    }

    /// <summary>Does the guard protect a loss: the guarded value is a probability, or the guard is in loss code?</summary>
    private static bool IsLossGuard(IOperation value, IOperation guard, Provenance provenance, LossContext lossContext) =>
        lossContext.IsInLossCode(guard) || IsProbability(value, provenance, lossContext);

    private static bool IsProbability(IOperation value, Provenance provenance, LossContext lossContext) =>
        provenance.Resolve(BceShapes.ProbabilityOf(value).Probability, lossContext) is not null;

    /// <summary>Does the guard's result reach the argument of a logarithm (through conversions, <c>1 - x</c>,
    /// <c>x + c</c>, and one local or parameter it is assigned to)?</summary>
    private static bool FlowsIntoLog(IOperation guard, KnownSymbols symbols, bool followLocals)
    {
        var current = guard;
        for (var step = 0; step < MaxFlowSteps; step++)
        {
            var parent = current.Parent;
            switch (parent)
            {
                case IConversionOperation or IParenthesizedOperation:
                    current = parent;
                    continue;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract }:
                    current = parent;
                    continue;
                case IArgumentOperation { Parent: IInvocationOperation invocation } argument:
                    var call = MathApi.Classify(invocation, symbols);
                    return IsLog(call.Function) && !call.IsSpanForm && call.Operand is { } operand &&
                           ReferenceEquals(operand, argument.Value);
                case IInvocationOperation invocation when ReferenceEquals(invocation.Instance, current):
                    var instanceCall = MathApi.Classify(invocation, symbols);
                    if (IsLog(instanceCall.Function))
                    {
                        return true;
                    }

                    if (instanceCall.Function == MathFunction.Clamp)
                    {
                        current = invocation;
                        continue;
                    }

                    return false;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when followLocals:
                    return LocalFlowsIntoLog(declarator.Symbol, guard, symbols);
                case ISimpleAssignmentOperation assignment when followLocals && ReferenceEquals(assignment.Value, current) &&
                                                                OperationFacts.ReferencedSymbol(assignment.Target) is ILocalSymbol or IParameterSymbol:
                    return LocalFlowsIntoLog(OperationFacts.ReferencedSymbol(assignment.Target)!, guard, symbols);
                default:
                    return false;
            }
        }

        return false;
    }

    private static bool LocalFlowsIntoLog(ISymbol variable, IOperation guard, KnownSymbols symbols)
    {
        foreach (var operation in OperationFacts.Descendants(OperationFacts.Root(guard)))
        {
            if (operation is ILocalReferenceOperation or IParameterReferenceOperation &&
                SymbolEqualityComparer.Default.Equals(OperationFacts.ReferencedSymbol(operation), variable) &&
                operation.Syntax.SpanStart > guard.Syntax.SpanStart &&
                FlowsIntoLog(operation, symbols, followLocals: false))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Is the guard (possibly nested in other clamps) the very argument of a logarithm: <c>log(max(lo, min(p, hi)))</c>?</summary>
    /// <summary>
    /// Is the guard's result read only as the argument of a logarithm: <c>Log(Max(p, ε))</c>, or a local initialised with
    /// it whose every read is a logarithm's argument (<c>var q = Max(p, ε); … Log(q)</c>)?
    /// </summary>
    private static bool IsOnlyLogged(IInvocationOperation guard, KnownSymbols symbols)
    {
        if (IsDirectLogArgument(guard, symbols))
        {
            return true;
        }

        IOperation current = guard;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        if (current.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } })
        {
            return false;
        }

        var reads = 0;
        foreach (var operation in OperationFacts.Descendants(OperationFacts.Root(guard)))
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                IOperation read = reference;
                while (read.Parent is IConversionOperation or IParenthesizedOperation)
                {
                    read = read.Parent;
                }

                if (read.Parent is not IArgumentOperation { Parent: IInvocationOperation log } ||
                    MathApi.Classify(log, symbols) is not { Operand: { } operand } call || !IsLog(call.Function) || call.IsSpanForm ||
                    !ReferenceEquals(OperationFacts.Strip(operand), reference))
                {
                    return false;
                }

                reads++;
            }
        }

        return reads > 0;
    }

    private static bool IsDirectLogArgument(IInvocationOperation guard, KnownSymbols symbols)
    {
        IOperation current = guard;
        for (var step = 0; step < MaxFlowSteps; step++)
        {
            switch (current.Parent)
            {
                case IConversionOperation or IParenthesizedOperation:
                    current = current.Parent;
                    continue;
                case IArgumentOperation { Parent: IInvocationOperation outer }:
                    var call = MathApi.Classify(outer, symbols);
                    if (call.Function is MathFunction.Clamp or MathFunction.Max or MathFunction.Min)
                    {
                        current = outer;
                        continue;
                    }

                    return IsLog(call.Function) && call.Operand is { } operand && ReferenceEquals(OperationFacts.Strip(operand), OperationFacts.Strip(current));
                default:
                    return false;
            }
        }

        return false;
    }

    private static bool IsLog(MathFunction function) =>
        function is MathFunction.Log or MathFunction.Log10 or MathFunction.Log2 or MathFunction.LogWithBase;
}
