using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>How a binary cross-entropy is written.</summary>
internal enum BceForm
{
    /// <summary><c>y·log p + (1−y)·log(1−p)</c> written out, in any arrangement and sign.</summary>
    HandWritten,
    /// <summary>A library call or module: <c>Loss.BinaryCrossEntropy</c>, <c>functional.binary_cross_entropy</c>, <c>BCELoss</c>.</summary>
    Api,
    /// <summary>A method of the same compilation whose body is a binary cross-entropy of its parameters.</summary>
    Helper,
}

/// <summary>One binary cross-entropy found in code: the expression, its probability and target operands.</summary>
internal sealed class BceSite
{
    public BceSite(BceForm form, IOperation expression, IOperation probability, IOperation? target, bool isLoss, ApiStyle style,
        IOperation? labelTest = null, bool labelTestMeansPositive = true)
    {
        LabelTest = labelTest;
        LabelTestMeansPositive = labelTestMeansPositive;
        Form = form;
        Expression = expression;
        Probability = probability;
        Target = target;
        IsLoss = isLoss;
        Style = style;
    }

    public BceForm Form { get; }

    /// <summary>The whole expression to report and replace (with its outer negation, if any).</summary>
    public IOperation Expression { get; }

    /// <summary>The probability operand p (clamps stripped).</summary>
    public IOperation Probability { get; }

    public IOperation? Target { get; }

    /// <summary>
    /// For <c>y == 1 ? −log p : −log(1 − p)</c>: the test that picks the branch. The site is the cross-entropy of the hard
    /// label the test makes of <see cref="Target"/> (a label 2 or 0.7 takes one branch whole), not of the label itself.
    /// </summary>
    public IOperation? LabelTest { get; }

    /// <summary>Whether <see cref="LabelTest"/> being true means the positive class.</summary>
    public bool LabelTestMeansPositive { get; }

    /// <summary>True when <see cref="Expression"/> is the loss (−log-likelihood); false when it is the log-likelihood.</summary>
    public bool IsLoss { get; }

    public ApiStyle Style { get; }
}

/// <summary>Finds binary cross-entropies: the hand-written shape around a logarithm, API calls, and user helpers.</summary>
internal static class BceShapes
{
    /// <summary>
    /// The functions whose calls can be BCE sites: a logarithm (of a hand-written shape) or an API's BCE. A user's helper
    /// can have any name (<see cref="MayBeHelperCall"/>).
    /// </summary>
    public static readonly ulong SiteFunctions = MathApi.Mask(MathFunction.Log, MathFunction.BinaryCrossEntropy);

    /// <summary>
    /// The binary cross-entropy, if any, that <paramref name="invocation"/> is: an API call, a helper call, or the
    /// <c>log p</c> logarithm of a hand-written shape (the <c>log(1−p)</c> logarithm answers null, so each shape is found once;
    /// use <see cref="Enclosing"/> to ask from either logarithm).
    /// </summary>
    public static BceSite? FromInvocation(IInvocationOperation invocation, KnownSymbols symbols) =>
        FromInvocation(invocation, symbols, MathApi.MayBe(invocation, SiteFunctions) ? MathApi.Classify(invocation, symbols) : default);

    /// <summary><see cref="FromInvocation(IInvocationOperation, KnownSymbols)"/> with the call already classified (by its
    /// <see cref="CallSite"/>).</summary>
    public static BceSite? FromInvocation(IInvocationOperation invocation, KnownSymbols symbols, ApiCall call)
    {
        if (MathApi.MayBe(invocation, SiteFunctions))
        {
            if (call.Function == MathFunction.BinaryCrossEntropy)
            {
                var probability = call.Argument(0);
                return probability is null
                    ? null
                    : new BceSite(BceForm.Api, invocation, probability, call.Argument(1), isLoss: true, call.Style);
            }

            if (call.Function == MathFunction.Log)
            {
                var site = Enclosing(invocation, symbols);
                // the site belongs to its log p (its log(1 − p) answers null), which the terms may reach through locals
                return site is not null && call.Operand is { } operand && !ProbabilityOf(operand).IsComplement ? site : null;
            }

            if (call.IsValid)
            {
                return null;
            }
        }

        if (!MayBeHelperCall(invocation))
        {
            return null;
        }

        var helper = Helper(invocation.TargetMethod, symbols);
        if (helper is null)
        {
            return null;
        }

        IOperation? Arg(int ordinal) => OperationFacts.Argument(invocation.Arguments, ordinal);

        if (helper.DefaultedCriterionOrdinal >= 0 && Arg(helper.DefaultedCriterionOrdinal) is { } criterion &&
            criterion.Parent is IArgumentOperation { ArgumentKind: not ArgumentKind.DefaultValue })
        {
            // the caller passes its own criterion: what it is, the helper's default does not say
            return null;
        }

        var p = Arg(helper.ProbabilityOrdinal);
        return p is null ? null : new BceSite(BceForm.Helper, invocation, p, Arg(helper.TargetOrdinal), helper.IsLoss, helper.IsTorch ? ApiStyle.Torch : ApiStyle.None);
    }

