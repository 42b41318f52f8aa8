using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>
/// The one sentence LOSS003 and LOSS004 share: "a binary cross-entropy whose probability operand is the
/// {sigmoid|softmax} of some logits". Finds the site, resolves the operand, and packs the fix data.
/// </summary>
internal static class BinaryCrossEntropyMisuse
{
    public static void Analyze(OperationAnalysisContext context, CallSite callSite, ProbabilityKind wanted, DiagnosticDescriptor descriptor)
    {
        // the site and its probability's provenance are searched once for LOSS003 and LOSS004 (and LOSS008): the call site holds them
        var site = callSite.Bce;
        if (site is null)
        {
            return;
        }

        var invocation = callSite.Invocation;
        var provenance = callSite.Provenance;
        var source = callSite.BceProbability;
        if (source is null || source.Kind != wanted)
        {
            return;
        }

        if (source.Logits is { } selfLogits && selfLogits.ToString() == RuleSupport.Quote(site.Probability.Syntax))
        {
            // p = sigmoid(p): the logit is the variable's earlier value, which no name holds any more
            source = source.WithLogits(null);
        }

        var style = site.Style;
        var probabilityType = OperationFacts.Strip(site.Probability).Type;
        var elementType = probabilityType switch
        {
            IArrayTypeSymbol array => array.ElementType,
            INamedTypeSymbol { TypeArguments.Length: 1 } named when Provenance.IsSpanLike(named) => named.TypeArguments[0],
            _ => probabilityType,
        };
        var isFloat = OperationFacts.IsFloat(elementType);
        var reportOn = site.Expression;
        var isLoss = site.IsLoss;

        // TorchSharp: -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean() is one reduced BCE, reported and replaced whole
        string? reduction = null;
        if (site.Form == BceForm.HandWritten && style == ApiStyle.Torch && ReducedTensor(site.Expression) is { } reduced)
        {
            reduction = reduced.TargetMethod.Name == "sum" ? "Sum" : "Mean";
            reportOn = reduced;
            while (OperationFacts.Parent(reportOn) is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } negation)
            {
                isLoss = !isLoss;
                reportOn = negation;
            }
        }

        string? logits = null;
        ITypeSymbol? logitsType = null;
        var fix = BceFix.None;
        string? target = site.Target is { } t ? RuleSupport.SourceText(t.Syntax) : null;
        var targetType = site.Target is { } targetOperation ? OperationFacts.Strip(targetOperation).Type : null;
        if (site.LabelTest is { } labelTest)
        {
            // y == 1 ? −log p : −log(1 − p) is the loss of the hard label the test makes (y = 0.7 or 2 takes one branch
            // whole): the fix passes that label, so that it computes what the code computed for every y
            var (positive, negative) = isFloat ? ("1f", "0f") : ("1.0", "0.0");
            target = site.LabelTestMeansPositive
                ? $"{RuleSupport.SourceText(labelTest.Syntax)} ? {positive} : {negative}"
                : $"{RuleSupport.SourceText(labelTest.Syntax)} ? {negative} : {positive}";
            targetType = null;
        }
        string? assignmentOperator = null;
        IInvocationOperation? creation = null;
        var renameCreation = false;

        if (wanted == ProbabilityKind.Sigmoid)
        {
            logits = source.Logits?.TextAt(reportOn, out logitsType);
            var vectorMatches = source.IsVector == Provenance.IsVectorType(probabilityType);
            if (logits is not null && target is not null && vectorMatches)
            {
                fix = reduction is not null ? BceFix.TorchWithLogitsReduced : style == ApiStyle.Torch ? BceFix.TorchWithLogits : site.Form == BceForm.Api && style == ApiStyle.StableLoss ? BceFix.StableLossWithLogits : BceFix.WithLogits;
                if (fix == BceFix.WithLogits && !provenance.Symbols.CanFixInType(probabilityType))
                {
                    // generic T without StableLoss's generic overloads (its netstandard2.0 build): no call to write
                    fix = BceFix.None;
                }
                if (style is ApiStyle.Torch && site.Form == BceForm.Api && invocation.TargetMethod.Name is "forward" or "call")
                {
                    // the fix carries the criterion's weight/reduction over: only offered when its creation is known
                    creation = KnownBceLossCreation(invocation.Instance, provenance, out renameCreation);
                    fix = creation is not null ? BceFix.TorchModuleWithLogits : BceFix.None;
                }
            }
        }
        else if (source.Logits is { } vector)
        {
            if (site.Form == BceForm.Api && style == ApiStyle.Torch)
            {
                logits = vector.TextAt(reportOn, out logitsType);
                fix = logits is not null && target is not null ? BceFix.TorchCrossEntropy : BceFix.None;
            }
            else if (site.Form == BceForm.Api && style == ApiStyle.StableLoss && source.IsVector)
            {
                logits = vector.TextAt(reportOn, out logitsType);
                fix = logits is not null && target is not null ? BceFix.SoftmaxCrossEntropy : BceFix.None;
            }
            else if (site.Form == BceForm.HandWritten && ClassLoop(site) is { } loop)
            {
                logits = vector.TextAt(loop.Statement, out logitsType);
                target = loop.TargetVector;
                assignmentOperator = loop.Operator;
                fix = logits is not null ? BceFix.SoftmaxCrossEntropyLoop : BceFix.None;
            }
        }

