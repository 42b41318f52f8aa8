using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS006: a log/exp composition that overflows or loses its argument where a stable form exists —
/// <c>log(1 + exp(x))</c> (softplus), <c>log(Σ exp(z_j))</c> (log-sum-exp), a softmax <c>exp(z_k) / Σ exp(z_j)</c> without
/// the max subtracted, <c>TensorPrimitives.SoftMax</c>, and <c>double.LogP1</c>/<c>TensorPrimitives.LogP1</c> (which compute
/// log(x + 1)). The log of a sigmoid is LOSS001's, and a softmax that feeds a binary cross-entropy is LOSS004's
/// (one misuse, one diagnostic).
/// </summary>
internal static class UnstableLogExpCompositionRule
{
    private static readonly ulong LogOrExp = MathApi.Mask(MathFunction.Log, MathFunction.Log1p, MathFunction.Softmax, MathFunction.Exp, MathFunction.Map);

    /// <summary>LOSS006: what the host analyzer (<see cref="LossAnalyzer"/>) runs, and when.</summary>
    internal static readonly Rule Rule = new(
        Descriptors.LOSS006,
        static s => s.HasAnyLogarithm,
        Analyze,
        binary: static (context, division, provenance) =>
        {
            if (division.OperatorKind == BinaryOperatorKind.Multiply)
            {
                AnalyzeSigmoidDerivativeProduct(context, division, provenance);
            }
            else if (!AnalyzeSigmoidDerivative(context, division, provenance) && !AnalyzeSigmoidRatio(context, division, provenance))
            {
                AnalyzeTanhRatio(context, division, provenance);
            }
        },
        calls: LogOrExp);



    private static void Analyze(OperationAnalysisContext context, CallSite site)
    {
        var invocation = site.Invocation;
        var provenance = site.Provenance;
        if (!site.MayBe(LogOrExp))
        {
            return;
        }

        if (invocation.TargetMethod.Name is "Select" or "Transform" or "Map" or "Apply")
        {
            // z.Select(Math.Exp), v.Transform(NumOps.Exp): the exponentials of a sequence, without an Exp call of their own;
            // v.Transform(x => NumOps.Exp(NumOps.Divide(x, t))): of a scaled element (a temperature)
            if (ExpMethodGroupSelect(invocation, provenance.Symbols) is { } source)
            {
                AnalyzeLinqSoftmax(context, invocation, source, provenance);
            }
            else if (ScaledExpLambdaMap(invocation, provenance.Symbols) is { } scaledSource)
            {
                AnalyzeLinqSoftmax(context, invocation, scaledSource, provenance, scaled: true);
            }

            return;
        }

        var call = site.Call;
        if (call.IsIntoForm)
        {
            // y.PointwiseExp(buffer): what the buffer held before (a shift written into it) is not followed here
            return;
        }

        if (!call.IsValid && MathApi.IsPowOfE(invocation, provenance.Symbols, out var powerOfE))
        {
            // Math.Pow(Math.E, z[i]): exp written as a power, normalised like any other
            AnalyzeSoftmaxDivision(context, invocation, powerOfE!, provenance);
            return;
        }

        if (!call.IsValid && IsOwnLog1p(invocation) && provenance.ExpOperand(invocation.Arguments[0].Value, followLocals: true) is { } ownExponent)
        {
            // a library's own log1p (Special.Log1p(Math.Exp(x))): the same softplus
            AnalyzeSoftplus(context, invocation, ownExponent, provenance);
            return;
        }

        switch (call.Function)
        {
            case MathFunction.Log or MathFunction.Log1p when !call.IsSpanForm && call.Operand is { } operand &&
                                                              call.Style is ApiStyle.Math or ApiStyle.MathF or ApiStyle.GenericMath or ApiStyle.StableLoss or
                                                                  ApiStyle.Own:
                var softplusArgument = call.Function == MathFunction.Log
                    ? LogExpShapes.OnePlusExp(operand, provenance)
                    : provenance.ExpOperand(operand);
                if (softplusArgument is not null)
                {
                    AnalyzeSoftplus(context, invocation, softplusArgument, provenance);
                }
                else if (call.Function == MathFunction.Log)
                {
                    AnalyzeLogSumExp(context, invocation, operand, provenance);
                }
                else if (call.Style == ApiStyle.GenericMath)
                {
                    AnalyzeLogP1(context, invocation, operand, provenance);
                }

                break;
            case MathFunction.Log or MathFunction.Log1p when call.Style == ApiStyle.Torch && call.Operand is { } tensor:
                // torch.log(1 + torch.exp(x)), (1 + x.exp()).log(), torch.log1p(torch.exp(x)): ∞ in float32 once x > 88
                var tensorArgument = call.Function == MathFunction.Log
                    ? LogExpShapes.OnePlusExp(tensor, provenance)
                    : provenance.ExpOperand(tensor);
                if (tensorArgument is not null && !LogExpShapes.IsBounded(tensorArgument, invocation))
                {
                    var xText = RuleSupport.Quote(OperationFacts.Strip(tensorArgument).Syntax);
                    Report(context, invocation.Syntax,
                        new UnstableLogExpCompositionFixData(LogExpFix.TorchSoftplus, RuleSupport.SourceText(OperationFacts.Strip(tensorArgument).Syntax)).Write(),
                        $"overflows: exp({xText}) is ∞ in float32 once {xText} > 88, so the result is ∞ instead of {xText}",
                        $"torch.nn.functional.softplus({xText})");
                }

                break;
            case MathFunction.Log1p when call.Style == ApiStyle.TensorPrimitives:
                Report(context, invocation.Syntax, null, "computes log(x + 1) element by element, which is 0 for |x| < 1e-16 (6e-8 in float) and loses most digits of any small x",
                    "StableMath.Log1p on each element");
                break;
            case MathFunction.Softmax when call.Style == ApiStyle.TensorPrimitives && call.Operand is { } source:
                AnalyzeTensorSoftmax(context, invocation, call, source, provenance);
                break;
            case MathFunction.Exp when !call.IsSpanForm && call.Operand is { } exponent:
                if (ExpLambdaSelect(invocation, exponent) is { } select)
                {
                    // z.Select(v => Math.Exp(v)), m.ApplyToElements(v => Math.Exp(v)): the mapped sequence, not the lambda
                    AnalyzeLinqSoftmax(context, select, MathApi.MapOf(select).Source!, provenance);
                    break;
                }

                if (call.Style == ApiStyle.Own && NormalisedPointwiseExp(invocation) is { } normalisation)
                {
                    AnalyzeNormalisedPointwiseExp(context, invocation, exponent, normalisation);
                    break;
                }

                AnalyzeSoftmaxDivision(context, invocation, exponent, provenance);
                break;
        }
    }

    /// <summary>
    /// <c>z.PointwiseExp().NormalizeColumns(1)</c> (also through a local: <c>r = z.PointwiseExp(); r = r.NormalizeColumns(1);</c>),
    /// or the local divided by its own sum as a whole (<c>e / e.Sum()</c>, <c>e.Divide(e.Sum())</c>): a matrix or vector
    /// library's softmax — every exponential divided by its column's (row's, vector's) sum — without the maximum
    /// subtracted. Once an element passes 709 (88 in float) its output is ∞/∞ = NaN and the others of its column 0.
    /// </summary>
    private static void AnalyzeNormalisedPointwiseExp(OperationAnalysisContext context, IInvocationOperation exp, IOperation exponent, IOperation normalisation)
    {
        // a plain matrix (not a shifted or computed one: z.Subtract(max) is the stable form) that nothing bounds
        if (!LogExpShapes.IsPlainExponent(exponent, out _) || LogExpShapes.IsBounded(exponent, exp))
        {
            return;
        }

        var z = RuleSupport.Quote(OperationFacts.Strip(exponent).Syntax);
        var element = exp.Type is INamedTypeSymbol { TypeArguments.Length: 1 } generic ? generic.TypeArguments[0] : null;
        var along = (normalisation as IInvocationOperation)?.TargetMethod.Name switch
        {
            "NormalizeColumns" => "column",
            "NormalizeRows" => "row",
            _ => "vector",
        };
        Report(context, exp.Syntax, null,
            $"exponentiates '{z}' without the maximum subtracted and is normalised into a softmax (line {OperationFacts.Line(normalisation.Syntax)}): " +
            $"once an element exceeds {OverflowLimit(element)} its exponential is ∞, its output ∞/∞ = NaN and every other output of its {along} 0",
            $"'{z}' minus each {along}'s maximum inside the exponential");
    }

    /// <summary>The L1 normalisation (<c>NormalizeColumns(1)</c>, <c>NormalizeRows(1)</c>, <c>Normalize(1)</c>) applied to an
    /// element-wise exponential, directly or to the local it is assigned to, or null.</summary>
    private static IOperation? NormalisedPointwiseExp(IInvocationOperation exp)
    {
        var parent = OperationFacts.Parent(exp);
        if (parent is IInvocationOperation { Instance: { } receiver } direct && ReferenceEquals(OperationFacts.Strip(receiver), exp) && IsL1Normalisation(direct))
        {
            return direct;
        }

        if (OperationFacts.StoredIn(exp) is not { } local)
        {
            return null;
        }

        foreach (var operation in OperationFacts.Descendants(OperationFacts.Root(exp)))
        {
            if (operation is IInvocationOperation { Instance: { } instance } normalisation && operation.Syntax.SpanStart > exp.Syntax.SpanStart &&
                OperationFacts.Strip(instance) is ILocalReferenceOperation or IParameterReferenceOperation &&
                SymbolEqualityComparer.Default.Equals(OperationFacts.ReferencedSymbol(OperationFacts.Strip(instance)), local) &&
                IsL1Normalisation(normalisation))
            {
                return normalisation;
            }
        }

        // e / e.Sum(), e.Divide(e.Sum()), e * (1 / e.Sum()): the whole divided by its own sum
        return local is ILocalSymbol exps ? LinqNormalisation(exps, OperationFacts.Root(exp)) : null;
    }

    private static bool IsL1Normalisation(IInvocationOperation call) =>
        call.TargetMethod.Name is "NormalizeColumns" or "NormalizeRows" or "Normalize" && call.Arguments.Length == 1 &&
        OperationFacts.IsConstant(call.Arguments[0].Value, 1);