    /// <summary>
    /// Can this be a call of a user's BCE helper? A helper returns a floating-point loss of at least two arguments: the
    /// call's own (already bound) shape says so for most calls before the method symbol is asked anything.
    /// </summary>
    public static bool MayBeHelperCall(IInvocationOperation invocation) =>
        invocation.Arguments.Length >= 2 && (IsFloatingOrGeneric(invocation.Type) || IsTorchTensor(invocation.Type));

    /// <summary>TorchSharp's <c>torch.Tensor</c>, by name (no symbol lookup on this path, taken for every call).</summary>
    private static bool IsTorchTensor(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Tensor", ContainingType.Name: "torch" } tensor && tensor.ContainingAssembly?.Name == "TorchSharp";

    /// <summary><c>double</c>, <c>float</c>, or a generic-math type parameter (<c>T</c> of a <c>BinaryCrossEntropy&lt;T&gt;</c>).</summary>
    internal static bool IsFloatingOrGeneric(ITypeSymbol? type) =>
        type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single || type is ITypeParameterSymbol { ConstraintTypes.Length: > 0 };

    /// <summary>
    /// The hand-written shape that the logarithm <paramref name="log"/> (of p or of 1−p) is part of. A natural log only,
    /// unless <paramref name="anyBase"/> (evidence that p is a probability: a BCE written in bits is still a BCE; the
    /// logits-form rewrites, which are natural, ask without it).
    /// </summary>
    public static BceSite? Enclosing(IInvocationOperation log, KnownSymbols symbols, bool anyBase = false) =>
        // the analysed call's answer is kept on its CallSite: LOSS001's evidence, LOSS003's site and the precedence all ask it
        CallSite.Of(log) is { } site ? site.EnclosingBce(anyBase) : FindEnclosing(log, symbols, anyBase);

    /// <summary><see cref="Enclosing"/>, computed.</summary>
    internal static BceSite? FindEnclosing(IInvocationOperation log, KnownSymbols symbols, bool anyBase)
    {
        var call = MathApi.Classify(log, symbols);
        if (!(call.Function == MathFunction.Log || anyBase && MathApi.IsLogarithm(call.Function)) || call.IsSpanForm || call.Operand is null)
        {
            return null;
        }

        if (LabelChoice(call.Operand) is { } choice)
        {
            // -log(y == 1 ? p : 1 − p): the label picks the probability inside one logarithm
            var (chosen, outer) = ThroughNegations(log, 1);
            return new BceSite(BceForm.HandWritten, chosen, choice.Probability, choice.Target, isLoss: outer < 0, call.Style,
                labelTest: choice.Test, labelTestMeansPositive: choice.TrueMeansPositive);
        }

        var (start, startIsComplement) = ProbabilityOf(call.Operand);
        var sign = 1;
        IOperation? factor = null;
        IOperation current = log;
        for (var depth = 0; depth < 10; depth++)
        {
            var parent = OperationFacts.Parent(current);
            if (call.Style != ApiStyle.Torch && parent is not null && ReductionOf(parent) is { } reduced && IsSameNode(reduced, current))
            {
                // (−y' * log h).SumAllElements, (…).Sum(): a term summed over its elements keeps its shape (a TorchSharp
                // term reduced on its own is not taken: the fix would have to carry that reduction)
                current = parent;
                continue;
            }

            if (OperationFacts.ReshapeOf(parent, current) is { } reshape)
            {
                // y' * log(h).Unroll(): a reshaped term is the same term
                current = reshape;
                continue;
            }

            if (parent is IArgumentOperation { Parent: IInvocationOperation operatorCall } && OperationFacts.Elementwise(operatorCall, out _, out _, out _))
            {
                // target.PointwiseMultiply(log p): an element-wise method is its operator
                parent = operatorCall;
            }
            else if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } &&
                     Dataflow.SingleReadOf(declarator, OperationFacts.Root(current)) is { } read)
            {
                // var logP = Log(p); … y * logP: the term continues where its local is read
                current = read;
                continue;
            }

            if (parent is not null && OperationFacts.Elementwise(parent, out var kind, out var left, out var right))
            {
                switch (kind)
                {
                    case BinaryOperatorKind.Multiply when factor is null:
                        factor = IsSameNode(left, current) ? right : left;
                        // -y * log p: the sign of the factor is the sign of the term
                        if (IsNegation(factor, out var negatedFactor))
                        {
                            sign = -sign;
                            factor = negatedFactor;
                        }

                        current = parent;
                        continue;
                    case BinaryOperatorKind.Add or BinaryOperatorKind.Subtract:
                        if (Combine(parent, kind, left, right, current, start, startIsComplement, sign, factor, call.Style, symbols) is not { } combined)
                        {
                            return null;
                        }

                        return combined;
                    default:
                        return null;
                }
            }

            switch (parent)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus }:
                    sign = -sign;
                    current = parent;
                    continue;
                case IArgumentOperation { Parent: IInvocationOperation negation } when OperationFacts.IsNegationCall(negation):
                    // K.Neg(K.Log(p)): an own tensor API's negation
                    sign = -sign;
                    current = negation;
                    continue;
                case IReturnOperation when factor is null && current.Type is not null && BranchOf(parent) is { } branch:
                    // if (label) return -log(p); else return -log(1 - p);: each branch returns one logarithm
                    current = branch;
                    continue;
                case IConditionalOperation { WhenFalse: not null } conditional when factor is null && !IsSameNode(conditional.Condition, current):
                    return FromConditional(conditional, current, start, startIsComplement, sign, call.Style, symbols);
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The sum or difference <paramref name="combine"/> of the term that holds the logarithm (<paramref name="current"/>, with
    /// its factor and sign) and another: a site when the other is the partner term, <c>(1 − y)·log(1 − p)</c> for <c>y·log p</c>.
    /// </summary>
    private static BceSite? Combine(IOperation combine, BinaryOperatorKind kind, IOperation left, IOperation right, IOperation current,
        IOperation start, bool startIsComplement, int sign, IOperation? factor, ApiStyle style, KnownSymbols symbols)
    {
        var currentIsRight = IsSameNode(right, current);
        var other = currentIsRight ? left : right;
        var mySign = kind == BinaryOperatorKind.Subtract && currentIsRight ? -sign : sign;
        var otherSign = kind == BinaryOperatorKind.Subtract && !currentIsRight ? -1 : 1;
        if (!FindPartner(other, start, startIsComplement, symbols, ref otherSign, out var otherFactor) ||
            otherSign != mySign || factor is null || otherFactor is null)
        {
            return null;
        }

        // y·log p pairs with (1−y)·log(1−p)
        var (pFactor, qFactor) = startIsComplement ? (otherFactor, factor) : (factor, otherFactor);
        var oneMinusTarget = OneMinusResolved(Untransposed(qFactor));
        if (oneMinusTarget is null || !OperationFacts.SameValue(Untransposed(oneMinusTarget), Untransposed(pFactor)))
        {
            return null;
        }

        // extend through outer negations: -(y log p + (1-y) log(1-p))
        var (expression, outer) = ThroughNegations(combine, mySign);
        return new BceSite(BceForm.HandWritten, expression, start, pFactor, isLoss: outer < 0, style);
    }

    /// <summary>The operand a reduction sums or averages (<c>m.SumAllElements</c>, <c>v.Sum()</c>, <c>Sum(v)</c>), or null.</summary>
    private static IOperation? ReductionOf(IOperation operation) => operation switch
    {
        IPropertyReferenceOperation { Property.Name: "SumAllElements" or "Sum" or "Total", Arguments.Length: 0, Instance: { } instance } => instance,
        IInvocationOperation { TargetMethod.Name: "Sum" or "sum" or "Mean" or "mean" or "Average" or "SumAllElements" } call =>
            call.Instance is { } receiver && !call.TargetMethod.IsStatic ? (call.Arguments.Length == 0 ? receiver : null)
            : call.Arguments.Length == 1 ? call.Arguments[0].Value : null,
        _ => null,
    };

    /// <summary>A transposed matrix is the same values: <c>y.Transpose</c>, <c>y.T</c>, <c>y.Transpose()</c> → y.</summary>
    internal static IOperation Untransposed(IOperation operation)
    {
        var current = OperationFacts.Strip(operation);
        while (true)
        {
            switch (current)
            {
                case IPropertyReferenceOperation { Property.Name: "Transpose" or "T" or "Transposed", Arguments.Length: 0, Instance: { } instance }:
                    current = OperationFacts.Strip(instance);
                    continue;
                case IInvocationOperation { TargetMethod.Name: "Transpose" or "transpose" or "Transposed", Arguments.Length: 0, Instance: { } receiver }:
                    current = OperationFacts.Strip(receiver);
                    continue;
                default:
                    return current;
            }
        }
    }

    /// <summary>A local read as the value it was initialised with, when nothing else writes it (<c>var q = 1 - y; … q</c>).</summary>
    private static IOperation Resolved(IOperation operation) => Dataflow.InitialValue(operation, steps: 3);

    /// <summary><see cref="OperationFacts.OneMinus"/> with locals read as their values: <c>var n = y * -1; … (1 + n)</c> is 1 − y.</summary>
    private static IOperation? OneMinusResolved(IOperation operation)
    {
        var value = Resolved(operation);
        if (OperationFacts.OneMinus(value) is { } subtracted)
        {
            return subtracted;
        }

        if (OperationFacts.Elementwise(value, out var kind, out var left, out var right) && kind == BinaryOperatorKind.Add)
        {
            if (OperationFacts.IsOne(left) && IsNegation(right, out var negatedRight))
            {
                return negatedRight;
            }

            if (OperationFacts.IsOne(right) && IsNegation(left, out var negatedLeft))
            {
                return negatedLeft;
            }
        }

        return null;
    }

    /// <summary><see cref="OperationFacts.IsNegation"/> of the value, a local's initializer included (<c>var n = y * -1;</c>).</summary>
    private static bool IsNegation(IOperation operation, out IOperation operand) =>
        OperationFacts.IsNegation(operation, out operand) || OperationFacts.IsNegation(Resolved(operation), out operand);

    /// <summary>
    /// <c>y == 1 ? -log(p) : -log(1 − p)</c> (also <c>y != 0</c>, <c>y &gt; 0.5</c>, <c>y == 0</c> with the branches swapped): the
    /// binary cross-entropy of a 0/1 label, one logarithm per branch.
    /// </summary>
    private static BceSite? FromConditional(IConditionalOperation conditional, IOperation current, IOperation probability, bool startIsComplement,
        int sign, ApiStyle style, KnownSymbols symbols)
    {
        var currentIsTrue = IsSameNode(conditional.WhenTrue, current);
        var other = OperationFacts.Strip(BranchValue(currentIsTrue ? conditional.WhenFalse! : conditional.WhenTrue));
        var otherSign = 1;
        while (OperationFacts.IsNegation(other, out var negated))
        {
            otherSign = -otherSign;
            other = OperationFacts.Strip(negated);
        }

        // the log p branch must be the one taken for y = 1
        var logPIsTrueBranch = currentIsTrue != startIsComplement;
        if (otherSign != sign || !IsLogOfPartner(other, probability, startIsComplement, symbols) || Mentions(conditional.Condition, probability) ||
            (LabelTest(conditional.Condition) ?? BooleanLabel(conditional.Condition, logPIsTrueBranch)) is not (var target, var trueMeansPositive))
        {
            return null;
        }

        if (logPIsTrueBranch != trueMeansPositive)
        {
            return null;
        }

        var (expression, outer) = ThroughNegations(conditional, sign);
        return new BceSite(BceForm.HandWritten, expression, probability, target, isLoss: outer < 0, style,
            labelTest: conditional.Condition, labelTestMeansPositive: trueMeansPositive);
    }

    /// <summary>A boolean label (<c>label ? −log p : −log(1 − p)</c>, <c>i == target</c>, a flag): the branch that logs p is the
    /// positive class.</summary>
    private static (IOperation Target, bool TrueMeansPositive)? BooleanLabel(IOperation condition, bool logPIsTrueBranch)
    {
        var test = OperationFacts.Strip(condition);
        return test.Type?.SpecialType == SpecialType.System_Boolean ? (test, logPIsTrueBranch) : null;
    }

    /// <summary>Does the test read p itself (<c>p &gt; 0.5 ? log p : log(1 − p)</c>, the log of the larger side)? Then it is no label.</summary>
    private static bool Mentions(IOperation condition, IOperation probability)
    {
        foreach (var operation in OperationFacts.Descendants(condition))
        {
            if (OperationFacts.SameValue(operation, probability))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>For a <c>return</c> that is a branch of an <c>if</c> (alone or the only statement of its block), that branch.</summary>
    private static IOperation? BranchOf(IOperation returnStatement)
    {
        var branch = returnStatement.Parent is IBlockOperation { Operations.Length: 1 } block ? block : returnStatement;
        return branch.Parent is IConditionalOperation { WhenFalse: not null } conditional &&
               (ReferenceEquals(conditional.WhenTrue, branch) || ReferenceEquals(conditional.WhenFalse, branch))
            ? branch
            : null;
    }

    /// <summary>The value a branch gives: the returned value of a <c>return</c> (alone or the only statement of a block).</summary>
    private static IOperation BranchValue(IOperation branch) => branch switch
    {
        IBlockOperation { Operations.Length: 1 } block => BranchValue(block.Operations[0]),
        IReturnOperation { ReturnedValue: { } returned } => returned,
        _ => branch,
    };

    /// <summary>The expression with the unary minuses around it, and its sign through them.</summary>
    private static (IOperation Expression, int Sign) ThroughNegations(IOperation expression, int sign)
    {
        while (OperationFacts.Parent(expression) is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } negation)
        {
            sign = -sign;
            expression = negation;
        }

        return (expression, sign);
    }

    /// <summary>For <c>y == 1</c>, <c>y != 0</c>, <c>y &gt; 0.5</c>: (y, true); for <c>y == 0</c>, <c>y != 1</c>, <c>y &lt; 0.5</c>: (y, false).</summary>
    private static (IOperation Target, bool TrueMeansPositive)? LabelTest(IOperation condition)
    {
        if (OperationFacts.Strip(condition) is not IBinaryOperation { OperatorMethod: null } comparison)
        {
            return null;
        }

        var (label, constant, flipped) = OperationFacts.Constant(comparison.RightOperand) is { } right
            ? (comparison.LeftOperand, right, false)
            : OperationFacts.Constant(comparison.LeftOperand) is { } left ? (comparison.RightOperand, left, true) : (null, 0.0, false);
        if (label is null || OperationFacts.Constant(label) is not null ||
            OperationFacts.Strip(label).Type?.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Int32 or
                SpecialType.System_Int64))
        {
            return null;
        }

        bool? positive = (comparison.OperatorKind, constant) switch
        {
            (BinaryOperatorKind.Equals, 1) or (BinaryOperatorKind.NotEquals, 0) => true,
            (BinaryOperatorKind.Equals, 0) or (BinaryOperatorKind.NotEquals, 1) => false,
            (BinaryOperatorKind.GreaterThan, 0.5) or (BinaryOperatorKind.GreaterThanOrEqual, 0.5) => !flipped,
            (BinaryOperatorKind.LessThan, 0.5) or (BinaryOperatorKind.LessThanOrEqual, 0.5) => flipped,
            _ => null,
        };
        return positive is { } p ? (OperationFacts.Strip(label), p) : null;
    }

    /// <summary>Is the log's operand the probability of the observed class, chosen by a label (<c>y == 1 ? p : 1 − p</c>)?</summary>
    public static bool IsLabelChoice(IOperation logOperand) => LabelChoice(logOperand) is not null;

    /// <summary>
    /// <c>y == 1 ? p : 1 − p</c>, <c>label ? 1 − p : p</c> (clamps around it or its branches stripped): the probability of the
    /// observed class, chosen by a label test that does not read p; null for anything else.
    /// </summary>
    private static (IOperation Probability, IOperation Target, IOperation Test, bool TrueMeansPositive)? LabelChoice(IOperation logOperand)
    {
        if (OperationFacts.StripGuards(logOperand) is not IConditionalOperation { WhenFalse: { } whenFalse } conditional)
        {
            return null;
        }

        var whenTrue = OperationFacts.StripGuards(conditional.WhenTrue);
        var otherwise = OperationFacts.StripGuards(whenFalse);
        bool pIsTrueBranch;
        IOperation probability;
        if (OperationFacts.OneMinus(otherwise) is { } complementOfFalse && OperationFacts.SameValue(OperationFacts.StripGuards(complementOfFalse), whenTrue))
        {
            (probability, pIsTrueBranch) = (whenTrue, true);
        }
        else if (OperationFacts.OneMinus(whenTrue) is { } complementOfTrue && OperationFacts.SameValue(OperationFacts.StripGuards(complementOfTrue), otherwise))
        {
            (probability, pIsTrueBranch) = (otherwise, false);
        }
        else
        {
            return null;
        }

        if (Mentions(conditional.Condition, probability) ||
            (LabelTest(conditional.Condition) ?? BooleanLabel(conditional.Condition, pIsTrueBranch)) is not (var target, var trueMeansPositive) ||
            trueMeansPositive != pIsTrueBranch)
        {
            return null;
        }

        return (probability, target, conditional.Condition, trueMeansPositive);
    }

    /// <summary>p for <c>log(p)</c>, <c>log(clamp(p))</c>; for <c>log(1 − p)</c>, <c>log(clamp(1 − p))</c> also p, flagged as complement.</summary>
    /// <remarks>A local that holds <c>1 − p</c> and nothing else (<c>var q = ones.Subtract(p); q.Log()</c>) is read as its value.</remarks>
    public static (IOperation Probability, bool IsComplement) ProbabilityOf(IOperation logOperand)
    {
        if (LabelChoice(logOperand) is { } choice)
        {
            return (choice.Probability, false);
        }

        var a = OperationFacts.StripGuards(logOperand);
        if (OperationFacts.OneMinus(a) is { } inner)
        {
            return (OperationFacts.StripGuards(inner), true);
        }

        if (a is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } guardedComplement && OperationFacts.IsOnePlusSmall(guardedComplement.LeftOperand))
        {
            // log(ε + 1 - p): the complement with its guard written first
            return (OperationFacts.StripGuards(guardedComplement.RightOperand), true);
        }

        if (IntoComplementOf(a) is { } written)
        {
            // a.Subtract(1, d); d.Negate(d); log(d): the complement written into a buffer just before
            return (written, true);
        }

        return a is ILocalReferenceOperation && OperationFacts.OneMinus(OperationFacts.StripGuards(Resolved(a))) is { } held
            ? (OperationFacts.StripGuards(held), true)
            : (a, false);
    }