        if (site.Form == BceForm.Helper && style == ApiStyle.Torch)
        {
            // a TorchSharp helper's criterion may carry a weight or a reduction the call does not show: advice, no rewrite
            fix = BceFix.None;
        }

        if (site.Expression.Type is null)
        {
            // if (label) return −log p; else return −log(1 − p);: the site is a statement, which no expression replaces
            fix = BceFix.None;
        }

        var fixData = new BinaryCrossEntropyFixData(
            fix,
            logits,
            target,
            negate: !isLoss,
            sum: reduction == "Sum",
            castLogits: isFloat && OperationFacts.IsDouble(logitsType),
            castTarget: isFloat && OperationFacts.IsDouble(targetType),
            subtract: assignmentOperator == "-=",
            creation: fix == BceFix.TorchModuleWithLogits ? creation?.Syntax.GetLocation() : null,
            renameCreation: fix == BceFix.TorchModuleWithLogits && renameCreation);

        var y = RuleSupport.Shorten(target ?? "target");
        var activation = wanted == ProbabilityKind.Sigmoid ? "Sigmoid" : "Softmax";
        string suggestion;
        if (style == ApiStyle.Own || site.Style == ApiStyle.Own)
        {
            // a project's own tensor API: no library call to name, the stable form to write
            var x = source.Logits is { } ownLogits ? $"x = {RuleSupport.Shorten(ownLogits.ToString())}" : "x the sigmoid's input";
            suggestion = wanted == ProbabilityKind.Sigmoid
                ? $"the logits form max(x, 0) − x·y + log(1 + exp(−|x|)) with {x}"
                : "a log-softmax of the logits (x − max − log Σ exp(x − max)) and the categorical cross-entropy";
        }
        else if (logits is null && source.IsModule)
        {
            // the model's last module is the activation: its input has no name in the code
            suggestion = wanted == ProbabilityKind.Sigmoid
                ? "functional.binary_cross_entropy_with_logits (nn.BCEWithLogitsLoss) on the model without its final Sigmoid()"
                : "functional.cross_entropy (nn.CrossEntropyLoss) on the model without its final Softmax()";
        }
        else
        {
            var z = logits is not null ? RuleSupport.Shorten(logits)
                : source.Logits is { } unplaced ? $"its input '{RuleSupport.Shorten(unplaced.ToString())}'"
                : source.JoinedBy is { } join ? $"the {activation.ToLowerInvariant()}s' inputs joined by {join}"
                : $"the {activation.ToLowerInvariant()}'s input";
            suggestion = (wanted, style) switch
            {
                (ProbabilityKind.Sigmoid, ApiStyle.Torch) => $"functional.binary_cross_entropy_with_logits({z}, {y})",
                (ProbabilityKind.Sigmoid, _) => $"Loss.BinaryCrossEntropyWithLogits({z}, {y})",
                (_, ApiStyle.Torch) => $"functional.cross_entropy({z}, {y})",
                _ => $"Loss.SoftmaxCrossEntropy({z}, {y})",
            };
        }

