using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>What kind of probability a value is.</summary>
internal enum ProbabilityKind
{
    Unknown,
    /// <summary>The sigmoid (logistic function) of a logit.</summary>
    Sigmoid,
    /// <summary>An output of a softmax over several classes.</summary>
    Softmax,
    /// <summary>A division by a sum (a normalised count or weight).</summary>
    Normalized,
    /// <summary>A probability parameter or field of a loss function (named so, in loss code).</summary>
    LossParameter,
    /// <summary>Declared a probability by a <c>[Probability]</c> contract (a parameter, a return value, a field, a property).</summary>
    Declared,
    /// <summary>
    /// The output of a model the code samples from as a distribution (<c>torch.multinomial(net.forward(s), 1)</c>,
    /// <c>distributions.Categorical(probs)</c>): a probability vector, though its last module is not in view.
    /// </summary>
    Sampled,
}

/// <summary>The answer of <see cref="Provenance"/>: what a value is, where it was made, and its logits.</summary>
internal sealed class ValueSource
{
    public ValueSource(ProbabilityKind kind, SyntaxNode producer, LogitTemplate? logits, bool isVector, bool isModule = false,
        SigmoidEvidence? evidence = null, SyntaxNode? origin = null, IMethodSymbol? madeIn = null, string? joinedBy = null)
    {
        JoinedBy = joinedBy;
        Kind = kind;
        Producer = producer;
        Logits = logits;
        IsVector = isVector;
        IsModule = isModule;
        Evidence = evidence;
        Origin = origin;
        MadeIn = madeIn;
    }

    /// <summary>For a value returned by a call (<see cref="Producer"/> is the call): where the called method makes it (its
    /// sigmoid, its softmax, its call of a helper that does), else null.</summary>
    public SyntaxNode? Origin { get; }

    /// <summary>For a value returned by a call: the method called there, else null.</summary>
    public IMethodSymbol? MadeIn { get; }

    /// <summary>What a message points at as where the value is made: the call when the logits are named in the caller's
    /// terms (<c>the sigmoid of 'm.W * x + m.B'</c>), else where the called method makes it (named by <see cref="OutputText"/>).</summary>
    public SyntaxNode Shown => Logits is null && Origin is not null ? Origin : Producer;

    /// <summary>The line a message gives for where the value is made, seen from <paramref name="site"/>: a model's last module's
    /// line, else <see cref="Shown"/>'s (with its file's name when that is another file).</summary>
    public string LineFor(SyntaxNode site) =>
        IsModule ? OperationFacts.Line(Producer).ToString(System.Globalization.CultureInfo.InvariantCulture) : OperationFacts.LineNear(Shown, site);

    /// <summary>How a message names this source when its logits are not named: <c>the sigmoid output of 'Net.Forward'</c>,
    /// <c>a softmax output</c>, <c>a sigmoid output, [evidence]</c>.</summary>
    public string OutputText(string activation) =>
        JoinedBy is { } join
            ? $"a '{join}' of {activation} outputs{(MadeIn is { } joined ? $" of '{joined.ContainingType.Name}.{joined.Name}'" : string.Empty)}"
        : MadeIn is { } method ? $"the {activation} output of '{method.ContainingType.Name}.{method.Name}'"
        : activation == "sigmoid" ? SigmoidOutputText
        : $"a {activation} output";

    /// <summary>The call that joins several such outputs into this tensor (<c>torch.cat</c>), else null.</summary>
    public string? JoinedBy { get; }

    /// <summary>Why a value the code does not compute here is a sigmoid output: its cost's own gradient
    /// (<see cref="CancelledGradient"/>) or the configuration that pairs the cost with a sigmoid output layer
    /// (<see cref="ConfiguredActivation"/>); <see cref="Producer"/> is where that is written. Null for a sigmoid the code computes.</summary>
    public SigmoidEvidence? Evidence { get; }

    /// <summary>How a message names a sigmoid output of this source (before its line).</summary>
    public string SigmoidOutputText => Evidence is { } evidence ? $"a sigmoid output, {evidence.Reason}" : "a sigmoid output";

    /// <summary>The producer is the last module of a TorchSharp <c>Sequential</c> (<c>nn.Sigmoid()</c>), whose input the
    /// code never names.</summary>
    public bool IsModule { get; }

    public ProbabilityKind Kind { get; }

    /// <summary>Where the probability is made: the sigmoid/softmax call, the division, the parameter.</summary>
    public SyntaxNode Producer { get; }

    /// <summary>The logits, as a template to be written at a use site (null when they cannot be named there).</summary>
    public LogitTemplate? Logits { get; }

    /// <summary>The value is a whole vector (array, span or tensor) of probabilities and <see cref="Logits"/> the vector of logits.
    /// For a single softmax output <c>p[k]</c>, IsVector is false and <see cref="Logits"/> is still the vector of all logits.</summary>
    public bool IsVector { get; }

    public ValueSource WithLogits(LogitTemplate? logits) => new(Kind, Producer, logits, IsVector, IsModule, Evidence, Origin, MadeIn, JoinedBy);

    public ValueSource AsElement(LogitTemplate? logits) =>
        new(Kind, Producer, logits, isVector: false, evidence: Evidence, origin: Origin, madeIn: MadeIn, joinedBy: JoinedBy);

    /// <summary>This source for a tensor that joins several of its kind (no logits: they are the parts' own).</summary>
    public ValueSource JoinedWith(string join) => new(Kind, Producer, logits: null, IsVector, IsModule, Evidence, Origin, MadeIn, join);
}

/// <summary>
/// Says what a value is — the sigmoid of z, a softmax output, a normalised count, a probability parameter of a loss —
/// following locals, array elements written and read with the same index, span fills, fields, and methods of the same
/// compilation (one summary per method, computed once and cached per compilation).
/// </summary>
internal sealed partial class Provenance
{
    private const int MaxDepth = 8;

    /// <summary>The most calls of a private method whose arguments a parameter's provenance follows (<see cref="FromEveryCall"/>).</summary>
    private const int MaxCallsFollowed = 8;
    private static readonly ConditionalWeakTable<Compilation, Provenance> Cache = new();

    [ThreadStatic]
    private static HashSet<ISymbol>? inProgress;

    private readonly KnownSymbols symbols;
    private readonly ConcurrentDictionary<SummaryKey, Box<ValueSource?>> summaries = new();

    private readonly ConcurrentDictionary<(SyntaxTree Tree, ProbabilityKind Kind, LossContext Context), IReadOnlyList<SyntaxNode>> consumedProducers = new();

    /// <summary>
    /// The producers whose <paramref name="kind"/> outputs the model's file logs or feeds to a binary cross-entropy
    /// (<see cref="LogExpShapes.FindConsumedProducers"/>), found once per file, kind and loss context.
    /// </summary>
    internal IReadOnlyList<SyntaxNode> ConsumedProducers(SemanticModel model, ProbabilityKind kind, LossContext context) =>
        consumedProducers.TryGetValue((model.SyntaxTree, kind, context), out var known)
            ? known
            : consumedProducers.GetOrAdd((model.SyntaxTree, kind, context), LogExpShapes.FindConsumedProducers(model, this, context, kind));

    private Provenance(KnownSymbols symbols) => this.symbols = symbols;

    public KnownSymbols Symbols => symbols;

    public static Provenance Get(Compilation compilation) =>
        Cache.GetValue(compilation, static c => new Provenance(KnownSymbols.Get(c)));

    /// <summary>What is <paramref name="value"/>? Null when it is not known to be a probability.</summary>
    public ValueSource? Resolve(IOperation value, LossContext context) => Resolve(value, context, 0);