    /// <summary>
    /// For a matrix buffer <c>d</c> that the statements right before wrote as 1 − a with into-form methods
    /// (<c>a.Subtract(1, d); d.Negate(d);</c>, MathNet's <c>a.SubtractFrom(1, d);</c>), the read of <c>a</c> there; else null.
    /// </summary>
    private static IOperation? IntoComplementOf(IOperation buffer)
    {
        if (buffer.Type is not INamedTypeSymbol { SpecialType: SpecialType.None, TypeKind: TypeKind.Class } || !OperationFacts.IsPlainVariable(buffer) ||
            OperationFacts.ReferencedSymbol(buffer) is not { } symbol || OperationFacts.StatementOf(buffer) is not { Parent: IBlockOperation block } statement)
        {
            return null;
        }

        var index = block.Operations.IndexOf(statement);
        var last = index >= 1 ? IntoCall(block.Operations[index - 1], symbol) : null;
        if (last is { TargetMethod.Name: "SubtractFrom", Arguments.Length: 2 } && OperationFacts.IsConstant(last.Arguments[0].Value, 1))
        {
            return last.Instance;
        }

        if (last is { TargetMethod.Name: "Negate", Arguments.Length: 1, Instance: { } negated } && IsRead(negated, symbol) &&
            index >= 2 && IntoCall(block.Operations[index - 2], symbol) is { TargetMethod.Name: "Subtract", Arguments.Length: 2 } subtract &&
            OperationFacts.IsConstant(subtract.Arguments[0].Value, 1))
        {
            return subtract.Instance;
        }

        return null;
    }