    /// <summary>
    /// <c>(exp(x) − exp(−x)) / (exp(x) + exp(−x))</c>: tanh written with exponentials (also through locals, and with
    /// <c>Math.Pow(Math.E, x)</c>). Once |x| passes 709 (88 where the exponentials are float) one of them is ∞ and the
    /// ratio ∞/∞ is NaN where tanh is ±1. Reported at the division (the operation analysed, so the IDE finds it there).
    /// </summary>
    private static void AnalyzeTanhRatio(OperationAnalysisContext context, IBinaryOperation division, Provenance provenance)
    {
        // the cheap syntactic shape first: a difference over a sum, of floating-point values; or the square of each
        // ((eˣ − e⁻ˣ)(eˣ − e⁻ˣ)) / ((eˣ + e⁻ˣ)(eˣ + e⁻ˣ)), tanh² in a hand-written derivative 1 − tanh²
        if (division.OperatorKind != BinaryOperatorKind.Divide ||
            division.Type?.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single))
        {
            return;
        }

        var squared = false;
        var top = OperationFacts.Strip(division.LeftOperand);
        var bottom = OperationFacts.Strip(division.RightOperand);
        if (SquaredFactor(top) is { } topFactor && SquaredFactor(bottom) is { } bottomFactor)
        {
            (top, bottom, squared) = (topFactor, bottomFactor, true);
        }