        var zText = RuleSupport.ActivationOutput(source, activation.ToLowerInvariant(), reportOn.Syntax);
        var additional = RuleSupport.ProducerLocation(source.Shown, reportOn.Syntax);
        if (site.Form == BceForm.HandWritten && !reportOn.Syntax.Span.Contains(invocation.Syntax.Span))
        {
            // terms held in locals (var part1 = y' * log h; … part1 - part2): the log of p is shown too
            additional = additional.Add(invocation.Syntax.GetLocation());
        }
        var properties = fixData.Write(ref additional);
        // a statement (if (label) return …; else return …;) is reported whole: its logarithms are what is analysed
        var location = reportOn.Syntax.GetLocation();
        context.ReportDiagnostic(Diagnostic.Create(
            descriptor,
            location,
            additional,
            properties,
            RuleSupport.Quote(site.Probability.Syntax),
            zText,
            source.LineFor(reportOn.Syntax),
            suggestion));
    }

    /// <summary><c>(...).mean()</c> or <c>(...).sum()</c> over a whole element-wise tensor expression.</summary>
    private static IInvocationOperation? ReducedTensor(IOperation expression) =>
        OperationFacts.Parent(expression) is IInvocationOperation { TargetMethod.Name: "mean" or "sum", Instance: { } instance } reduction &&
        ReferenceEquals(OperationFacts.Strip(instance), OperationFacts.Strip(expression)) &&
        reduction.Arguments.All(static a => a.ArgumentKind == ArgumentKind.DefaultValue)
            ? reduction
            : null;

    /// <summary>
    /// The <c>nn.BCELoss(...)</c> creation that is the criterion's only value (a local or a field of this compilation), or null;
    /// <paramref name="renameInPlace"/>: the criterion is a <c>var</c> local of the call's file, declared alone with that
    /// creation and read only as the criterion, so the fix may turn the creation itself into <c>BCEWithLogitsLoss(...)</c>.
    /// </summary>
    private static IInvocationOperation? KnownBceLossCreation(IOperation? criterion, Provenance provenance, out bool renameInPlace)
    {
        renameInPlace = false;
        if (criterion is null)
        {
            return null;
        }

        var receiver = OperationFacts.Strip(criterion);
        IReadOnlyList<IOperation>? values = receiver switch
        {
            ILocalReferenceOperation local => Dataflow.ReachingValues(local.Local, receiver),
            IFieldReferenceOperation field when field.Field.ContainingType is { } type && !field.Field.DeclaringSyntaxReferences.IsEmpty =>
                Dataflow.ArrayWritesTo(field.Field, provenance.RootsOf(field.Field)) is { Unknown: false } writes ? writes.Whole : null,
            _ => null,
        };
        if (values is not { Count: 1 } || OperationFacts.Strip(values[0]) is not IInvocationOperation { TargetMethod.Name: "BCELoss" } creation)
        {
            return null;
        }

        renameInPlace = receiver is ILocalReferenceOperation { Local: var symbol } && IsOnlyUseOfVarLocal(symbol, receiver, creation);
        return creation;
    }

    /// <summary><c>var criterion = BCELoss(...);</c> alone in its declaration, in the use's file, and read nowhere else in its block.</summary>
    private static bool IsOnlyUseOfVarLocal(ILocalSymbol local, IOperation use, IInvocationOperation creation)
    {
        if (local.DeclaringSyntaxReferences.Length != 1 ||
            local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: var initializer } declarator ||
            initializer != creation.Syntax ||
            declarator.Parent is not VariableDeclarationSyntax { Type.IsVar: true, Variables.Count: 1 } declaration ||
            declaration.SyntaxTree != use.Syntax.SyntaxTree)
        {
            return false;
        }

        // its references in the method (lambdas included): the criterion read here, nowhere else
        var references = Dataflow.ReferencesOf(local, OperationFacts.MethodRoot(use));
        return references.Count == 1 && ReferenceEquals(references[0], use);
    }

    internal sealed class LoopShape
    {
        public LoopShape(IOperation statement, string targetVector, string @operator)
        {
            Statement = statement;
            TargetVector = targetVector;
            Operator = @operator;
        }

        /// <summary>The <c>for</c> loop over the classes, replaced as a whole by the fix.</summary>
        public IOperation Statement { get; }

        public string TargetVector { get; }

        /// <summary><c>+=</c> or <c>-=</c>: what the replacement statement does with the softmax cross-entropy.</summary>
        public string Operator { get; }
    }

    /// <summary>
    /// <c>for (k...) loss op= [−](y[k]·log p[k] + (1−y[k])·log(1−p[k]));</c> as the only statement of a loop over classes:
    /// the loop can be replaced by one softmax cross-entropy of the logits against the target vector y.
    /// </summary>
    private static LoopShape? ClassLoop(BceSite site)
    {
        if (OperationFacts.Parent(site.Expression) is not ICompoundAssignmentOperation
            {
                OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract,
                Parent: IExpressionStatementOperation statement,
            } compound)
        {
            return null;
        }

        var loop = statement.Parent is IBlockOperation { Operations.Length: 1 } block ? block.Parent : statement.Parent;
        if (loop is not IForLoopOperation forLoop || forLoop.Syntax is not ForStatementSyntax)
        {
            return null;
        }

        if (site.Target is null || OperationFacts.Strip(site.Target) is not IArrayElementReferenceOperation { Indices.Length: 1 } targetElement ||
            OperationFacts.Strip(site.Probability) is not IArrayElementReferenceOperation { Indices.Length: 1 } probabilityElement ||
            OperationFacts.ReferencedSymbol(targetElement.Indices[0]) is not ILocalSymbol index ||
            !OperationFacts.SameValue(targetElement.Indices[0], probabilityElement.Indices[0]) ||
            !forLoop.Locals.Contains(index))
        {
            return null;
        }

        // total change of the accumulator: (+= → +1, −= → −1) × (loss → +1, log-likelihood → −1) × BCE
        var positive = compound.OperatorKind == BinaryOperatorKind.Add == site.IsLoss;
        return new LoopShape(forLoop, RuleSupport.SourceText(targetElement.ArrayReference.Syntax), positive ? "+=" : "-=");
    }
}