    /// <summary>The statement's call when it is an into-form call (<see cref="OperationFacts.DestinationOf"/>) writing into <paramref name="symbol"/>.</summary>
    private static IInvocationOperation? IntoCall(IOperation statement, ISymbol symbol) =>
        statement is IExpressionStatementOperation { Operation: IInvocationOperation call } &&
        OperationFacts.DestinationOf(call) is { } destination && IsRead(OperationFacts.Strip(destination), symbol)
            ? call
            : null;

    private static bool IsRead(IOperation operation, ISymbol symbol) =>
        OperationFacts.IsPlainVariable(operation) && SymbolEqualityComparer.Default.Equals(OperationFacts.ReferencedSymbol(operation), symbol);

    private static bool FindPartner(IOperation other, IOperation probability, bool startIsComplement, KnownSymbols symbols,
        ref int sign, out IOperation? factor)
    {
        factor = null;
        var current = Resolved(other);
        for (var depth = 0; depth < 6; depth++)
        {
            if (current is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } negation)
            {
                sign = -sign;
                current = Resolved(negation.Operand);
                continue;
            }

            if (ReductionOf(current) is { } summed)
            {
                current = OperationFacts.Strip(summed);
                continue;
            }

            if (!OperationFacts.Elementwise(current, out var kind, out var left, out var right) || kind != BinaryOperatorKind.Multiply)
            {
                return false;
            }

            if (IsLogOfPartner(right, probability, startIsComplement, symbols))
            {
                factor = Unnegated(left, ref sign);
                return true;
            }

            if (IsLogOfPartner(left, probability, startIsComplement, symbols))
            {
                factor = Unnegated(right, ref sign);
                return true;
            }

            // (1 - y) * -log(1 - p)
            if (OperationFacts.IsNegation(right, out var negatedRight) &&
                IsLogOfPartner(negatedRight, probability, startIsComplement, symbols))
            {
                sign = -sign;
                factor = left;
                return true;
            }

            return false;
        }