        if (top is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } numerator ||
            bottom is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } denominator ||
            !squared && TanhFromOneExponential(context, division, numerator, denominator, provenance) ||
            provenance.ExpOperand(numerator.LeftOperand, followLocals: true) is not { } exponent ||
            OperationFacts.IsNegation(exponent, out _) ||
            NegatedExpOf(numerator.RightOperand, exponent, provenance) is not { } negativeExponent ||
            !(IsExpOf(denominator.LeftOperand, exponent, provenance) && NegatedExpOf(denominator.RightOperand, exponent, provenance) is not null ||
              IsExpOf(denominator.RightOperand, exponent, provenance) && NegatedExpOf(denominator.LeftOperand, exponent, provenance) is not null))
        {
            return;
        }

        // an argument kept within a range (a clamp to ±20, a tanh of its own) leaves both exponentials finite
        if (LogExpShapes.IsBounded(exponent, division) && LogExpShapes.IsBounded(negativeExponent, division))
        {
            return;
        }

        var x = OperationFacts.Strip(exponent);
        var isFloat = division.Type.SpecialType == SpecialType.System_Single;
        var xText = RuleSupport.Quote(x.Syntax);
        if (squared)
        {
            var tanh = x.Type?.SpecialType == SpecialType.System_Single ? $"MathF.Tanh({xText})" : $"Math.Tanh({xText})";
            Report(context, division.Syntax, UnstableLogExpCompositionFixData.NoFix,
                $"is tanh({xText})² written with exponentials: once |{xText}| exceeds {OverflowLimit(isFloat)} one of them is ∞ and the ratio is ∞/∞ = NaN where tanh² is 1",
                $"the square of {tanh}");
            return;
        }

        var fix = x.Type?.SpecialType switch
        {
            SpecialType.System_Single => new UnstableLogExpCompositionFixData(LogExpFix.TanhF, RuleSupport.SourceText(x.Syntax)),
            SpecialType.System_Double => new UnstableLogExpCompositionFixData(LogExpFix.Tanh, RuleSupport.SourceText(x.Syntax), isFloat ? "float" : null),
            _ => null,
        };
        Report(context, division.Syntax, fix?.Write() ?? UnstableLogExpCompositionFixData.NoFix,
            $"is tanh({xText}) written with exponentials: once |{xText}| exceeds {OverflowLimit(isFloat)} one of them is ∞ and the ratio is ∞/∞ = NaN where tanh is ±1",
            x.Type?.SpecialType == SpecialType.System_Single ? $"MathF.Tanh({xText})" : $"Math.Tanh({xText})");
    }

    /// <summary>The factor of <c>f * f</c> (the same value twice), or null.</summary>
    private static IOperation? SquaredFactor(IOperation value) =>
        value is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product &&
        OperationFacts.Strip(product.LeftOperand) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } &&
        OperationFacts.SameValue(product.LeftOperand, product.RightOperand)
            ? OperationFacts.Strip(product.LeftOperand)
            : null;

    /// <summary>
    /// <c>(exp(2x) − 1) / (exp(2x) + 1)</c> and <c>(1 − exp(−2x)) / (1 + exp(−2x))</c>: tanh(x) from one exponential, NaN once
    /// that exponential overflows (∞/∞) where tanh is ±1. Reported (true) or not a match (false).
    /// </summary>
    private static bool TanhFromOneExponential(OperationAnalysisContext context, IBinaryOperation division, IBinaryOperation numerator,
        IBinaryOperation denominator, Provenance provenance)
    {
        // numerator e − 1 (or 1 − e, the negated form), denominator e + 1 or 1 + e, the same e = exp(a)
        var numeratorOneFirst = OperationFacts.IsOne(numerator.LeftOperand);
        if (!(numeratorOneFirst ? true : OperationFacts.IsOne(numerator.RightOperand)))
        {
            return false;
        }

        var e = numeratorOneFirst ? numerator.RightOperand : numerator.LeftOperand;
        var other = OperationFacts.IsOne(denominator.LeftOperand) ? denominator.RightOperand
            : OperationFacts.IsOne(denominator.RightOperand) ? denominator.LeftOperand : null;
        if (other is null || provenance.ExpOperand(e, followLocals: true) is not { } a || !IsExpOf(other, a, provenance) ||
            LogExpShapes.IsBounded(a, division))
        {
            return false;
        }

        // (e^a − 1)/(e^a + 1) = tanh(a/2); (1 − e^a)/(1 + e^a) = tanh(−a/2): the argument written when a is ±2x
        var exponent = OperationFacts.Strip(a);
        var half = HalfOfDoubled(exponent, out var sign);
        var isFloat = division.Type!.SpecialType == SpecialType.System_Single;
        var aText = RuleSupport.Quote(exponent.Syntax);
        UnstableLogExpCompositionFixData? fix = null;
        string argument;
        if (half is not null && sign < 0 == numeratorOneFirst)
        {
            argument = RuleSupport.Quote(half.Syntax);
            fix = half.Type?.SpecialType switch
            {
                SpecialType.System_Single => new UnstableLogExpCompositionFixData(LogExpFix.TanhF, RuleSupport.SourceText(half.Syntax)),
                SpecialType.System_Double => new UnstableLogExpCompositionFixData(LogExpFix.Tanh, RuleSupport.SourceText(half.Syntax), isFloat ? "float" : null),
                _ => null,
            };
        }
        else if (numeratorOneFirst && exponent is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } minus &&
                 OperationFacts.Strip(minus.Operand) is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation)
        {
            // (1 − e^(−x)) / (1 + e^(−x)) = tanh(x / 2): the two negations cancel
            argument = $"{RuleSupport.Quote(OperationFacts.Strip(minus.Operand).Syntax)} / 2";
        }
        else
        {
            var halved = exponent is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation ? $"{aText} / 2" : $"({aText}) / 2";
            argument = numeratorOneFirst ? $"-{(halved.StartsWith("(", StringComparison.Ordinal) ? halved : "(" + halved + ")")}" : halved;
        }

        Report(context, division.Syntax, fix?.Write() ?? UnstableLogExpCompositionFixData.NoFix,
            $"is tanh({argument}) written with exponentials: once {aText} exceeds {OverflowLimit(isFloat)} exp({aText}) is ∞ and the ratio is ∞/∞ = NaN where tanh is ±1",
            isFloat ? $"MathF.Tanh({argument})" : $"Math.Tanh({argument})");
        return true;
    }

    /// <summary>For <c>2 * x</c>, <c>x * 2</c>, <c>x + x</c>: x with sign 1; for <c>-2 * x</c>, <c>-(2 * x)</c>: x with sign −1; otherwise null.</summary>
    private static IOperation? HalfOfDoubled(IOperation value, out int sign)
    {
        sign = 1;
        if (OperationFacts.IsNegation(value, out var negated) && value is IUnaryOperation)
        {
            sign = -1;
            value = OperationFacts.Strip(negated);
        }

        switch (value)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product:
                var (constant, other) = OperationFacts.Constant(product.LeftOperand) is { } left ? (left, product.RightOperand)
                    : OperationFacts.Constant(product.RightOperand) is { } right ? (right, product.LeftOperand) : (0.0, null);
                if (other is null || Math.Abs(constant) != 2.0)
                {
                    return null;
                }

                sign *= Math.Sign(constant);
                return OperationFacts.Strip(other);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum when OperationFacts.SameValue(sum.LeftOperand, sum.RightOperand):
                return OperationFacts.Strip(sum.LeftOperand);
            default:
                return null;
        }
    }

    /// <summary>
    /// <c>exp(a) / (1 + exp(a))²</c> (squared with <c>Math.Pow(…, 2)</c> or as a product): the sigmoid's derivative
    /// σ(a)·(1 − σ(a)) written with exponentials, ∞/∞ = NaN once a passes 709 (88 in float) where the derivative is 0.
    /// Reported (true) or not this shape (false).
    /// </summary>
    private static bool AnalyzeSigmoidDerivative(OperationAnalysisContext context, IBinaryOperation division, Provenance provenance)
    {
        // the denominator's shape first (syntax only): following the numerator's local is dataflow, and most divisions are not this
        if (division.OperatorKind != BinaryOperatorKind.Divide || !BceShapes.IsFloatingOrGeneric(division.Type) ||
            SquaredBase(OperationFacts.Strip(division.RightOperand)) is not { } squared ||
            TermBesideOne(squared) is not { } term ||
            provenance.ExpOperand(division.LeftOperand, followLocals: true) is not { } a ||
            !IsExpOf(term, a, provenance))
        {
            return false;
        }

        if (OperationFacts.HasBindingErrors(a) || LogExpShapes.IsBounded(a, division))
        {
            return true;
        }

        var aText = RuleSupport.Quote(OperationFacts.Strip(a).Syntax);
        Report(context, division.Syntax, UnstableLogExpCompositionFixData.NoFix,
            $"is the sigmoid's derivative σ({aText})·(1 − σ({aText})) written with exponentials: once {aText} exceeds {OverflowLimit(division.Type)} it is ∞/∞ = NaN where the derivative is 0",
            $"s·(1 − s) with s = 1 / (1 + exp({MinusText(a)}))");
        return true;
    }

    /// <summary>
    /// <c>e · s · s</c> with <c>e = exp(a)</c> and <c>s = 1 / (1 + e)</c> (in any order, inside a longer product): the sigmoid's
    /// derivative e^a / (1 + e^a)² again, as ∞ · 0 = NaN once a passes 709 (88 in float). Looked at from the top of a product
    /// chain only, and reported on the smallest part of it that holds the three factors.
    /// </summary>
    private static void AnalyzeSigmoidDerivativeProduct(OperationAnalysisContext context, IBinaryOperation product, Provenance provenance)
    {
        if (OperationFacts.Parent(product) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } ||
            product.Type?.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single))
        {
            return;
        }

        // cheap first: the product of at least three factors, two of them the same local (s · … · s); only then dataflow
        var factors = productFactors ??= new List<IOperation>();
        factors.Clear();
        Flatten(product, factors);
        ILocalReferenceOperation? first = null, second = null;
        for (var i = 0; i < factors.Count && second is null && factors.Count >= 3; i++)
        {
            for (var j = i + 1; j < factors.Count; j++)
            {
                if (factors[i] is ILocalReferenceOperation l && factors[j] is ILocalReferenceOperation r &&
                    SymbolEqualityComparer.Default.Equals(l.Local, r.Local))
                {
                    (first, second) = (l, r);
                    break;
                }
            }
        }

        if (second is null || SigmoidExponent(first!) is not { } a)
        {
            factors.Clear();
            return;
        }

        IOperation? e = null;
        foreach (var factor in factors)
        {
            if (!ReferenceEquals(factor, first) && !ReferenceEquals(factor, second) && IsExpOf(factor, a, provenance))
            {
                e = factor;
                break;
            }
        }

        factors.Clear();
        if (e is null || OperationFacts.HasBindingErrors(a) || LogExpShapes.IsBounded(a, product))
        {
            return;
        }

        var node = SmallestHolding(product, e, first!, second);
        var aText = RuleSupport.Quote(OperationFacts.Strip(a).Syntax);
        var isFloat = product.Type.SpecialType == SpecialType.System_Single;
        Report(context, node.Syntax, UnstableLogExpCompositionFixData.NoFix,
            $"multiplies exp({aText}) by the square of 1 / (1 + exp({aText})): the sigmoid's derivative written with exponentials, and once {aText} exceeds {OverflowLimit(isFloat)} it is ∞ · 0 = NaN where the derivative is 0",
            $"s·(1 − s) with s = 1 / (1 + exp({MinusText(a)}))");

        static void Flatten(IOperation operation, List<IOperation> into)
        {
            var stripped = OperationFacts.Strip(operation);
            if (stripped is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } inner && into.Count < 8)
            {
                Flatten(inner.LeftOperand, into);
                Flatten(inner.RightOperand, into);
            }
            else
            {
                into.Add(stripped);
            }
        }

        // the local's one value is 1 / (1 + exp(a)): a
        IOperation? SigmoidExponent(ILocalReferenceOperation local)
        {
            return Dataflow.ReachingValues(local.Local, local) is { Count: 1 } values &&
                   OperationFacts.Strip(values[0]) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } ratio &&
                   OperationFacts.IsOne(ratio.LeftOperand) && TermBesideOne(ratio.RightOperand) is { } term
                ? provenance.ExpOperand(term, followLocals: true)
                : null;
        }

        static IOperation SmallestHolding(IBinaryOperation top, IOperation p, IOperation q, IOperation r)
        {
            IBinaryOperation node = top;
            while (true)
            {
                if (Holds(node.LeftOperand) is { } left)
                {
                    node = left;
                }
                else if (Holds(node.RightOperand) is { } right)
                {
                    node = right;
                }
                else
                {
                    return node;
                }
            }

            IBinaryOperation? Holds(IOperation child) =>
                OperationFacts.Strip(child) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } c &&
                c.Syntax.Span.Contains(p.Syntax.Span) && c.Syntax.Span.Contains(q.Syntax.Span) && c.Syntax.Span.Contains(r.Syntax.Span)
                    ? c
                    : null;
        }
    }

    [ThreadStatic]
    private static List<IOperation>? productFactors;

    /// <summary>
    /// <c>exp(a) / (1 + exp(a))</c> (the exponential inline or in a local, <c>1 +</c> on either side): the sigmoid written as
    /// e^a / (1 + e^a), ∞/∞ = NaN once a passes 709 (88 in float) where σ is 1. Silent where a is kept small (a bound, or
    /// the branch of a sign test that takes this form only for negative a: the stable sigmoid). Reported (true) or not
    /// this shape (false).
    /// </summary>
    private static bool AnalyzeSigmoidRatio(OperationAnalysisContext context, IBinaryOperation division, Provenance provenance)
    {
        // the denominator's shape first (syntax only), then the numerator's exponential (which may follow a local)
        if (division.OperatorKind != BinaryOperatorKind.Divide || !BceShapes.IsFloatingOrGeneric(division.Type) ||
            TermBesideOne(division.RightOperand) is not { } term ||
            provenance.ExpOperand(division.LeftOperand, followLocals: true) is not { } a ||
            !IsExpOf(term, a, provenance))
        {
            return false;
        }

        // logged or fed to a BCE, the sigmoid is LOSS001's or LOSS003's (the log is where it fails; the logits form fixes both);
        // a local nothing reads (left behind by a logits fix) harms nothing
        // an exponent that does not bind hides the sign tests around it (a worker's loop over an unbound count): not judged
        if (OperationFacts.HasBindingErrors(a) || LogExpShapes.IsBounded(a, division) || IsStoredInAnUnreadLocal(division) ||
            Precedence.Loss006YieldsToConsumer(division, division.Syntax, provenance, LossContext.For(context.Options, division.Syntax.SyntaxTree),
                ProbabilityKind.Sigmoid))
        {
            return true;
        }

        var aText = RuleSupport.Quote(OperationFacts.Strip(a).Syntax);
        Report(context, division.Syntax, UnstableLogExpCompositionFixData.NoFix,
            $"is the sigmoid σ({aText}) written as e^x / (1 + e^x): once {aText} exceeds {OverflowLimit(division.Type)} the exponential is ∞ and the ratio ∞/∞ = NaN where σ is 1",
            $"1 / (1 + exp({MinusText(a)}))");
        return true;
    }

    /// <summary>−a as the advice writes it: <c>x</c> for a = −x, <c>−x</c> for a plain value, <c>−(a + b)</c> otherwise.</summary>
    private static string MinusText(IOperation a)
    {
        var stripped = OperationFacts.Strip(a);
        if (OperationFacts.IsNegation(stripped, out var negated))
        {
            return RuleSupport.Quote(OperationFacts.Strip(negated).Syntax);
        }

        var text = RuleSupport.Quote(stripped.Syntax);
        return stripped is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IArrayElementReferenceOperation or
            IPropertyReferenceOperation or IInvocationOperation
            ? "−" + text
            : $"−({text})";
    }

    /// <summary>Is the value the initializer or the assigned value of a local that nothing in its body reads?</summary>
    private static bool IsStoredInAnUnreadLocal(IOperation value)
    {
        if (OperationFacts.StoredIn(value) is not { } local)
        {
            return false;
        }

        foreach (var operation in OperationFacts.Descendants(OperationFacts.Root(value)))
        {
            if (operation is ILocalReferenceOperation read && SymbolEqualityComparer.Default.Equals(read.Local, local) &&
                !(OperationFacts.Parent(read) is ISimpleAssignmentOperation assignment && ReferenceEquals(assignment.Target, read)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>For <c>1 + t</c> or <c>t + 1</c>, t (syntax only: the three sigmoid shapes ask this before any dataflow).</summary>
    private static IOperation? TermBesideOne(IOperation value) =>
        OperationFacts.Strip(value) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum
            ? OperationFacts.IsOne(sum.LeftOperand) ? sum.RightOperand : OperationFacts.IsOne(sum.RightOperand) ? sum.LeftOperand : null
            : null;

    /// <summary>For <c>Math.Pow(x, 2)</c> or <c>x * x</c>, x; otherwise null.</summary>
    private static IOperation? SquaredBase(IOperation value) => value switch
    {
        IInvocationOperation { TargetMethod.Name: "Pow", Arguments.Length: 2 } pow when OperationFacts.Constant(pow.Arguments[1].Value) is 2.0 =>
            pow.Arguments[0].Value,
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product when OperationFacts.SameValue(product.LeftOperand, product.RightOperand) =>
            product.LeftOperand,
        // a library's own square (MoreMath.Sqr(x), Square(x))
        IInvocationOperation { TargetMethod: { Name: "Sqr" or "Square" or "Sq", IsStatic: true }, Arguments.Length: 1 } square => square.Arguments[0].Value,
        _ => null,
    };

    /// <summary>Is the operand exp(<paramref name="exponent"/>) (inline, as a power of e, or a local holding it)?</summary>
    private static bool IsExpOf(IOperation operand, IOperation exponent, Provenance provenance) =>
        provenance.ExpOperand(operand, followLocals: true) is { } e && OperationFacts.SameValue(e, exponent);

    /// <summary>If the operand is exp(−<paramref name="exponent"/>) (also <c>-1 * x</c>), the negated exponent.</summary>
    private static IOperation? NegatedExpOf(IOperation operand, IOperation exponent, Provenance provenance) =>
        provenance.ExpOperand(operand, followLocals: true) is { } e && OperationFacts.IsNegation(e, out var negated) &&
        OperationFacts.SameValue(negated, exponent)
            ? e
            : null;

    /// <summary>A one-argument floating-point method named <c>Log1p</c> that no known API defines (a library's own).</summary>
    private static bool IsOwnLog1p(IInvocationOperation invocation) =>
        invocation.TargetMethod.Name is "Log1p" or "Log1P" or "log1p" or "LogOnePlus" && invocation.Arguments.Length == 1 &&
        invocation.Type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

    /// <summary><c>log(1 + exp(x))</c> / <c>log1p(exp(x))</c> → <c>StableMath.Softplus(x)</c>.</summary>
    private static void AnalyzeSoftplus(OperationAnalysisContext context, IInvocationOperation log, IOperation exponent, Provenance provenance)
    {
        if (LogExpShapes.IsBounded(exponent, log) || OnlySaturated(log, provenance.Symbols))
        {
            return;
        }

        var x = OperationFacts.Strip(exponent);
        var resultType = log.Type;
        // the fix writes x at the log: only where x is written inside it (not from a local's initializer elsewhere)
        var fixable = provenance.Symbols.CanFixInType(resultType) && log.Syntax.Span.Contains(x.Syntax.Span);
        var isFloat = OperationFacts.IsFloat(resultType);
        var data = fixable
            ? new UnstableLogExpCompositionFixData(LogExpFix.Softplus, RuleSupport.SourceText(x.Syntax),
                SymbolEqualityComparer.Default.Equals(x.Type, resultType) ? null : Keyword(resultType), x.Syntax.GetLocation())
            : null;
        var properties = data?.Write() ?? UnstableLogExpCompositionFixData.NoFix;
        var xText = RuleSupport.Quote(x.Syntax);
        // (float)Math.Exp(x) is ∞ from x > 88 on, whatever the log's type
        var threshold = IsNarrowedToFloat(exponent) ? "88" : OverflowLimit(resultType);
        Report(context, log.Syntax, properties,
            $"overflows: exp({xText}) is ∞ once {xText} > {threshold}, so the result is ∞ instead of {xText}",
            provenance.Symbols.CanFixInType(resultType) ? $"StableMath.Softplus({xText})" : $"x > 0 ? x + log(1 + exp(-x)) : log(1 + exp(x)) with x = {xText}",
            data?.Locations);
    }

    /// <summary>
    /// Is the softplus only read through a function that saturates at ∞: <c>x * tanh(log(1 + exp(x)))</c> (Mish) or a local
    /// read only as <c>tanh(sp)</c> and <c>1 / cosh(sp)</c> (its derivative)? There an overflowed softplus gives tanh(∞) = 1
    /// and 1/cosh(∞) = 0, the exact limits, so the result is right.
    /// </summary>
    private static bool OnlySaturated(IInvocationOperation log, KnownSymbols symbols)
    {
        var value = OperationFacts.Parent(log);
        if (value is IArgumentOperation)
        {
            return IsSaturatingUse(log, symbols);
        }

        if (value is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } } ||
            Dataflow.WritesTo(local, OperationFacts.Root(log)).Count != 1)
        {
            return false;
        }

        var references = Dataflow.ReferencesOf(local, OperationFacts.Root(log));
        foreach (var reference in references)
        {
            if (!IsSaturatingUse(reference, symbols))
            {
                return false;
            }
        }

        return references.Count > 0;
    }

    /// <summary>The value is the argument of <c>Tanh</c>, or of a <c>Cosh</c> that divides (1 / cosh), of Math or MathF.</summary>
    private static bool IsSaturatingUse(IOperation value, KnownSymbols symbols)
    {
        if (OperationFacts.Parent(value) is not IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "Tanh" or "Cosh" } function } call } ||
            !(SymbolEqualityComparer.Default.Equals(function.ContainingType, symbols.Math) || SymbolEqualityComparer.Default.Equals(function.ContainingType, symbols.MathF)))
        {
            return false;
        }

        return function.Name == "Tanh" ||
               OperationFacts.Parent(call) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division &&
               ReferenceEquals(OperationFacts.Strip(division.RightOperand), call);
    }

    /// <summary>Is the exponential of <paramref name="exponent"/> converted to <c>float</c> where it is taken
    /// (<c>(float)Math.Exp(x)</c>), so that it overflows at 88 rather than 709?</summary>
    private static bool IsNarrowedToFloat(IOperation exponent)
    {
        if (OperationFacts.Parent(exponent) is not IArgumentOperation { Parent: IInvocationOperation exp })
        {
            return false;
        }

        for (IOperation? current = exp.Parent; current is IConversionOperation or IParenthesizedOperation; current = current.Parent)
        {
            if (current is IConversionOperation { Type.SpecialType: SpecialType.System_Single })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>log(Σ exp(z_j))</c> without a max shift → <c>StableMath.LogSumExp(z)</c>.</summary>
    private static void AnalyzeLogSumExp(OperationAnalysisContext context, IInvocationOperation log, IOperation operand, Provenance provenance)
    {
        if (LogExpShapes.UnshiftedExpSum(operand, provenance) is not { } sum)
        {
            AnalyzeWrittenOutLogSumExp(context, log, operand, provenance);
            return;
        }

        var resultType = log.Type;
        string? vectorText = null;
        if (sum.PlainElements && sum.Vector is { } vector && provenance.Symbols.StableMath is not null && IsScalar(resultType) &&
            SymbolEqualityComparer.Default.Equals(Provenance.ElementType(vector.Type), resultType))
        {
            vectorText = LogitTemplate.From(vector)?.TextAt(log);
        }

        var properties = vectorText is not null
            ? new UnstableLogExpCompositionFixData(LogExpFix.LogSumExp, vectorText).Write()
            : UnstableLogExpCompositionFixData.NoFix;
        var limit = OverflowLimit(OperationFacts.IsFloat(resultType));
        if (sum.Vector is { } v)
        {
            var z = RuleSupport.Quote(v.Syntax);
            Report(context, log.Syntax, properties,
                $"is the log of a sum of exponentials of '{z}' without the maximum subtracted: it is ∞ once an element exceeds {limit}",
                $"StableMath.LogSumExp({z}) (or subtract the maximum before exp and add it back after the log)");
        }
        else
        {
            // a matrix's row (m[r, c]) or terms of several vectors: no one span to pass
            Report(context, log.Syntax, properties,
                $"is the log of a sum of exponentials without the maximum subtracted: it is ∞ once an exponent exceeds {limit}",
                "max + log(Σ exp(e − max)) with max the largest exponent e");
        }
    }

    /// <summary>
    /// <c>log(exp(a) + exp(b))</c>, <c>log((exp(d) + exp(−d)) / 2)</c> and <c>log(cosh(d))</c> (log-cosh): a log-sum-exp of
    /// terms written out, ∞ once one exponent is large, where the largest could be taken out of the log.
    /// </summary>
    private static void AnalyzeWrittenOutLogSumExp(OperationAnalysisContext context, IInvocationOperation log, IOperation operand, Provenance provenance)
    {
        var limit = OverflowLimit(log.Type);
        if (OperationFacts.Strip(operand) is IInvocationOperation { TargetMethod: { Name: "Cosh" } cosh, Arguments.Length: 1 } coshCall &&
            (SymbolEqualityComparer.Default.Equals(cosh.ContainingType, provenance.Symbols.Math) ||
             SymbolEqualityComparer.Default.Equals(cosh.ContainingType, provenance.Symbols.MathF)) &&
            LogExpShapes.IsPlainExponent(coshCall.Arguments[0].Value, out _) &&
            !(LogExpShapes.Range.IsBoundedAbove(coshCall.Arguments[0].Value, 0) && LogExpShapes.Range.IsBoundedBelow(coshCall.Arguments[0].Value, 0)))
        {
            var d = RuleSupport.Quote(OperationFacts.Strip(coshCall.Arguments[0].Value).Syntax);
            Report(context, log.Syntax, UnstableLogExpCompositionFixData.NoFix,
                $"overflows: cosh({d}) is ∞ once |{d}| exceeds about {(OperationFacts.IsFloat(log.Type) ? "89" : "710")}, so the result is ∞ instead of |{d}| − log 2",
                $"|{d}| + log(1 + exp(−2·|{d}|)) − log 2, which is log cosh({d}) for every value");
            return;
        }

        if (LogExpShapes.InlineExpTerms(operand, provenance) is not { } exponents)
        {
            return;
        }

        foreach (var exponent in exponents)
        {
            if (LogExpShapes.IsBounded(exponent, log))
            {
                return;
            }
        }

        var listed = string.Join(" + ", System.Linq.Enumerable.Select(exponents, e => $"exp({RuleSupport.Quote(OperationFacts.Strip(e).Syntax)})"));
        Report(context, log.Syntax, UnstableLogExpCompositionFixData.NoFix,
            $"is the log of {listed} without the largest exponent taken out: it is ∞ once an exponent exceeds {limit}, and −∞ once every exponent is below {(OperationFacts.IsFloat(log.Type) ? "−103" : OperationFacts.IsDouble(log.Type) ? "−745" : "−745 (−103 in float)")} (log-probabilities of a long sequence)",
            "m + log(Σ exp(e − m)) with m the largest exponent e");
    }

    /// <summary><c>double.LogP1(x)</c>: log(x + 1), which loses a tiny x → <c>StableMath.Log1p(x)</c>.</summary>
    private static void AnalyzeLogP1(OperationAnalysisContext context, IInvocationOperation log1p, IOperation operand, Provenance provenance)
    {
        var x = OperationFacts.Strip(operand);
        if (x.Type?.SpecialType is >= SpecialType.System_SByte and <= SpecialType.System_UInt64 ||
            OperationFacts.Constant(x) is { } constant && System.Math.Abs(constant) >= 1e-3)
        {
            return;
        }

        var resultType = log1p.Type;
        var fixable = provenance.Symbols.StableMath is not null && IsScalar(resultType) &&
                      log1p.TargetMethod.ContainingType?.SpecialType is SpecialType.System_Double or SpecialType.System_Single;
        var isFloat = OperationFacts.IsFloat(resultType);
        var properties = fixable
            ? new UnstableLogExpCompositionFixData(LogExpFix.Log1p, RuleSupport.SourceText(x.Syntax),
                SymbolEqualityComparer.Default.Equals(x.Type, resultType) ? null : Keyword(resultType)).Write()
            : UnstableLogExpCompositionFixData.NoFix;
        var xText = RuleSupport.Quote(x.Syntax);
        Report(context, log1p.Syntax, properties,
            $"computes log({xText} + 1), which is 0 for |{xText}| < {(isFloat ? "6e-8" : "1e-16")} and loses most digits of any small {xText}",
            $"StableMath.Log1p({xText})");
    }

    /// <summary><c>TensorPrimitives.SoftMax(z, p)</c> does not subtract the maximum → <c>StableMath.Softmax(z, p)</c>.</summary>
    private static void AnalyzeTensorSoftmax(OperationAnalysisContext context, IInvocationOperation invocation, ApiCall call, IOperation source, Provenance provenance)
    {
        if (IsShiftedSpan(source, invocation))
        {
            return;
        }

        var lossContext = LossContext.For(context.Options, invocation.Syntax.SyntaxTree);
        if (Precedence.Loss006YieldsToConsumer(invocation, invocation.Syntax, provenance, lossContext))
        {
            return;
        }

        var elementType = invocation.TargetMethod.Parameters.Length == 2 ? Provenance.ElementType(invocation.TargetMethod.Parameters[0].Type) : null;
        var fixable = provenance.Symbols.StableMath is not null && IsScalar(elementType) && call.Destination is not null;
        var isFloat = OperationFacts.IsFloat(elementType);
        var properties = fixable ? new UnstableLogExpCompositionFixData(LogExpFix.Softmax).Write() : UnstableLogExpCompositionFixData.NoFix;
        var z = RuleSupport.Quote(OperationFacts.Strip(source).Syntax);
        Report(context, invocation.Syntax, properties,
            $"does not subtract the maximum: once an element of '{z}' exceeds {OverflowLimit(isFloat)} its exp is ∞, its output ∞/∞ = NaN and every other output 0",
            "StableMath.Softmax, which subtracts the maximum first");
    }

    /// <summary>A span filled as <c>z - max</c> in the same method (<c>TensorPrimitives.Subtract(z, max, shifted)</c>, <c>s[i] = z[i] - max</c>).</summary>
    private static bool IsShiftedSpan(IOperation source, IOperation use)
    {
        if (LogExpShapes.IsMaxShift(source))
        {
            return true;
        }

        if (OperationFacts.ReferencedSymbol(Dataflow.SpanSource(source)) is not { } symbol)
        {
            return false;
        }

        var writes = Dataflow.ArrayWritesTo(symbol, new[] { OperationFacts.Root(use) });
        foreach (var fill in writes.Fills)
        {
            if (fill.TargetMethod.Name == "Subtract")
            {
                return true;
            }
        }

        foreach (var (value, _) in writes.Elements)
        {
            if (LogExpShapes.IsMaxShift(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The buffered softmax: <c>e[j] = exp(z[j])</c> (or <c>sum += e[j] = exp(z[j])</c>), <c>sum += e[j]</c>, then
    /// <c>p[j] = e[j] / sum</c> or <c>e[j] /= sum</c>, with no maximum subtracted: reported at the exponential.
    /// </summary>
    private static void AnalyzeBufferedSoftmax(OperationAnalysisContext context, IInvocationOperation exp, IOperation exponent, Provenance provenance)
    {
        var parent = OperationFacts.Parent(exp);
        IOperation target;
        ILocalSymbol? held = null;
        if (parent is ISimpleAssignmentOperation { Target: { } assigned } store && ReferenceEquals(OperationFacts.Strip(store.Value), exp))
        {
            target = assigned;

            // value = exp(z[j]); e[j] = value; sum += value;: the exponential passes through a local on its way to the buffer
            if (OperationFacts.Strip(target) is ILocalReferenceOperation heldLocal && StoredFrom(heldLocal.Local, exp) is { } element)
            {
                held = heldLocal.Local;
                target = element;
            }
        }
        else if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } declared } } &&
                 StoredFrom(declared, exp) is { } declaredElement)
        {
            // var value = exp(z[j]); e[j] = value; sum += value;
            held = declared;
            target = declaredElement;
        }
        else
        {
            return;
        }

        // an exponent clamped on every path (if (c > 50) c = 50;) cannot overflow
        if (BufferOf(target) is not { } buffer || !LogExpShapes.IsPlainExponent(exponent, out _) || LogExpShapes.IsBounded(exponent, exp))
        {
            return;
        }

        // a member of each element (N.OutVal = exp(…) in a ForEach lambda, then N.OutVal /= sum in another): the whole method
        var perElement = buffer is IPropertySymbol { IsIndexer: false } or IFieldSymbol;
        var searchRoot = perElement ? OperationFacts.MethodRoot(exp) : OperationFacts.Root(exp);
        IOperation? normalisation = null;
        IOperation? normaliser = null;
        foreach (var operation in OperationFacts.Descendants(searchRoot))
        {
            IOperation? divisor = operation switch
            {
                ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Divide } inPlace when IsElementOf(inPlace.Target, buffer) => inPlace.Value,
                IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division when IsElementOf(division.LeftOperand, buffer) => division.RightOperand,
                // e[j] *= r, e[j] * r with r = 1 / sum (the division done once: scale = 1 / scale, var inverse = 1.0 / total)
                ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Multiply } inPlace when IsElementOf(inPlace.Target, buffer) => DivisorOfReciprocal(inPlace.Value, provenance),
                IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product when IsElementOf(product.LeftOperand, buffer) => DivisorOfReciprocal(product.RightOperand, provenance),
                IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product when IsElementOf(product.RightOperand, buffer) => DivisorOfReciprocal(product.LeftOperand, provenance),
                _ => null,
            };
            if (divisor is not null &&
                (OperationFacts.Strip(divisor) is ILocalReferenceOperation sum
                    ? IsSumOfBuffer(sum, buffer, perElement ? searchRoot : OperationFacts.Root(sum), held)
                    : IsFieldSumOfBuffer(divisor, buffer, provenance)))
            {
                normalisation = operation;
                normaliser = OperationFacts.Strip(divisor);
                break;
            }

            // Normalize(e) after the loop: a helper of this compilation that divides its argument by its own sum in place
            if (!perElement && operation is IInvocationOperation helper && helper.Syntax.SpanStart > exp.Syntax.Span.End &&
                NormalisesArgumentInPlace(helper, buffer, provenance, depth: 0))
            {
                normalisation = operation;
                break;
            }
        }

        // if (double.IsInfinity(sum) || sum == 0) { greedy choice }: the overflow is handled where it happens
        if (normalisation is null || normaliser is not null && IsTestedForOverflow(normaliser, OperationFacts.Root(normalisation)) ||
            Precedence.Loss006YieldsToConsumer(normalisation, normalisation.Syntax, provenance, LossContext.For(context.Options, exp.Syntax.SyntaxTree)))
        {
            return;
        }

        var z = RuleSupport.Quote(OperationFacts.Strip(exponent).Syntax);
        var where = normalisation is IInvocationOperation { TargetMethod: var normalising }
            ? $"by '{normalising.ContainingType.Name}.{normalising.Name}' (line {OperationFacts.Line(normalisation.Syntax)})"
            : $"(line {OperationFacts.Line(normalisation.Syntax)})";
        Report(context, exp.Syntax, null,
            $"is an exponential normalised into a softmax {where} without the maximum subtracted: once {z} exceeds {OverflowLimit(OperationFacts.IsFloat(exp.Type))} it is ∞, its output ∞/∞ = NaN and every other output 0",
            "StableMath.Softmax(logits, destination), or subtract the largest logit inside every exp");
    }

    /// <summary>
    /// Does the call divide the buffer by its own sum in place: a source method whose body writes
    /// <c>out[i] = in[i] / s</c> (or <c>in[i] /= s</c>) with <c>s</c> a sum of <c>in</c>'s elements, called with the buffer as
    /// both (<c>Normalize(e)</c>), or delegating so (<c>Normalize(v) => NormalizeInto(v, v)</c>)?
    /// </summary>
    private static bool NormalisesArgumentInPlace(IInvocationOperation call, ISymbol buffer, Provenance provenance, int depth)
    {
        if (!call.Arguments.Any(a => IsWholeBuffer(a.Value, buffer)) || depth > 1 || call.TargetMethod.IsAbstract || call.TargetMethod.IsVirtual ||
            provenance.BodyOf(call.TargetMethod.OriginalDefinition) is not { } body)
        {
            return false;
        }

        foreach (var operation in OperationFacts.Descendants(body, intoFunctions: false))
        {
            switch (operation)
            {
                case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Divide } inPlace
                    when ParameterOfElement(inPlace.Target) is { } parameter && IsBufferArgument(call, parameter, buffer) &&
                         IsSumOfParameter(inPlace.Value, parameter, body):
                    return true;
                case ISimpleAssignmentOperation { Value: var value } store
                    when OperationFacts.Strip(value) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division &&
                         ParameterOfElement(store.Target) is { } output && ParameterOfElement(division.LeftOperand) is { } input &&
                         IsBufferArgument(call, output, buffer) && IsBufferArgument(call, input, buffer) &&
                         IsSumOfParameter(division.RightOperand, input, body):
                    return true;
                // var output = new double[n]; … output[i] = p[i] / s; return output;: a normalised copy, which the caller keeps
                case ISimpleAssignmentOperation { Value: var value } store
                    when OperationFacts.Strip(value) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division &&
                         OperationFacts.Strip(store.Target) is IArrayElementReferenceOperation { ArrayReference: var copy } &&
                         OperationFacts.Strip(copy) is ILocalReferenceOperation { Local: var copyLocal } &&
                         ParameterOfElement(division.LeftOperand) is { } input && IsBufferArgument(call, input, buffer) &&
                         IsSumOfParameter(division.RightOperand, input, body) && IsOnlyReturned(copyLocal, body) &&
                         OperationFacts.Parent(call) is not IExpressionStatementOperation:
                    return true;
                case IInvocationOperation inner when depth == 0 && ForwardsParameters(inner, call, buffer, out var forwarded) &&
                                                     NormalisesArgumentInPlace(inner, forwarded!, provenance, depth + 1):
                    return true;
            }
        }

        return false;
    }

    /// <summary>Does every return of the body return this local (a helper that returns the array it filled)?</summary>
    private static bool IsOnlyReturned(ILocalSymbol local, IOperation body)
    {
        var returns = 0;
        foreach (var operation in OperationFacts.Descendants(body, intoFunctions: false))
        {
            if (operation is IReturnOperation { ReturnedValue: var returned })
            {
                if (returned is null || OperationFacts.Strip(returned) is not ILocalReferenceOperation read ||
                    !SymbolEqualityComparer.Default.Equals(read.Local, local))
                {
                    return false;
                }

                returns++;
            }
        }

        return returns > 0;
    }

    /// <summary>The buffer itself (<c>e</c>, or the row <c>e[i]</c> of a jagged buffer), not one of its elements.</summary>
    private static bool IsWholeBuffer(IOperation value, ISymbol buffer)
    {
        var stripped = OperationFacts.Strip(value);
        return stripped is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation
                   ? SymbolEqualityComparer.Default.Equals(OperationFacts.ReferencedSymbol(stripped), buffer)
                   : stripped is IArrayElementReferenceOperation { Type: IArrayTypeSymbol } row &&
                     SymbolEqualityComparer.Default.Equals(OperationFacts.RootSymbol(row), buffer);
    }

    /// <summary>The parameter whose element <c>p[i]</c> the operation is, or null.</summary>
    private static IParameterSymbol? ParameterOfElement(IOperation operation) => OperationFacts.Strip(operation) switch
    {
        IArrayElementReferenceOperation { ArrayReference: var array } => (OperationFacts.Strip(array) as IParameterReferenceOperation)?.Parameter,
        IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } => (OperationFacts.Strip(instance) as IParameterReferenceOperation)?.Parameter,
        _ => null,
    };

    /// <summary>Is the call's argument for <paramref name="parameter"/> the buffer?</summary>
    private static bool IsBufferArgument(IInvocationOperation call, IParameterSymbol parameter, ISymbol buffer)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Ordinal == parameter.Ordinal && IsWholeBuffer(argument.Value, buffer))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A local accumulated only from the parameter's elements (<c>s += p[i]</c>), as a buffer's sum is.</summary>
    private static bool IsSumOfParameter(IOperation divisor, IParameterSymbol parameter, IOperation body) =>
        OperationFacts.Strip(divisor) is ILocalReferenceOperation sum && IsSumOfBuffer(sum, parameter, body);

    /// <summary>
    /// <c>NormalizeInto(values, values)</c> inside the helper: a call passing the helper's buffer parameter on; the
    /// parameter stands for the buffer one level down.
    /// </summary>
    private static bool ForwardsParameters(IInvocationOperation inner, IInvocationOperation outer, ISymbol buffer, out ISymbol? forwarded)
    {
        forwarded = null;
        foreach (var argument in inner.Arguments)
        {
            if (OperationFacts.Strip(argument.Value) is IParameterReferenceOperation { Parameter: var parameter } &&
                IsBufferArgument(outer, parameter, buffer))
            {
                forwarded = parameter;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The sum <c>s</c> of a factor that is its reciprocal: <c>1 / s</c> written in place, or a local whose one reaching value
    /// is <c>1 / s</c> (<c>scale = 1 / scale;</c> before the loop that multiplies by it), or a private field one of whose
    /// writes inverts it in place (<c>m_sum = 1 / m_sum</c>, the field then being the sum); null otherwise.
    /// </summary>
    private static IOperation? DivisorOfReciprocal(IOperation factor, Provenance provenance)
    {
        var value = OperationFacts.Strip(factor);
        if (value is IFieldReferenceOperation && LogExpShapes.WritesToPrivateField(value, provenance) is { } writes)
        {
            return writes.Assigned.Any(w => InvertsInPlace(w, value)) ? value : null;
        }

        if (value is ILocalReferenceOperation local)
        {
            if (Dataflow.ReachingValues(local.Local, local) is not { Count: 1 } values)
            {
                return null;
            }

            value = OperationFacts.Strip(values[0]);
        }

        return value is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } reciprocal && OperationFacts.IsOne(reciprocal.LeftOperand)
            ? reciprocal.RightOperand
            : null;
    }

    /// <summary>
    /// The array (or field, or list) an element write targets: <c>e[j]</c>, <c>e[i, j]</c>, <c>e[i][j]</c> → e; or the member
    /// written on each element of a collection, <c>n.Out</c> of a lambda's parameter or a foreach variable → Out.
    /// </summary>
    private static ISymbol? BufferOf(IOperation target) => OperationFacts.Strip(target) switch
    {
        IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true } => OperationFacts.RootSymbol(target),
        IPropertyReferenceOperation { Instance: { } element } member when IsEachElement(element) => member.Property,
        IFieldReferenceOperation { Instance: { } element } member when IsEachElement(element) => member.Field,
        _ => null,
    };

    private static bool IsEachElement(IOperation instance) => OperationFacts.Strip(instance) switch
    {
        IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } } => true,
        ILocalReferenceOperation local => Dataflow.IsForEachVariable(local.Local),
        _ => false,
    };

    private static bool IsElementOf(IOperation operation, ISymbol buffer) =>
        BufferOf(operation) is { } symbol && SymbolEqualityComparer.Default.Equals(symbol, buffer);

    /// <summary>Is the local accumulated only from elements of the buffer (<c>sum += e[j]</c>, <c>sum += e[j] = exp(…)</c>)?</summary>
    /// <summary>The buffer element that <c>e[j] = held</c> writes with the value <paramref name="exp"/> gave the local, or null.</summary>
    private static IOperation? StoredFrom(ILocalSymbol held, IInvocationOperation exp)
    {
        foreach (var operation in OperationFacts.Descendants(OperationFacts.Root(exp), intoFunctions: false))
        {
            if (operation is ISimpleAssignmentOperation { Value: var value, Target: var element } &&
                OperationFacts.Strip(value) is ILocalReferenceOperation read && SymbolEqualityComparer.Default.Equals(read.Local, held) &&
                BufferOf(element) is not null &&
                Dataflow.ReachingValues(held, read) is { Count: 1 } values && OperationFacts.Strip(values[0]).Syntax == exp.Syntax)
            {
                return element;
            }
        }

        return null;
    }

    /// <summary>
    /// Is the sum tested for overflow in the body (<c>double.IsInfinity(sum)</c>, <c>!float.IsFinite(sum)</c>)? A test for NaN
    /// is not one: a sum of exponentials one of which overflowed is +∞, and only its quotients are NaN.
    /// </summary>
    private static bool IsTestedForOverflow(IOperation sum, IOperation root)
    {
        foreach (var operation in OperationFacts.Descendants(root))
        {
            if (operation is IInvocationOperation { TargetMethod: { IsStatic: true, Name: "IsInfinity" or "IsPositiveInfinity" or "IsFinite" } test } check &&
                test.ContainingType.SpecialType is SpecialType.System_Double or SpecialType.System_Single &&
                check.Arguments.Length == 1 && OperationFacts.SameValue(check.Arguments[0].Value, sum))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>f = 1 / f</c>: the write of a field that inverts it in place.</summary>
    private static bool InvertsInPlace(IOperation assigned, IOperation field) =>
        OperationFacts.Strip(assigned) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } reciprocal &&
        OperationFacts.IsOne(reciprocal.LeftOperand) && OperationFacts.SameValue(reciprocal.RightOperand, field);

    /// <summary>
    /// Is the private field a sum of the buffer's elements: every write a 0, its inversion in place, or a <c>+=</c> of an
    /// element of the buffer (<c>m_sum = 0; … m_sum += m_exp[i]; m_sum = 1 / m_sum;</c>)?
    /// </summary>
    private static bool IsFieldSumOfBuffer(IOperation sum, ISymbol buffer, Provenance provenance)
    {
        if (LogExpShapes.WritesToPrivateField(sum, provenance) is not { Added.Count: > 0 } writes)
        {
            return false;
        }

        foreach (var assigned in writes.Assigned)
        {
            if (!OperationFacts.IsConstant(assigned, 0) && !InvertsInPlace(assigned, sum))
            {
                return false;
            }
        }

        foreach (var addition in writes.Added)
        {
            if (!IsElementOf(addition, buffer))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSumOfBuffer(ILocalReferenceOperation sum, ISymbol buffer, IOperation root, ILocalSymbol? held = null)
    {
        var additions = Dataflow.CompoundAdditionsIn(sum.Local, root);
        if (additions.Count == 0)
        {
            // var sum = e.Sum(): LINQ's sum of the whole buffer
            return SumOf(sum, root) is { } summed && SymbolEqualityComparer.Default.Equals(OperationFacts.ReferencedSymbol(summed), buffer);
        }

        foreach (var addition in additions)
        {
            var value = OperationFacts.Strip(addition);
            if (value is ISimpleAssignmentOperation assignment)
            {
                value = assignment.Target;
            }

            // sum += value, where value is what was stored into the buffer
            if (!IsElementOf(value, buffer) &&
                !(held is not null && value is ILocalReferenceOperation heldRead && SymbolEqualityComparer.Default.Equals(heldRead.Local, held)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>exp(z_k) / Σ exp(z_j)</c> with plain (unshifted) exponents: a softmax that is NaN once a logit is large.</summary>
    private static void AnalyzeSoftmaxDivision(OperationAnalysisContext context, IInvocationOperation exp, IOperation exponent, Provenance provenance)
    {
        if (IsDecayKernel(exponent, provenance.Symbols))
        {
            return;
        }

        if (OperationFacts.Parent(exp) is ISimpleAssignmentOperation or IVariableInitializerOperation)
        {
            AnalyzeBufferedSoftmax(context, exp, exponent, provenance);
            return;
        }

        // exp(z[i]) / Σ exp(z[j]), or exp(z[i]) * r with r = 1 / Σ exp(z[j]) (the sum inverted once, outside the loop)
        IOperation? inversion = null;
        if (OperationFacts.Parent(exp) is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide or BinaryOperatorKind.Multiply } division ||
            !LogExpShapes.IsPlainExponent(exponent, out _) ||
            (division.OperatorKind == BinaryOperatorKind.Divide
                ? ReferenceEquals(OperationFacts.Strip(division.LeftOperand), exp) ? division.RightOperand : null
                : ReciprocalOf(ReferenceEquals(OperationFacts.Strip(division.LeftOperand), exp) ? division.RightOperand : division.LeftOperand,
                    out inversion)) is not { } denominator ||
            LogExpShapes.UnshiftedExpSum(denominator, provenance, inversion) is not { } sum)
        {
            return;
        }

        var numeratorVector = LogExpShapes.VectorOf(exponent);
        if (numeratorVector is not null && sum.Vector is not null && !OperationFacts.SameValue(numeratorVector, sum.Vector))
        {
            return;
        }

        // if (double.IsInfinity(sum)) return …;: the overflow is handled before the division, as in the buffered form
        if (OperationFacts.Strip(denominator) is ILocalReferenceOperation heldSum && IsTestedForOverflow(heldSum, OperationFacts.Root(division)))
        {
            return;
        }

        var lossContext = LossContext.For(context.Options, exp.Syntax.SyntaxTree);
        if (!(LogExpShapes.IsUsedVectorSoftmax(division) || IsSoftmaxElementFunction(division, exponent)) ||
            Precedence.Loss006YieldsToConsumer(division, division.Syntax, provenance, lossContext))
        {
            return;
        }

        // the vector's name when it has one; else the exponent (neuron.Sum over a layer's neurons)
        var vector = sum.Vector ?? numeratorVector;
        var z = vector is not null ? RuleSupport.Quote(vector.Syntax) : RuleSupport.Quote(OperationFacts.Strip(exponent).Syntax);
        var what = vector is not null ? $"a softmax of '{z}'" : $"a softmax of the '{z}' values";
        // StableMath.Softmax takes spans: a one-dimensional array or a span, not a matrix
        var advice = vector is not null && Provenance.ElementType(vector.Type) is not null
            ? $"StableMath.Softmax({z}, destination) or subtract the maximum of '{z}' inside every exp"
            : vector is not null ? $"exp(x − max) in every exponential, with max the largest element of '{z}'"
            : $"exp(x − max) in every exponential, with max the largest '{z}'";
        Report(context, division.Syntax, null,
            $"is {what} without the maximum subtracted: once an element exceeds {OverflowLimit(OperationFacts.IsFloat(division.Type))} it is {(division.OperatorKind == BinaryOperatorKind.Multiply ? "∞ · (1/∞) = NaN" : "∞/∞ = NaN")}",
            advice);
    }

    /// <summary>
    /// <c>exp(−β · d)</c>: a product one factor of which is negated, in the product or by every call of the private method
    /// it is a parameter of (<c>Observed(…, -beta)</c>). That is a decaying kernel (t-SNE's Gaussian over distances, a
    /// Boltzmann weight of an energy), not a logit: its normalisation is not a softmax to report. A logit scaled by an
    /// inverse temperature (<c>z[j] * invT</c>) has no negated factor and stays reported.
    /// </summary>
    private static bool IsDecayKernel(IOperation exponent, KnownSymbols symbols)
    {
        return OperationFacts.Strip(exponent) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product &&
               (IsNegated(product.LeftOperand) || IsNegated(product.RightOperand));

        bool IsNegated(IOperation factor)
        {
            var f = OperationFacts.Strip(factor);
            if (f is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus })
            {
                return true;
            }

            if (f is not IParameterReferenceOperation parameter || CallSites.ArgumentsOf(parameter.Parameter, symbols) is not { Count: > 0 } arguments)
            {
                return false;
            }

            foreach (var argument in arguments)
            {
                // -beta, or -2 * beta: the argument's sign is a negation's
                var a = OperationFacts.Strip(argument);
                if (a is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } scaled)
                {
                    a = OperationFacts.Constant(scaled.LeftOperand) is < 0 ? scaled.RightOperand
                        : OperationFacts.Constant(scaled.RightOperand) is < 0 ? scaled.LeftOperand
                        : a;
                    if (!ReferenceEquals(a, scaled))
                    {
                        continue;
                    }
                }

                if (a is not IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus })
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// <c>double Activate(double[] z, int k) { … return exp(z[k]) / Σ exp(z[i]); }</c> (also through a local it returns): the
    /// element function of a softmax activation, called once per index by its layer. Both the vector and the index are the
    /// method's parameters, so every element of the softmax is computed here. The vector may also be a field the layer kept
    /// (<c>Peek(z)</c> stores it and sums the exponentials, <c>Value(k)</c> returns one element), and an element of a matrix
    /// (<c>z[k, 0]</c>, an own matrix type's indexer) whose first index is the parameter.
    /// </summary>
    private static bool IsSoftmaxElementFunction(IBinaryOperation division, IOperation exponent)
    {
        var (vector, index) = OperationFacts.Strip(exponent) switch
        {
            IArrayElementReferenceOperation element => (element.ArrayReference, element.Indices[0]),
            IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: > 0, Instance: { } instance } indexer => (instance, indexer.Arguments[0].Value),
            _ => (null, null),
        };
        if (vector is null || index is null ||
            OperationFacts.Strip(vector) is not (IParameterReferenceOperation or IFieldReferenceOperation) ||
            OperationFacts.Strip(index) is not IParameterReferenceOperation)
        {
            return false;
        }

        var parent = OperationFacts.Parent(division);
        if (parent is IReturnOperation)
        {
            return true;
        }

        // double res = exp(z[k]) / sum; return res;
        if (parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } })
        {
            return false;
        }

        foreach (var operation in OperationFacts.Descendants(OperationFacts.Root(division)))
        {
            if (operation is IReturnOperation { ReturnedValue: { } returned } &&
                OperationFacts.Strip(returned) is ILocalReferenceOperation read && SymbolEqualityComparer.Default.Equals(read.Local, local))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// For a map of a sequence through an exp method group — LINQ's <c>z.Select(Math.Exp)</c> (also <c>MathF.Exp</c>), a
    /// vector type's <c>v.Transform(NumOps.Exp)</c> (an own <c>Exp</c> whose result has its parameter's type) — the sequence;
    /// null for any other call.
    /// </summary>
    private static IOperation? ExpMethodGroupSelect(IInvocationOperation select, KnownSymbols symbols) =>
        MathApi.MapOf(select) is ({ } source, { } selector) &&
        OperationFacts.Strip(selector) is IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: var method } } &&
        IsExpMethod(method, symbols)
            ? source
            : null;

    /// <summary><c>Math.Exp</c>, <c>MathF.Exp</c>, or an own one-argument T→T <c>Exp</c> outside <c>System</c> (<c>NumOps.Exp</c>).</summary>
    private static bool IsExpMethod(IMethodSymbol method, KnownSymbols symbols) =>
        method.Name is "Exp" or "exp" &&
        (SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Math) || SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.MathF) ||
         method.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, method.ReturnType) &&
         method.ContainingNamespace is { Name: not "System" });

    /// <summary>
    /// For a map whose lambda returns the exp of its element scaled by a value that does not bound it (<c>v =&gt; Math.Exp(v / t)</c>,
    /// <c>x =&gt; NumOps.Exp(NumOps.Divide(x, temperature))</c>, an own T→T <c>Exp</c>), the sequence; null otherwise, and for
    /// <c>v =&gt; Math.Exp(v)</c>, which <see cref="ExpLambdaSelect"/> answers from the exp itself.
    /// </summary>
    private static IOperation? ScaledExpLambdaMap(IInvocationOperation map, KnownSymbols symbols)
    {
        if (MathApi.MapOf(map) is not ({ } source, { } selector) ||
            OperationFacts.Strip(selector) is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.Parameters.Length: 1 } lambda } ||
            lambda.Body.Operations.Length != 1 || lambda.Body.Operations[0] is not IReturnOperation { ReturnedValue: { } returned } ||
            OperationFacts.Strip(returned) is not IInvocationOperation { Arguments.Length: 1 } call || !IsExpMethod(call.TargetMethod, symbols))
        {
            return null;
        }

        var parameter = lambda.Symbol.Parameters[0];
        var exponent = OperationFacts.Strip(call.Arguments[0].Value);
        var scaled = exponent switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide or BinaryOperatorKind.Multiply } product =>
                IsParameter(product.LeftOperand, parameter) && !Mentions(product.RightOperand, parameter) ||
                product.OperatorKind == BinaryOperatorKind.Multiply && IsParameter(product.RightOperand, parameter) && !Mentions(product.LeftOperand, parameter),
            IInvocationOperation { TargetMethod.Name: "Divide" or "Multiply", Arguments.Length: 2 } product =>
                IsParameter(product.Arguments[0].Value, parameter) && !Mentions(product.Arguments[1].Value, parameter),
            _ => false,
        };
        return scaled ? source : null;

        static bool IsParameter(IOperation operation, IParameterSymbol parameter) =>
            OperationFacts.Strip(operation) is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter);

        static bool Mentions(IOperation operation, IParameterSymbol parameter)
        {
            foreach (var descendant in OperationFacts.Descendants(operation))
            {
                if (IsParameter(descendant, parameter))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>For an <c>exp(v)</c> that a lambda <c>v =&gt; exp(v)</c> returns as the selector of LINQ's <c>Select</c>, that call.</summary>
    private static IInvocationOperation? ExpLambdaSelect(IInvocationOperation exp, IOperation exponent) =>
        OperationFacts.Parent(exp) is IReturnOperation { Parent: IBlockOperation { Parent: IAnonymousFunctionOperation { Symbol.Parameters.Length: 1 } lambda } } &&
        OperationFacts.Strip(exponent) is IParameterReferenceOperation parameter &&
        SymbolEqualityComparer.Default.Equals(parameter.Parameter, lambda.Symbol.Parameters[0]) &&
        lambda.Parent is IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation select } } && MathApi.MapOf(select).Source is not null
            ? select
            : null;

    /// <summary>
    /// <c>var e = z.Select(Math.Exp).ToArray();</c> normalised in the same body by its own sum: <c>e[i] / e.Sum()</c>,
    /// <c>e[i] * r</c> with <c>r = 1 / e.Sum()</c>, <c>e.Select(x =&gt; x / s)</c> with <c>s = e.Sum()</c>: a softmax of z
    /// without the maximum subtracted (a shifted <c>Select(v =&gt; Math.Exp(v - max))</c> never gets here).
    /// </summary>
    private static void AnalyzeLinqSoftmax(OperationAnalysisContext context, IInvocationOperation select, IOperation source, Provenance provenance, bool scaled = false)
    {
        // the sequence of exponentials: the Select, or its ToArray()/ToList(), held in a local
        IOperation exps = select;
        if (OperationFacts.Parent(exps) is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "ToArray" or "ToList" } materialised })
        {
            exps = materialised;
        }

        // held in a local it initialises, or assigned to a variable (p = p.Select(Math.Exp).ToList(), reused for each step)
        var (holder, assigned) = OperationFacts.Parent(exps) switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } } => ((ISymbol?)local, (IOperation?)null),
            ISimpleAssignmentOperation { Target: var target } assignment when ReferenceEquals(OperationFacts.Strip(assignment.Value), exps) &&
                                                                             OperationFacts.Strip(target) is ILocalReferenceOperation or IParameterReferenceOperation =>
                (OperationFacts.ReferencedSymbol(OperationFacts.Strip(target)), assignment.Value),
            _ => (null, null),
        };
        if (holder is null || LinqNormalisation(holder, OperationFacts.Root(select), assigned) is not { } normalisation)
        {
            return;
        }

        if (IsUnitNormalised(source, OperationFacts.Root(select)))
        {
            // a spherical softmax: the exponents were divided by their vector's L2 norm, so each lies in [−1, 1]
            return;
        }

        var z = RuleSupport.Quote(OperationFacts.Strip(source).Syntax);
        // (LINQ's Select<TSource, TResult>, or a vector type's Map over its own elements: Vector<double>.Map)
        var element = select.TargetMethod.TypeArguments.Length == 2 ? select.TargetMethod.TypeArguments[1]
            : select.Type is INamedTypeSymbol { TypeArguments.Length: 1 } vector ? vector.TypeArguments[0]
            : null;
        var threshold = OverflowLimit(element);
        Report(context, select.Syntax, null,
            $"exponentiates '{z}' without the maximum subtracted and is normalised into a softmax (line {OperationFacts.Line(normalisation.Syntax)}): " +
            $"once an element exceeds {threshold} its exponential is ∞, its output ∞/∞ = NaN and every other output 0",
            scaled ? $"exp((x − max) / t) in every exponential, with max the largest element of '{z}' and t its scale"
            : Provenance.IsVectorType(OperationFacts.Strip(source).Type)
                ? $"StableMath.Softmax({z}, destination), or subtract the maximum of '{z}' inside the exp"
                : $"exp(x − max) in every exponential, with max the largest element of '{z}'");
    }

    /// <summary>
    /// Is the sequence a local mapped from another through a division by a square root — <c>v.Transform(x =&gt; x / norm)</c>,
    /// <c>NumOps.Divide(x, norm)</c> with <c>norm = Sqrt(…)</c>, a vector divided by its L2 norm, whose elements lie in
    /// [−1, 1]?
    /// </summary>
    private static bool IsUnitNormalised(IOperation source, IOperation root)
    {
        if (OperationFacts.Strip(source) is not ILocalReferenceOperation local ||
            Dataflow.OnlyInitializerOf(local.Local, local, root) is not { } initializer ||
            OperationFacts.Strip(initializer) is not IInvocationOperation map || MathApi.MapOf(map).Selector is not { } selector ||
            OperationFacts.Strip(selector) is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } ||
            lambda.Body.Operations.Length != 1 || lambda.Body.Operations[0] is not IReturnOperation { ReturnedValue: { } returned })
        {
            return false;
        }

        var divisor = OperationFacts.Strip(returned) switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division => division.RightOperand,
            IInvocationOperation { TargetMethod.Name: "Divide", Arguments.Length: 2 } divide => divide.Arguments[1].Value,
            _ => null,
        };
        if (divisor is null)
        {
            return false;
        }

        var norm = OperationFacts.Strip(divisor);
        if (norm is ILocalReferenceOperation normLocal && Dataflow.OnlyInitializerOf(normLocal.Local, normLocal, root) is { } normValue)
        {
            norm = OperationFacts.Strip(normValue);
        }

        return norm is IInvocationOperation { TargetMethod.Name: "Sqrt" };
    }

    /// <summary>
    /// The division (or multiplication by a reciprocal) in <paramref name="root"/> that normalises the elements of the local
    /// <paramref name="exps"/> by their own sum, or null.
    /// </summary>
    private static IOperation? LinqNormalisation(ISymbol exps, IOperation root, IOperation? assigned = null)
    {
        foreach (var operation in OperationFacts.Descendants(root))
        {
            // a numeric-operations object's NumOps.Divide(x, s) divides too
            if (operation is IInvocationOperation { TargetMethod.Name: "Divide", Arguments.Length: 2 } divide &&
                IsLinqElementOf(divide.Arguments[0].Value, exps, assigned) && SumOf(divide.Arguments[1].Value, root) is { } divisorSum &&
                IsExpsRead(divisorSum, exps, assigned))
            {
                return divide;
            }

            // a vector type's own e.Divide(e.Sum()), e.Multiply(1 / e.Sum())
            if (operation is IInvocationOperation { TargetMethod: { Name: "Divide" or "Multiply", IsStatic: false }, Arguments.Length: 1, Instance: { } receiver } method &&
                IsLinqElementOf(receiver, exps, assigned) &&
                (method.TargetMethod.Name == "Divide" ? SumOf(method.Arguments[0].Value, root) : ReciprocalSumOf(method.Arguments[0].Value, root)) is { } methodSum &&
                IsExpsRead(methodSum, exps, assigned))
            {
                return method;
            }

            if (operation is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide or BinaryOperatorKind.Multiply } scaled)
            {
                continue;
            }

            var (element, scale) = IsLinqElementOf(scaled.LeftOperand, exps, assigned) ? (scaled.LeftOperand, scaled.RightOperand)
                : scaled.OperatorKind == BinaryOperatorKind.Multiply && IsLinqElementOf(scaled.RightOperand, exps, assigned) ? (scaled.RightOperand, scaled.LeftOperand)
                : (null, null);
            if (element is null || scale is null)
            {
                continue;
            }

            var sum = scaled.OperatorKind == BinaryOperatorKind.Divide ? SumOf(scale, root) : ReciprocalSumOf(scale, root);
            if (sum is not null && IsExpsRead(sum, exps, assigned))
            {
                return scaled;
            }
        }

        return null;
    }

    /// <summary>For <c>1 / e.Sum()</c> written inline or held in a local (<c>inv = 1 / sum</c>), <c>e</c>.</summary>
    private static IOperation? ReciprocalSumOf(IOperation scale, IOperation root) =>
        OperationFacts.Strip(scale) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } inline && OperationFacts.Constant(inline.LeftOperand) == 1
            ? SumOf(inline.RightOperand, root)
            : ReciprocalOf(scale, out _) is { } inverted ? SumOf(inverted, root) : null;

    /// <summary>For <c>e.Sum()</c> (LINQ's or a vector type's), or a local of <paramref name="root"/> whose only value it is, <c>e</c>.</summary>
    private static IOperation? SumOf(IOperation value, IOperation root)
    {
        var stripped = OperationFacts.Strip(value);
        if (stripped is ILocalReferenceOperation local && Dataflow.OnlyInitializerOf(local.Local, local, root) is { } initializer)
        {
            stripped = OperationFacts.Strip(initializer);
        }

        return stripped switch
        {
            IInvocationOperation { TargetMethod.Name: "Sum", Arguments.Length: 1 } linq => OperationFacts.Strip(linq.Arguments[0].Value),
            // NumSharp's np.sum(e) (its axis and dtype left out)
            IInvocationOperation { TargetMethod: { Name: "sum", IsStatic: true }, Arguments.Length: >= 1 } total
                when OperationFacts.AllLeftOut(total.Arguments, 1) => OperationFacts.Strip(total.Arguments[0].Value),
            IInvocationOperation { TargetMethod: { Name: "Sum" or "SumElements" or "SumAll", IsStatic: false }, Arguments.Length: 0, Instance: { } vector } => OperationFacts.Strip(vector),
            _ => null,
        };
    }

    /// <summary>Is the value <c>e[i]</c>, or the parameter of a lambda selecting over <c>e</c> (<c>e.Select(x =&gt; x / s)</c>)?</summary>
    private static bool IsLinqElementOf(IOperation value, ISymbol exps, IOperation? assigned)
    {
        var stripped = OperationFacts.Strip(value);
        switch (stripped)
        {
            case IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true } when assigned is null:
                // e[i], e[i][j]: any element of the local
                return SymbolEqualityComparer.Default.Equals(OperationFacts.RootSymbol(stripped), exps);
            case IArrayElementReferenceOperation element:
                return IsExpsRead(element.ArrayReference, exps, assigned);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance }:
                return IsExpsRead(instance, exps, assigned);
            case ILocalReferenceOperation or IParameterReferenceOperation when IsExpsRead(stripped, exps, assigned) &&
                                                                             stripped.Type?.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single):
                // res / res.SumElements(): a matrix type's element-wise division of the whole
                return true;
            case IParameterReferenceOperation parameter when LambdaSource(parameter) is { } source:
                return IsExpsRead(source, exps, assigned);
            default:
                return false;
        }
    }

    /// <summary>
    /// Is the operation a read of the variable holding the exponentials: the local they initialise, or a variable they are
    /// assigned to (<paramref name="assigned"/>, <c>p = p.Select(Math.Exp).ToList()</c>) read where that value is the only
    /// one to reach?
    /// </summary>
    private static bool IsExpsRead(IOperation read, ISymbol exps, IOperation? assigned)
    {
        var stripped = OperationFacts.Strip(read);
        if (!SymbolEqualityComparer.Default.Equals(OperationFacts.ReferencedSymbol(stripped), exps) ||
            stripped is not (ILocalReferenceOperation or IParameterReferenceOperation))
        {
            return false;
        }

        return assigned is null ||
               Dataflow.ReachingValues(exps, stripped) is { Count: 1 } values && ReferenceEquals(OperationFacts.Strip(values[0]), OperationFacts.Strip(assigned));
    }

    /// <summary>The sequence a lambda's parameter ranges over, when the lambda is the selector of LINQ's <c>Select</c>.</summary>
    private static IOperation? LambdaSource(IParameterReferenceOperation parameter)
    {
        for (var current = parameter.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda)
            {
                return lambda.Symbol.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(lambda.Symbol.Parameters[0], parameter.Parameter) &&
                       lambda.Parent is IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation select } }
                    ? MathApi.MapOf(select).Source
                    : null;
            }
        }

        return null;
    }

    /// <summary>The <c>s</c> of a local whose one reaching value is <c>1 / s</c> (<c>inv = 1f / sum;</c>, also <c>sum = 1f / sum;</c>).</summary>
    private static IOperation? ReciprocalOf(IOperation factor, out IOperation? reciprocal)
    {
        reciprocal = OperationFacts.Strip(factor) is ILocalReferenceOperation local &&
                     Dataflow.ReachingValues(local.Local, local) is { Count: 1 } values &&
                     OperationFacts.Strip(values[0]) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division &&
                     OperationFacts.Constant(division.LeftOperand) == 1
            ? division
            : null;
        return (reciprocal as IBinaryOperation)?.RightOperand;
    }

    private static void Report(OperationAnalysisContext context, SyntaxNode node, ImmutableDictionary<string, string?>? properties, string problem, string advice,
        IEnumerable<Location>? additionalLocations = null) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.LOSS006, node.GetLocation(), additionalLocations, properties, RuleSupport.Quote(node), problem, advice));

    private static bool IsScalar(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

    private static string? Keyword(ITypeSymbol? type) => type?.SpecialType switch
    {
        SpecialType.System_Double => "double",
        SpecialType.System_Single => "float",
        _ => null,
    };

    /// <summary>Where exp overflows, as the messages say it: 88 in float, 709 in double.</summary>
    private static string OverflowLimit(bool isFloat) => isFloat ? "88" : "709";

    /// <summary>The same for a value's type: both limits where the type is neither (a generic <c>T</c>).</summary>
    private static string OverflowLimit(ITypeSymbol? type) =>
        OperationFacts.IsFloat(type) ? "88" : OperationFacts.IsDouble(type) ? "709" : "709 (88 in float)";
}
