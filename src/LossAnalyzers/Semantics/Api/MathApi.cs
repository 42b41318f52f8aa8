using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>The mathematical function an API call computes, whatever library spells it.</summary>
internal enum MathFunction
{
    None,
    Log,
    Log10,
    Log2,
    /// <summary><c>Math.Log(x, base)</c>.</summary>
    LogWithBase,
    Exp,
    Log1p,
    Sigmoid,
    Softmax,
    LogSigmoid,
    LogSoftmax,
    Softplus,
    Clamp,
    Max,
    Min,
    Abs,
    /// <summary>A binary cross-entropy on probabilities (a library call or a module).</summary>
    BinaryCrossEntropy,
    /// <summary>An element-wise map of a sequence (LINQ's <c>Select</c>, a vector type's <c>Transform</c>/<c>Map</c>/<c>Apply</c>):
    /// never a classification, only a name the host routes (LOSS006 looks for <c>z.Select(Math.Exp)</c>).</summary>
    Map,
}

/// <summary>Which family of APIs a call belongs to; fixes answer in the same family.</summary>
internal enum ApiStyle
{
    None,
    /// <summary><c>Math.*</c> (also through <c>using static System.Math</c>).</summary>
    Math,
    /// <summary><c>MathF.*</c>.</summary>
    MathF,
    /// <summary><c>double.Log</c>, <c>float.Log</c>, <c>T.Log</c> (generic math).</summary>
    GenericMath,
    /// <summary><c>System.Numerics.Tensors.TensorPrimitives</c> span pipelines.</summary>
    TensorPrimitives,
    /// <summary>TorchSharp: <c>torch.*</c>, <c>torch.nn.functional.*</c>, <c>tensor.*()</c>, modules.</summary>
    Torch,
    /// <summary>The bundled StableLoss library.</summary>
    StableLoss,
    /// <summary>A project's own array or tensor API (<c>x.Log()</c>, <c>K.Sigmoid(t)</c>): recognised, never rewritten.</summary>
    Own,
}

/// <summary>A classified call: which function, in which API family, with access to its operands by meaning.</summary>
internal readonly struct ApiCall
{
    public ApiCall(MathFunction function, ApiStyle style, IInvocationOperation invocation, bool isInstanceForm, bool isSpanForm,
        bool isIntoForm = false)
    {
        Function = function;
        Style = style;
        Invocation = invocation;
        IsInstanceForm = isInstanceForm;
        IsSpanForm = isSpanForm;
        IsIntoForm = isIntoForm;
    }

    public MathFunction Function { get; }
    public ApiStyle Style { get; }
    public IInvocationOperation Invocation { get; }

    /// <summary><c>x.log()</c> or <c>module.forward(x)</c>-style call: the operand is the receiver (tensor methods only).</summary>
    public bool IsInstanceForm { get; }

    /// <summary>A span API that writes its result into a destination argument (TensorPrimitives, StableMath span overloads).</summary>
    public bool IsSpanForm { get; }

    public bool IsValid => Function != MathFunction.None;

    /// <summary>The value the function applies to: first argument, or the receiver of a tensor method.</summary>
    public IOperation? Operand => IsInstanceForm ? Invocation?.Instance : Argument(0);

    /// <summary>The n-th argument after the operand (for <c>x.clamp(lo, hi)</c> n = 0 is <c>lo</c>).</summary>
    public IOperation? ArgumentAfterOperand(int n) => IsInstanceForm ? Argument(n) : Argument(n + 1);

    /// <summary>
    /// An own or library tensor method that writes its result into its last argument and returns nothing (MathNet's
    /// <c>y.PointwiseLog(result)</c>): its value is read from <see cref="Destination"/> in the statements after it.
    /// </summary>
    public bool IsIntoForm { get; }

    /// <summary>The destination span of a span API (its second parameter), or the last argument of an into-form call.</summary>
    public IOperation? Destination => IsSpanForm ? Argument(1) : IsIntoForm ? OperationFacts.DestinationOf(Invocation) : null;

    public IOperation? Argument(int ordinal)
    {
        // a default ApiCall (no function) has no invocation: nothing to answer
        if (Invocation is null)
        {
            return null;
        }

        foreach (var argument in Invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && parameter.Ordinal == ordinal)
            {
                return argument.ArgumentKind == ArgumentKind.DefaultValue ? null : argument.Value;
            }
        }

        return null;
    }
}