        return false;
    }

    /// <summary>For a factor <c>-(1 - y)</c>, <c>1 - y</c> with the sign flipped.</summary>
    private static IOperation Unnegated(IOperation factor, ref int sign)
    {
        if (IsNegation(factor, out var operand))
        {
            sign = -sign;
            return operand;
        }

        return factor;
    }

    private static bool IsLogOfPartner(IOperation operation, IOperation probability, bool startIsComplement, KnownSymbols symbols)
    {
        if (Resolved(operation) is not IInvocationOperation invocation ||
            MathApi.Classify(invocation, symbols) is not { Operand: { } operand } call || !MathApi.IsLogarithm(call.Function))
        {
            return false;
        }

        var (p, isComplement) = ProbabilityOf(operand);
        return isComplement != startIsComplement && OperationFacts.SameValue(p, probability);
    }

    /// <summary>Is <paramref name="candidate"/> the node itself or one of the conversions/parentheses around it?</summary>
    private static bool IsSameNode(IOperation candidate, IOperation node)
    {
        for (IOperation? current = node; current is not null; current = current.Parent)
        {
            if (ReferenceEquals(candidate, current))
            {
                return true;
            }

            if (current.Parent is not (IConversionOperation or IParenthesizedOperation))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>A TorchSharp BCE can be in the text: a <c>BCELoss</c> criterion or a <c>binary_cross_entropy</c> call.</summary>
    private static bool MayHoldTorchBce(string text) =>
        text.IndexOf("BCELoss", StringComparison.Ordinal) >= 0 || text.IndexOf("binary_cross_entropy", StringComparison.Ordinal) >= 0;

    internal sealed class HelperSummary
    {
        public HelperSummary(int probabilityOrdinal, int targetOrdinal, bool isLoss, int defaultedCriterionOrdinal = -1, bool isTorch = false)
        {
            IsTorch = isTorch;
            ProbabilityOrdinal = probabilityOrdinal;
            TargetOrdinal = targetOrdinal;
            IsLoss = isLoss;
            DefaultedCriterionOrdinal = defaultedCriterionOrdinal;
        }

        /// <summary>
        /// A TorchSharp helper whose criterion is a parameter defaulting to a <c>BCELoss</c> (<c>loss ??= nn.BCELoss()</c>):
        /// its ordinal, and the call is a BCE only where it leaves that argument out; −1 otherwise.
        /// </summary>
        public int DefaultedCriterionOrdinal { get; }

        public int ProbabilityOrdinal { get; }

        public int TargetOrdinal { get; }

        public bool IsLoss { get; }

        /// <summary>The BCE inside is TorchSharp's (on tensors): what to call instead is TorchSharp's too.</summary>
        public bool IsTorch { get; }
    }

    /// <summary>A method whose body returns a binary cross-entropy of two of its parameters (cached per compilation).</summary>
    public static HelperSummary? Helper(IMethodSymbol method, KnownSymbols symbols)
    {
        // most calls are not to a (double|float)(p, y, ...) method of this compilation: answered without the cache
        // (in this order: IMethodSymbol.Parameters makes a new array on every call, and the assembly test is the cheapest)
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, symbols.Compilation.Assembly) ||
            !IsFloatingOrGeneric(method.ReturnType) && !IsTorchTensor(method.ReturnType) ||
            method.Parameters.Length < 2)
        {
            return null;
        }

        var cache = symbols.HelperSummaries;
        var definition = method.OriginalDefinition;
        return cache.TryGetValue(definition, out var known) ? ((Box<HelperSummary?>)known).Value : Add(cache, definition, symbols);
    }

    // A method of its own: a lambda capturing Helper's parameters would allocate its closure on every call of Helper.
    private static HelperSummary? Add(ConcurrentDictionary<IMethodSymbol, object> cache, IMethodSymbol definition, KnownSymbols symbols) =>
        ((Box<HelperSummary?>)cache.GetOrAdd(definition, m => new Box<HelperSummary?>(ComputeHelper(m, symbols)))).Value;

    private static HelperSummary? ComputeHelper(IMethodSymbol method, KnownSymbols symbols)
    {

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            var tensorHelper = IsTorchTensor(method.ReturnType);
            if (syntax is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax) ||
                !symbols.Compilation.ContainsSyntaxTree(syntax.SyntaxTree) ||
                (tensorHelper ? !MayHoldTorchBce(syntax.ToString()) : !MayHoldHandWrittenBce(syntax)))
            {
                continue;
            }