    private ValueSource? Resolve(IOperation value, LossContext context, int depth)
    {
        if (depth > MaxDepth)
        {
            // an answer cut short: no summary computed around it may be cached (see Summary)
            answerCut = true;
            return null;
        }

        var operation = OperationFacts.Strip(value);
        var unguarded = OperationFacts.StripGuards(operation);
        if (!ReferenceEquals(unguarded, operation))
        {
            return Resolve(unguarded, context, depth + 1);
        }

        switch (operation)
        {
            case IInvocationOperation invocation:
                return FromInvocation(invocation, context, depth);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                // c ? σ(a) : σ(b): a sigmoid either way (the logits kept only when both branches agree)
                return Resolve(conditional.WhenTrue, context, depth + 1) is { } whenTrueSource &&
                       Resolve(whenFalse, context, depth + 1) is { } whenFalseSource
                    ? Merge(whenTrueSource, whenFalseSource)
                    : null;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide } halved
                when TanhFormLogit(halved) is { } tanhLogit:
                // 0.5 * (1 + tanh(z / 2)) is σ(z), written with the hyperbolic tangent
                return new ValueSource(ProbabilityKind.Sigmoid, halved.Syntax, LogitTemplate.From(tanhLogit), IsVectorType(halved.Type));
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division:
                return FromDivision(division, context, depth);
            case IArrayElementReferenceOperation { Indices.Length: 1 } element:
                return FromElement(element.ArrayReference, element.Indices[0], context, depth);
            case IArrayElementReferenceOperation { ArrayReference: var matrix } when OperationFacts.Strip(matrix) is IParameterReferenceOperation { Parameter.RefKind: RefKind.None } whole:
                // predicted[j, i] of a matrix parameter (a batch of rows): an element of what the parameter holds
                return FromParameter(whole.Parameter, context, matrix, depth) is { IsVector: true } rows ? rows.AsElement(logits: null) : null;
            case IArrayElementReferenceOperation { Indices.Length: > 1, ArrayReference: var matrix }:
                // p[k, 0] of a matrix a call returned (a column vector of probabilities): one element of the whole
                return ElementOfWhole(matrix, context, depth);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } dictionary }
                when StoredInDictionary(dictionary) is { } stored:
                // probs[t] = Softmax(y[t]); … probs[t][k]: an entry of a local dictionary is one of the values stored in it
                return ResolveAll(stored, context, depth + 1);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } instance } indexer
                when IsSpanLike(instance.Type):
                return FromElement(instance, indexer.Arguments[0].Value, context, depth);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } holder, Type.SpecialType: SpecialType.System_Single or SpecialType.System_Double } indexer
                when AreIndices(indexer.Arguments):
                // softmaxPred[label], probs[i, k] of a project's own vector or matrix type: one element of the whole
                return ElementOfWhole(holder, context, depth);
            case ILocalReferenceOperation or IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation }
                when operation.Type is INamedTypeSymbol { SpecialType: SpecialType.None, TypeKind: TypeKind.Class } && WrittenIntoJustBefore(operation) is { } into:
                // x.PointwiseSigmoid(buffer); buffer.PointwiseLog(result): what the statement before wrote into it (a matrix
                // object; scalars and arrays, most of what is resolved, are not looked at)
                return FromInto(into, context, depth);
            case ILocalReferenceOperation local when IsVectorType(local.Type):
                return FromWholeArray(local.Local, operation, context, depth);
            case ILocalReferenceOperation local:
                return FromLocal(local, context, depth);
            case IParameterReferenceOperation { Parameter.RefKind: RefKind.Out } outParameter when IsVectorType(outParameter.Type):
                // an out parameter is written here before it is read: followed like a local
                return FromWholeArray(outParameter.Parameter, operation, context, depth);
            case IParameterReferenceOperation { Parameter.RefKind: RefKind.Out } outParameter:
                return Dataflow.ReachingValues(outParameter.Parameter, outParameter) is { Count: > 0 } outValues
                    ? ResolveAll(outValues, context, depth + 1)
                    : null;
            case IParameterReferenceOperation parameter:
                return FromParameter(parameter.Parameter, context, parameter, depth);
            case IPropertyReferenceOperation { Arguments.Length: 0 } or IFieldReferenceOperation when
                LastLayerOutput((IMemberReferenceOperation)operation) is { } lastLayer:
                // d.Layers[^1].Neurons of a model whose last layer is built with a sigmoid
                return new ValueSource(ProbabilityKind.Sigmoid, lastLayer, logits: null, isVector: operation.Type is { } outputType && IsSequence(outputType));
            case IFieldReferenceOperation field:
                return FromField(field.Field, operation, context, depth);
            case IPropertyReferenceOperation { Arguments.Length: 0 } property when OperationFacts.IsInSource(property.Property) || symbols.ProbabilityAttribute is not null:
                return FromField(property.Property, operation, context, depth);
            default:
                return null;
        }
    }

    /// <summary>One element of <paramref name="holder"/>, when the whole is a vector of sigmoid or softmax outputs.</summary>
    private ValueSource? ElementOfWhole(IOperation holder, LossContext context, int depth) =>
        Resolve(holder, context, depth + 1) is { IsVector: true, Kind: ProbabilityKind.Softmax or ProbabilityKind.Sigmoid } whole
            ? whole.AsElement(whole.Kind == ProbabilityKind.Softmax ? whole.Logits : null)
            : null;

    private ValueSource? FromInvocation(IInvocationOperation invocation, LossContext context, int depth)
    {
        var call = MathApi.Classify(invocation, symbols);
        if (call.IsValid && !call.IsSpanForm)
        {
            switch (call.Function)
            {
                case MathFunction.Sigmoid:
                    return new ValueSource(ProbabilityKind.Sigmoid, invocation.Syntax, LogitTemplate.From(call.Operand), IsVectorType(invocation.Type));
                case MathFunction.Softmax:
                    return new ValueSource(ProbabilityKind.Softmax, invocation.Syntax, LogitTemplate.From(call.Operand), isVector: true);
            }

            return null;
        }

        if (call.IsValid)
        {
            return null;
        }

        var method = invocation.TargetMethod;
        if (IsTorchSequentialCall(invocation, out var lastModule) is { } sequentialKind)
        {
            return new ValueSource(sequentialKind, lastModule!.Syntax, logits: null, isVector: true, isModule: true);
        }

        // a tensor reshaped, moved or detached holds the same values: output.view(-1, 1).squeeze(1), p.to(device)
        if (SameValuesTensor(invocation) is { } tensorInstance)
        {
            return Resolve(tensorInstance, context, depth + 1);
        }

        // torch.cat(outputs.ToArray(), 0) with outputs.Add(model.forward(x)) in a loop: the parts joined hold the same values
        if (JoinedTensors(invocation) is { } parts)
        {
            return ResolveAll(parts, context, depth + 1)?.JoinedWith($"torch.{method.Name}");
        }

        // z.Select(Sigmoid).ToArray(), v.Map(x => 1 / (1 + Math.Exp(-x))): a vector of sigmoid outputs
        if (FromElementwiseMap(invocation, method, context, depth) is { } mapped)
        {
            return mapped;
        }

        // probs.GetWeightAt(new[] { k, label }), probs.At(i), t.ElementAt(i): one element of a tensor of probabilities
        if (invocation.Instance is { } holder && method.Name is "GetWeightAt" or "GetValueAt" or "GetValue" or "GetAt" or "At" or "Item" or
                "ElementAt" or "GetElementAt" && method.ReturnType.SpecialType is SpecialType.System_Single or SpecialType.System_Double &&
            invocation.Arguments.Length > 0 && AreIndices(invocation.Arguments))
        {
            return ElementOfWhole(holder, context, depth);
        }

        // NumOps.Divide(NumOps.One, NumOps.Add(NumOps.One, NumOps.Exp(NumOps.Negate(x)))): a division written with a
        // generic library's numeric-operations object (its methods have no body here)
        if (method is { Name: "Divide", IsStatic: false, Parameters.Length: 2 } && invocation.Arguments.Length == 2 &&
            SymbolEqualityComparer.Default.Equals(invocation.Type, invocation.Arguments[0].Value.Type) &&
            SymbolEqualityComparer.Default.Equals(invocation.Type, invocation.Arguments[1].Value.Type) &&
            (method.IsAbstract || !OperationFacts.IsInSource(method)))
        {
            return FromDivision(invocation, invocation.Arguments[0].Value, invocation.Arguments[1].Value, context, depth);
        }

        if (method.Name is "call" or "forward" && !OperationFacts.IsInSource(method) && invocation.Instance is { } module)
        {
            // model.call(x) on a Module of this compilation runs its forward(x) override; so does policy.forward(x) on a member
            // declared as a TorchSharp Module that holds one (Policy = new PolicyNetwork(…))
            var created = CreatedModuleClass(module);
            var declaredForward = UserForward(module.Type);
            if (((method.Name == "call" ? declaredForward : null) ?? UserForward(created)) is { } forward)
            {
                method = forward;
            }
            else if (created is null && declaredForward is null && OperationFacts.ReferencedSymbol(module) is IFieldSymbol or IPropertySymbol &&
                     SampledFrom(OperationFacts.ReferencedSymbol(module)!) is { } sampler)
            {
                // policy.forward(s) where the code elsewhere samples actions from policy.forward(…) (torch.multinomial,
                // Categorical): a distribution, whatever module the member holds
                return new ValueSource(ProbabilityKind.Sampled, sampler, logits: null, isVector: true);
            }
        }

        // discriminator.ForwardPassReturn(x) on new Model(…, new Dense(1, Act.Sigmoid)): a model of the project's own
        // framework whose last layer is built with a sigmoid
        if (OwnModelEndingInSigmoid(invocation, method) is { } lastLayer)
        {
            return new ValueSource(ProbabilityKind.Sigmoid, lastLayer, logits: null, isVector: invocation.Type is { } outputType && IsSequence(outputType));
        }

        if (symbols.ProbabilityAttribute is not null && Contracts.Has(method.GetReturnTypeAttributes(), symbols.ProbabilityAttribute))
        {
            return new ValueSource(ProbabilityKind.Declared, invocation.Syntax, logits: null, IsVectorType(invocation.Type));
        }

        // sigmoid(z) with `Func<double, double> sigmoid = x => 1 / (1 + Math.Exp(-x))` (or `= Sigmoid`): what the function returns
        if (method.MethodKind == MethodKind.DelegateInvoke && invocation.Instance is { } target)
        {
            return FromDelegateCall(invocation, target, context, depth);
        }

        if (OperationFacts.IsInSource(method))
        {
            // only a floating-point value or a vector can be a probability: other methods are not summarised
            if (!IsFloatingOrVector(method.ReturnType))
            {
                return null;
            }

            if (method.IsAbstract && method.MethodKind == MethodKind.Ordinary)
            {
                // model.Forward(x) on an interface or abstract class of this compilation: what every implementation returns
                return FromImplementations(invocation, method, context, depth);
            }

            // (a precomputed sigmoid table, fastText's Sigmoid(x) => t_sigmoid[…], is classified by MathApi before this)
            return Instantiate(Summary(method, context, depth), invocation.Syntax, invocation.Instance, method, invocation.Arguments);
        }

        // A helper from another assembly: trust an unambiguous name with a single operand (the name first:
        // IMethodSymbol.Parameters makes a new array on every call).
        var kind = LibraryHelperKind(method.Name);
        if (kind != ProbabilityKind.Unknown && invocation.Arguments.Length == 1 && method.Parameters is { Length: 1 } parameters &&
            IsFloatingOrVector(parameters[0].Type))
        {
            return new ValueSource(kind, invocation.Syntax, LogitTemplate.From(invocation.Arguments[0].Value),
                kind == ProbabilityKind.Softmax || IsVectorType(invocation.Type));
        }

        return null;
    }

    /// <summary>
    /// The last layer's creation when <paramref name="invocation"/> runs a model of this compilation's own framework built in
    /// one expression whose last layer is given a sigmoid activation (<c>var d = new Model(new Dense(16, Act.ReLU), new
    /// Dense(1, Act.Sigmoid)); … d.Forward(x)</c>): an instance method on the local holding it that takes a value and returns
    /// one of the same type (a forward pass, not a training step). The sigmoid is known by its code
    /// (<see cref="ConfiguredActivation.ChoosesSigmoid"/>), never by a name.
    /// </summary>
    private SyntaxNode? OwnModelEndingInSigmoid(IInvocationOperation invocation, IMethodSymbol method) =>
        method.IsStatic || method.Parameters.Length != 1 || !OperationFacts.IsInSource(method) ||
        !SymbolEqualityComparer.Default.Equals(method.ReturnType, method.Parameters[0].Type) || !IsFloatingOrVector(method.ReturnType) ||
        IsBackwardOrTrainingName(method.Name)
            ? null
            : invocation.Instance is { } model ? SigmoidLastLayer(model) : null;

    private static readonly string[] BackwardOrTrainingWords = { "Back", "Grad", "Deriv", "Train", "Update", "Fit", "Loss", "Cost", "Error", "Delta" };

    /// <summary>A method that returns a gradient or runs a training step rather than the model's output (<c>Backward</c>,
    /// <c>BackPropagate</c>, <c>Gradient</c>, <c>Derivative</c>, <c>Train</c>, <c>Update</c>, <c>Loss</c>/<c>Cost</c>/<c>Error</c>).</summary>
    private static bool IsBackwardOrTrainingName(string name)
    {
        foreach (var word in BackwardOrTrainingWords)
        {
            if (name.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The output a model's last layer holds (<c>d.Layers[^1].Neurons</c>, also <c>Layers[Layers.Length - 1]</c> and
    /// <c>Layers.Last()</c>; an output-named member: <c>Neurons</c>, <c>Output(s)</c>, <c>Activation(s)</c>) when that layer
    /// is built with a sigmoid (<see cref="SigmoidLastLayer"/>): where the layer is built, or null.
    /// </summary>
    private SyntaxNode? LastLayerOutput(IMemberReferenceOperation member)
    {
        if (member.Member.Name is not ("Neurons" or "Output" or "Outputs" or "Activation" or "Activations") || member.Instance is null ||
            !IsFloatingOrVector(member.Type))
        {
            return null;
        }

        IOperation? layers = null;
        switch (OperationFacts.Strip(member.Instance))
        {
            case IArrayElementReferenceOperation { Indices.Length: 1 } element when IsLastIndex(element.Indices[0], element.ArrayReference):
                layers = element.ArrayReference;
                break;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } list } indexer
                when IsLastIndex(indexer.Arguments[0].Value, list):
                layers = list;
                break;
            case IImplicitIndexerReferenceOperation { Argument: var fromEnd, Instance: var list } when IsLastIndex(fromEnd, list):
                // layers[^1] of a List<T>
                layers = list;
                break;
            case IInvocationOperation { TargetMethod.Name: "Last", Arguments.Length: 1 } last when last.TargetMethod.IsExtensionMethod:
                layers = last.Arguments[0].Value;
                break;
        }

        return layers is not null && OperationFacts.Strip(layers) is IMemberReferenceOperation { Instance: { } model } ? SigmoidLastLayer(model) : null;
    }

    /// <summary><c>^1</c>, or <c>xs.Length - 1</c> / <c>xs.Count - 1</c> of the same <paramref name="list"/>.</summary>
    private static bool IsLastIndex(IOperation index, IOperation list)
    {
        var stripped = OperationFacts.Strip(index);
        if (stripped is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } hat)
        {
            return OperationFacts.Constant(hat.Operand) == 1;
        }

        return stripped is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } minus && OperationFacts.Constant(minus.RightOperand) == 1 &&
               OperationFacts.Strip(minus.LeftOperand) is IPropertyReferenceOperation { Property.Name: "Length" or "Count", Instance: { } counted } &&
               OperationFacts.SameValue(counted, list);
    }

    /// <summary>
    /// The last layer's creation when <paramref name="modelReference"/> reads a local that holds a model of this
    /// compilation built in one expression whose last layer is given a sigmoid activation, or null.
    /// </summary>
    private SyntaxNode? SigmoidLastLayer(IOperation modelReference)
    {
        if (OperationFacts.Strip(modelReference) is not ILocalReferenceOperation model ||
            Dataflow.ReachingValues(model.Local, model) is not { Count: 1 } values ||
            OperationFacts.Strip(values[0]) is not IObjectCreationOperation { Constructor: { } constructor } creation ||
            !OperationFacts.IsInSource(constructor) || creation.Arguments.Length == 0)
        {
            return null;
        }

        // the layers: a params array's elements (or an array passed to it), the last one built here with its activation
        var layers = OperationFacts.Strip(creation.Arguments[creation.Arguments.Length - 1].Value);
        var last = layers is IArrayCreationOperation { Initializer.ElementValues: { Length: > 0 } elements }
            ? OperationFacts.Strip(elements[elements.Length - 1])
            : layers;
        if (last is not IObjectCreationOperation { Arguments.Length: > 0 } layer || ReferenceEquals(layer, creation))
        {
            return null;
        }

        foreach (var argument in layer.Arguments)
        {
            if (ConfiguredActivation.ChoosesSigmoid(argument.Value, symbols.Compilation))
            {
                return layer.Syntax;
            }
        }

        return null;
    }

    /// <summary>
    /// A sequence or vector mapped element by element through a sigmoid (<c>z.Select(Sigmoid)</c>,
    /// <c>v.Map(x =&gt; 1 / (1 + Math.Exp(-x)))</c>), or such a sequence made an array or list (<c>.ToArray()</c>): a vector
    /// of sigmoid outputs, whatever it maps. Its logits are not named (the mapped sequence need not be indexable).
    /// </summary>
    private ValueSource? FromElementwiseMap(IInvocationOperation invocation, IMethodSymbol method, LossContext context, int depth)
    {
        if (method.Name is "ToArray" or "ToList" && invocation.Arguments.Length == 1 && IsLinqMethod(method))
        {
            return Resolve(invocation.Arguments[0].Value, context, depth + 1) is { IsVector: true, Kind: ProbabilityKind.Sigmoid or ProbabilityKind.Softmax } whole
                ? whole
                : null;
        }

        // a map returns the mapped sequence (not a number: an aggregate is no map, and an in-place map returns nothing)
        if (!MathApi.IsMapName(method.Name) || method.ReturnsVoid || IsFloatingOrVector(method.ReturnType) && !IsSequence(method.ReturnType))
        {
            return null;
        }

        IOperation? function = null;
        foreach (var argument in invocation.Arguments)
        {
            if (OperationFacts.Strip(argument.Value) is IDelegateCreationOperation { Target: var target })
            {
                if (function is not null)
                {
                    return null;
                }

                function = target;
            }
        }

        // (the map is where this code applies the sigmoid: the message points there)
        if (function is not null && SigmoidFunction(function, context, depth) is not null)
        {
            return new ValueSource(ProbabilityKind.Sigmoid, invocation.Syntax, logits: null, isVector: true);
        }

        return function is IAnonymousFunctionOperation lambda && IsExponentialsOverTheirSum(invocation, lambda)
            ? new ValueSource(ProbabilityKind.Softmax, invocation.Syntax, logits: null, isVector: true)
            : null;
    }

    /// <summary>
    /// <c>e.Select(x =&gt; x / sum)</c> with <c>sum = e.Sum()</c> and <c>e = z.Select(v =&gt; Math.Exp(v − max))</c>: each
    /// exponential divided by the sum of the same exponentials, a softmax written with LINQ.
    /// </summary>
    private bool IsExponentialsOverTheirSum(IInvocationOperation map, IAnonymousFunctionOperation lambda)
    {
        if (lambda.Symbol.Parameters.Length != 1 || lambda.Body.Operations.Length != 1 ||
            lambda.Body.Operations[0] is not IReturnOperation { ReturnedValue: { } returned } ||
            OperationFacts.Strip(returned) is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division ||
            OperationFacts.Strip(division.LeftOperand) is not IParameterReferenceOperation element ||
            !SymbolEqualityComparer.Default.Equals(element.Parameter, lambda.Symbol.Parameters[0]) ||
            MappedSequence(map) is not { } exponentials ||
            OperationFacts.Strip(division.RightOperand) is not ILocalReferenceOperation sumLocal ||
            Dataflow.OnlyInitializerOf(sumLocal.Local, sumLocal, OperationFacts.Root(map)) is not { } sumValue ||
            OperationFacts.Strip(sumValue) is not IInvocationOperation { TargetMethod.Name: "Sum" } sum || MappedSequence(sum) is not { } summed ||
            !OperationFacts.SameValue(summed, exponentials))
        {
            return false;
        }

        // the sequence is a map of exponentials (held in a local)
        var source = OperationFacts.Strip(exponentials);
        if (source is ILocalReferenceOperation local && Dataflow.OnlyInitializerOf(local.Local, local, OperationFacts.Root(map)) is { } initializer)
        {
            source = OperationFacts.Strip(initializer);
        }

        if (source is not IInvocationOperation expMap || !MathApi.IsMapName(expMap.TargetMethod.Name))
        {
            return false;
        }

        foreach (var argument in expMap.Arguments)
        {
            if (OperationFacts.Strip(argument.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Body.Operations: { Length: 1 } body } } &&
                body[0] is IReturnOperation { ReturnedValue: { } value } && ExpOperand(value) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The sequence a map or aggregate walks: its receiver, or an extension method's first argument.</summary>
    private static IOperation? MappedSequence(IInvocationOperation call) =>
        call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);

    /// <summary>A vector or sequence type (an array, a span, a vector or matrix type, an <c>IEnumerable&lt;T&gt;</c>), not a scalar.</summary>
    private static bool IsSequence(ITypeSymbol type) =>
        type.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single) && type is not ITypeParameterSymbol;

    /// <summary>
    /// A call of a delegate whose every value is a function returning a sigmoid of its argument (a lambda or a method group,
    /// <see cref="SigmoidFunction"/>): a local, a readonly or private field, a get-only or privately set property, written
    /// only with such functions. The logits are the call's argument put into the function (a lambda's or method's own
    /// locals are not named). A public settable member can hold anything its users give it, and is not followed.
    /// </summary>
    private ValueSource? FromDelegateCall(IInvocationOperation invocation, IOperation target, LossContext context, int depth)
    {
        if (invocation.Type is not { } type || !IsFloatingOrVector(type) || DelegateValues(OperationFacts.Strip(target)) is not { Count: > 0 } values)
        {
            return null;
        }

        var sources = new List<ValueSource?>(values.Count);
        foreach (var value in values)
        {
            if (OperationFacts.Strip(value) is not IDelegateCreationOperation { Target: var function } ||
                SigmoidFunction(function, context, depth) is null)
            {
                return null;
            }

            sources.Add(function switch
            {
                IMethodReferenceOperation { Method: var called } when OperationFacts.IsInSource(called) =>
                    Instantiate(Summary(called, context, depth + 1), invocation.Syntax, null, called, invocation.Arguments),
                IAnonymousFunctionOperation { Symbol: var lambda, Body.Operations: { Length: 1 } operations } when operations[0] is IReturnOperation { ReturnedValue: { } returned } =>
                    Instantiate(Resolve(returned, context, depth + 1), invocation.Syntax, null, lambda, invocation.Arguments),
                _ => new ValueSource(ProbabilityKind.Sigmoid, invocation.Syntax,
                    invocation.Arguments.Length == 1 ? LogitTemplate.From(invocation.Arguments[0].Value) : null, isVector: false),
            });
        }

        return Merge(sources);
    }

    /// <summary>The values a delegate can hold at <paramref name="target"/>, or null when they are not all known.</summary>
    private List<IOperation>? DelegateValues(IOperation target)
    {
        switch (target)
        {
            case IDelegateCreationOperation creation:
                return new List<IOperation>(1) { creation };
            case ILocalReferenceOperation local:
                return Dataflow.ReachingValues(local.Local, local);
            case IFieldReferenceOperation { Field: var field } when OperationFacts.IsInSource(field) &&
                                                                     (field.IsReadOnly || field.DeclaredAccessibility == Accessibility.Private):
                return WholeWrites(field);
            case IPropertyReferenceOperation { Property: { SetMethod: null, DeclaringSyntaxReferences.Length: 1 } computed } when
                computed.DeclaringSyntaxReferences[0].GetSyntax() is PropertyDeclarationSyntax { ExpressionBody.Expression: var returned } &&
                SemanticModelFor(returned.SyntaxTree)?.GetOperation(returned) is { } value:
                // `static Func<float, float> Function => x => 1f / (1 + MathF.Exp(-x));`: a new delegate of the same lambda each time
                return new List<IOperation>(1) { value is IAnonymousFunctionOperation { Parent: IDelegateCreationOperation wrapping } ? wrapping : value };
            case IPropertyReferenceOperation { Property: var property } when OperationFacts.IsInSource(property) &&
                                                                          (property.SetMethod is null || property.SetMethod.DeclaredAccessibility == Accessibility.Private) &&
                                                                          IsAutoProperty(property):
                return WholeWrites(property);
            default:
                return null;
        }

        List<IOperation>? WholeWrites(ISymbol member)
        {
            var writes = Dataflow.ArrayWritesTo(member, RootsOf(member));
            if (writes.Unknown || writes.Elements.Count > 0 || writes.Fills.Count > 0)
            {
                return null;
            }

            var values = writes.Whole.ToList();
            // a property's initializer ({ get; } = x => …) is no method body: its value is read here
            if (member is IPropertySymbol && member.DeclaringSyntaxReferences.Length == 1 &&
                member.DeclaringSyntaxReferences[0].GetSyntax() is PropertyDeclarationSyntax { Initializer: { } initializer } &&
                SemanticModelFor(initializer.SyntaxTree)?.GetOperation(initializer) is IPropertyInitializerOperation { Value: var value })
            {
                values.Add(value);
            }

            return values;
        }
    }

    /// <summary><c>{ get; } = …</c>, <c>{ get; private set; }</c>: a property that stores what is written to it.</summary>
    private static bool IsAutoProperty(IPropertySymbol property) =>
        property.GetMethod is { } getter && getter.DeclaringSyntaxReferences.Length == 1 &&
        getter.DeclaringSyntaxReferences[0].GetSyntax() is AccessorDeclarationSyntax { Body: null, ExpressionBody: null };

    /// <summary>
    /// Where a function given to a map computes a sigmoid of its element: a method group whose method returns one (its
    /// summary, or a library's <c>Sigmoid</c>/<c>Logistic</c>), or a lambda that returns one; null for any other function.
    /// </summary>
    private SyntaxNode? SigmoidFunction(IOperation function, LossContext context, int depth)
    {
        switch (function)
        {
            case IMethodReferenceOperation { Method: { Parameters.Length: 1 } mapped } reference when IsFloatingOrVector(mapped.ReturnType):
                if (OperationFacts.IsInSource(mapped))
                {
                    return mapped.IsAbstract || Summary(mapped, context, depth + 1) is not { Kind: ProbabilityKind.Sigmoid, IsVector: false } summary
                        ? null
                        : summary.Producer;
                }

                return LibraryHelperKind(mapped.Name) == ProbabilityKind.Sigmoid ? reference.Syntax : null;
            case IAnonymousFunctionOperation { Body.Operations: { Length: 1 } operations } when operations[0] is IReturnOperation { ReturnedValue: { } returned }:
                return Resolve(returned, context, depth + 1) is { Kind: ProbabilityKind.Sigmoid, IsVector: false } element ? element.Producer : null;
            default:
                return null;
        }
    }

    /// <summary>What a helper from another assembly computes by its unambiguous name (<c>Sigmoid</c>, <c>Logistic</c>,
    /// <c>Expit</c>; <c>Softmax</c>), or <see cref="ProbabilityKind.Unknown"/>.</summary>
    private static ProbabilityKind LibraryHelperKind(string name) => name switch
    {
        "Sigmoid" or "Logistic" or "Expit" => ProbabilityKind.Sigmoid,
        "Softmax" or "SoftMax" => ProbabilityKind.Softmax,
        _ => ProbabilityKind.Unknown,
    };

    /// <summary>
    /// The receiver of a TorchSharp tensor method that returns the same values reshaped, moved, detached or cast
    /// (<c>view</c>, <c>squeeze</c>, <c>to</c>, <c>detach</c>, …); null for any other call.
    /// </summary>
    private IOperation? SameValuesTensor(IInvocationOperation invocation) =>
        invocation.Instance is { } instance && symbols.Tensor is { } tensorType && invocation.TargetMethod.Name is
            "view" or "reshape" or "squeeze" or "unsqueeze" or "flatten" or "to" or "cpu" or "cuda" or "detach" or "contiguous" or
            "clone" or "view_as" or "reshape_as" or "expand_as" or "float" or "@double" &&
        SymbolEqualityComparer.Default.Equals(invocation.Type, tensorType) &&
        SymbolEqualityComparer.Default.Equals(instance.Type, tensorType)
            ? instance
            : null;

    /// <summary>
    /// The tensors <c>torch.cat</c>/<c>torch.stack</c> joins, when each is known: the elements of <c>new[] { a, b }</c>, or every
    /// value added to a local list (<c>parts.Add(p)</c>) that is otherwise only read whole (<c>parts.ToArray()</c>, <c>Count</c>);
    /// null for any other call or collection.
    /// </summary>
    private IReadOnlyList<IOperation>? JoinedTensors(IInvocationOperation invocation)
    {
        if (symbols.Torch is not { } torch || invocation.TargetMethod is not { IsStatic: true, Name: "cat" or "concat" or "concatenate" or "stack" } join ||
            !SymbolEqualityComparer.Default.Equals(join.ContainingType, torch) || invocation.Arguments.Length == 0)
        {
            return null;
        }

        var collection = OperationFacts.Strip(invocation.Arguments[0].Value);
        if (collection is IInvocationOperation { TargetMethod.Name: "ToArray" or "ToList" } copy)
        {
            collection = OperationFacts.Strip(copy.Instance ?? (copy.Arguments.Length == 1 ? copy.Arguments[0].Value : copy));
        }

        switch (collection)
        {
            case IArrayCreationOperation { Initializer.ElementValues: { Length: > 0 } elements }:
                return elements;
            case ILocalReferenceOperation { Local.Type: INamedTypeSymbol { Name: "List", Arity: 1 } } list:
                return AddedToList(list.Local, OperationFacts.MethodRoot(list));
            default:
                return null;
        }
    }

    /// <summary>The values added to a local list created empty, when nothing else writes into it; null otherwise.</summary>
    private static List<IOperation>? AddedToList(ILocalSymbol list, IOperation root)
    {
        var added = new List<IOperation>();
        foreach (var reference in Dataflow.ReferencesOf(list, root))
        {
            switch (reference.Parent)
            {
                case IVariableDeclaratorOperation:
                    continue;
                case IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1 } add when ReferenceEquals(add.Instance, reference):
                    added.Add(add.Arguments[0].Value);
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ToArray" or "Clear", Arguments.Length: 0 } read when ReferenceEquals(read.Instance, reference):
                case IPropertyReferenceOperation { Property.Name: "Count" }:
                    continue;
                default:
                    return null;
            }
        }

        return added.Count > 0 && IsOnlyCreatedEmpty(list, root) ? added : null;
    }

    /// <summary>Is the local's one write its creation, empty (<c>new List&lt;T&gt;()</c>, <c>new Dictionary&lt;K, V&gt;()</c>)?</summary>
    private static bool IsOnlyCreatedEmpty(ILocalSymbol collection, IOperation root) =>
        Dataflow.WritesTo(collection, root) is { Count: 1 } writes && writes[0].Value is { } created &&
        OperationFacts.Strip(created) is IObjectCreationOperation { Initializer: null };

    /// <summary>
    /// Every value stored into a local <c>Dictionary</c> created empty (<c>d[k] = v</c>, <c>d.Add(k, v)</c>), when the method
    /// otherwise only reads it (by key, <c>ContainsKey</c>, <c>TryGetValue</c>, <c>Count</c>); null for any other receiver
    /// or when the dictionary escapes.
    /// </summary>
    private static List<IOperation>? StoredInDictionary(IOperation receiver)
    {
        if (OperationFacts.Strip(receiver) is not ILocalReferenceOperation
            {
                Local: { Type: INamedTypeSymbol { Name: "Dictionary", Arity: 2, ContainingNamespace.Name: "Generic" } } dictionary,
            } read)
        {
            return null;
        }

        var root = OperationFacts.MethodRoot(read);
        var stored = new List<IOperation>();
        foreach (var reference in Dataflow.ReferencesOf(dictionary, root))
        {
            switch (reference.Parent)
            {
                case IPropertyReferenceOperation { Property.IsIndexer: true } entry when ReferenceEquals(entry.Instance, reference):
                    if (entry.Parent is ISimpleAssignmentOperation store && ReferenceEquals(store.Target, entry))
                    {
                        stored.Add(store.Value);
                    }
                    else if (entry.Parent is IAssignmentOperation or IIncrementOrDecrementOperation ||
                             entry.Parent is IArgumentOperation { Parameter.RefKind: not RefKind.None })
                    {
                        return null;
                    }

                    continue;
                case IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 2 } add when ReferenceEquals(add.Instance, reference):
                    stored.Add(add.Arguments[1].Value);
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ContainsKey" or "TryGetValue" or "Remove" or "Clear" } query when ReferenceEquals(query.Instance, reference):
                case IPropertyReferenceOperation { Property.Name: "Count" }:
                    continue;
                default:
                    return null;
            }
        }

        return stored.Count > 0 && IsOnlyCreatedEmpty(dictionary, root) ? stored : null;
    }

    /// <summary>Integer indices (or arrays of them), as an element getter takes.</summary>
    private static bool AreIndices(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            var type = OperationFacts.Strip(argument.Value).Type;
            if (type is IArrayTypeSymbol array)
            {
                type = array.ElementType;
            }

            if (type?.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The <c>forward</c> override of a TorchSharp module class of this compilation (one tensor in, one out).</summary>
    internal IMethodSymbol? UserForward(ITypeSymbol? type)
    {
        if (symbols.Tensor is null)
        {
            return null;
        }

        for (var t = type as INamedTypeSymbol; t is not null && OperationFacts.IsInSource(t); t = t.BaseType)
        {
            foreach (var member in t.GetMembers("forward"))
            {
                if (member is IMethodSymbol { IsOverride: true, Parameters.Length: 1 } forward)
                {
                    return forward;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The module class of this compilation that a receiver declared as a TorchSharp <c>Module</c> holds, when every write
    /// of the local, field or property creates that one class (<c>Policy = new PolicyNetwork(…)</c>); otherwise null. A
    /// member that subclasses can set is looked for in them too; read through <c>this</c>, a write in a subclass that is
    /// neither the reader's type nor one of its bases or subclasses (a sibling agent setting its own network) does not
    /// reach it.
    /// </summary>
    internal INamedTypeSymbol? CreatedModuleClass(IOperation receiver, int depth = 0)
    {
        if (receiver.Type is not INamedTypeSymbol { Name: "Module", ContainingAssembly.Name: "TorchSharp" } || depth > 3)
        {
            return null;
        }

        var stripped = OperationFacts.Strip(receiver);
        IReadOnlyList<IOperation>? values = null;
        INamedTypeSymbol? reader = null;
        ISymbol? member = null;
        switch (stripped)
        {
            case ILocalReferenceOperation local:
                values = Dataflow.ReachingValues(local.Local, stripped);
                break;
            case IParameterReferenceOperation { Parameter: var parameter }:
                // Train(Module<Tensor, Tensor> model, …) of a private method: the model every call of it passes
                return ModuleAtEveryCall(parameter, depth);
            case IFieldReferenceOperation { Field: var field } when OperationFacts.IsInSource(field):
                member = field;
                break;
            case IPropertyReferenceOperation { Property: { Parameters.Length: 0 } property } when OperationFacts.IsInSource(property):
                member = property;
                break;
            default:
                return null;
        }

        if (member is not null)
        {
            var writes = Dataflow.ArrayWritesTo(member, ModuleMemberRoots(member));
            if (writes.Unknown)
            {
                return null;
            }

            values = writes.Whole;
            if (stripped is IMemberReferenceOperation { Instance: IInstanceReferenceOperation })
            {
                reader = ContainingTypeOf(stripped);
            }
        }

        if (values is not { Count: > 0 })
        {
            return null;
        }

        INamedTypeSymbol? created = null;
        foreach (var value in values)
        {
            var creation = OperationFacts.Strip(value);
            if (IsNoValueYet(creation) ||
                reader is not null && member is not null && IsSiblingWrite(ContainingTypeOf(creation), reader, member.ContainingType))
            {
                continue;
            }

            if (creation is not IObjectCreationOperation { Type: INamedTypeSymbol type } || !OperationFacts.IsInSource(type) ||
                created is not null && !SymbolEqualityComparer.Default.Equals(created, type))
            {
                return null;
            }

            created = type;
        }

        return created;
    }

    /// <summary>
    /// An interface or abstract method of this compilation called (<c>INetModel.Forward</c>): the one kind every implementation
    /// in the compilation returns (three nets each ending in a sigmoid), or null when one returns something else or there
    /// is none. The logits stay inside each implementation, so none is offered to a fix (or named in a message).
    /// </summary>
    private ValueSource? FromImplementations(IInvocationOperation invocation, IMethodSymbol method, LossContext context, int depth)
    {
        ValueSource? merged = null;
        foreach (var implementation in ImplementationsOf(method))
        {
            if (BodyOf(implementation) is null || Summary(implementation, context, depth) is not { } summary ||
                merged is not null && (summary.Kind != merged.Kind || summary.IsVector != merged.IsVector || summary.IsModule != merged.IsModule))
            {
                return null;
            }

            merged ??= summary.IsModule ? summary : new ValueSource(summary.Kind, summary.Producer, logits: null, summary.IsVector);
        }

        return merged;
    }

    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<IMethodSymbol>> implementations = new(SymbolEqualityComparer.Default);

    /// <summary>The methods of this compilation's classes that implement or override <paramref name="method"/> (cached).</summary>
    private ImmutableArray<IMethodSymbol> ImplementationsOf(IMethodSymbol method) =>
        implementations.GetOrAdd(method, m =>
        {
            var found = ImmutableArray.CreateBuilder<IMethodSymbol>();
            var definition = m.OriginalDefinition;
            foreach (var type in SourceClasses())
            {
                if (type.IsAbstract)
                {
                    continue;
                }

                var implementation = definition.ContainingType.TypeKind == TypeKind.Interface
                    ? type.FindImplementationForInterfaceMember(definition) as IMethodSymbol
                    : OverrideIn(type, definition);
                if (implementation is not null && !implementation.IsAbstract && OperationFacts.IsInSource(implementation) &&
                    !found.Contains(implementation, SymbolEqualityComparer.Default))
                {
                    found.Add(implementation);
                }
            }

            return found.ToImmutable();
        });

    /// <summary>The override of an abstract method that a class inherits or declares (the most derived one).</summary>
    private static IMethodSymbol? OverrideIn(INamedTypeSymbol type, IMethodSymbol abstractMethod)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var member in t.GetMembers(abstractMethod.Name))
            {
                for (var overridden = (member as IMethodSymbol)?.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, abstractMethod))
                    {
                        return (IMethodSymbol)member;
                    }
                }
            }
        }

        return null;
    }

    private ImmutableArray<INamedTypeSymbol> sourceClasses;

    /// <summary>Every class declared in this compilation, nested ones included (walked once, on the first abstract call asked about).</summary>
    private ImmutableArray<INamedTypeSymbol> SourceClasses()
    {
        if (!sourceClasses.IsDefault)
        {
            return sourceClasses;
        }

        var classes = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(symbols.Compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            foreach (var member in pending.Pop().GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    pending.Push(ns);
                }
                else if (member is INamedTypeSymbol type)
                {
                    if (type.TypeKind is TypeKind.Class or TypeKind.Struct)
                    {
                        classes.Add(type);
                    }

                    pending.Push(type);
                }
            }
        }

        var all = classes.ToImmutable();
        ImmutableInterlocked.InterlockedInitialize(ref sourceClasses, all);
        return sourceClasses;
    }

    /// <summary>
    /// The module class every call of a private method passes for <paramref name="parameter"/> (<c>Train(model, …)</c> called
    /// from <c>Main</c> with <c>new Net()</c> or a local holding one); null when a call passes another class or something
    /// unknown (see <see cref="CallSites"/>).
    /// </summary>
    private INamedTypeSymbol? ModuleAtEveryCall(IParameterSymbol parameter, int depth)
    {
        INamedTypeSymbol? created = null;
        foreach (var argument in CallSites.ArgumentsOf(parameter, symbols) ?? Array.Empty<IOperation>())
        {
            var passed = CreatedClass(argument) ?? CreatedModuleClass(argument, depth + 1);
            if (passed is null || created is not null && !SymbolEqualityComparer.Default.Equals(created, passed))
            {
                return null;
            }

            created = passed;
        }

        return created;
    }

    /// <summary>The class of this compilation created for the value: <c>new Net()</c>, or a local every value of which is one.</summary>
    private static INamedTypeSymbol? CreatedClass(IOperation value)
    {
        var stripped = OperationFacts.Strip(value);
        IReadOnlyList<IOperation>? values = stripped is ILocalReferenceOperation local ? Dataflow.ReachingValues(local.Local, stripped) : new[] { stripped };
        INamedTypeSymbol? created = null;
        foreach (var candidate in values ?? Array.Empty<IOperation>())
        {
            if (OperationFacts.Strip(candidate) is not IObjectCreationOperation { Type: INamedTypeSymbol type } || !OperationFacts.IsInSource(type) ||
                created is not null && !SymbolEqualityComparer.Default.Equals(created, type))
            {
                return null;
            }

            created = type;
        }

        return created;
    }

    private static INamedTypeSymbol? ContainingTypeOf(IOperation operation) =>
        operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) is { } symbol
            ? symbol as INamedTypeSymbol ?? symbol.ContainingType
            : null;

    /// <summary>Is the writer a subclass of the member's type unrelated to the reader (neither derives from the other)?</summary>
    private static bool IsSiblingWrite(INamedTypeSymbol? writer, INamedTypeSymbol reader, INamedTypeSymbol? declaring) =>
        declaring is not null && writer is not null && !SymbolEqualityComparer.Default.Equals(writer, declaring) && DerivesFrom(writer, declaring) &&
        !DerivesFrom(writer, reader) && !DerivesFrom(reader, writer);

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol ancestor)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, ancestor.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private readonly ConcurrentDictionary<ISymbol, ImmutableArray<IOperation>> moduleMemberRoots = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// <see cref="RootsOf"/>, and for a member a subclass can set (a protected or wider setter, a field that is neither
    /// private nor read-only) the bodies of the subclasses of this compilation that may write it.
    /// </summary>
    private ImmutableArray<IOperation> ModuleMemberRoots(ISymbol member)
    {
        var settableOutside = member switch
        {
            IFieldSymbol field => !field.IsReadOnly && field.DeclaredAccessibility != Accessibility.Private,
            IPropertySymbol property => property.SetMethod is { DeclaredAccessibility: not Accessibility.Private },
            _ => false,
        };
        if (!settableOutside || member.ContainingType is not { } declaring)
        {
            return RootsOf(member);
        }

        return moduleMemberRoots.GetOrAdd(member, m =>
        {
            var roots = ImmutableArray.CreateBuilder<IOperation>();
            AddRootsIn(WithSubclassDeclarations(declaring), m, roots);
            return roots.ToImmutable();
        });
    }

    private readonly ConcurrentDictionary<INamedTypeSymbol, ImmutableArray<SyntaxReference>> subclassDeclarations = new(SymbolEqualityComparer.Default);

    /// <summary>The declarations of a class and of every class of this compilation derived from it (cached per class).</summary>
    private ImmutableArray<SyntaxReference> WithSubclassDeclarations(INamedTypeSymbol type) =>
        subclassDeclarations.GetOrAdd(type, t =>
        {
            var declarations = ImmutableArray.CreateBuilder<SyntaxReference>();
            declarations.AddRange(t.DeclaringSyntaxReferences);
            foreach (var tree in symbols.Compilation.SyntaxTrees)
            {
                if (SemanticModelFor(tree) is not { } model)
                {
                    continue;
                }

                foreach (var node in tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
                {
                    if (node is ClassDeclarationSyntax { BaseList: not null } declaration && model.GetDeclaredSymbol(declaration) is INamedTypeSymbol derived &&
                        !SymbolEqualityComparer.Default.Equals(derived, t) && DerivesFrom(derived, t))
                    {
                        declarations.Add(declaration.GetReference());
                    }
                }
            }

            return declarations.ToImmutable();
        });

    private readonly ConcurrentDictionary<ISymbol, Box<SyntaxNode?>> samplers = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Where the code samples from the output of a module held in <paramref name="member"/> as from a distribution —
    /// <c>torch.multinomial(member.forward(s), n)</c>, <c>member.forward(s).squeeze(0).multinomial(n)</c>,
    /// <c>distributions.Categorical(member.forward(s))</c> (its <c>probs</c>), through locals — in the member's type or a
    /// subclass; null when it does not. Cached per member.
    /// </summary>
    private SyntaxNode? SampledFrom(ISymbol member)
    {
        if (symbols.Tensor is null || member.ContainingType is not { } declaring)
        {
            return null;
        }

        return samplers.GetOrAdd(member, m =>
        {
            foreach (var declaration in WithSubclassDeclarations(declaring))
            {
                var syntax = declaration.GetSyntax();
                var text = TypeText(declaration);
                if (text.IndexOf(m.Name, StringComparison.Ordinal) < 0 ||
                    text.IndexOf("multinomial", StringComparison.Ordinal) < 0 && text.IndexOf("Categorical", StringComparison.Ordinal) < 0 ||
                    SemanticModelFor(syntax.SyntaxTree) is not { } model)
                {
                    continue;
                }

                foreach (var node in syntax.DescendantNodes())
                {
                    if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax or IdentifierNameSyntax } candidate &&
                        candidate.Expression.ToString() is var callee &&
                        (callee.EndsWith("multinomial", StringComparison.Ordinal) || callee.EndsWith("Categorical", StringComparison.Ordinal)) &&
                        model.GetOperation(candidate) is IInvocationOperation sampling &&
                        SampledOperand(sampling) is { } distribution && IsForwardOf(distribution, m, depth: 0))
                    {
                        return new Box<SyntaxNode?>(candidate);
                    }
                }
            }

            return new Box<SyntaxNode?>(null);
        }).Value;
    }

    /// <summary>The tensor a sampling call draws from: multinomial's input (or receiver), Categorical's <c>probs</c>.</summary>
    private IOperation? SampledOperand(IInvocationOperation sampling)
    {
        if (sampling.TargetMethod.ContainingAssembly?.Name != "TorchSharp")
        {
            return null;
        }

        if (sampling.TargetMethod.Name == "multinomial")
        {
            return sampling.Instance ?? OperationFacts.Argument(sampling.Arguments, 0);
        }

        foreach (var argument in sampling.Arguments)
        {
            if (argument.Parameter?.Name == "probs" && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>Is the value <c>member.forward(…)</c>/<c>member.call(…)</c>, also reshaped or moved, or a local holding that?</summary>
    private bool IsForwardOf(IOperation value, ISymbol member, int depth)
    {
        var stripped = OperationFacts.Strip(value);
        if (depth > 4)
        {
            return false;
        }

        if (stripped is ILocalReferenceOperation local)
        {
            return Dataflow.ReachingValues(local.Local, local) is { Count: 1 } values && IsForwardOf(values[0], member, depth + 1);
        }

        if (stripped is not IInvocationOperation call)
        {
            return false;
        }

        if (SameValuesTensor(call) is { } reshaped)
        {
            return IsForwardOf(reshaped, member, depth + 1);
        }

        return call.TargetMethod.Name is "forward" or "call" && call.Instance is { } instance &&
               SymbolEqualityComparer.Default.Equals(OperationFacts.ReferencedSymbol(instance), member);
    }

    private ProbabilityKind? IsTorchSequentialCall(IInvocationOperation invocation, out IOperation? lastModule)
    {
        lastModule = SequentialLastModule(invocation);
        if (lastModule?.Type is not { } lastType)
        {
            lastModule = null;
            return null;
        }

        if (SymbolEqualityComparer.Default.Equals(lastType, symbols.SigmoidModule))
        {
            return ProbabilityKind.Sigmoid;
        }

        return SymbolEqualityComparer.Default.Equals(lastType, symbols.SoftmaxModule) ? ProbabilityKind.Softmax : null;
    }

    /// <summary>
    /// For <c>seq.forward(x)</c>/<c>seq.call(x)</c> on a TorchSharp <c>Sequential</c> whose one creation is visible (a local
    /// or a field written once with <c>nn.Sequential(...)</c>): the creation of its last module; otherwise null.
    /// </summary>
    internal IOperation? SequentialLastModule(IInvocationOperation invocation)
    {
        if (symbols.SequentialModule is null || invocation.TargetMethod.Name is not ("forward" or "call") ||
            invocation.Instance is not { } receiver ||
            !SymbolEqualityComparer.Default.Equals(receiver.Type, symbols.SequentialModule) &&
            !SymbolEqualityComparer.Default.Equals(TorchModules.CreatedType(receiver, symbols), symbols.SequentialModule))
        {
            return null;
        }

        // follow the receiver to `nn.Sequential(..., nn.Sigmoid())`
        var creation = OperationFacts.Strip(receiver);
        if (creation is ILocalReferenceOperation local &&
            Dataflow.ReachingValues(local.Local, creation) is { Count: 1 } values)
        {
            creation = OperationFacts.Strip(values[0]);
        }
        else if (creation is IFieldReferenceOperation field &&
                 Dataflow.ArrayWritesTo(field.Field, RootsOf(field.Field)) is { Whole.Count: 1 } fieldWrites)
        {
            creation = OperationFacts.Strip(fieldWrites.Whole[0]);
        }

        return creation is IInvocationOperation { TargetMethod.Name: "Sequential" } sequential && sequential.Arguments.Length > 0
            ? LastModule(sequential)
            : null;
    }

    /// <summary>
    /// The last module of an <c>nn.Sequential(...)</c> that changes values: trailing shape-only modules (<c>Flatten()</c>,
    /// <c>Unflatten</c>, <c>Identity()</c>) pass the previous module's output on unchanged, so <c>…, Sigmoid(), Flatten()</c>
    /// ends in the sigmoid.
    /// </summary>
    private static IOperation? LastModule(IInvocationOperation sequential)
    {
        var arguments = sequential.Arguments;
        var modules = new List<IOperation>(arguments.Length);
        foreach (var argument in arguments)
        {
            var value = OperationFacts.Strip(argument.Value);
            if (value is ILocalReferenceOperation list && arguments.Length == 1)
            {
                // Sequential(layers) with `var layers = new List<(string, Module<Tensor, Tensor>)> { … }` (or an array)
                // written once and not added to later
                if (Dataflow.ReachingValues(list.Local, value) is not { Count: 1 } written || IsAddedTo(list.Local, value))
                {
                    return null;
                }

                value = OperationFacts.Strip(written[0]);
            }

            if (value is IArrayCreationOperation { Initializer.ElementValues: var elements })
            {
                foreach (var element in elements)
                {
                    modules.Add(OperationFacts.Strip(element));
                }
            }
            else if (value is IObjectCreationOperation { Initializer.Initializers: var initializers } && value.Type?.Name == "List")
            {
                foreach (var initializer in initializers)
                {
                    if (initializer is not IInvocationOperation { Arguments.Length: 1 } add)
                    {
                        return null;
                    }

                    modules.Add(OperationFacts.Strip(add.Arguments[0].Value));
                }
            }
            else
            {
                modules.Add(value);
            }
        }

        for (var i = modules.Count - 1; i >= 0; i--)
        {
            var module = modules[i] is ITupleOperation { Elements.Length: 2 } tuple ? OperationFacts.Strip(tuple.Elements[1]) : modules[i];
            if (i > 0 && module.Type is { Name: "Flatten" or "Unflatten" or "Identity", ContainingAssembly.Name: "TorchSharp" })
            {
                continue;
            }

            return module;
        }

        return null;
    }

    /// <summary>Is a method called on the local anywhere in its body (<c>layers.Add(…)</c>, <c>layers.Insert(…)</c>)?</summary>
    private static bool IsAddedTo(ILocalSymbol local, IOperation use)
    {
        foreach (var operation in OperationFacts.Descendants(OperationFacts.Root(use)))
        {
            if (operation is IInvocationOperation { Instance: ILocalReferenceOperation receiver } &&
                SymbolEqualityComparer.Default.Equals(receiver.Local, local))
            {
                return true;
            }
        }

        return false;
    }

    private static ValueSource? Instantiate(ValueSource? summary, SyntaxNode site, IOperation? receiverOperation, IMethodSymbol method,
        ImmutableArray<IArgumentOperation> arguments)
    {
        if (summary is null)
        {
            return null;
        }

        if (summary.IsModule)
        {
            // a model whose forward ends in a Sequential's Sigmoid()/Softmax(): the module is where the probability is made
            return summary;
        }

        // where the method makes the value: its activation, or its call of the helper that does (named, not the helper)
        var origin = summary.Producer;
        var logits = summary.Logits;
        if (logits is not null)
        {
            var receiver = receiverOperation is { } instance && instance is not IInstanceReferenceOperation
                ? LogitTemplate.From(instance)
                : null;
            // every parameter of the method in the logits needs an argument to stand for it (checked now: the
            // substitution itself is done only if a fix asks for the text), none may be a local of the method (it
            // exists only inside it) and every member must be accessible at the call (a model's private layer): else
            // neither a fix nor a message can name the logits there
            var model = receiverOperation?.SemanticModel ?? (arguments.Length > 0 ? arguments[0].SemanticModel : null);
            foreach (var symbol in logits.Expected)
            {
                if (symbol is IParameterSymbol parameter && IsParameterOf(parameter, method) &&
                    (ArgumentFor(parameter, arguments) is not { } value || LogitTemplate.From(value) is null) ||
                    symbol is ILocalSymbol local && IsWithin(local, method) ||
                    symbol is IFieldSymbol or IPropertySymbol or IMethodSymbol { MethodKind: not MethodKind.LocalFunction } &&
                    model is not null && model.SyntaxTree == site.SyntaxTree && !model.IsAccessible(site.SpanStart, symbol))
                {
                    return new ValueSource(summary.Kind, site, logits: null, summary.IsVector, origin: origin, madeIn: method);
                }
            }

            logits = logits.Substitute(symbol =>
            {
                if (symbol is IParameterSymbol parameter && IsParameterOf(parameter, method))
                {
                    return ArgumentFor(parameter, arguments) is { } value ? LogitTemplate.From(value) : null;
                }

                if (receiver is not null && !symbol.IsStatic && symbol is IFieldSymbol or IPropertySymbol or IMethodSymbol &&
                    SymbolEqualityComparer.Default.Equals(symbol.ContainingType, method.ContainingType))
                {
                    return LogitTemplate.MemberOf(receiver, symbol);
                }

                return null;
            });
        }

        return new ValueSource(summary.Kind, site, logits, summary.IsVector, origin: origin, madeIn: method);
    }

    /// <summary>Is <paramref name="symbol"/> declared inside <paramref name="method"/> (its body, a lambda or local function in it)?</summary>
    private static bool IsWithin(ISymbol symbol, IMethodSymbol method)
    {
        for (var container = symbol.ContainingSymbol; container is IMethodSymbol; container = container.ContainingSymbol)
        {
            if (SymbolEqualityComparer.Default.Equals(container, method))
            {
                return true;
            }
        }

        return false;
    }

    private readonly ConcurrentDictionary<ISymbol, bool> probabilityWritable = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Could a write to the member make a probability? Read from the text of the type's declarations: an assignment to
    /// the member (or an element of it) whose right side mentions an exp, a sigmoid, a softmax, a logistic, a division or a
    /// prediction (Predict, Forward, Prob…), or a write through <c>ref</c>/<c>out</c>/a span fill (answered yes: the
    /// binding decides). No binding. A field written only from other calls is not followed.
    /// </summary>
    private bool MayBeWrittenWithProbability(ISymbol member, INamedTypeSymbol type) =>
        probabilityWritable.GetOrAdd(member, m =>
        {
            var name = m.Name;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var text = TypeText(reference);
                for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
                {
                    var before = at > 0 ? text[at - 1] : ' ';
                    var after = at + name.Length < text.Length ? text[at + name.Length] : ' ';
                    if (char.IsLetterOrDigit(before) || before == '_' || char.IsLetterOrDigit(after) || after == '_')
                    {
                        continue;
                    }

                    // ref name, out name, name.AsSpan(), CopyTo(name): some other write the text cannot judge
                    var prefix = text.Substring(Math.Max(0, at - 5), Math.Min(5, at));
                    if (prefix.EndsWith("ref ", StringComparison.Ordinal) || prefix.EndsWith("out ", StringComparison.Ordinal) ||
                        text.IndexOf(".AsSpan", at, Math.Min(8, text.Length - at), StringComparison.Ordinal) == at + name.Length)
                    {
                        return true;
                    }

                    // skip an element index: name[...] =
                    var i = at + name.Length;
                    while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
                    if (i < text.Length && text[i] == '[')
                    {
                        var depthOfBrackets = 0;
                        for (; i < text.Length; i++)
                        {
                            if (text[i] == '[') depthOfBrackets++;
                            else if (text[i] == ']' && --depthOfBrackets == 0) { i++; break; }
                        }

                        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
                    }

                    var isAssignment = i + 1 < text.Length && (text[i] == '=' && text[i + 1] != '=' ||
                                                                text[i + 1] == '=' && text[i] is '+' or '-' or '*' or '/');
                    if (!isAssignment)
                    {
                        continue;
                    }

                    var end = text.IndexOf(';', i);
                    var right = end < 0 ? text.Substring(i) : text.Substring(i, end - i);
                    if (right.IndexOf("xp", StringComparison.Ordinal) >= 0 || right.IndexOf("igmoid", StringComparison.Ordinal) >= 0 ||
                        right.IndexOf("oftmax", StringComparison.OrdinalIgnoreCase) >= 0 || right.IndexOf("ogistic", StringComparison.Ordinal) >= 0 ||
                        right.IndexOf('/') >= 0 || right.IndexOf("Predict", StringComparison.OrdinalIgnoreCase) >= 0 ||
                        right.IndexOf("Forward", StringComparison.OrdinalIgnoreCase) >= 0 || right.IndexOf("Prob", StringComparison.Ordinal) >= 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        });

    private static bool IsParameterOf(IParameterSymbol parameter, IMethodSymbol method) =>
        SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method.OriginalDefinition);

    private static IOperation? ArgumentFor(IParameterSymbol parameter, ImmutableArray<IArgumentOperation> arguments) =>
        OperationFacts.Argument(arguments, parameter.Ordinal);

    /// <summary>
    /// What a method of this compilation returns, cached by the method and the loss-context options it was computed with
    /// (names decide some answers). An answer cut short — by the depth budget, or by a recursion into a method whose
    /// summary is being computed — depends on the caller and is not cached: the next caller computes it again.
    /// </summary>
    private ValueSource? Summary(IMethodSymbol method, LossContext context, int depth)
    {
        method = method.OriginalDefinition;
        var key = new SummaryKey(method, context);
        if (summaries.TryGetValue(key, out var cached))
        {
            return cached.Value;
        }

        inProgress ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        if (!inProgress.Add(method))
        {
            answerCut = true;
            return null;
        }

        var outerCut = answerCut;
        answerCut = false;
        try
        {
            var result = ComputeSummary(method, context, depth);
            if (!answerCut)
            {
                summaries.TryAdd(key, new Box<ValueSource?>(result));
            }

            return result;
        }
        finally
        {
            inProgress.Remove(method);
            answerCut |= outerCut;
        }
    }

    /// <summary>Set when an answer under computation was cut short (depth budget, recursion); per thread.</summary>
    [ThreadStatic]
    private static bool answerCut;

    private readonly struct SummaryKey : IEquatable<SummaryKey>
    {
        public SummaryKey(IMethodSymbol method, LossContext context)
        {
            Method = method;
            Context = context;
        }

        public IMethodSymbol Method { get; }

        public LossContext Context { get; }

        public bool Equals(SummaryKey other) =>
            SymbolEqualityComparer.Default.Equals(Method, other.Method) && ReferenceEquals(Context, other.Context);

        public override bool Equals(object? obj) => obj is SummaryKey other && Equals(other);

        public override int GetHashCode() =>
            SymbolEqualityComparer.Default.GetHashCode(Method) * 31 + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Context);
    }

    private ValueSource? ComputeSummary(IMethodSymbol method, LossContext context, int depth)
    {
        var body = BodyOf(method);
        if (body is null)
        {
            return null;
        }

        ValueSource? result = null;
        string? logitsText = null;
        var returns = 0;
        foreach (var operation in OperationFacts.Descendants(body, intoFunctions: false))
        {
            if (operation is not IReturnOperation { ReturnedValue: { } returned })
            {
                continue;
            }

            returns++;
            var source = Resolve(returned, context, depth + 1);
            if (source is null || (result is not null && (source.Kind != result.Kind || source.IsVector != result.IsVector)))
            {
                return null;
            }

            if (result is null)
            {
                result = source;
                logitsText = source.Logits?.Key;
            }
            else if (source.Logits?.Key != logitsText)
            {
                result = result.WithLogits(null);
            }
        }

        return returns == 0 ? null : result;
    }

    /// <summary>
    /// Does some return of <paramref name="method"/> (an arm of a switch or conditional it returns included) give a sigmoid or
    /// softmax output? A helper that picks its activation at run time (<c>Activate(kind, x) =&gt; kind switch { Sigmoid =&gt;
    /// 1 / (1 + Exp(-x)), … }</c>) has no one answer, yet on that path it does not keep its value away from 0 and 1.
    /// </summary>
    public bool MayReturnActivation(IMethodSymbol method, LossContext context)
    {
        if (BodyOf(method) is not { } body)
        {
            return false;
        }

        // (the method's own returns: a lambda's inside it returns to its caller, not the method's)
        foreach (var operation in OperationFacts.Descendants(body, intoFunctions: false))
        {
            if (operation is IReturnOperation { ReturnedValue: { } returned } && AnyArmIsActivation(returned, context))
            {
                return true;
            }
        }

        return false;
    }

    private bool AnyArmIsActivation(IOperation value, LossContext context)
    {
        switch (OperationFacts.Strip(value))
        {
            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                {
                    if (AnyArmIsActivation(arm.Value, context))
                    {
                        return true;
                    }
                }

                return false;
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return AnyArmIsActivation(conditional.WhenTrue, context) || AnyArmIsActivation(whenFalse, context);
            case var leaf:
                // (a clamped sigmoid is kept away from 0 and 1: that arm is guarded)
                return ReferenceEquals(OperationFacts.StripGuards(leaf), leaf) &&
                       Resolve(leaf, context) is { Kind: ProbabilityKind.Sigmoid or ProbabilityKind.Softmax };
        }
    }

    internal IOperation? BodyOf(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            if (syntax is not (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax))
            {
                continue;
            }

            var model = SemanticModelFor(syntax.SyntaxTree);
            if (model?.GetOperation(syntax) is { } operation)
            {
                return operation;
            }
        }

        return null;
    }

#pragma warning disable RS1030 // Interprocedural summaries need the bodies of other methods; each is computed once and cached.
    private SemanticModel? SemanticModelFor(SyntaxTree tree) =>
        symbols.Compilation.ContainsSyntaxTree(tree) ? symbols.Compilation.GetSemanticModel(tree) : null;
#pragma warning restore RS1030

    private ValueSource? FromDivision(IBinaryOperation division, LossContext context, int depth) =>
        FromDivision(division, division.LeftOperand, division.RightOperand, context, depth);

    /// <summary>
    /// What <paramref name="division"/> (<c>a / b</c>, or a numeric-operations object's <c>NumOps.Divide(a, b)</c>) of
    /// <paramref name="dividend"/> by <paramref name="divisor"/> is: a sigmoid, a softmax element, a normalised count.
    /// </summary>
    private ValueSource? FromDivision(IOperation division, IOperation dividend, IOperation divisor, LossContext context, int depth)
    {
        var numerator = OperationFacts.Strip(dividend);
        var denominator = OperationFacts.Strip(divisor);

        // 1 / (1 + exp(-z)), also with the denominator in a local (var d = 1 + v.Multiply(-1).PointwiseExp(); 1 / d)
        if (OperationFacts.IsOne(numerator) && OnePlus(Dataflow.InitialValue(denominator, steps: 1)) is { } plus && ExpOperand(plus, followLocals: true) is { } exponent &&
            OperationFacts.IsNegation(exponent, out var z))
        {
            return new ValueSource(ProbabilityKind.Sigmoid, division.Syntax, LogitTemplate.From(z), IsVectorType(division.Type));
        }

        // exp(z) / (1 + exp(z))
        if (OnePlus(denominator) is { } plus2 && ExpOperand(numerator, followLocals: true) is { } top && ExpOperand(plus2, followLocals: true) is { } bottom &&
            OperationFacts.SameValue(top, bottom))
        {
            return new ValueSource(ProbabilityKind.Sigmoid, division.Syntax, LogitTemplate.From(top), IsVectorType(division.Type));
        }

        // exp(z_k - m) / sum_j exp(z_j - m)
        if (ExpOperand(numerator) is { } softmaxArgument && IsSumOfExponentials(denominator))
        {
            return new ValueSource(ProbabilityKind.Softmax, division.Syntax, LogitTemplate.From(LogitVectorOf(softmaxArgument)), isVector: false);
        }

        // a / Σ is a probability only when the sum contains a: a count over the total of the same counts, not an odds
        // ratio (1 − e) / e, a ratio of two sums y1 / y0, or a pooled variance
        if (IsSumContaining(denominator, numerator))
        {
            return new ValueSource(ProbabilityKind.Normalized, division.Syntax, logits: null, isVector: false);
        }

        return null;
    }

    /// <summary>
    /// For the sigmoid written with the hyperbolic tangent — <c>0.5 * (1 + Tanh(z / 2))</c>, <c>(1 + Tanh(0.5 * z)) / 2</c>, in
    /// any order of the factors — its logit <c>z</c>; null otherwise (also for <c>Tanh(a)</c> whose argument is not half of
    /// something: that is σ(2a), whose logit is not written anywhere).
    /// </summary>
    private static IOperation? TanhFormLogit(IBinaryOperation halved)
    {
        IOperation? onePlusTanh = null;
        var left = OperationFacts.Strip(halved.LeftOperand);
        var right = OperationFacts.Strip(halved.RightOperand);
        if (halved.OperatorKind == BinaryOperatorKind.Multiply)
        {
            onePlusTanh = OperationFacts.IsConstant(left, 0.5) ? right : OperationFacts.IsConstant(right, 0.5) ? left : null;
        }
        else if (OperationFacts.IsConstant(right, 2))
        {
            onePlusTanh = left;
        }

        return onePlusTanh is not null && OnePlus(OperationFacts.Strip(onePlusTanh)) is { } tanh &&
               OperationFacts.Strip(tanh) is IInvocationOperation { TargetMethod.Name: "Tanh", Arguments.Length: 1, TargetMethod.ContainingType.SpecialType: var owner } call &&
               (owner is SpecialType.System_Double or SpecialType.System_Single || call.TargetMethod.ContainingType.Name is "Math" or "MathF") &&
               call.TargetMethod.ContainingNamespace?.Name == "System"
            ? HalfOf(OperationFacts.Strip(call.Arguments[0].Value))
            : null;

        static IOperation? HalfOf(IOperation argument) => argument switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } divided when OperationFacts.IsConstant(divided.RightOperand, 2) => divided.LeftOperand,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } scaled when OperationFacts.IsConstant(scaled.LeftOperand, 0.5) => scaled.RightOperand,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } scaled when OperationFacts.IsConstant(scaled.RightOperand, 0.5) => scaled.LeftOperand,
            _ => null,
        };
    }

    /// <summary>For <c>exp(z[k] - max)</c>, the vector <c>z</c>.</summary>
    private static IOperation? LogitVectorOf(IOperation exponent)
    {
        var e = OperationFacts.Strip(exponent);
        if (e is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } shifted)
        {
            e = OperationFacts.Strip(shifted.LeftOperand);
        }

        return e switch
        {
            IArrayElementReferenceOperation element => element.ArrayReference,
            IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } => instance,
            _ => null,
        };
    }

    /// <summary>For <c>1 + x</c> (also <c>NumOps.Add(NumOps.One, x)</c>, a tensor's <c>Add</c>), x.</summary>
    private static IOperation? OnePlus(IOperation operation) =>
        OperationFacts.Elementwise(operation, out var kind, out var left, out var right) && kind == BinaryOperatorKind.Add
            ? OperationFacts.IsOne(left) ? right
            : OperationFacts.IsOne(right) ? left : null
            : null;

    /// <summary>
    /// If the operation is exp(x) in any API (also <c>Math.Pow(Math.E, x)</c>, an own one-argument <c>Exp</c>/<c>exp</c>
    /// helper whose body returns the exp of its parameter, or one from another assembly named so), returns x. With
    /// <paramref name="followLocals"/>, a local whose only value is such a call counts too
    /// (<c>var e = Math.Exp(z); … Math.Log(1 + e)</c>).
    /// </summary>
    public IOperation? ExpOperand(IOperation operation, bool followLocals = false)
    {
        var stripped = OperationFacts.Strip(operation);
        for (var step = 0; followLocals && step < 3 && stripped is ILocalReferenceOperation local; step++)
        {
            if (Dataflow.IsForEachVariable(local.Local) || Dataflow.ReachingValues(local.Local, stripped) is not { Count: 1 } values)
            {
                return null;
            }

            stripped = OperationFacts.Strip(values[0]);
        }

        if (stripped is not IInvocationOperation invocation)
        {
            return null;
        }

        var call = MathApi.Classify(invocation, symbols);
        if (call.Function == MathFunction.Exp && !call.IsSpanForm)
        {
            return call.Operand;
        }

        if (MathApi.IsPowOfE(invocation, symbols, out var exponent))
        {
            return exponent;
        }

        return !call.IsValid && IsExpHelper(invocation.TargetMethod) && invocation.Arguments.Length == 1 ? invocation.Arguments[0].Value : null;
    }

    private readonly ConcurrentDictionary<IMethodSymbol, bool> expHelpers = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// A one-argument floating-point method of this compilation that is exp: its body only returns the exp of its parameter
    /// (<c>double exp(double x) => Math.Exp(x);</c>; a clamped or capped one is not). One of another assembly named
    /// <c>Exp</c>/<c>exp</c> is classified by <see cref="MathApi"/> (a project's own API).
    /// </summary>
    private bool IsExpHelper(IMethodSymbol method)
    {
        if (method.Name is not ("Exp" or "exp") || method.Parameters.Length != 1 ||
            method.ReturnType.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single))
        {
            return false;
        }

        // one of another assembly (no body here) is MathApi's own-API Exp already; only a body of this compilation is read
        if (!OperationFacts.IsInSource(method))
        {
            return false;
        }

        return expHelpers.GetOrAdd(method, m =>
        {
            if (BodyOf(m) is not { } body || ReturnedValue(body) is not { } returned ||
                OperationFacts.Strip(returned) is not IInvocationOperation inner || ReferenceEquals(inner.TargetMethod, m))
            {
                return false;
            }

            var call = MathApi.Classify(inner, symbols);
            return call.Function == MathFunction.Exp && call.Operand is { } operand &&
                   OperationFacts.Strip(operand) is IParameterReferenceOperation parameter &&
                   SymbolEqualityComparer.Default.Equals(parameter.Parameter, m.Parameters[0]);
        });
    }

    /// <summary>The value of a body that is a single return (block or expression body), or null.</summary>
    private static IOperation? ReturnedValue(IOperation body)
    {
        var block = body is IMethodBodyOperation methodBody ? methodBody.BlockBody ?? methodBody.ExpressionBody : body as IBlockOperation;
        return block is { Operations.Length: 1 } && block.Operations[0] is IReturnOperation { ReturnedValue: { } value } ? value : null;
    }

    /// <summary>A local accumulated with <c>+= exp(...)</c>, or a <c>Sum</c> of exponentials.</summary>
    private bool IsSumOfExponentials(IOperation denominator)
    {
        if (denominator is ILocalReferenceOperation local)
        {
            var additions = Dataflow.CompoundAdditionsTo(local.Local, denominator);
            foreach (var value in additions)
            {
                if (ExpOperand(value) is null && !IsExponentialElement(value))
                {
                    return false;
                }
            }

            return additions.Count > 0;
        }

        return false;
    }

    private bool IsExponentialElement(IOperation value)
    {
        var stripped = OperationFacts.Strip(value);
        if (stripped is not IArrayElementReferenceOperation element || OperationFacts.ReferencedSymbol(element.ArrayReference) is not { } array)
        {
            return false;
        }

        var writes = Dataflow.ArrayWritesTo(array, new[] { OperationFacts.Root(value) });
        return writes.Elements.Count > 0 && writes.Whole.All(w => OperationFacts.Strip(w) is IArrayCreationOperation { Initializer: null }) &&
               writes.Elements.All(e => ExpOperand(e.Value) is not null);
    }

    /// <summary>
    /// Is <paramref name="denominator"/> a sum with <paramref name="numerator"/> among its terms: <c>c[k] / s</c> with
    /// <c>s += c[j]</c> (or <c>foreach (var x in c) s += x</c>), <c>c[k] / c.Sum()</c>, <c>w / s</c> with <c>s += w</c>?
    /// </summary>
    private static bool IsSumContaining(IOperation denominator, IOperation numerator)
    {
        var numeratorRoot = RootSymbol(numerator);
        if (numeratorRoot is null)
        {
            return false;
        }

        if (denominator is IInvocationOperation { TargetMethod.Name: "Sum" } sum)
        {
            var source = sum.Instance ?? (sum.Arguments.Length > 0 ? sum.Arguments[0].Value : null);
            return source is not null && SymbolEqualityComparer.Default.Equals(RootSymbol(source), numeratorRoot);
        }

        if (denominator is ILocalReferenceOperation local)
        {
            foreach (var term in Dataflow.CompoundAdditionsTo(local.Local, denominator))
            {
                if (SymbolEqualityComparer.Default.Equals(RootSymbol(term), numeratorRoot))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The variable a value is read from (<see cref="OperationFacts.RootSymbol"/>), and for a foreach variable the
    /// collection it walks.</summary>
    private static ISymbol? RootSymbol(IOperation value)
    {
        var stripped = OperationFacts.Strip(value);
        return stripped is ILocalReferenceOperation local && ForEachCollection(local) is { } collection
            ? OperationFacts.RootSymbol(collection)
            : OperationFacts.RootSymbol(stripped);
    }

    private static IOperation? ForEachCollection(ILocalReferenceOperation reference) => ForEachLoopOf(reference)?.Collection;

    /// <summary>The foreach loop whose iteration variable (or one of its deconstructed variables) the local is, or null.</summary>
    internal static IForEachLoopOperation? ForEachLoopOf(ILocalReferenceOperation reference)
    {
        for (var o = reference.Parent; o is not null; o = o.Parent)
        {
            if (o is IForEachLoopOperation loop && System.Linq.Enumerable.Contains(loop.Locals, reference.Local, SymbolEqualityComparer.Default))
            {
                return loop;
            }
        }

        return null;
    }

    private static bool IsSum(IOperation denominator)
    {
        if (denominator is IInvocationOperation { TargetMethod.Name: "Sum" })
        {
            return true;
        }

        if (denominator is ILocalReferenceOperation local)
        {
            return Dataflow.CompoundAdditionsTo(local.Local, denominator).Count > 0;
        }

        return false;
    }

    private ValueSource? FromLocal(ILocalReferenceOperation local, LossContext context, int depth)
    {
        var values = Dataflow.ReachingValues(local.Local, local);
        if (values is null || values.Count == 0)
        {
            // a foreach variable: nothing but its loop writes it
            return ForEachLoopOf(local) is { } loop ? FromForEachElement(loop, local, context, depth) : null;
        }

        return ResolveAll(values, context, depth + 1);
    }

    /// <summary>
    /// A foreach variable: one element of the collection it walks (<c>foreach (var p in probabilities)</c>), or of the
    /// sequence it takes from a pair zipped without a selector (<c>foreach (var (t, p) in targets.Zip(probabilities))</c>).
    /// </summary>
    private ValueSource? FromForEachElement(IForEachLoopOperation loop, ILocalReferenceOperation local, LossContext context, int depth)
    {
        var collection = OperationFacts.Strip(loop.Collection);
        switch (loop.LoopControlVariable)
        {
            case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local):
                return ElementOfWhole(collection, context, depth);
            case IDeclarationExpressionOperation { Expression: ITupleOperation { Elements.Length: 2 } pair }
                when collection is IInvocationOperation { TargetMethod.Name: "Zip" } zip && ZippedOperands(zip) is { } zipped:
                for (var k = 0; k < 2; k++)
                {
                    if (pair.Elements[k] is ILocalReferenceOperation element && SymbolEqualityComparer.Default.Equals(element.Local, local.Local))
                    {
                        return ElementOfWhole(k == 0 ? zipped.First : zipped.Second, context, depth);
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The two sequences of <c>a.Zip(b)</c> (an extension or instance method without a result selector).</summary>
    private static (IOperation First, IOperation Second)? ZippedOperands(IInvocationOperation zip) =>
        zip.Instance is { } receiver && zip.Arguments.Length == 1 ? (receiver, zip.Arguments[0].Value)
        : zip.Instance is null && zip.Arguments.Length == 2 ? (zip.Arguments[0].Value, zip.Arguments[1].Value)
        : null;

    /// <summary>
    /// What all the values are, when they agree (see <see cref="Merge(ValueSource, ValueSource)"/>): resolved one after the other, stopping at the
    /// first that is not a probability (a loop rather than a lambda, whose closure would be allocated on every call).
    /// </summary>
    private ValueSource? ResolveAll(IReadOnlyList<IOperation> values, LossContext context, int depth)
    {
        ValueSource? result = null;
        foreach (var value in values)
        {
            var source = Resolve(value, context, depth);
            if (source is null)
            {
                return null;
            }

            result = result is null ? source : Merge(result, source);
            if (result is null)
            {
                return null;
            }
        }

        return result;
    }

    /// <summary>What all the sources say, when they agree (see <see cref="Merge(ValueSource, ValueSource)"/>), or null.</summary>
    private static ValueSource? Merge(List<ValueSource?> sources)
    {
        ValueSource? result = null;
        foreach (var source in sources)
        {
            result = source is null ? null : result is null ? source : Merge(result, source);
            if (result is null)
            {
                return null;
            }
        }

        return result;
    }

    /// <summary>Two sources of one value: the same kind (the logits kept only when they are the same), or null.</summary>
    private static ValueSource? Merge(ValueSource result, ValueSource source)
    {
        if (source.Kind != result.Kind || source.IsVector != result.IsVector)
        {
            return null;
        }

        return source.Logits?.Key != result.Logits?.Key ? result.WithLogits(null) : result;
    }

    private ValueSource? FromElement(IOperation arrayReference, IOperation index, LossContext context, int depth)
    {
        var indexTemplate = LogitTemplate.From(index);
        var array = OperationFacts.ReferencedSymbol(arrayReference);
        if (array is null)
        {
            // e.g. Softmax(z)[k]
            var whole = Resolve(arrayReference, context, depth + 1);
            return whole is { IsVector: true } ? ElementOf(whole, indexTemplate) : null;
        }

        var writes = Dataflow.ArrayWritesTo(array, RootsFor(array, arrayReference));
        if (writes.UnknownBesidesScalings)
        {
            return null;
        }

        if (writes.Divisions.Count > 0 || writes.Scalings.Count > 0)
        {
            return InPlaceSoftmax(writes, isVector: false);
        }

        var sources = new List<ValueSource?>();
        foreach (var (value, writeIndex) in writes.Elements)
        {
            var source = Resolve(value, context, depth + 1);
            if (source is null)
            {
                return null;
            }

            sources.Add(source.Kind == ProbabilityKind.Softmax
                ? source
                : source.WithLogits(Reindex(source.Logits, writeIndex, index, indexTemplate)));
        }

        foreach (var fill in writes.Fills)
        {
            var whole = FromFill(fill);
            if (whole is null)
            {
                return null;
            }

            sources.Add(ElementOf(whole, indexTemplate));
        }

        foreach (var value in writes.Whole)
        {
            if (IsEmptyBuffer(value) || IsNoValueYet(value))
            {
                // an empty buffer, or no vector yet (`= default!`, `= null` in a constructor): the values come from other writes
                continue;
            }

            var whole = Resolve(value, context, depth + 1);
            if (whole is not { IsVector: true })
            {
                return null;
            }

            sources.Add(ElementOf(whole, indexTemplate));
        }

        return sources.Count == 0 ? (array is IParameterSymbol parameter ? FromParameter(parameter, context, arrayReference, depth) : null) : Merge(sources);
    }

    /// <summary>
    /// <c>a[k] = exp(z[k] - m); s += a[k]; ... a[k] /= s;</c>: a softmax normalised in place. Every element write must be an
    /// exponential and every divisor a sum; anything else written into the array makes the answer unknown.
    /// </summary>
    private ValueSource? InPlaceSoftmax(Dataflow.ArrayWrites writes, bool isVector)
    {
        if (writes.Elements.Count == 0 || writes.Fills.Count > 0 ||
            writes.Whole.Any(w => OperationFacts.Strip(w) is not IArrayCreationOperation { Initializer: null }))
        {
            return null;
        }

        IOperation? firstExponent = null;
        foreach (var (value, _) in writes.Elements)
        {
            var exponent = ExpOperand(value);
            if (exponent is null)
            {
                return null;
            }

            firstExponent ??= exponent;
        }

        foreach (var divisor in writes.Divisions)
        {
            if (!IsNormaliser(divisor))
            {
                return null;
            }
        }

        foreach (var factor in writes.Scalings)
        {
            if (!IsReciprocalOfNormaliser(factor))
            {
                return null;
            }
        }

        var normalisation = writes.Divisions.Count > 0 ? writes.Divisions[0] : writes.Scalings[0];
        var producer = normalisation.Parent?.Syntax ?? normalisation.Syntax;
        return new ValueSource(ProbabilityKind.Softmax, producer, LogitTemplate.From(LogitVectorOf(firstExponent!)), isVector);
    }

    /// <summary>A sum (of exponentials, or of the elements it divides).</summary>
    private bool IsNormaliser(IOperation divisor)
    {
        var stripped = OperationFacts.Strip(divisor);
        return IsSumOfExponentials(stripped) || IsSum(stripped);
    }

    /// <summary><c>1 / s</c> with <c>s</c> a sum, directly or through a local (<c>inv = 1 / s</c>, <c>s = 1 / s</c>).</summary>
    private bool IsReciprocalOfNormaliser(IOperation factor)
    {
        var stripped = OperationFacts.Strip(factor);
        if (stripped is ILocalReferenceOperation local)
        {
            if (Dataflow.ReachingValues(local.Local, local) is not { Count: > 0 } values)
            {
                return false;
            }

            foreach (var value in values)
            {
                if (!IsReciprocal(OperationFacts.Strip(value)))
                {
                    return false;
                }
            }

            return true;
        }

        return IsReciprocal(stripped);

        bool IsReciprocal(IOperation value) =>
            value is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division &&
            OperationFacts.Constant(division.LeftOperand) == 1 && IsNormaliser(division.RightOperand);
    }

    private static LogitTemplate? Reindex(LogitTemplate? logits, IOperation? writeIndex, IOperation readIndex, LogitTemplate? readTemplate)
    {
        if (logits is null || writeIndex is null || readTemplate is null)
        {
            return null;
        }

        if (OperationFacts.SameValue(writeIndex, readIndex))
        {
            return logits;
        }

        return OperationFacts.ReferencedSymbol(writeIndex) is ILocalSymbol or IParameterSymbol
            ? logits.Substitute(OperationFacts.ReferencedSymbol(writeIndex)!, readTemplate)
            : null;
    }

    private static ValueSource ElementOf(ValueSource whole, LogitTemplate? index) =>
        whole.Kind == ProbabilityKind.Softmax
            ? whole.AsElement(whole.Logits)
            : whole.AsElement(whole.Logits is not null && index is not null ? whole.Logits.ElementAt(index) : null);

    /// <summary>
    /// The into-form call (<see cref="ApiCall.IsIntoForm"/>) that last wrote the variable <paramref name="reference"/> reads,
    /// when it is an earlier statement of the reference's own block and no statement between them writes the variable or
    /// hands it to a call (which may write it); null otherwise — also when the variable is read only, with no such call.
    /// </summary>
    private IInvocationOperation? WrittenIntoJustBefore(IOperation reference)
    {
        var symbol = OperationFacts.ReferencedSymbol(reference);
        if (symbol is null || OperationFacts.StatementOf(reference) is not { Parent: IBlockOperation block } statement)
        {
            return null;
        }

        var index = block.Operations.IndexOf(statement);
        for (var i = index - 1; i >= 0; i--)
        {
            var earlier = block.Operations[i];
            var mentioned = false;
            foreach (var operation in OperationFacts.Descendants(earlier, intoFunctions: false))
            {
                if (!OperationFacts.IsPlainVariable(operation) || !SymbolEqualityComparer.Default.Equals(OperationFacts.ReferencedSymbol(operation), symbol))
                {
                    continue;
                }

                // a receiver is read (buffer.PointwiseLog(result)); anything else — a write, an argument — decides here
                if (operation.Parent is IInvocationOperation { Instance: var instance } && ReferenceEquals(instance, operation))
                {
                    continue;
                }

                mentioned = true;
                if (earlier is IExpressionStatementOperation { Operation: IInvocationOperation into } &&
                    IntoDestination(into) is { } destination && ReferenceEquals(OperationFacts.Strip(destination), operation))
                {
                    return into;
                }
            }

            if (mentioned)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The destination of an into-form operation, or of an into-form map (<c>x.Map(f, buffer)</c>); else null.</summary>
    private IOperation? IntoDestination(IInvocationOperation call) =>
        MathApi.Classify(call, symbols) is { IsIntoForm: true, Destination: { } destination } ? destination
        : MathApi.IsMapName(call.TargetMethod.Name) ? OperationFacts.DestinationOf(call)
        : null;

    /// <summary>What an into-form sigmoid or softmax (<c>x.PointwiseSigmoid(buffer)</c>, <c>x.Map(Sigmoid, buffer)</c>) wrote
    /// into its destination.</summary>
    private ValueSource? FromInto(IInvocationOperation into, LossContext context, int depth)
    {
        if (MathApi.IsMapName(into.TargetMethod.Name) && into.Instance is { } mappedMatrix)
        {
            // x.Map(v => 1 / (1 + Exp(-v)), buffer): the elements of x through a sigmoid
            foreach (var argument in into.Arguments)
            {
                if (OperationFacts.Strip(argument.Value) is IDelegateCreationOperation { Target: var function })
                {
                    return SigmoidFunction(function, context, depth) is not null
                        ? new ValueSource(ProbabilityKind.Sigmoid, into.Syntax, LogitTemplate.From(mappedMatrix), IsVectorType(OperationFacts.DestinationOf(into)?.Type))
                        : null;
                }
            }

            return null;
        }

        // (a vector as the returning form's result is: by the destination's type, so that the message can name the logits)
        var call = MathApi.Classify(into, symbols);
        var isVector = IsVectorType(call.Destination?.Type);
        return call.Function switch
        {
            MathFunction.Sigmoid => new ValueSource(ProbabilityKind.Sigmoid, into.Syntax, LogitTemplate.From(call.Operand), isVector),
            MathFunction.Softmax => new ValueSource(ProbabilityKind.Softmax, into.Syntax, LogitTemplate.From(call.Operand), isVector: true),
            _ => null,
        };
    }

    /// <summary>A span API that fills an array with probabilities: <c>TensorPrimitives.Sigmoid(z, p)</c>, <c>StableMath.Softmax(z, p)</c>.</summary>
    private ValueSource? FromFill(IInvocationOperation fill)
    {
        var call = MathApi.Classify(fill, symbols);
        if (!call.IsSpanForm || call.Function is not (MathFunction.Sigmoid or MathFunction.Softmax) || call.Operand is null)
        {
            return null;
        }

        var kind = call.Function == MathFunction.Sigmoid ? ProbabilityKind.Sigmoid : ProbabilityKind.Softmax;
        return new ValueSource(kind, fill.Syntax, LogitTemplate.From(Dataflow.SpanSource(call.Operand)), isVector: true);
    }

    /// <summary>A whole array or span of probabilities: filled by a span API, assigned from a helper, or written element-wise.</summary>
    private ValueSource? FromWholeArray(ISymbol array, IOperation reference, LossContext context, int depth)
    {
        var writes = Dataflow.ArrayWritesTo(array, RootsFor(array, reference));
        if (writes.UnknownBesidesScalings)
        {
            return null;
        }

        if (writes.Divisions.Count > 0 || writes.Scalings.Count > 0)
        {
            return InPlaceSoftmax(writes, isVector: true);
        }

        var sources = new List<ValueSource?>();
        foreach (var fill in writes.Fills)
        {
            if (IsArgumentOf(reference, fill))
            {
                // TensorPrimitives.Log(p, p): the call reads p before it writes its own result there
                continue;
            }

            sources.Add(FromFill(fill));
        }

        foreach (var value in writes.Whole)
        {
            if (IsEmptyBuffer(value) || IsNoValueYet(value))
            {
                // an empty buffer, or no vector yet (`= default!`, `= null` in a constructor): the values come from other writes
                continue;
            }

            var whole = Resolve(value, context, depth + 1);
            sources.Add(whole is { IsVector: true } ? whole : null);
        }

        foreach (var (value, writeIndex) in writes.Elements)
        {
            var element = Resolve(value, context, depth + 1);
            if (element is null)
            {
                return null;
            }

            // p[j] = sigmoid(z[j]) for all j: p is the sigmoid of the vector z
            LogitTemplate? vector = null;
            if (element.Kind == ProbabilityKind.Sigmoid && writeIndex is not null &&
                OperationFacts.Strip(value) is { } stripped && SigmoidOperandVector(stripped, writeIndex) is { } z)
            {
                vector = LogitTemplate.From(z);
            }

            sources.Add(new ValueSource(element.Kind, element.Producer,
                element.Kind == ProbabilityKind.Softmax ? element.Logits : vector, isVector: true));
        }

        return sources.Count == 0 ? null : Merge(sources);
    }

    private IOperation? SigmoidOperandVector(IOperation sigmoid, IOperation writeIndex)
    {
        IOperation? operand = null;
        if (sigmoid is IInvocationOperation invocation && MathApi.Classify(invocation, symbols) is { Function: MathFunction.Sigmoid } call)
        {
            operand = call.Operand;
        }
        else if (sigmoid is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division &&
                 OnePlus(OperationFacts.Strip(division.RightOperand)) is { } plus && ExpOperand(plus) is { } exponent &&
                 OperationFacts.IsNegation(exponent, out var negated))
        {
            operand = negated;
        }

        return operand is not null && OperationFacts.Strip(operand) is IArrayElementReferenceOperation { Indices.Length: 1 } element &&
               OperationFacts.SameValue(element.Indices[0], writeIndex)
            ? element.ArrayReference
            : null;
    }

    private ValueSource? FromParameter(IParameterSymbol parameter, LossContext context, IOperation reference, int depth)
    {
        if (symbols.ProbabilityAttribute is not null && Contracts.Has(parameter.GetAttributes(), symbols.ProbabilityAttribute))
        {
            return new ValueSource(ProbabilityKind.Declared, reference.Syntax, logits: null, IsVectorType(parameter.Type));
        }

        // p in predictions.Zip(labels, (p, y) => …), in probabilities.Sum(p => …): one element of the sequence walked
        // (when the sequence is not known to hold probabilities, the parameter is asked about as any other)
        if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.LambdaMethod } && SequenceWalkedBy(parameter, reference) is { } sequence &&
            ElementOfWhole(sequence, context, depth) is { } element)
        {
            return element;
        }

        if (FromEveryCall(parameter, context, depth) is { } passed)
        {
            return passed;
        }

        // a Bernoulli cost whose sibling returns the gradient a − t: the output layer is a sigmoid, wherever it is configured
        if (IsFloatingOrVector(parameter.Type) && CancelledGradient.For(parameter) is { } gradient)
        {
            var evidence = new SigmoidEvidence(gradient.Expression,
                $"as the gradient '{RuleSupport.Shorten(RuleSupport.Quote(gradient.Expression))}' of {gradient.Method} assumes");
            return new ValueSource(ProbabilityKind.Sigmoid, gradient.Expression, logits: null, IsVectorType(parameter.Type), evidence: evidence);
        }

        // a Bernoulli cost the code configures with a sigmoid output layer (new Model(new BceCost()) … Add(new SigmoidLayer())),
        // or tests for that pairing (activation is Sigmoid && cost is CrossEntropy)
        if (IsFloatingOrVector(parameter.Type) && ConfiguredActivation.For(parameter, symbols.Compilation) is { } configured)
        {
            return new ValueSource(ProbabilityKind.Sigmoid, configured.Node, logits: null, IsVectorType(parameter.Type), evidence: configured);
        }

        if (parameter.ContainingSymbol is not IMethodSymbol method || !IsFloatingOrVector(parameter.Type) ||
            !context.IsProbabilityName(parameter.Name))
        {
            return null;
        }

        var lossMember = context.IsLossName(method.Name) ||
                         (method.MethodKind is MethodKind.LambdaMethod or MethodKind.LocalFunction &&
                          context.IsLossName(OperationFacts.EnclosingMemberName(reference.Syntax))) ||
                         context.IsLossName(method.ContainingType?.Name);
        return lossMember
            ? new ValueSource(ProbabilityKind.LossParameter, reference.Syntax, logits: null, IsVectorType(parameter.Type))
            : null;
    }

    /// <summary>
    /// The sequence whose elements a LINQ lambda's parameter takes: <c>xs.Select(x =&gt; …)</c>, <c>xs.Sum(x =&gt; …)</c> (the
    /// receiver), <c>a.Zip(b, (x, y) =&gt; …)</c> (a for x, b for y), <c>list.ForEach(x =&gt; …)</c>; null for any other lambda
    /// parameter (an index, an accumulator, a lambda given to anything else).
    /// </summary>
    private static IOperation? SequenceWalkedBy(IParameterSymbol parameter, IOperation reference)
    {
        IAnonymousFunctionOperation? lambda = null;
        for (var current = reference.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation candidate && SymbolEqualityComparer.Default.Equals(candidate.Symbol, parameter.ContainingSymbol))
            {
                lambda = candidate;
                break;
            }
        }

        if (lambda?.Parent is not IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation call } argument })
        {
            return null;
        }

        var method = call.TargetMethod;
        var isLinq = IsLinqMethod(method);
        switch (method.Name)
        {
            case "Zip" when isLinq && call.Arguments.Length == 3 && ReferenceEquals(argument, call.Arguments[2]) && parameter.Ordinal <= 1:
                return call.Arguments[parameter.Ordinal].Value;
            case "Select" or "Where" or "Sum" or "Average" or "Max" or "Min" or "Any" or "All" or "Count" or "First" or "FirstOrDefault" or
                "Last" or "LastOrDefault" or "OrderBy" or "OrderByDescending" or "TakeWhile" or "SkipWhile"
                when isLinq && parameter.Ordinal == 0 && call.Arguments.Length == 2 && ReferenceEquals(argument, call.Arguments[1]):
                return call.Arguments[0].Value;
            case "ForEach" when method.ContainingType is { Name: "List", ContainingNamespace: { Name: "Generic" } } && parameter.Ordinal == 0:
                return call.Instance;
            default:
                return null;
        }
    }

    /// <summary>
    /// What every call of a private method passes for <paramref name="parameter"/>, when each argument is a model's output (a
    /// sigmoid, a softmax, a declared or sampled probability): <c>CalculateCost(h, y)</c> called with <c>h[k] = Sigmoid(…)</c>.
    /// The logits are the caller's text and do not bind in the callee, so they are dropped; a normalised ratio or a name is
    /// not enough evidence to carry across a call. The probability of a BCE helper is left to its calls.
    /// </summary>
    private ValueSource? FromEveryCall(IParameterSymbol parameter, LossContext context, int depth)
    {
        // (each call's argument is resolved every time the parameter is asked about: a helper called from many places is
        // a utility, not one model's cost, and is not followed)
        // a BCE helper's probability (return -(t * log(p) + …)) is reported at each call, where the caller's logits bind; a
        // count, flag or text (a special type other than float and double, an enum) carries no model output
        if (parameter.RefKind is not (RefKind.None or RefKind.In) ||
            parameter.Type.SpecialType is not (SpecialType.None or SpecialType.System_Double or SpecialType.System_Single) ||
            parameter.Type.TypeKind == TypeKind.Enum ||
            CallSites.ArgumentsOf(parameter, symbols) is not { Count: <= MaxCallsFollowed } arguments ||
            parameter.ContainingSymbol is IMethodSymbol method && BceShapes.Helper(method, symbols)?.ProbabilityOrdinal == parameter.Ordinal)
        {
            return null;
        }

        ValueSource? result = null;
        foreach (var argument in arguments)
        {
            var source = Resolve(argument, context, depth + 1);
            // (a whole vector passed as a project's own matrix type, whose elements the callee reads, is one too)
            if (source is not { Kind: ProbabilityKind.Sigmoid or ProbabilityKind.Softmax or ProbabilityKind.Declared or ProbabilityKind.Sampled } ||
                source.IsVector != IsVectorType(parameter.Type) && !(source.IsVector && parameter.Type is INamedTypeSymbol own && IsArithmeticType(own)))
            {
                return null;
            }

            source = source.WithLogits(null);
            result = result is null ? source : Merge(result, source);
            if (result is null)
            {
                return null;
            }
        }

        return result;
    }

    private ValueSource? FromField(ISymbol member, IOperation reference, LossContext context, int depth)
    {
        if (symbols.ProbabilityAttribute is not null && Contracts.Has(member.GetAttributes(), symbols.ProbabilityAttribute))
        {
            return new ValueSource(ProbabilityKind.Declared, reference.Syntax, logits: null, IsVectorType(reference.Type));
        }

        if (member.ContainingType is not { } type || !OperationFacts.IsInSource(member))
        {
            return null;
        }

        // a computed property (`Probability => 1 / (1 + Exp(-Logit))`): what its getter returns
        if (member is IPropertySymbol { GetMethod: { } getter, SetMethod: null } && BodyOf(getter) is not null)
        {
            return Instantiate(Summary(getter, context, depth), reference.Syntax, (reference as IPropertyReferenceOperation)?.Instance, getter,
                ImmutableArray<IArgumentOperation>.Empty);
        }

        // every method of the type is bound to find the member's writes: first ask their text whether any write could
        // make a probability at all (a log-dense library reads hundreds of fields whose writes are plain values)
        if (!context.IsLossName(type.Name) && !MayBeWrittenWithProbability(member, type))
        {
            return null;
        }

        var writes = Dataflow.ArrayWritesTo(member, RootsOf(member));
        if (writes.Unknown)
        {
            return null;
        }

        if (IsVectorType(reference.Type))
        {
            return FromWholeArray(member, reference, context, depth);
        }

        var whole = writes.Whole;
        if (whole.Count > 1 && whole.Any(IsNoValueYet))
        {
            // a member set to null or default (a constructor's `= default!`) holds no value until another write gives it one
            whole = whole.Where(static w => !IsNoValueYet(w)).ToList();
        }

        if (whole.Count > 0 && ResolveAll(whole, context, depth + 1) is { } merged)
        {
            // the logits were written in another member: re-validated at the use site by the fixer
            return merged;
        }

        var memberType = member is IFieldSymbol field ? field.Type : (member as IPropertySymbol)?.Type;
        return whole.Count == 0 && context.IsLossName(type.Name) && context.IsProbabilityName(member.Name) && IsFloatingOrVector(memberType)
            ? new ValueSource(ProbabilityKind.LossParameter, reference.Syntax, logits: null, IsVectorType(memberType))
            : null;
    }

    /// <summary><c>new float[n]</c>, <c>stackalloc float[n]</c>: a buffer with no values yet.</summary>
    private static bool IsEmptyBuffer(IOperation value) =>
        OperationFacts.Strip(value) is IArrayCreationOperation { Initializer: null } ||
        OperationFacts.Strip(value).Syntax is StackAllocArrayCreationExpressionSyntax { Initializer: null };

    /// <summary>Is <paramref name="operation"/> one of <paramref name="call"/>'s arguments (or inside one)?</summary>
    private static bool IsArgumentOf(IOperation operation, IInvocationOperation call)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (ReferenceEquals(current, call))
            {
                return true;
            }

            if (current is IBlockOperation or IMethodBodyBaseOperation)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary><c>null</c> or <c>default</c> (of a reference or nullable type): no value yet, not a value that could be used.</summary>
    private static bool IsNoValueYet(IOperation value) =>
        OperationFacts.Strip(value) is IDefaultValueOperation { Type.IsReferenceType: true } or
            ILiteralOperation { ConstantValue: { HasValue: true, Value: null } };

    private IEnumerable<IOperation> RootsFor(ISymbol symbol, IOperation reference) =>
        symbol is IFieldSymbol or IPropertySymbol
            ? RootsOf(symbol)
            // an array local captured by a lambda (Aggregate((a, c) => a - y[c] * Log(p[c]))) is written where it is declared
            : new[]
            {
                symbol is ILocalSymbol { DeclaringSyntaxReferences: { Length: 1 } declarations } &&
                OperationFacts.RootDeclaring(reference, declarations[0].GetSyntax()) is { } declaring
                    ? declaring
                    : OperationFacts.Root(reference),
            };

    private readonly ConcurrentDictionary<ISymbol, ImmutableArray<IOperation>> memberRoots = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// The executable bodies of the member's type that can write it: those whose text names it (a write — an assignment, an
    /// element store, a <c>ref</c>/<c>out</c> argument, <c>this.x</c> or <c>other.x</c> — always does; a field initializer
    /// names it in its declarator). Only these are bound: a large type has many bodies that never touch the member.
    /// </summary>
    internal ImmutableArray<IOperation> RootsOf(ISymbol member)
    {
        if (member.ContainingType is not { } type)
        {
            return ImmutableArray<IOperation>.Empty;
        }

        if (memberRoots.TryGetValue(member, out var cached))
        {
            return cached;
        }

        var roots = ImmutableArray.CreateBuilder<IOperation>();
        AddRootsIn(type.DeclaringSyntaxReferences, member, roots);
        return memberRoots.GetOrAdd(member, roots.ToImmutable());
    }

    /// <summary>Adds to <paramref name="roots"/> the bodies of the type declarations that may write the member (see <see cref="RootsOf"/>).</summary>
    private void AddRootsIn(IEnumerable<SyntaxReference> declarations, ISymbol member, ImmutableArray<IOperation>.Builder roots)
    {
        var name = member.Name;
        // a scalar member is written only where the text writes it (name =, name op=, name++, ref/out name); an array or
        // span also where it is stored into (name[i] =), filled (name.AsSpan(), name.Fill) or handed on (an argument, an
        // alias): its element reads (name[i], name.Length) cannot write it
        var scalar = (member as IFieldSymbol)?.Type.SpecialType is SpecialType.System_Double or SpecialType.System_Single ||
                     (member as IPropertySymbol)?.Type.SpecialType is SpecialType.System_Double or SpecialType.System_Single;
        var bodies = new List<SyntaxNode>();
        foreach (var reference in declarations)
        {
            var declaration = reference.GetSyntax();
            var text = TypeText(reference);
            bodies.Clear();
            for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
            {
                var before = at > 0 ? text[at - 1] : ' ';
                var after = at + name.Length < text.Length ? text[at + name.Length] : ' ';
                if (!char.IsLetterOrDigit(before) && before != '_' && !char.IsLetterOrDigit(after) && after != '_' &&
                    (scalar ? IsWrittenAt(text, at, name.Length) : MayWriteArrayAt(text, at, name.Length)) &&
                    BodyAround(declaration, declaration.SpanStart + at) is { } body && !bodies.Contains(body))
                {
                    bodies.Add(body);
                }
            }

            if (bodies.Count == 0 || SemanticModelFor(declaration.SyntaxTree) is not { } model)
            {
                continue;
            }

            foreach (var body in bodies)
            {
                if (model.GetOperation(body) is { } operation)
                {
                    roots.Add(operation);
                }
            }
        }
    }

    /// <summary>
    /// The executable node of <paramref name="declaration"/> (a type) around <paramref name="position"/>: a method,
    /// constructor, operator or accessor, a property's expression body, or a field's initializer (its declarator), or null
    /// (a position in a nested type, in a signature, in a comment between members).
    /// </summary>
    private static SyntaxNode? BodyAround(SyntaxNode declaration, int position)
    {
        for (var node = declaration.FindToken(position).Parent; node is not null && node != declaration; node = node.Parent)
        {
            switch (node)
            {
                case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax }:
                    return node;
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } }:
                    return node;
                case VariableDeclaratorSyntax { Initializer: { } initializer, Parent.Parent: FieldDeclarationSyntax }:
                    // the declarator's own name: its initializer writes it
                    return initializer;
                case BaseTypeDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Might the array or span named at <paramref name="at"/> be written there? Yes where <see cref="IsWrittenAt"/> says so,
    /// for an element store (<c>name[i] = …</c>, <c>name[i] += …</c>), for a member that can fill it (<c>.AsSpan</c>,
    /// <c>.Fill</c>, …) and wherever it is handed on whole (an argument, an alias, a return); no for an element read or a
    /// member read (<c>name[i]</c>, <c>name.Length</c>).
    /// </summary>
    private static bool MayWriteArrayAt(string text, int at, int length)
    {
        if (IsWrittenAt(text, at, length))
        {
            return true;
        }

        var i = at + length;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        if (i >= text.Length)
        {
            return true;
        }

        if (text[i] == '[')
        {
            var brackets = 0;
            for (; i < text.Length; i++)
            {
                if (text[i] == '[') brackets++;
                else if (text[i] == ']' && --brackets == 0) { i++; break; }
            }

            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            return i + 1 < text.Length && (text[i] == '=' && text[i + 1] != '=' ||
                                           text[i + 1] == '=' && text[i] is '+' or '-' or '*' or '/' ||
                                           text[i] == '+' && text[i + 1] == '+' || text[i] == '-' && text[i + 1] == '-');
        }

        if (text[i] == '.')
        {
            var member = i + 1;
            while (member < text.Length && char.IsWhiteSpace(text[member])) member++;
            foreach (var writer in ArrayWriters)
            {
                if (string.CompareOrdinal(text, member, writer, 0, writer.Length) == 0)
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }

    /// <summary>Members through which an array or span can be written in place.</summary>
    private static readonly string[] ArrayWriters =
    {
        "AsSpan", "AsMemory", "Span", "Fill", "CopyFrom", "SetValue", "Clear", "Initialize", "Reverse", "Sort", "Set", "Add", "Insert",
    };

    /// <summary>The text of a type's declaration: the last one asked is kept (a type's fields are asked about one after the
    /// other, and each question reads the whole type).</summary>
    private string TypeText(SyntaxReference reference)
    {
        var last = lastTypeText;
        if (last is not null && ReferenceEquals(last.Item1, reference.SyntaxTree) && last.Item2 == reference.Span)
        {
            return last.Item3;
        }

        var text = reference.SyntaxTree.GetText().ToString(reference.Span);
        lastTypeText = Tuple.Create(reference.SyntaxTree, reference.Span, text);
        return text;
    }

    private Tuple<SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan, string>? lastTypeText;

    /// <summary>
    /// Does the text write the name found at <paramref name="at"/>: <c>name =</c> (not <c>==</c>), <c>name op=</c>,
    /// <c>name++</c>/<c>name--</c>, <c>++name</c>/<c>--name</c>, <c>ref name</c>/<c>out name</c>, or a deconstruction's
    /// <c>(…, name) =</c>? A field's declarator with an initializer (<c>name = …</c>) counts as a write too.
    /// </summary>
    private static bool IsWrittenAt(string text, int at, int length)
    {
        var i = at + length;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        if (i + 1 < text.Length)
        {
            var c = text[i];
            var next = text[i + 1];
            if (c == '=' && next != '=' && next != '>' ||
                next == '=' && c is '+' or '-' or '*' or '/' or '%' or '&' or '|' or '^' ||
                c == '+' && next == '+' || c == '-' && next == '-' ||
                (c == ',' || c == ')') && text.IndexOf(") =", i, Math.Min(200, text.Length - i), StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        var j = at - 1;
        while (j >= 0 && char.IsWhiteSpace(text[j])) j--;
        if (j >= 1 && (text[j] == '+' && text[j - 1] == '+' || text[j] == '-' && text[j - 1] == '-'))
        {
            return true;
        }

        // ref name, out name, this.name = (the dot is skipped: the assignment follows the name)
        var start = Math.Max(0, j - 3);
        var word = text.Substring(start, j + 1 - start);
        return word.EndsWith("ref", StringComparison.Ordinal) || word.EndsWith("out", StringComparison.Ordinal);
    }

    public static bool IsVectorType(ITypeSymbol? type) =>
        type is IArrayTypeSymbol || IsSpanLike(type);

    public static bool IsSpanLike(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" or "Memory" or "ReadOnlyMemory", ContainingNamespace.Name: "System" };

    /// <summary>The element type of a one-dimensional array or a span, else null.</summary>
    public static ITypeSymbol? ElementType(ITypeSymbol? type) => type switch
    {
        IArrayTypeSymbol { Rank: 1 } array => array.ElementType,
        INamedTypeSymbol { TypeArguments.Length: 1 } named when IsSpanLike(named) => named.TypeArguments[0],
        _ => null,
    };

    /// <summary>A method of <c>System.Linq.Enumerable</c>.</summary>
    private static bool IsLinqMethod(IMethodSymbol method) =>
        method.ContainingType is { Name: "Enumerable", ContainingNamespace: { Name: "Linq", ContainingNamespace.Name: "System" } };

    private static bool IsFloatingOrVector(ITypeSymbol? type) => type switch
    {
        null => false,
        { SpecialType: SpecialType.System_Double or SpecialType.System_Single } => true,
        IArrayTypeSymbol array => IsFloatingOrVector(array.ElementType),
        INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", TypeArguments.Length: 1 } span => IsFloatingOrVector(span.TypeArguments[0]),
        INamedTypeSymbol { Name: "Tensor" } => true,
        ITypeParameterSymbol => true,
        INamedTypeSymbol named => IsArithmeticType(named),
        _ => false,
    };

    /// <summary>
    /// A vector, matrix or tensor type of a library or of the project (MathNet's <c>Vector&lt;double&gt;</c>, an own
    /// <c>Matrix</c>): outside <c>System</c>, with a floating-point type argument or an arithmetic operator of its own.
    /// </summary>
    private static bool IsArithmeticType(INamedTypeSymbol type)
    {
        if (type.SpecialType != SpecialType.None || type.TypeKind is not (TypeKind.Class or TypeKind.Struct) ||
            type.ContainingNamespace is { Name: "System" } or { ContainingNamespace.Name: "System" })
        {
            return false;
        }

        foreach (var argument in type.TypeArguments)
        {
            if (argument.SpecialType is SpecialType.System_Double or SpecialType.System_Single)
            {
                return true;
            }
        }

        for (var current = type.OriginalDefinition; current is not null; current = current.BaseType)
        {
            if (current.GetMembers("op_Division").Length > 0 || current.GetMembers("op_Subtraction").Length > 0)
            {
                return true;
            }
        }

        return false;
    }
}
