using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>How the code around a logarithm uses its operand as a probability.</summary>
internal enum ConsumerShape
{
    None,
    /// <summary><c>t·log x + (1−t)·log(1−x)</c>, or <c>log x</c> and <c>log(1−x)</c> in the two branches of a label test.</summary>
    Bernoulli,
    /// <summary><c>−log q[label]</c>: the negated log of the element a class label selects.</summary>
    TargetClass,
    /// <summary><c>Σ t_k · log q_k</c>: the log of a distribution weighted by another one, element by element.</summary>
    CrossEntropy,
}

/// <summary>
/// Evidence from use (the consumer side of provenance): a value that a loss treats as a probability is one, whatever
/// its name and wherever it came from. Each shape here is the defining formula of a likelihood, not a name.
/// </summary>
internal static class ConsumerEvidence
{
    /// <summary>
    /// How <paramref name="log"/> (of <paramref name="probability"/>, or of its complement) uses its operand, or
    /// <see cref="ConsumerShape.None"/>.
    /// </summary>
    /// <remarks>
    /// A loss negates the log (<c>−log p</c>, <c>loss -= log p</c>); a log-probability evaluated by distribution code
    /// (a Bernoulli's log-pmf, a factor's log-average, a Viterbi step over a probability table) has the same formula but
    /// a parameter at 0 is a valid, impossible event there. So a shape counts only when the log is negated as a loss is,
    /// or the code is loss code by its names, and not in distribution code (names of the enclosing members, types and
    /// namespaces) unless it is loss code. The entropy <c>−p log p − (1−p) log(1−p)</c> (weights equal to the probability)
    /// is not a loss.
    /// </remarks>
    public static ConsumerShape Of(IInvocationOperation log, IOperation probability, bool isComplement, KnownSymbols symbols, LossContext context,
        Provenance? provenance = null)
    {
        // a value read from a variable or an element: not 1 + exp(x) (≥ 1), not a ratio t / o (a divergence's), not a call
        var stripped = OperationFacts.Strip(probability);
        bool negated;
        ConsumerShape shape;
        if (IsOwnScalarElement(stripped, log))
        {
            // −log q[label] over a project's own number type (an autograd scalar: Value[] outputs, q[label].Log()): the
            // target class's probability, as over doubles
            if (!IsLogOfLabelledElement(log, stripped) || !IsNegated(log))
            {
                return ConsumerShape.None;
            }

            negated = true;
            shape = ConsumerShape.TargetClass;
        }
        else if (stripped.Type is INamedTypeSymbol { SpecialType: SpecialType.None, TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface } &&
            stripped is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation)
        {
            // t·log q + (1 − t)·log(1 − q) over whole tensors is a Bernoulli shape as it is over scalars
            if (EnclosingSiteOf(log, probability, symbols) is { } tensorSite && !IsEntropy(tensorSite, probability))
            {
                negated = IsLossSign(tensorSite);
                shape = ConsumerShape.Bernoulli;
            }
            else
            {
                shape = TensorShapeOf(log, stripped, isComplement, symbols, out negated);
            }
        }
        else if (stripped.Type?.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single) &&
                 stripped.Type is not ITypeParameterSymbol { ConstraintTypes.Length: > 0 } ||
                 stripped is not (ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or
                     IPropertyReferenceOperation or IArrayElementReferenceOperation) && PointerElement(stripped) is null)
        {
            return ConsumerShape.None;
        }
        else
        {
            shape = ShapeOf(log, probability, stripped, isComplement, symbols, context, out negated);
        }

        if (shape == ConsumerShape.None || ComesFromOwnHelper(stripped, provenance, context))
        {
            return ConsumerShape.None;
        }