/// <summary>Classifies invocations into <see cref="MathFunction"/>s across Math, MathF, generic math, TensorPrimitives,
/// TorchSharp and StableLoss. Pure (no memo): the call the host analyses is classified once for all rules by its
/// <see cref="CallSite.Call"/>.</summary>
internal static class MathApi
{
    public static ApiCall Classify(IInvocationOperation invocation, KnownSymbols symbols) => ClassifyNow(invocation, symbols);

    private static ApiCall ClassifyNow(IInvocationOperation invocation, KnownSymbols symbols)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null || FunctionsOf(invocation) == 0)
        {
            return default;
        }

        var definition = type.OriginalDefinition;
        var name = method.Name;

        if (SymbolEqualityComparer.Default.Equals(definition, symbols.Math))
        {
            return Make(NaturalIfBaseE(ClassifyScalar(name, method.Parameters.Length), invocation), ApiStyle.Math, invocation);
        }

        if (SymbolEqualityComparer.Default.Equals(definition, symbols.MathF))
        {
            return Make(NaturalIfBaseE(ClassifyScalar(name, method.Parameters.Length), invocation), ApiStyle.MathF, invocation);
        }

        if (method.IsStatic &&
            (type.SpecialType is SpecialType.System_Double or SpecialType.System_Single ||
             SymbolEqualityComparer.Default.Equals(definition, symbols.LogarithmicFunctions) ||
             SymbolEqualityComparer.Default.Equals(definition, symbols.ExponentialFunctions) ||
             SymbolEqualityComparer.Default.Equals(definition, symbols.NumberBase)))
        {
            var function = name == "LogP1" ? MathFunction.Log1p : ClassifyScalar(name, method.Parameters.Length);
            return Make(function, ApiStyle.GenericMath, invocation);
        }

        if (SymbolEqualityComparer.Default.Equals(definition, symbols.TensorPrimitives))
        {
            var function = name is "Log" or "Log2" && method.Parameters.Length != 2
                ? MathFunction.None
                : TensorPrimitivesFunctions.TryGetValue(name, out var f) ? f : MathFunction.None;
            return new ApiCall(function, ApiStyle.TensorPrimitives, invocation, isInstanceForm: false, isSpanForm: true);
        }

        if (SymbolEqualityComparer.Default.Equals(definition, symbols.TensorOperations))
        {
            // Tensor.Log(x), Tensor.Sigmoid(x): element-wise over a Tensor<T>, returning a new one (the overloads with a
            // destination are span forms); recognised, not rewritten
            var function = method.Parameters.Length == 1 && TensorOperationFunctions.TryGetValue(name, out var f) ? f : MathFunction.None;
            return function == MathFunction.None ? default : new ApiCall(function, ApiStyle.Own, invocation, isInstanceForm: false, isSpanForm: false);
        }

        if (SymbolEqualityComparer.Default.Equals(definition, symbols.StableMath))
        {
            var function = StableMathFunctions.TryGetValue(name, out var f) ? f : MathFunction.None;
            var spanForm = method.Parameters.Length == 2 && method.Parameters[1].Type.Name == "Span";
            return new ApiCall(function, ApiStyle.StableLoss, invocation, isInstanceForm: false, isSpanForm: spanForm);
        }

        if (SymbolEqualityComparer.Default.Equals(definition, symbols.StableLossLoss))
        {
            return name == "BinaryCrossEntropy"
                ? new ApiCall(MathFunction.BinaryCrossEntropy, ApiStyle.StableLoss, invocation, false, false)
                : default;
        }

        if (symbols.Torch is not null && ClassifyTorch(invocation, definition, name, symbols) is { IsValid: true } torchCall)
        {
            return torchCall;
        }

        if (IsMapName(name) && MapOfLog(invocation, symbols) is { IsValid: true } mappedLog)
        {
            return mappedLog;
        }

        return ClassifyOwn(invocation, definition, name, symbols);
    }

    /// <summary>
    /// The sequence and the selector of an element-wise map: LINQ's <c>Select(source, selector)</c>, or a vector or matrix
    /// type's instance <c>Map</c>/<c>Transform</c>/<c>Apply</c>/… of one delegate (further parameters left out); (null, null)
    /// for any other call.
    /// </summary>
    public static (IOperation? Source, IOperation? Selector) MapOf(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method is { Name: "Select", IsExtensionMethod: true, ContainingType: { Name: "Enumerable", ContainingNamespace.Name: "Linq" } } &&
            invocation.Arguments.Length == 2)
        {
            return (invocation.Arguments[0].Value, invocation.Arguments[1].Value);
        }

        return !method.IsStatic && IsMapName(method.Name) && invocation.Instance is { } instance &&
               invocation.Arguments.Length >= 1 && OperationFacts.Strip(invocation.Arguments[0].Value) is IDelegateCreationOperation &&
               OperationFacts.AllLeftOut(invocation.Arguments, 1) &&
               method.ContainingNamespace is { Name: not "System" } and not { ContainingNamespace.Name: "System" }
            ? (instance, invocation.Arguments[0].Value)
            : (null, null);
    }

    /// <summary>
    /// <c>m.Map(Math.Log)</c>, <c>v.Map(MathF.Log)</c>, <c>v.Map(T.Log)</c> (an own type's map, or LINQ's <c>Select</c> where the
    /// group binds): a map through the natural log's method group is the log of every element of the sequence, its operand
    /// (no call of its own computes it: the delegate does). A lambda (<c>x =&gt; Math.Log(x)</c>) is not: its own log call is analysed where it is. Recognised,
    /// not rewritten (own style). A map returning nothing (in place) is not one.
    /// </summary>
    private static ApiCall MapOfLog(IInvocationOperation invocation, KnownSymbols symbols)
    {
        if (invocation.TargetMethod.ReturnsVoid || MapOf(invocation) is not ({ } source, { } selector) ||
            OperationFacts.Strip(selector) is not IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: { Name: "Log", Parameters.Length: 1 } log } } ||
            source.Type?.SpecialType is not SpecialType.None)
        {
            return default;
        }

        var type = log.ContainingType?.OriginalDefinition;
        var isNaturalLog = SymbolEqualityComparer.Default.Equals(type, symbols.Math) || SymbolEqualityComparer.Default.Equals(type, symbols.MathF) ||
                           log.IsStatic && (type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single ||
                                            SymbolEqualityComparer.Default.Equals(type, symbols.LogarithmicFunctions));
        return isNaturalLog
            ? new ApiCall(MathFunction.Log, ApiStyle.Own, invocation, isInstanceForm: !invocation.TargetMethod.IsStatic && !invocation.TargetMethod.IsExtensionMethod, isSpanForm: false)
            : default;
    }

    /// <summary>
    /// A project's own array or tensor API (issue #14, class 4): <c>x.Log()</c>, <c>K.Sigmoid(t)</c>, <c>g.Softmax(t)</c>,
    /// <c>np.log(a)</c> — a method named like the operation whose result has its operand's type (not a BCL type). Without a
    /// body here (an interface, a package), the name decides; with one, its text must compute the operation (it calls a
    /// log, or an exp and divides); scalar helpers with a body are left to the provenance summaries.
    /// </summary>
    private static ApiCall ClassifyOwn(IInvocationOperation invocation, INamedTypeSymbol definition, string name, KnownSymbols symbols)
    {
        var function = name switch
        {
            "Log" or "log" or "PointwiseLog" or "ElementLog" or "ElementwiseLog" => MathFunction.Log,
            "Exp" or "exp" or "PointwiseExp" or "ElementExp" or "ElementwiseExp" => MathFunction.Exp,
            "Sigmoid" or "sigmoid" or "PointwiseSigmoid" => MathFunction.Sigmoid,
            "PointwiseMaximum" => MathFunction.Max,
            "PointwiseMinimum" => MathFunction.Min,
            "Softmax" or "softmax" or "SoftMax" => MathFunction.Softmax,
            _ => MathFunction.None,
        };
        var method = invocation.TargetMethod;
        if (function == MathFunction.None || IsSystemNamespace(definition.ContainingNamespace))
        {
            return default;
        }

        if (method.ReturnsVoid)
        {
            return ClassifyOwnInto(invocation, function, symbols);
        }

        // the operand: the receiver of an instance method whose parameters are all options (an axis, inPlace), else the
        // first argument (an extension method's receiver is its first argument in the operation tree); any further
        // parameter must be an option too, not a second tensor
        var parameters = method.Parameters;
        var instanceForm = !method.IsStatic && invocation.Instance is not null && AreOptions(parameters, 0, invocation) &&
                           (parameters.Length == 0 || OperationFacts.IsOfType(invocation.Instance.Type, method.ReturnType));
        if (!instanceForm && (parameters.Length == 0 || !AreOptions(parameters, 1, invocation)))
        {
            return default;
        }

        var operandType = instanceForm ? invocation.Instance!.Type : parameters[0].Type;
        if (operandType is null || !OperationFacts.IsOfType(operandType, method.ReturnType) ||
            operandType.SpecialType is not (SpecialType.None or SpecialType.System_Double or SpecialType.System_Single) ||
            operandType is INamedTypeSymbol { SpecialType: SpecialType.None, ContainingNamespace: { } ns } && IsSystemNamespace(ns))
        {
            return default;
        }

        if (!IsOwnOperation(method.OriginalDefinition, function, operandType, symbols))
        {
            return default;
        }

        return new ApiCall(function, ApiStyle.Own, invocation, instanceForm, isSpanForm: false);
    }

    /// <summary>
    /// The into form of an own or library operation (<see cref="ApiCall.IsIntoForm"/>): <c>y.PointwiseLog(result)</c>,
    /// <c>x.PointwiseSigmoid(into)</c> — a log, exp, sigmoid or softmax of its receiver (or an extension's first argument)
    /// written into its last argument, any parameter between them an option.
    /// </summary>
    private static ApiCall ClassifyOwnInto(IInvocationOperation invocation, MathFunction function, KnownSymbols symbols)
    {
        var method = invocation.TargetMethod;
        if (function is not (MathFunction.Log or MathFunction.Exp or MathFunction.Sigmoid or MathFunction.Softmax) ||
            OperationFacts.DestinationOf(invocation) is null)
        {
            return default;
        }

        var parameters = method.Parameters;
        var instanceForm = !method.IsStatic && invocation.Instance is not null;
        var first = instanceForm ? 0 : 1;
        if (!AreOptions(parameters, first, invocation, end: parameters.Length - 1))
        {
            return default;
        }

        var operandType = instanceForm ? invocation.Instance!.Type! : parameters[0].Type;
        if (operandType.SpecialType != SpecialType.None || !IsOwnOperation(method.OriginalDefinition, function, operandType, symbols))
        {
            return default;
        }

        return new ApiCall(function, ApiStyle.Own, invocation, instanceForm, isSpanForm: false, isIntoForm: true);
    }

    /// <summary>
    /// Are the parameters from <paramref name="start"/> on (up to <paramref name="end"/>) options (an axis, a flag, an
    /// enum), or an optional one the call leaves out (<c>FloatTensor result = null</c>, an output buffer)?
    /// </summary>
    private static bool AreOptions(System.Collections.Immutable.ImmutableArray<IParameterSymbol> parameters, int start, IInvocationOperation invocation,
        int end = -1)
    {
        for (var i = start; i < (end < 0 ? parameters.Length : end); i++)
        {
            var type = parameters[i].Type;
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                // double? min = null: an option all the same
                type = nullable.TypeArguments[0];
            }

            if (type.TypeKind != TypeKind.Enum && type.SpecialType is not (SpecialType.System_Boolean or SpecialType.System_Int32 or
                    SpecialType.System_Int64 or SpecialType.System_Single or SpecialType.System_Double) &&
                !(parameters[i].IsOptional && OperationFacts.IsLeftOut(parameters[i], invocation)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSystemNamespace(INamespaceSymbol? ns)
    {
        for (var current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            if (current.ContainingNamespace is { IsGlobalNamespace: true } && current.Name == "System")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The name decides without a body here; a body must compute the operation (text: a log call, or an exp and a
    /// division); a scalar helper with a body is not classified (provenance summarises it).</summary>
    private static bool IsOwnOperation(IMethodSymbol method, MathFunction function, ITypeSymbol operandType, KnownSymbols symbols)
    {
        if (method.IsAbstract || method.IsExtern || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, symbols.Compilation.Assembly))
        {
            return true;
        }

        if (operandType is ITypeParameterSymbol)
        {
            return false;
        }

        if (operandType.SpecialType is SpecialType.System_Double or SpecialType.System_Single)
        {
            // a scalar helper that computes is summarised by provenance; one that reads a precomputed table cannot be
            return function is MathFunction.Log or MathFunction.Sigmoid && symbols.OwnOperations.GetOrAdd(method, static m => IsTableLookup(m));
        }

        return symbols.OwnOperations.GetOrAdd(method, m =>
        {
            foreach (var reference in m.DeclaringSyntaxReferences)
            {
                var text = reference.GetSyntax().ToString();
                var computes = function switch
                {
                    MathFunction.Log => text.IndexOf("Log(", StringComparison.OrdinalIgnoreCase) >= 0,
                    MathFunction.Exp => text.IndexOf("Exp(", StringComparison.OrdinalIgnoreCase) >= 0,
                    MathFunction.Max => text.IndexOf("Max(", StringComparison.OrdinalIgnoreCase) >= 0,
                    MathFunction.Min => text.IndexOf("Min(", StringComparison.OrdinalIgnoreCase) >= 0,
                    // a softmax divides exponentials by their sum, or subtracts their log-sum-exp (exp(x − LogSumExp(x)))
                    _ => text.IndexOf("Exp(", StringComparison.OrdinalIgnoreCase) >= 0 &&
                         (text.IndexOf('/') >= 0 || function == MathFunction.Softmax && text.IndexOf("LogSumExp(", StringComparison.OrdinalIgnoreCase) >= 0) ||
                         DelegatesToSameName(text, m.Name),
                };
                if (computes)
                {
                    return true;
                }
            }

            return false;
        });
    }

    /// <summary>
    /// Is the method a precomputed table of its function, as fastText and word2vec write <c>Sigmoid(x)</c> and <c>Log(x)</c>: every
    /// value it returns is an element of an array member (<c>t_log[(int)(x * N)]</c>) or a constant for the ends of the range
    /// (<c>if (x &lt; −8) return 0f;</c>), and at least one is a table element. The method's name says which function the
    /// table holds (the table is filled elsewhere, often through <c>ref</c> parameters, where no reading can follow it).
    /// </summary>
    public static bool IsTableLookup(IMethodSymbol method)
    {
        if (method.Parameters.Length != 1 || method.Parameters[0].Type.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single))
        {
            return false;
        }

        var elements = 0;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var returned = reference.GetSyntax() switch
            {
                MethodDeclarationSyntax { ExpressionBody: { } arrow } => new[] { arrow.Expression },
                MethodDeclarationSyntax { Body: { } body } => body.DescendantNodes().OfType<ReturnStatementSyntax>().Select(static r => r.Expression).ToArray(),
                _ => null,
            };
            if (returned is null)
            {
                return false;
            }

            foreach (var expression in returned)
            {
                switch (Unwrapped(expression))
                {
                    case LiteralExpressionSyntax:
                        continue;
                    case ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax or MemberAccessExpressionSyntax }:
                        elements++;
                        continue;
                    default:
                        return false;
                }
            }
        }

        return elements > 0;

        static ExpressionSyntax? Unwrapped(ExpressionSyntax? expression)
        {
            var value = expression is null ? null : OperationFacts.StripSyntax(expression);
            return value is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression, Operand: LiteralExpressionSyntax literal }
                ? literal
                : value;
        }
    }

    /// <summary>
    /// Does the body (its declaration's text) call another method of the same name — a graph or tensor library's
    /// <c>Sigmoid(w)</c> that runs its backend's <c>Ops.Sigmoid(res, w)</c> kernel? The declaration itself is the first
    /// occurrence; a second one, after a dot, is the delegated call.
    /// </summary>
    private static bool DelegatesToSameName(string text, string name)
    {
        // the declaration is the first occurrence; a later one after a dot is the delegated call (Ops.Sigmoid(res, w)) or a
        // scalar function of the same name mapped over the elements (ApplyFunction(x, MathUtils.Sigmoid))
        var first = text.IndexOf(name + "(", StringComparison.Ordinal);
        for (var at = first < 0 ? -1 : text.IndexOf(name, first + name.Length, StringComparison.Ordinal); at > 0;
             at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
        {
            var after = at + name.Length < text.Length ? text[at + name.Length] : ' ';
            if (text[at - 1] == '.' && after is '(' or ')' or ',')
            {
                return true;
            }
        }

        return false;
    }

    private static ApiCall ClassifyTorch(IInvocationOperation invocation, INamedTypeSymbol definition, string name, KnownSymbols symbols)
    {
        var comparer = SymbolEqualityComparer.Default;
        if (comparer.Equals(definition, symbols.Torch) || comparer.Equals(definition, symbols.TorchSpecial))
        {
            return Make(TorchFunction(name), ApiStyle.Torch, invocation);
        }

        if (comparer.Equals(definition, symbols.TorchFunctional))
        {
            var function = name == "binary_cross_entropy" ? MathFunction.BinaryCrossEntropy : TorchFunction(name);
            return Make(function, ApiStyle.Torch, invocation);
        }

        if (comparer.Equals(definition, symbols.Tensor) && !invocation.TargetMethod.IsStatic)
        {
            var function = TorchFunction(name);
            return function == MathFunction.None
                ? default
                : new ApiCall(function, ApiStyle.Torch, invocation, isInstanceForm: true, isSpanForm: false);
        }

        if (name is "forward" or "call" && invocation.Instance?.Type is INamedTypeSymbol receiverType)
        {
            for (var t = receiverType; t is not null; t = t.BaseType)
            {
                if (comparer.Equals(t, symbols.SigmoidModule))
                {
                    return Make(MathFunction.Sigmoid, ApiStyle.Torch, invocation);
                }

                if (comparer.Equals(t, symbols.SoftmaxModule))
                {
                    return Make(MathFunction.Softmax, ApiStyle.Torch, invocation);
                }

                if (comparer.Equals(t, symbols.BceLossModule))
                {
                    return Make(MathFunction.BinaryCrossEntropy, ApiStyle.Torch, invocation);
                }
            }

            // Loss<Tensor, Tensor, Tensor> criterion = nn.BCELoss(): the module it was created as
            if (comparer.Equals(TorchModules.CreatedType(invocation.Instance!, symbols), symbols.BceLossModule) && symbols.BceLossModule is not null)
            {
                return Make(MathFunction.BinaryCrossEntropy, ApiStyle.Torch, invocation);
            }
        }

        return default;
    }

    private static MathFunction TorchFunction(string name) => TorchFunctions.TryGetValue(name, out var f) ? f : MathFunction.None;

    private static MathFunction ClassifyScalar(string name, int parameterCount) =>
        name == "Log" ? parameterCount == 1 ? MathFunction.Log : parameterCount == 2 ? MathFunction.LogWithBase : MathFunction.None
        : ScalarFunctions.TryGetValue(name, out var f) ? f : MathFunction.None;

    // ---------------------------------------------------------------- the names, per API

    /// <summary><c>Math</c>, <c>MathF</c> and generic math (plus <c>LogP1</c> there); <c>Log</c> is Log or LogWithBase by arity.</summary>
    private static readonly Dictionary<string, MathFunction> ScalarFunctions = new(StringComparer.Ordinal)
    {
        ["Log"] = MathFunction.Log, ["Log10"] = MathFunction.Log10, ["Log2"] = MathFunction.Log2, ["Exp"] = MathFunction.Exp,
        ["Clamp"] = MathFunction.Clamp, ["Max"] = MathFunction.Max, ["Min"] = MathFunction.Min, ["Abs"] = MathFunction.Abs,
    };

    /// <summary><c>System.Numerics.Tensors.Tensor</c>'s one-operand operations.</summary>
    private static readonly Dictionary<string, MathFunction> TensorOperationFunctions = new(StringComparer.Ordinal)
    {
        ["Log"] = MathFunction.Log, ["Log2"] = MathFunction.Log2, ["Log10"] = MathFunction.Log10, ["Exp"] = MathFunction.Exp,
        ["Sigmoid"] = MathFunction.Sigmoid, ["SoftMax"] = MathFunction.Softmax,
    };

    private static readonly Dictionary<string, MathFunction> TensorPrimitivesFunctions = new(StringComparer.Ordinal)
    {
        ["Log"] = MathFunction.Log, ["Log10"] = MathFunction.Log10, ["Log2"] = MathFunction.Log2, ["Exp"] = MathFunction.Exp,
        ["LogP1"] = MathFunction.Log1p, ["Sigmoid"] = MathFunction.Sigmoid, ["SoftMax"] = MathFunction.Softmax,
    };

    private static readonly Dictionary<string, MathFunction> StableMathFunctions = new(StringComparer.Ordinal)
    {
        ["Sigmoid"] = MathFunction.Sigmoid, ["Softmax"] = MathFunction.Softmax, ["LogSigmoid"] = MathFunction.LogSigmoid,
        ["LogSoftmax"] = MathFunction.LogSoftmax, ["Softplus"] = MathFunction.Softplus, ["Log1p"] = MathFunction.Log1p,
    };

    /// <summary><c>torch.*</c>, <c>torch.special.*</c>, <c>torch.nn.functional.*</c> and tensor methods.</summary>
    private static readonly Dictionary<string, MathFunction> TorchFunctions = new(StringComparer.Ordinal)
    {
        ["log"] = MathFunction.Log, ["log_"] = MathFunction.Log, ["log10"] = MathFunction.Log10, ["log10_"] = MathFunction.Log10,
        ["log2"] = MathFunction.Log2, ["log2_"] = MathFunction.Log2, ["exp"] = MathFunction.Exp, ["exp_"] = MathFunction.Exp,
        ["log1p"] = MathFunction.Log1p, ["log1p_"] = MathFunction.Log1p, ["sigmoid"] = MathFunction.Sigmoid,
        ["sigmoid_"] = MathFunction.Sigmoid, ["expit"] = MathFunction.Sigmoid, ["softmax"] = MathFunction.Softmax,
        ["logsigmoid"] = MathFunction.LogSigmoid, ["log_softmax"] = MathFunction.LogSoftmax, ["softplus"] = MathFunction.Softplus,
        ["clamp"] = MathFunction.Clamp, ["clamp_"] = MathFunction.Clamp, ["clip"] = MathFunction.Clamp,
        ["clamp_min"] = MathFunction.Clamp, ["clamp_max"] = MathFunction.Clamp,
    };

    /// <summary>
    /// The names of element-wise maps of a sequence through a delegate: LINQ's <c>Select</c>, a vector or matrix type's
    /// <c>Map</c>/<c>Transform</c>/<c>Apply</c>/<c>Calc</c>/<c>ApplyToElements</c>… (one list for the host's routing, the
    /// softmax search and the guards). Declared before <see cref="FunctionsByName"/>, which reads it: static fields are
    /// initialised in the order they are written.
    /// </summary>
    private static readonly string[] MapNames =
    {
        "Select", "Transform", "Map", "MapInplace", "Calc", "Apply", "ApplyToElements", "MapElements", "ApplyElementwise",
        "ApplyElementwiseFunction", "ConvertAll", "Each",
    };

    /// <summary>Every method name any API above uses, with the functions it can stand for (a bit per <see cref="MathFunction"/>).</summary>
    private static readonly Dictionary<string, ulong> FunctionsByName = BuildFunctionsByName();

    private static Dictionary<string, ulong> BuildFunctionsByName()
    {
        var byName = new Dictionary<string, ulong>(StringComparer.Ordinal);
        void Add(string name, MathFunction function) =>
            byName[name] = (byName.TryGetValue(name, out var mask) ? mask : 0) | Mask(function);

        foreach (var table in new[] { ScalarFunctions, TensorPrimitivesFunctions, TensorOperationFunctions, StableMathFunctions, TorchFunctions })
        {
            foreach (var entry in table)
            {
                Add(entry.Key, entry.Value);
            }
        }

        Add("Log", MathFunction.LogWithBase);
        Add("LogP1", MathFunction.Log1p); // generic math
        // LINQ's z.Select(Math.Exp), a vector type's v.Transform(NumOps.Exp), m.Map(f), …
        foreach (var map in MapNames)
        {
            Add(map, MathFunction.Map);
            Add(map, MathFunction.Log); // m.Map(Math.Log): the log of every element (MapOfLog)
        }

        Add("PointwiseLog", MathFunction.Log); // MathNet.Numerics' vectors and matrices (own-API style)
        Add("PointwiseExp", MathFunction.Exp);
        Add("PointwiseSigmoid", MathFunction.Sigmoid); // an own extension in MathNet's style
        Add("PointwiseMaximum", MathFunction.Max); // MathNet's element-wise max/min with a scalar: a clamp bound
        Add("PointwiseMinimum", MathFunction.Min);
        Add("ElementLog", MathFunction.Log); // own matrix types (their bodies are checked)
        Add("ElementExp", MathFunction.Exp);
        Add("ElementwiseLog", MathFunction.Log);
        Add("ElementwiseExp", MathFunction.Exp);
        Add("Pow", MathFunction.Exp); // Math.Pow(Math.E, x) (see IsPowOfE: Classify leaves Pow unclassified)
        Add("LogOnePlus", MathFunction.Log1p); // a library's own log1p (LOSS006 reads its body-less name: IsOwnLog1p)
        Add("Log1P", MathFunction.Log1p);
        Add("BinaryCrossEntropy", MathFunction.BinaryCrossEntropy); // StableLoss.Loss
        Add("binary_cross_entropy", MathFunction.BinaryCrossEntropy); // torch.nn.functional
        foreach (var module in new[] { "forward", "call" }) // nn.Sigmoid, nn.Softmax, nn.BCELoss modules
        {
            Add(module, MathFunction.Sigmoid);
            Add(module, MathFunction.Softmax);
            Add(module, MathFunction.BinaryCrossEntropy);
        }

        return byName;
    }

    /// <summary>The bit of one function in a <see cref="Functions"/> mask.</summary>
    public static ulong Mask(MathFunction function) => 1UL << (int)function;

    /// <summary>A logarithm of any base (<c>Log</c>, <c>Log10</c>, <c>Log2</c>, <c>Log(x, b)</c>): each is −∞ at 0.</summary>
    public static readonly ulong AnyBaseLogarithm = Mask(MathFunction.Log, MathFunction.Log10, MathFunction.Log2, MathFunction.LogWithBase);

    /// <summary>Is the function a logarithm of any base (its operand is the first argument or the receiver)?</summary>
    public static bool IsLogarithm(MathFunction function) =>
        function is MathFunction.Log or MathFunction.Log10 or MathFunction.Log2 or MathFunction.LogWithBase;

    public static ulong Mask(MathFunction first, params MathFunction[] more)
    {
        var mask = Mask(first);
        foreach (var function in more)
        {
            mask |= Mask(function);
        }

        return mask;
    }

    /// <summary>Is the method name one of an element-wise map (<see cref="MapNames"/>, or any <c>Apply…wise…</c>)?</summary>
    public static bool IsMapName(string name) =>
        Array.IndexOf(MapNames, name) >= 0 || name.StartsWith("Apply", StringComparison.Ordinal) && name.IndexOf("wise", StringComparison.OrdinalIgnoreCase) > 0;

    /// <summary>
    /// The functions a call of a method with this name can be in any API <see cref="Classify"/> knows (0 for most
    /// names): the check every rule makes before anything else, as most invocations are of nothing it looks for.
    /// </summary>
    public static ulong Functions(string methodName) => FunctionsByName.TryGetValue(methodName, out var mask) ? mask : 0;

    /// <summary>Can a call of <paramref name="invocation"/>'s method be any of the functions in <paramref name="mask"/>?</summary>
    public static bool MayBe(IInvocationOperation invocation, ulong mask) => (FunctionsOf(invocation) & mask) != 0;

    /// <summary><see cref="Functions(string)"/> of the invocation's method (the host looks it up once per call for all rules:
    /// <see cref="CallSite.Functions"/>).</summary>
    public static ulong FunctionsOf(IInvocationOperation invocation) =>
        // the analysed call's mask was looked up once by the host (a string-keyed lookup per ask otherwise)
        CallSite.Of(invocation) is { } site ? site.Functions : Functions(invocation.TargetMethod.Name);

    private static ApiCall Make(MathFunction function, ApiStyle style, IInvocationOperation invocation) =>
        function == MathFunction.None ? default : new ApiCall(function, style, invocation, isInstanceForm: false, isSpanForm: false);

    /// <summary><c>Math.Log(x, Math.E)</c> is the natural logarithm of x.</summary>
    private static MathFunction NaturalIfBaseE(MathFunction function, IInvocationOperation invocation) =>
        function == MathFunction.LogWithBase && invocation.Arguments.Length == 2 && IsE(invocation.Arguments[1].Value) ? MathFunction.Log : function;

    private static bool IsE(IOperation value) =>
        OperationFacts.Strip(value).ConstantValue is { HasValue: true } constant && OperationFacts.ToDouble(constant.Value) is { } e &&
        System.Math.Abs(e - System.Math.E) < 1e-6;

    /// <summary>Is this call <c>Math.Pow(Math.E, x)</c> (which is <c>Exp(x)</c>), also with <c>Math.E</c> held in a local?</summary>
    public static bool IsPowOfE(IInvocationOperation invocation, KnownSymbols symbols, out IOperation? exponent)
    {
        exponent = null;
        var method = invocation.TargetMethod;
        if (method.Name != "Pow" || invocation.Arguments.Length != 2 ||
            !(SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, symbols.Math) ||
              SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, symbols.MathF)))
        {
            return false;
        }

        // Math.E, or a local holding it (var e = Math.E; … Math.Pow(e, x))
        var baseValue = Dataflow.ThroughOnlyInitializer(invocation.Arguments[0].Value).ConstantValue;
        if (baseValue.HasValue && OperationFacts.ToDouble(baseValue.Value) is { } b && System.Math.Abs(b - System.Math.E) < 1e-6)
        {
            exponent = invocation.Arguments[1].Value;
            return true;
        }

        return false;
    }
}