#pragma warning disable RS1030 // a helper's body is summarised once per compilation and cached
            var body = symbols.Compilation.GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax);
#pragma warning restore RS1030
            if (body is null)
            {
                continue;
            }

            foreach (var operation in OperationFacts.Descendants(body, intoFunctions: false))
            {
                if (operation is IReturnOperation { ReturnedValue: { } returned } &&
                    FindShapeIn(returned, symbols) is { } site &&
                    ParameterOrItsOnlyElement(site.Probability) is { } p &&
                    site.Target is not null && ParameterOrItsOnlyElement(site.Target) is { } y)
                {
                    // criterion.forward(p, y) with `criterion ??= nn.BCELoss()` on a parameter: a BCE where the call omits it
                    var criterion = site.Form == BceForm.Api && site.Expression is IInvocationOperation { Instance: { } receiver } &&
                                    OperationFacts.Strip(receiver) is IParameterReferenceOperation criterionParameter
                        ? criterionParameter.Parameter.Ordinal
                        : -1;
                    return new HelperSummary(p.Parameter.Ordinal, y.Parameter.Ordinal, site.IsLoss, criterion, isTorch: site.Style == ApiStyle.Torch);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A parameter, or one element of a parameter read at constant indices (<c>output[0, 0]</c> of a 1×1 matrix a
    /// single-output model returns): the value a helper call's argument stands for.
    /// </summary>
    private static IParameterReferenceOperation? ParameterOrItsOnlyElement(IOperation value)
    {
        var stripped = OperationFacts.Strip(value);
        var (holder, indices) = stripped switch
        {
            IArrayElementReferenceOperation element => (element.ArrayReference, element.Indices),
            IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } indexer =>
                (instance, System.Collections.Immutable.ImmutableArray.CreateRange(indexer.Arguments, a => a.Value)),
            _ => (stripped, System.Collections.Immutable.ImmutableArray<IOperation>.Empty),
        };
        foreach (var index in indices)
        {
            if (OperationFacts.Constant(index) is null)
            {
                return null;
            }
        }

        return OperationFacts.Strip(holder) as IParameterReferenceOperation;
    }

    /// <summary>
    /// Can the body's text hold a hand-written BCE: two calls named <c>Log</c>/<c>log</c> and a complement <c>1 − …</c>
    /// (<c>1 - p</c>, <c>1.0f-y</c>, <c>T.One - p</c>, a tensor's <c>Subtract</c>)? Most methods have neither, and a
    /// log-dense library's many two-log methods (a distribution's log-density) rarely take a complement, so their bodies
    /// are never bound into operations here.
    /// </summary>
    private static bool MayHoldHandWrittenBce(SyntaxNode body)
    {
        var chars = TextOf(body);
        return CountLogCalls(chars) >= 2 && HasComplement(chars);
    }

    /// <summary>Does the text write a <c>1 -</c> (also <c>1.0 -</c>, <c>1f-</c>, <c>One -</c>) or a <c>Subtract</c>/<c>OneMinus</c> call?</summary>
    private static bool HasComplement(ReadOnlySpan<char> chars)
    {
        if (chars.IndexOf("Subtract".AsSpan(), StringComparison.Ordinal) >= 0 || chars.IndexOf("OneMinus".AsSpan(), StringComparison.Ordinal) >= 0)
        {
            return true;
        }

        for (var at = chars.IndexOf('-'); at >= 0;)
        {
            var next = at + 1 < chars.Length ? chars[at + 1] : ' ';
            if (next is not ('>' or '=' or '-') && IsOneBefore(chars, at))
            {
                return true;
            }

            var rest = chars.Slice(at + 1).IndexOf('-');
            at = rest < 0 ? -1 : at + 1 + rest;
        }

        return false;
    }

    /// <summary>Is the token before <paramref name="minus"/> the number one (<c>1</c>, <c>1.0</c>, <c>1f</c>, <c>1.0d</c>) or <c>One</c>?</summary>
    private static bool IsOneBefore(ReadOnlySpan<char> chars, int minus)
    {
        var i = minus - 1;
        while (i >= 0 && char.IsWhiteSpace(chars[i])) i--;
        if (i >= 2 && chars[i] == 'e' && chars[i - 1] == 'n' && chars[i - 2] == 'O')
        {
            return i == 2 || !IsIdentifierPart(chars[i - 3]);
        }

        while (i >= 0 && chars[i] is 'f' or 'F' or 'd' or 'D' or 'm' or 'M') i--;
        while (i >= 0 && chars[i] is '0') i--;
        if (i >= 0 && chars[i] == '.') i--;
        return i >= 0 && chars[i] == '1' && (i == 0 || !IsIdentifierPart(chars[i - 1]) && chars[i - 1] != '.');
    }

    /// <summary>
    /// An upper bound (capped at 2) of the calls named <c>Log</c>/<c>log</c> in a body, from its source text alone: a
    /// BCE needs two, and most methods have none. It counts <c>Log</c>/<c>log</c> as whole words (also method groups and
    /// comments), scanning characters rather than nodes.
    /// </summary>
    private static int CountLogCalls(ReadOnlySpan<char> chars)
    {
        var count = 0;
        // "og" found by a vectorised search, then the letter before it and the word boundaries checked
        for (var at = chars.IndexOf("og".AsSpan()); at >= 0;)
        {
            var i = at - 1;
            if (i >= 0 && chars[i] is 'L' or 'l' && (i == 0 || !IsIdentifierPart(chars[i - 1])) &&
                (i + 3 == chars.Length || !IsIdentifierPart(chars[i + 3])) && ++count == 2)
            {
                return count;
            }

            var next = chars.Slice(at + 2).IndexOf("og".AsSpan());
            at = next < 0 ? -1 : at + 2 + next;
        }

        return count;
    }

    /// <summary>The body's source text, in the thread's buffer (valid until the next call on this thread).</summary>
    private static ReadOnlySpan<char> TextOf(SyntaxNode body)
    {
        var span = body.Span;
        var buffer = logScanBuffer ??= new char[4096];
        if (buffer.Length < span.Length)
        {
            buffer = new char[Math.Max(span.Length, 2 * buffer.Length)];
            if (buffer.Length <= MaxKeptLogScanBuffer)
            {
                logScanBuffer = buffer;
            }
        }

        body.SyntaxTree.GetText().CopyTo(span.Start, buffer, 0, span.Length);
        return new ReadOnlySpan<char>(buffer, 0, span.Length);
    }

    /// <summary>The thread's buffer for <see cref="TextOf"/> (a larger body gets one of its own, not kept).</summary>
    [ThreadStatic]
    private static char[]? logScanBuffer;

    private const int MaxKeptLogScanBuffer = 1 << 16;

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static BceSite? FindShapeIn(IOperation returned, KnownSymbols symbols)
    {
        // an API's BCE returned whole: criterion.forward(p, y), functional.binary_cross_entropy(p, y)
        if (OperationFacts.Strip(returned) is IInvocationOperation api && MathApi.MayBe(api, SiteFunctions) &&
            MathApi.Classify(api, symbols).Function == MathFunction.BinaryCrossEntropy)
        {
            return FromInvocation(api, symbols);
        }

        foreach (var operation in OperationFacts.Descendants(returned, intoFunctions: false))
        {
            if (operation is IInvocationOperation invocation && Enclosing(invocation, symbols) is { } site &&
                ReferenceEquals(OperationFacts.Strip(site.Expression), OperationFacts.Strip(returned)))
            {
                return site;
            }
        }

        return null;
    }
}