        var lossCode = context.IsInLossCode(log);
        return (negated || lossCode) && (lossCode || !IsDistributionCode(log.Syntax)) ? shape : ConsumerShape.None;
    }

    /// <summary><c>sum = -sum / n</c>: the negated accumulator (scaled or not) assigned back to it.</summary>
    private static bool IsAssignedBackTo(ILocalSymbol accumulator, IOperation negation)
    {
        var value = negation;
        if (OperationFacts.Parent(value) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide or BinaryOperatorKind.Multiply } scaled &&
            ReferenceEquals(OperationFacts.Strip(scaled.LeftOperand), value))
        {
            value = scaled;
        }

        return OperationFacts.Parent(value) is ISimpleAssignmentOperation { Target: var target } &&
               OperationFacts.Strip(target) is ILocalReferenceOperation { Local: var local } && SymbolEqualityComparer.Default.Equals(local, accumulator);
    }

    /// <summary>
    /// An element of an array of a project's own number type (<c>Value[]</c> of an autograd library), read directly or
    /// through the local it initialises, whose log is the type's own <c>Log()</c>: a scalar, not a tensor.
    /// </summary>
    private static bool IsOwnScalarElement(IOperation stripped, IInvocationOperation log)
    {
        if (stripped.Type is not INamedTypeSymbol { SpecialType: SpecialType.None, TypeKind: TypeKind.Class or TypeKind.Struct } type ||
            log.Instance is null || !SymbolEqualityComparer.Default.Equals(log.TargetMethod.ContainingType, type) ||
            !SymbolEqualityComparer.Default.Equals(log.Type, type))
        {
            return false;
        }

        return Dataflow.ThroughOnlyInitializer(stripped) is IArrayElementReferenceOperation { Indices.Length: 1 };
    }

    private static ConsumerShape ShapeOf(IInvocationOperation log, IOperation probability, IOperation stripped, bool isComplement,
        KnownSymbols symbols, LossContext context, out bool negated)
    {
        negated = false;
        if (EnclosingSiteOf(log, probability, symbols) is { } site)
        {
            negated = IsLossSign(site);
            return IsEntropy(site, probability) ? ConsumerShape.None : ConsumerShape.Bernoulli;
        }

        if (HasPartnerBranch(log, probability, isComplement, symbols))
        {
            negated = IsNegated(log);
            return ConsumerShape.Bernoulli;
        }

        if (isComplement)
        {
            // (1 − t)·log(1 − x) in loss code whose body also takes log x: a BCE split over two statements (the weight 1 − t
            // is what makes it one: Σ log x and Σ log(1 − x) alone are a Beta likelihood's sufficient statistics)
            if (OperationFacts.Parent(log) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } weightedComplement &&
                OperationFacts.OneMinus(IsSame(weightedComplement.LeftOperand, log) ? weightedComplement.RightOperand : weightedComplement.LeftOperand) is not null &&
                context.IsInLossCode(log) && BodyLogsPartner(log, probability, isComplement, symbols))
            {
                negated = IsNegated(log) || OperationFacts.Parent(log) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } weighted && IsNegated(weighted);
                return ConsumerShape.Bernoulli;
            }

            return ConsumerShape.None;
        }

        if (IsWeightedByOtherDistribution(log, stripped, out var product, out var negativeWeight) && !UsedOutsideLogs(product, probability, symbols))
        {
            // (not where the same sum uses the value outside its log: a Poisson deviance's q − t · log q has a rate in it;
            // a weight written negated, ce += -t[k] * log q[k], is the loss's sign)
            negated = IsNegated(product) != negativeWeight;
            return ConsumerShape.CrossEntropy;
        }

        // −t · log(o) in loss code: one term of a categorical cross-entropy, written per element
        if (OperationFacts.Parent(log) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } scalar && context.IsInLossCode(log))
        {
            var factor = IsSame(scalar.LeftOperand, log) ? scalar.RightOperand : scalar.LeftOperand;
            if (OperationFacts.Constant(factor) is null && !OperationFacts.SameValue(factor, probability) && !UsedOutsideLogs(scalar, probability, symbols))
            {
                negated = IsNegated(scalar) || OperationFacts.IsNegation(OperationFacts.Strip(factor), out _);
                // t·log x with (1 − t)·log(1 − x) elsewhere in the body: a BCE split over two statements
                return BodyLogsPartner(log, probability, isComplement, symbols) ? ConsumerShape.Bernoulli : ConsumerShape.CrossEntropy;
            }
        }

        // −log q[i] under `if (t[i] != 0)`: a one-hot target selects the class whose probability is logged
        if (IsNegated(log) && IsUnderTargetTest(log, stripped))
        {
            negated = true;
            return ConsumerShape.TargetClass;
        }

        // a class score's log is a loss only when negated (a classifier's log-prior or log-score is not)
        if (IsLogOfLabelledElement(log, stripped) && IsNegated(log))
        {
            negated = true;
            return ConsumerShape.TargetClass;
        }

        return ConsumerShape.None;
    }

    /// <summary>
    /// Is the BCE taken with a loss's sign: negated in its own expression (<c>-(y log p + (1 − y) log(1 − p))</c>), or a
    /// log-likelihood the code negates where it uses it: subtracted (<c>loss -= …</c>, <c>loss = loss - …</c>), or summed
    /// into an accumulator that is negated where it is read (<c>sum += …; return -sum / n;</c>).
    /// </summary>
    private static bool IsLossSign(BceSite site) =>
        // (IsNegated follows a term held in a local read once: var term = …; sum += term; … return -sum;)
        site.IsLoss || site.Form == BceForm.HandWritten && IsNegated(site.Expression);

    /// <summary>The hand-written BCE (a log in any base) that the log is a term of, with this value as its probability.</summary>
    private static BceSite? EnclosingSiteOf(IInvocationOperation log, IOperation probability, KnownSymbols symbols) =>
        BceShapes.Enclosing(log, symbols, anyBase: true) is { } site && OperationFacts.SameValue(site.Probability, probability) ? site : null;

    /// <summary>An entropy, not a loss: the weights are the probability itself (<c>−p log p − (1−p) log(1−p)</c>).</summary>
    private static bool IsEntropy(BceSite site, IOperation probability) =>
        site.Target is { } target && OperationFacts.SameValue(target, probability);

    /// <summary>
    /// A whole tensor's log weighted element by element by another tensor — <c>target * torch.log(q)</c>,
    /// <c>t.Mul(q.Log())</c>, <c>EltMul(t, Log(q))</c> — then reduced and negated: a categorical cross-entropy written
    /// over tensors (<c>−(t · log q).sum()</c>). Not an entropy (<c>q · log q</c>), not a constant's multiple, not where the
    /// same expression uses the value outside the log (a Poisson deviance's <c>q − t · log q</c>).
    /// </summary>
    private static ConsumerShape TensorShapeOf(IInvocationOperation log, IOperation stripped, bool isComplement, KnownSymbols symbols, out bool negated)
    {
        negated = false;
        var parent = OperationFacts.Parent(log);
        if (!isComplement && parent is IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation divergence } &&
            IsKlDivergence(divergence, symbols))
        {
            // KLDivLoss's input is a log-distribution: what is logged for it is a distribution
            negated = true;
            return ConsumerShape.CrossEntropy;
        }

        // the log written into a destination (of p, or of 1 − p written into a buffer before) (y.PointwiseLog(buffer); buffer.PointwiseMultiply(t, buffer);): the first read of
        // the destination after it is the term
        if (parent is IExpressionStatementOperation && MathApi.Classify(log, symbols) is { IsIntoForm: true, Destination: { } destination })
        {
            foreach (var read in ReadsInTheNextStatementReading(parent, destination))
            {
                if (WeightedTerm(read, stripped, symbols, out negated))
                {
                    return ConsumerShape.CrossEntropy;
                }
            }

            return ConsumerShape.None;
        }

        if (isComplement)
        {
            return ConsumerShape.None;
        }

        // the log held in a variable first (probs = Log(probs); var loss = EltMul(target, probs);): its reads are the term
        if (HeldIn(parent, log) is { } variable)
        {
            var reads = 0;
            foreach (var operation in OperationFacts.Descendants(OperationFacts.Root(log), intoFunctions: false))
            {
                if (operation is not (ILocalReferenceOperation or IParameterReferenceOperation) ||
                    !SymbolEqualityComparer.Default.Equals(OperationFacts.ReferencedSymbol(operation), variable) ||
                    operation.Parent is ISimpleAssignmentOperation assigned && ReferenceEquals(assigned.Target, operation))
                {
                    continue;
                }

                if (++reads > 4)
                {
                    break;
                }

                if (Dataflow.ReachingValues(variable, operation) is { } values && values.Exists(v => OperationFacts.Strip(v).Syntax == log.Syntax) &&
                    WeightedTerm(operation, stripped, symbols, out negated))
                {
                    return ConsumerShape.CrossEntropy;
                }
            }

            return ConsumerShape.None;
        }

        return WeightedTerm(log, stripped, symbols, out negated) ? ConsumerShape.CrossEntropy : ConsumerShape.None;
    }

    /// <summary>
    /// The reads of <paramref name="destination"/> (a local, a parameter, or a field of this instance) in the first of the
    /// statements after <paramref name="statement"/> in its block that reads it (none for another kind of destination).
    /// </summary>
    private static List<IOperation> ReadsInTheNextStatementReading(IOperation statement, IOperation destination)
    {
        var reads = new List<IOperation>();
        var stripped = OperationFacts.Strip(destination);
        if (!OperationFacts.IsPlainVariable(stripped) || OperationFacts.ReferencedSymbol(stripped) is not { } symbol || statement.Parent is not IBlockOperation block)
        {
            return reads;
        }

        var after = false;
        foreach (var next in block.Operations)
        {
            if (!after)
            {
                after = ReferenceEquals(next, statement);
                continue;
            }

            foreach (var operation in OperationFacts.Descendants(next, intoFunctions: false))
            {
                if (OperationFacts.IsPlainVariable(operation) && SymbolEqualityComparer.Default.Equals(OperationFacts.ReferencedSymbol(operation), symbol))
                {
                    reads.Add(operation);
                }
            }

            if (reads.Count > 0)
            {
                break;
            }
        }

        return reads;
    }

    /// <summary>The local or parameter that <paramref name="log"/> is assigned to or initialises, or null.</summary>
    private static ISymbol? HeldIn(IOperation? parent, IOperation log) => parent switch
    {
        IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
        ISimpleAssignmentOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation } assignment
            when IsSame(assignment.Value, log) => OperationFacts.ReferencedSymbol(assignment.Target),
        _ => null,
    };

    /// <summary>
    /// Is the log weighted by another value, as a cross-entropy's term is by its target: multiplied element by element
    /// (<c>t * log(p)</c>, <c>y.Multiply(p.Log())</c>), or summed against it as a dot product (<c>y' * log(h)</c> with the
    /// target transposed, <c>Y.Dot(s.Log())</c>), also through a reshape of the log (<c>log(h).Unroll()</c>)? Asked for values
    /// whose kind is already known (a sigmoid output), of any type.
    /// </summary>
    public static bool IsTargetWeighted(IInvocationOperation log, IOperation probability, KnownSymbols symbols) =>
        TargetWeightOf(log, probability, symbols) is not null;

    /// <summary>The weight of <see cref="IsTargetWeighted"/> (<c>t</c> of <c>t * log(p)</c>, <c>y</c> of <c>y' * log(h)</c>), or null.</summary>
    public static IOperation? TargetWeightOf(IInvocationOperation log, IOperation probability, KnownSymbols symbols)
    {
        IOperation term = log;
        while (OperationFacts.ReshapeOf(OperationFacts.Parent(term), term) is { } reshape)
        {
            term = reshape;
        }

        var stripped = OperationFacts.Strip(probability);
        if (WeightedTerm(term, stripped, symbols, out _, out var factor))
        {
            return factor;
        }

        switch (OperationFacts.Parent(term))
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product when IsSame(product.RightOperand, term):
                // y' * log(h): a row of targets times a column of logs is Σ y·log h (also scaled: -1 * y' * log(h))
                var target = OperationFacts.Strip(product.LeftOperand) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } scaled &&
                             OperationFacts.Constant(scaled.LeftOperand) is not null
                    ? scaled.RightOperand
                    : product.LeftOperand;
                var untransposed = BceShapes.Untransposed(target);
                return !ReferenceEquals(untransposed, OperationFacts.Strip(target)) && !OperationFacts.SameValue(untransposed, stripped) ? untransposed : null;
            case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Dot" or "DotProduct", Arguments.Length: 1, Instance: { } weights } }:
                return !OperationFacts.SameValue(weights, stripped) ? weights : null;
            case IInvocationOperation { TargetMethod.Name: "Dot" or "DotProduct", Arguments.Length: 1 } dot when dot.Instance is { } receiver && IsSame(receiver, term):
                return !OperationFacts.SameValue(dot.Arguments[0].Value, stripped) ? dot.Arguments[0].Value : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// One side of a Bernoulli pair written as separate terms: the log weighted by a target t (by 1 − t for the complement's
    /// log), the method weighting something by the other weight too and logging the partner (1 − p for p, p for 1 − p) —
    /// <c>cost = cost − y·log(p) − (1 − y)·log(1 − p)</c>, whatever encloses the terms.
    /// </summary>
    public static bool IsBernoulliTerm(IInvocationOperation log, IOperation probability, bool isComplement, KnownSymbols symbols) =>
        TargetWeightOf(log, probability, symbols) is { } weight &&
        (isComplement ? OperationFacts.OneMinus(weight) is not null : HasComplementWeight(log, weight)) &&
        BodyLogsPartner(log, probability, isComplement, symbols);

    /// <summary>
    /// Does the log's method also weight something by one minus <paramref name="weight"/> (<c>(1 - y).Multiply(…)</c> next
    /// to <c>y.Multiply(log σ)</c>)? The weights t and 1 − t of a Bernoulli cross-entropy, whatever the method is called.
    /// </summary>
    public static bool HasComplementWeight(IOperation log, IOperation weight)
    {
        foreach (var operation in OperationFacts.Descendants(OperationFacts.Root(log)))
        {
            if (operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } difference &&
                OperationFacts.IsConstant(difference.LeftOperand, 1) && OperationFacts.SameValue(difference.RightOperand, weight))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Is <paramref name="term"/> (a tensor's log, or a read of it) multiplied element by element by another tensor?</summary>
    private static bool WeightedTerm(IOperation term, IOperation stripped, KnownSymbols symbols, out bool negated) =>
        WeightedTerm(term, stripped, symbols, out negated, out _);

    private static bool WeightedTerm(IOperation term, IOperation stripped, KnownSymbols symbols, out bool negated, out IOperation? weight)
    {
        negated = false;
        weight = null;
        var parent = OperationFacts.Parent(term);
        if (parent is IArgumentOperation { Parent: IInvocationOperation call })
        {
            parent = call;
        }

        if (parent is null || !OperationFacts.Elementwise(parent, out var kind, out var left, out var right) || kind != BinaryOperatorKind.Multiply)
        {
            return false;
        }

        // (where the log went back into the probability's own variable, probs = Log(probs), a read of it is the log: the
        // value's other uses are not looked for then)
        var factor = IsSame(left, term) ? right : IsSame(right, term) ? left : null;
        if (factor is null || OperationFacts.Constant(factor) is not null || OperationFacts.SameValue(factor, stripped) ||
            !OperationFacts.SameValue(term, stripped) && UsedOutsideLogs(parent, stripped, symbols))
        {
            return false;
        }

        negated = IsNegated(parent);
        weight = factor;
        return true;
    }

    /// <summary>
    /// Does the other branch of the choice this log sits in take the natural log of the same value
    /// (<c>useLn ? Math.Log(p) : Math.Log(p, 2)</c>: a unit option, whose natural branch is the one that matters)?
    /// </summary>
    public static bool OtherBranchTakesNaturalLog(IInvocationOperation invocation, IOperation operand, KnownSymbols symbols)
    {
        IOperation current = invocation;
        for (var depth = 0; depth < 8 && current.Parent is { } parent; depth++, current = parent)
        {
            if (parent is not IConditionalOperation { WhenFalse: { } whenFalse } conditional || ReferenceEquals(conditional.Condition, current))
            {
                continue;
            }

            var other = ReferenceEquals(conditional.WhenTrue, current) ? whenFalse : conditional.WhenTrue;
            foreach (var operation in OperationFacts.Descendants(other, intoFunctions: false))
            {
                if (operation is IInvocationOperation log && MathApi.Classify(log, symbols) is { Function: MathFunction.Log, Operand: { } natural } &&
                    OperationFacts.SameValue(natural, operand))
                {
                    return true;
                }
            }

            return false;
        }

        return false;
    }

    /// <summary>TorchSharp's KL divergence: <c>functional.kl_div(input, target)</c>, or a <c>KLDivLoss</c> module's forward.</summary>
    private static bool IsKlDivergence(IInvocationOperation call, KnownSymbols symbols)
    {
        var method = call.TargetMethod;
        if (method.ContainingAssembly?.Name != "TorchSharp")
        {
            return false;
        }

        if (method.Name == "kl_div")
        {
            return true;
        }

        return method.Name is "forward" or "call" && call.Instance is { } module &&
               (module.Type?.Name == "KLDivLoss" || TorchModules.CreatedType(module, symbols)?.Name == "KLDivLoss");
    }

    /// <summary>
    /// Is the logged value also a term of the same sum, or a divisor in it — <c>p − t·log p</c> (a Poisson rate's negative
    /// log-likelihood), <c>log λ + t/λ</c> (an exponential's)? A probability's loss has it only inside logarithms and their
    /// weights, so a name alone (<c>p</c> in a loss) is no evidence here.
    /// </summary>
    public static bool IsAlsoATermOfItsOwn(IOperation log, IOperation value)
    {
        var current = log;
        for (var depth = 0; depth < 6 && OperationFacts.Parent(current) is IBinaryOperation binary; depth++, current = binary)
        {
            if (binary.OperatorKind is not (BinaryOperatorKind.Add or BinaryOperatorKind.Subtract))
            {
                continue;
            }

            var other = ReferenceEquals(OperationFacts.Strip(binary.LeftOperand), OperationFacts.Strip(current)) ? binary.RightOperand : binary.LeftOperand;
            foreach (var operation in OperationFacts.Descendants(other, intoFunctions: false))
            {
                if (operation is (ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or
                        IPropertyReferenceOperation or IArrayElementReferenceOperation) && !IsInsideCall(operation, other) &&
                    OperationFacts.SameValue(operation, value) &&
                    (OperationFacts.Parent(operation) is not IBinaryOperation parent ||
                     parent.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply ||
                     parent.OperatorKind == BinaryOperatorKind.Divide && ReferenceEquals(OperationFacts.Strip(parent.RightOperand), operation)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Is <paramref name="operation"/> an argument (at any depth) of a call inside <paramref name="top"/>?</summary>
    private static bool IsInsideCall(IOperation operation, IOperation top)
    {
        for (var o = operation.Parent; o is not null && !ReferenceEquals(o, top.Parent); o = o.Parent)
        {
            if (o is IInvocationOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Does the expression around <paramref name="term"/> also use the value outside a logarithm (<c>o − t·log o</c>, a
    /// Poisson deviance: <c>o</c> is a rate there, not a probability)?
    /// </summary>
    private static bool UsedOutsideLogs(IOperation term, IOperation value, KnownSymbols symbols)
    {
        var top = term;
        while (OperationFacts.Parent(top) is IBinaryOperation or IUnaryOperation)
        {
            top = OperationFacts.Parent(top)!;
        }

        foreach (var operation in OperationFacts.Descendants(top, intoFunctions: false))
        {
            if (operation is not (ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or
                    IPropertyReferenceOperation or IArrayElementReferenceOperation) || !OperationFacts.SameValue(operation, value))
            {
                continue;
            }

            var insideLog = false;
            for (var o = operation.Parent; o is not null && !ReferenceEquals(o, top.Parent); o = o.Parent)
            {
                if (o is IInvocationOperation call && MathApi.IsLogarithm(MathApi.Classify(call, symbols).Function))
                {
                    insideLog = true;
                    break;
                }
            }

            if (!insideLog)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Is the value (or the array it is an element of) made by a method of this compilation that provenance did not
    /// recognise as a sigmoid or softmax? Its body decides the range (<c>0.5·(tanh t + 1)·0.98 + 0.01</c>, a clamp inside),
    /// so the use alone is not evidence that it can reach 0.
    /// </summary>
    private static bool ComesFromOwnHelper(IOperation value, Provenance? provenance, LossContext context)
    {
        var variable = value is IArrayElementReferenceOperation element ? OperationFacts.Strip(element.ArrayReference)
            : value is IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } ? OperationFacts.Strip(instance)
            : value;
        if (variable is not ILocalReferenceOperation local || Dataflow.ReachingValues(local.Local, local) is not { } values)
        {
            return false;
        }

        foreach (var reaching in values)
        {
            if (OperationFacts.Strip(reaching) is IInvocationOperation { TargetMethod: { IsAbstract: false } method } &&
                OperationFacts.IsInSource(method) && method.ContainingType?.TypeKind != TypeKind.Interface &&
                !IsStoredElementReader(method) &&
                // a helper one of whose returns is a sigmoid or softmax (Activate(kind, x) switching between a sigmoid and
                // others) does not keep what it returns away from 0 and 1 on that path
                provenance?.MayReturnActivation(method, context) != true)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Does every return of <paramref name="method"/> read a stored value as it is (<c>return data[(i − 1) · n + j − 1];</c>,
    /// <c>=&gt; values[i, j]</c>, a field)? Such an accessor (a matrix's <c>GetElement</c>) does not bound what it returns,
    /// so the use stays the evidence; any computation in a return (a sigmoid, a clamp, a call) leaves the range to the body.
    /// </summary>
    private static bool IsStoredElementReader(IMethodSymbol method)
    {
        if (method.DeclaringSyntaxReferences is not { Length: 1 } references ||
            references[0].GetSyntax() is not MethodDeclarationSyntax declaration)
        {
            return false;
        }

        if (declaration.ExpressionBody is { } arrow)
        {
            return IsStoredRead(arrow.Expression);
        }

        if (declaration.Body is not { } body)
        {
            return false;
        }

        var returns = 0;
        foreach (var node in body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or
                     LocalFunctionStatementSyntax)))
        {
            if (node is ReturnStatementSyntax @return)
            {
                if (@return.Expression is not { } returned || !IsStoredRead(returned))
                {
                    return false;
                }

                returns++;
            }
        }

        return returns > 0;

        static bool IsStoredRead(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax or CastExpressionSyntax)
            {
                expression = expression is ParenthesizedExpressionSyntax parenthesized
                    ? parenthesized.Expression
                    : ((CastExpressionSyntax)expression).Expression;
            }

            return expression is ElementAccessExpressionSyntax { Expression: not InvocationExpressionSyntax };
        }
    }

    /// <summary>The term that scales or reduces <paramref name="current"/> without changing its sign, or null.</summary>
    private static IOperation? ScaledOrReduced(IOperation current, IOperation? logged)
    {
        var parent = OperationFacts.Parent(current);
        return parent is not null && IsScaledOrReduced(ref parent, current, logged) ? parent : null;
    }

    private static bool IsScaledOrReduced(ref IOperation parent, IOperation current, IOperation? logged)
    {
        // a term of a sum, or the minuend of a difference: −(a + log p) negates it too
        if (parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract, OperatorMethod: null } sum &&
            (sum.OperatorKind == BinaryOperatorKind.Add || ReferenceEquals(OperationFacts.Strip(sum.LeftOperand), OperationFacts.Strip(current))))
        {
            return true;
        }

        // xs.Select(i => log …).Average(): a LINQ map's selector returns the term element by element
        if (parent is IReturnOperation { Parent: IBlockOperation { Parent: IAnonymousFunctionOperation { Parent: IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation map } } } } } &&
            map.TargetMethod is { Name: "Select" or "Zip" or "Sum" or "Average", IsExtensionMethod: true, ContainingType.Name: "Enumerable" })
        {
            parent = map;
            return true;
        }

        if (parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } divided)
        {
            return ReferenceEquals(OperationFacts.Strip(divided.LeftOperand), OperationFacts.Strip(current));
        }

        if (parent is IArgumentOperation { Parent: IInvocationOperation call })
        {
            parent = call;
        }

        if (OperationFacts.Elementwise(parent, out var kind, out var left, out var right) && kind == BinaryOperatorKind.Multiply)
        {
            var currentIsLeft = ReferenceEquals(OperationFacts.Strip(left), OperationFacts.Strip(current));
            var factor = currentIsLeft ? right : left;
            if (!currentIsLeft && !ReferenceEquals(OperationFacts.Strip(right), OperationFacts.Strip(current)))
            {
                return false;
            }

            // a negative constant factor is a negation, for the caller to see; p · log p is an entropy's term
            return OperationFacts.Constant(factor) is null && (logged is null || !OperationFacts.SameValue(factor, logged)) ||
                   currentIsLeft && parent is IBinaryOperation && OperationFacts.Constant(factor) is >= 0;
        }

        // (…).Sum(), Mean(), RowSums(): a reduction keeps the sign
        return parent is IInvocationOperation { TargetMethod.Name: "Sum" or "sum" or "Mean" or "mean" or "Average" or "RowSums" or "ColumnSums" } reduction &&
               (reduction.Instance is { } instance && ReferenceEquals(OperationFacts.Strip(instance), OperationFacts.Strip(current)) ||
                reduction.Arguments.Length >= 1 && ReferenceEquals(OperationFacts.Strip(reduction.Arguments[0].Value), OperationFacts.Strip(current)));
    }

    /// <summary>
    /// Does the value (a logarithm) enter its expression negated, as a loss's term does: <c>−log p</c>, <c>a − log p</c>,
    /// <c>loss -= log p</c>, <c>-1 * log p</c>, also through what keeps a term's sign on the way (a scale
    /// <c>t * log p</c>, <c>log p / n</c>; a sum <c>−(a + log p)</c>; an element-wise product; a LINQ selector and a
    /// reduction, <c>−xs.Select(i =&gt; log q[i]).Average()</c>); not through <c>p · log p</c>, an entropy's term?
    /// </summary>
    public static bool IsNegated(IOperation value) => IsNegated(value, level: 0);

    private static bool IsNegated(IOperation value, int level)
    {
        // the logged value, so that p · log p (an entropy's term) is not taken for a scaled log
        var logged = value is IInvocationOperation { Arguments.Length: > 0 } log
            ? log.Instance is { } receiver && !log.TargetMethod.IsStatic ? receiver : log.Arguments[0].Value
            : (value as IInvocationOperation)?.Instance;
        var current = value;
        // scaled or reduced (log p / n, t * log p, t.PointwiseMultiply(log p), (…).Sum()): the sign is the term's
        for (var depth = 0; depth < 8 && ScaledOrReduced(current, logged) is { } term; depth++)
        {
            current = term;
        }

        var parent = OperationFacts.Parent(current);

        return parent switch
        {
            IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } => true,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } subtract => ReferenceEquals(OperationFacts.Strip(subtract.RightOperand), OperationFacts.Strip(current)),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } multiply =>
                OperationFacts.Constant(ReferenceEquals(OperationFacts.Strip(multiply.LeftOperand), OperationFacts.Strip(current)) ? multiply.RightOperand : multiply.LeftOperand) is < 0,
            ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Subtract } => true,
            // sum += log q; … return -sum / n; (or sum /= -n): the accumulator is negated where it is used
            ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Target: var target } accumulation
                when ReferenceEquals(OperationFacts.Strip(accumulation.Value), OperationFacts.Strip(current)) &&
                     OperationFacts.Strip(target) is ILocalReferenceOperation accumulator => IsNegatedLater(accumulator.Local, accumulation),
            // (…).Neg(), K.Neg(…): a tensor API's negation
            IInvocationOperation negation => OperationFacts.IsNegation(negation, out var negated) && ReferenceEquals(OperationFacts.Strip(negated), OperationFacts.Strip(current)),
            IArgumentOperation { Parent: IInvocationOperation negation } => OperationFacts.IsNegation(negation, out var negatedArgument) &&
                                                                             ReferenceEquals(OperationFacts.Strip(negatedArgument), OperationFacts.Strip(current)),
            // var logP = log q; sum += logP; … return -sum;: held in a local read once, negated there
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when level < 3 =>
                Dataflow.SingleReadOf(declarator, OperationFacts.Root(declarator)) is { } read && IsNegated(read, level + 1),
            _ => false,
        };
    }

    /// <summary>
    /// Is an accumulator negated where it is read after its sum: <c>-sum</c> (also scaled, <c>-sum / n</c>), or scaled in
    /// place by a negative (<c>sum /= -n</c>, <c>sum *= -1</c>)? Its other reads must not take it unnegated (a
    /// log-likelihood returned as it is, or the minuend of a difference, keeps its sign).
    /// </summary>
    private static bool IsNegatedLater(ILocalSymbol accumulator, IOperation accumulation)
    {
        var negatedRead = false;
        var firstNegativeScaling = int.MaxValue;
        var firstPlainUse = int.MaxValue;
        var after = accumulation.Syntax.Span.End;
        // the accumulator's references, from one walk of the body shared by every accumulation in it
        foreach (var read in Dataflow.ReferencesOf(accumulator, OperationFacts.Root(accumulation)))
        {
            if (read.Syntax.SpanStart <= after)
            {
                continue;
            }

            switch (OperationFacts.Parent(read))
            {
                case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Divide or BinaryOperatorKind.Multiply } scaling
                    when ReferenceEquals(OperationFacts.Strip(scaling.Target), read):
                    var by = OperationFacts.Strip(scaling.Value);
                    if (OperationFacts.Constant(by) is < 0 || by is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus })
                    {
                        firstNegativeScaling = System.Math.Min(firstNegativeScaling, scaling.Syntax.SpanStart);
                    }

                    break;
                default:
                    var parent = OperationFacts.Parent(read);
                    if (parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide or BinaryOperatorKind.Multiply } scaled &&
                        ReferenceEquals(OperationFacts.Strip(scaled.LeftOperand), read))
                    {
                        parent = OperationFacts.Parent(scaled);
                    }

                    if (parent is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } minus)
                    {
                        negatedRead = true;
                        if (IsAssignedBackTo(accumulator, minus))
                        {
                            // sum = -sum / n;: the accumulator negated in place, as sum /= -n does
                            firstNegativeScaling = System.Math.Min(firstNegativeScaling, minus.Syntax.SpanStart);
                        }
                    }
                    else if (parent is IReturnOperation or IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract })
                    {
                        // returned or combined as it is: the sum keeps its sign there, unless a negative scaling came first
                        firstPlainUse = System.Math.Min(firstPlainUse, read.Syntax.SpanStart);
                    }

                    break;
            }
        }

        return firstPlainUse == int.MaxValue ? negatedRead || firstNegativeScaling != int.MaxValue : firstNegativeScaling < firstPlainUse;
    }

    private static readonly NameWords DistributionWords = new(
        "distribution", "distributions", "factor", "factors", "hmm", "markov", "viterbi", "pdf", "pmf", "density", "densities",
        "sampler", "sampling", "random", "entropy");

    /// <summary>Is the code a probability distribution's or model's own (a log-pmf, a factor, an HMM), by the words of the
    /// names of its members, types and namespaces?</summary>
    private static bool IsDistributionCode(SyntaxNode node) => DistributionWords.AreAround(node);

    /// <summary>
    /// The label-split form: the log sits in one branch of an <c>if</c>/<c>?:</c>/<c>switch</c> and another branch of the
    /// same choice takes the log of the partner (1 − p for p, p for 1 − p) of the same value.
    /// </summary>
    public static bool HasPartnerBranch(IOperation log, IOperation probability, bool isComplement, KnownSymbols symbols)
    {
        IOperation current = log;
        for (var depth = 0; depth < 12 && current.Parent is { } parent; depth++, current = parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when !ReferenceEquals(conditional.Condition, current):
                    var other = ReferenceEquals(conditional.WhenTrue, current) ? conditional.WhenFalse : conditional.WhenTrue;
                    return other is not null && IsLabelChoice(conditional, probability) &&
                           ContainsPartnerLog(other, log, probability, isComplement, symbols);
                case ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation expression } arm:
                    if (!IsLabelChoice(expression, probability))
                    {
                        return false;
                    }

                    foreach (var otherArm in expression.Arms)
                    {
                        if (!ReferenceEquals(otherArm, arm) && ContainsPartnerLog(otherArm.Value, log, probability, isComplement, symbols))
                        {
                            return true;
                        }
                    }

                    return false;
                case ISwitchCaseOperation { Parent: ISwitchOperation statement } switchCase:
                    if (!IsLabelChoice(statement, probability))
                    {
                        return false;
                    }

                    foreach (var otherCase in statement.Cases)
                    {
                        if (ReferenceEquals(otherCase, switchCase))
                        {
                            continue;
                        }

                        foreach (var body in otherCase.Body)
                        {
                            if (ContainsPartnerLog(body, log, probability, isComplement, symbols))
                            {
                                return true;
                            }
                        }
                    }

                    return false;
                case IAnonymousFunctionOperation or ILocalFunctionOperation or IMethodBodyOperation or IBlockOperation { Parent: null }:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Does the enclosing body (bounded) take the log of the partner of the value (1 − x for x, x for 1 − x)?</summary>
    private static bool BodyLogsPartner(IOperation log, IOperation probability, bool isComplement, KnownSymbols symbols) =>
        ContainsPartnerLog(OperationFacts.Root(log), log, probability, isComplement, symbols, budget: 2000);

    /// <summary>How many operations of another branch are looked at for the partner log (a branch is usually a line).</summary>
    private const int BranchBudget = 200;

    /// <summary>Does <paramref name="branch"/> take the log of the partner of <paramref name="probability"/> (1 − p for p, p for
    /// 1 − p), directly or through a <c>Log1m</c>-style helper?</summary>
    private static bool ContainsPartnerLog(IOperation branch, IOperation log, IOperation probability, bool isComplement, KnownSymbols symbols,
        int budget = BranchBudget)
    {
        var seen = 0;
        foreach (var operation in OperationFacts.Descendants(branch, intoFunctions: false))
        {
            if (++seen > budget)
            {
                return false;
            }

            if (operation is not IInvocationOperation other || ReferenceEquals(other, log))
            {
                continue;
            }

            if (MathApi.MayBe(other, Logarithm) &&
                MathApi.Classify(other, symbols) is { IsSpanForm: false, Operand: { } operand } partner && MathApi.IsLogarithm(partner.Function) &&
                BceShapes.ProbabilityOf(operand) is var (p, complement) && complement != isComplement &&
                OperationFacts.SameValue(p, probability))
            {
                return true;
            }

            // a log(1 − x) helper of the code's own: Log1m(x), LogOneMinus(x)
            if (!isComplement && other.TargetMethod.Name is "Log1m" or "LogOneMinus" or "Log1Minus" && other.Arguments.Length == 1 &&
                OperationFacts.SameValue(other.Arguments[0].Value, probability))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly ulong Logarithm = MathApi.AnyBaseLogarithm;

    /// <summary>
    /// Is the choice made on a label: a bool, or a value other than the probability compared with 0, 1 or 0.5, or a
    /// switch on such a value? (<c>y &lt; small ? log(y) : log(1 − y)</c> picks a region of the value itself, not a label.)
    /// </summary>
    private static bool IsLabelChoice(IOperation choice, IOperation probability)
    {
        var condition = choice switch
        {
            IConditionalOperation conditional => conditional.Condition,
            ISwitchExpressionOperation expression => expression.Value,
            ISwitchOperation statement => statement.Value,
            _ => null,
        };
        if (condition is null)
        {
            return false;
        }

        foreach (var operation in OperationFacts.Descendants(condition, intoFunctions: false))
        {
            if (OperationFacts.SameValue(operation, probability))
            {
                return false;
            }
        }

        var stripped = OperationFacts.Strip(condition);
        if (choice is not IConditionalOperation)
        {
            return stripped.Type?.SpecialType is SpecialType.System_Boolean or SpecialType.System_Int32 or SpecialType.System_Int64 or
                SpecialType.System_Double or SpecialType.System_Single;
        }

        if (stripped.Type?.SpecialType == SpecialType.System_Boolean && stripped is not IBinaryOperation)
        {
            return true;
        }

        return stripped is IBinaryOperation comparison &&
               (OperationFacts.Constant(comparison.RightOperand) ?? OperationFacts.Constant(comparison.LeftOperand)) is 0 or 1 or 0.5;
    }

    /// <summary><c>t[k] * log(q[k])</c>: the log of an element weighted by the element of another array at the same index.</summary>
    private static bool IsWeightedByOtherDistribution(IOperation log, IOperation probability, out IOperation product, out bool negativeWeight)
    {
        product = log;
        negativeWeight = false;
        if (ElementOf(probability) is not var (array, index) ||
            OperationFacts.Parent(log) is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } multiply)
        {
            return false;
        }

        product = multiply;

        var factor = OperationFacts.Strip(IsSame(multiply.LeftOperand, log) ? multiply.RightOperand : multiply.LeftOperand);
        if (factor is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } minus)
        {
            factor = OperationFacts.Strip(minus.Operand);
            negativeWeight = true;
        }

        return ElementOf(factor) is var (otherArray, otherIndex) &&
               !OperationFacts.SameValue(array, otherArray) && OperationFacts.SameValue(index, otherIndex);
    }

    /// <summary>
    /// <c>-log(q[label])</c>, <c>loss -= log(q[y[i]])</c>: the log of the element that a class label (a parameter, a field,
    /// an element of a label array, a local that is not a loop counter over the classes) selects, negated.
    /// </summary>
    private static bool IsLogOfLabelledElement(IOperation log, IOperation probability)
    {
        // float predicted = q[row * k + label]; … -log(predicted): the element the local was initialised with
        if (OperationFacts.Strip(probability) is ILocalReferenceOperation held &&
            Dataflow.OnlyInitializerOf(held.Local, held, OperationFacts.Root(held)) is { } initial &&
            OperationFacts.Strip(initial) is IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true })
        {
            probability = initial;
        }

        if (ElementOf(probability) is var (_, index) && OperationFacts.Strip(index).Type?.SpecialType is
                SpecialType.System_Int32 or SpecialType.System_Int64 &&
            IsLabel(OperationFacts.Strip(index), log, allowOffset: true))
        {
            return true;
        }

        // q[label, i] of a matrix with one sample per column: the class row a label (an int, or a target's element cast to
        // one) names, and every other index a loop counter
        var indices = OperationFacts.Strip(probability) switch
        {
            IArrayElementReferenceOperation { Indices.Length: 2 } element => (element.Indices[0], element.Indices[1]),
            IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 2 } indexer => (indexer.Arguments[0].Value, indexer.Arguments[1].Value),
            _ => ((IOperation, IOperation)?)null,
        };
        return indices is var (row, column) &&
               row.Type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 &&
               OperationFacts.Strip(row) is var label && label is not ILocalReferenceOperation && IsLabel(label, log, allowOffset: false) &&
               OperationFacts.Strip(column) is ILocalReferenceOperation counter && IsLoopCounter(counter.Local, log);
    }

    /// <summary>
    /// Does the index name a class label: a parameter, field, element of a label array, or a local that is not a loop
    /// counter; in a flat buffer, a label after a row offset (<c>offset + label</c>, <c>i * k + y[i]</c>: products and
    /// locals that are not loop counters are offsets; a loop counter as a term walks the classes).
    /// </summary>
    private static bool IsLabel(IOperation label, IOperation log, bool allowOffset) => label switch
    {
        IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation { Arguments.Length: 0 } => true,
        IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true } => true,
        IInvocationOperation => false,
        // (a local computed as an index, int idx = b * n + a, is a label only as its value would be: not with a loop counter
        // in the column's place)
        ILocalReferenceOperation local => !IsLoopCounter(local.Local, log) &&
            (Dataflow.OnlyInitializerOf(local.Local, local, OperationFacts.Root(local)) is not { } initial ||
             OperationFacts.Strip(initial) is not IBinaryOperation computed || IsLabel(computed, log, allowOffset: true)),
        // a 1-based label made 0-based (labels[i] - 1), or shifted by a constant
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } shifted
            when OperationFacts.Constant(shifted.RightOperand) is not null && OperationFacts.Constant(shifted.LeftOperand) is null =>
            IsLabel(OperationFacts.Strip(shifted.LeftOperand), log, allowOffset: false),
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum when allowOffset =>
            (IsOffset(OperationFacts.Strip(sum.LeftOperand)) || IsLabel(OperationFacts.Strip(sum.LeftOperand), log, allowOffset: false)) &&
            IsLabel(OperationFacts.Strip(sum.RightOperand), log, allowOffset: false),
        _ => false,
    };

    /// <summary>A row offset: a product (<c>i * k</c>), also held in a local (<c>int offset = i * w;</c>).</summary>
    private static bool IsOffset(IOperation term) =>
        Dataflow.ThroughOnlyInitializer(term) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply };

    /// <summary>
    /// Is the log of <c>q[i]</c> taken only where another vector's element at the same index is tested against 0 or 1
    /// (<c>if (t[i] != 0)</c>, <c>t[i] &gt; 0</c>, <c>t[i] == 1</c>)? That is the categorical cross-entropy of a one-hot target.
    /// </summary>
    private static bool IsUnderTargetTest(IOperation log, IOperation probability)
    {
        if (ElementOf(probability) is not var (predicted, index))
        {
            return false;
        }

        IOperation child = log;
        for (var o = log.Parent; o is not null && o is not IMethodBodyOperation and not IAnonymousFunctionOperation; child = o, o = o.Parent)
        {
            if (o is not IConditionalOperation { Condition: IBinaryOperation test } conditional ||
                !ReferenceEquals(conditional.WhenTrue, child) ||
                test.OperatorKind is not (BinaryOperatorKind.NotEquals or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.Equals))
            {
                continue;
            }

            var (element, constant) = OperationFacts.Constant(test.RightOperand) is { } right ? (test.LeftOperand, right)
                : OperationFacts.Constant(test.LeftOperand) is { } left ? (test.RightOperand, left)
                : (null, double.NaN);
            if (element is null || ElementOf(element) is not var (target, targetIndex) ||
                (test.OperatorKind == BinaryOperatorKind.Equals ? constant != 1 : constant != 0) ||
                OperationFacts.SameValue(target, predicted) || !OperationFacts.SameValue(targetIndex, index))
            {
                continue;
            }

            return true;
        }

        return false;
    }

    /// <summary>Is the local the counter of a <c>for</c> loop around the use (it walks over the classes, not to a label)?</summary>
    private static bool IsLoopCounter(ILocalSymbol local, IOperation use)
    {
        for (var o = use.Parent; o is not null; o = o.Parent)
        {
            if (o is IForLoopOperation loop && System.Linq.Enumerable.Contains(loop.Locals, local, SymbolEqualityComparer.Default))
            {
                return true;
            }

            if (o is IForEachLoopOperation or IMethodBodyOperation)
            {
                break;
            }
        }

        return false;
    }

    /// <summary>
    /// The array and the class index of an element: <c>q[k]</c>, and for a batch held in a matrix (<c>q[i, k]</c>, an
    /// indexer <c>m[i, k]</c>) the last index, which selects the class within the row.
    /// </summary>
    private static (IOperation Array, IOperation Index)? ElementOf(IOperation operation) => OperationFacts.Strip(operation) switch
    {
        IArrayElementReferenceOperation { Indices.Length: > 0 } element => (element.ArrayReference, element.Indices[element.Indices.Length - 1]),
        IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: > 0, Instance: { } instance } indexer =>
            (instance, indexer.Arguments[indexer.Arguments.Length - 1].Value),
        var other => PointerElement(other),
    };

    /// <summary>
    /// <c>p[i]</c> on a pointer (<c>float* p</c>, as ported C kernels hold their buffers): Roslyn has no public operation
    /// for it, so it is known by its syntax and its two children, the pointer and the index.
    /// </summary>
    private static (IOperation Pointer, IOperation Index)? PointerElement(IOperation operation)
    {
        if (operation.Kind != OperationKind.None || operation.Syntax is not ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 })
        {
            return null;
        }

        IOperation? pointer = null, index = null;
        foreach (var child in operation.ChildOperations)
        {
            if (pointer is null)
            {
                pointer = child;
            }
            else if (index is null)
            {
                index = child;
            }
            else
            {
                return null;
            }
        }

        return pointer?.Type is IPointerTypeSymbol && index is not null ? (pointer, index) : null;
    }

    private static bool IsSame(IOperation a, IOperation b) => ReferenceEquals(OperationFacts.Strip(a), OperationFacts.Strip(b));
}
