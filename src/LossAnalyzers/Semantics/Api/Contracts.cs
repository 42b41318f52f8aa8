using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>What a consumer expects a value to be (LOSS007/LOSS008).</summary>
internal enum Expected
{
    None,
    /// <summary>Logits: the consumer applies the sigmoid or the softmax itself.</summary>
    Logits,
    /// <summary>Log-probabilities: <c>nll_loss</c>/<c>NLLLoss</c> take a <c>log_softmax</c> output.</summary>
    LogProbabilities,
    /// <summary>Probabilities in [0, 1]: a binary cross-entropy on probabilities, a <c>[Probability]</c> parameter.</summary>
    Probability,
}

/// <summary>One value handed to a consumer with an expectation: an argument of a loss, of a <c>[Logits]</c> parameter, ….</summary>
internal readonly struct Consumption
{
    public Consumption(IOperation value, Expected expected, string consumer, ApiStyle style, ISymbol? declaredBy = null)
    {
        Value = value;
        Expected = expected;
        Consumer = consumer;
        Style = style;
        DeclaredBy = declaredBy;
    }

    /// <summary>The value as written at the call (the argument's value, or the receiver of <c>p.log_softmax(1)</c>).</summary>
    public IOperation Value { get; }

    public Expected Expected { get; }

    /// <summary>How the message names the consumer: <c>binary_cross_entropy_with_logits</c>, <c>nn.NLLLoss</c>, <c>Score(logit)</c>.</summary>
    public string Consumer { get; }

    public ApiStyle Style { get; }

    /// <summary>The parameter whose <c>[Logits]</c>/<c>[Probability]</c> attribute makes the expectation, if that is where it comes from.</summary>
    public ISymbol? DeclaredBy { get; }
}

/// <summary>
/// The contracts values are checked against: the inputs TorchSharp's losses expect (logits for
/// <c>binary_cross_entropy_with_logits</c>/<c>cross_entropy</c>, log-probabilities for <c>nll_loss</c>, probabilities for
/// <c>binary_cross_entropy</c>, and the same for their modules), and the <c>[Logits]</c>/<c>[Probability]</c> attributes of
/// StableLoss.Annotations on parameters, return values, fields and properties, read from source and metadata alike.
/// </summary>
internal static class Contracts
{
    /// <summary>Does the attribute list hold an attribute of this class?</summary>
    public static bool Has(ImmutableArray<AttributeData> attributes, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return false;
        }

        foreach (var data in attributes)
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Is the parameter, field or property declared <c>[Logits]</c>?</summary>
    public static bool IsDeclaredLogits(ISymbol symbol, KnownSymbols symbols) =>
        symbols.LogitsAttribute is not null && Has(symbol.GetAttributes(), symbols.LogitsAttribute);

    /// <summary>Does the method (or the property's getter) declare <c>[return: Logits]</c>?</summary>
    public static bool ReturnsLogits(IMethodSymbol method, KnownSymbols symbols) =>
        symbols.LogitsAttribute is not null &&
        (Has(method.GetReturnTypeAttributes(), symbols.LogitsAttribute) ||
         method.AssociatedSymbol is IPropertySymbol property && Has(property.GetAttributes(), symbols.LogitsAttribute));

    /// <summary>
    /// The value of <paramref name="invocation"/> that has an expectation, if any: the first argument of a TorchSharp loss,
    /// the receiver of <c>p.log_softmax(dim)</c>, or an argument of a parameter with a contract. At most one per call: the
    /// APIs take one prediction.
    /// </summary>
    public static Consumption? Of(IInvocationOperation invocation, KnownSymbols symbols)
    {
        var method = invocation.TargetMethod;
        if (symbols.Torch is not null && IsTorchConsumerName(method.Name) && TorchExpectation(invocation, method, symbols) is { } torch)
        {
            return torch;
        }

        if (!symbols.HasContracts || invocation.Arguments.IsEmpty || !symbols.MayDeclareContracts(method.ContainingAssembly) ||
            ContractParameters(method.OriginalDefinition, symbols) is not { } expectations)
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue ||
                parameter.Ordinal >= expectations.Length)
            {
                continue;
            }

            var expected = expectations[parameter.Ordinal];
            if (expected != Expected.None)
            {
                var style = SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, symbols.StableLossLoss?.ContainingAssembly)
                    ? ApiStyle.StableLoss
                    : ApiStyle.None;
                return new Consumption(argument.Value, expected, $"{method.ContainingType?.Name}.{method.Name}", style, parameter);
            }
        }

        return null;
    }

    /// <summary>What each parameter of the method is declared to expect, or null when none is declared (cached per method:
    /// every call of a compilation that references StableLoss asks).</summary>
    private static Expected[]? ContractParameters(IMethodSymbol method, KnownSymbols symbols)
    {
        // a method of this compilation whose parameters carry no attribute in its declaration has no contract: answered from
        // the syntax once per method (a weak table keyed by the symbol object, without binding attributes or adding every
        // called method to the shared cache, whose growth locks it)
        if (OperationFacts.IsInSource(method) &&
            ReferenceEquals(WithoutParameterAttributes.GetValue(method, static m => Answer.Of(DeclaresNoContract((IMethodSymbol)m))), Answer.Yes))
        {
            return null;
        }

        if (symbols.ContractParameters.TryGetValue(method, out var cached))
        {
            return cached.Value;
        }

        Expected[]? expectations = null;
        var parameters = method.Parameters;
        for (var i = 0; i < parameters.Length; i++)
        {
            var attributes = parameters[i].GetAttributes();
            var expected = Has(attributes, symbols.LogitsAttribute) ? Expected.Logits
                : Has(attributes, symbols.ProbabilityAttribute) ? Expected.Probability
                : Expected.None;
            if (expected != Expected.None)
            {
                expectations ??= new Expected[parameters.Length];
                expectations[i] = expected;
            }
        }

        return symbols.ContractParameters.GetOrAdd(method, new Box<Expected[]?>(expectations)).Value;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ISymbol, object> WithoutParameterAttributes = new();

    /// <summary>
    /// Does a source method certainly declare no contract (asked once per method)? When no file it is declared in spells
    /// <c>Logits</c> or <c>Probability</c>, no attribute of its parameters can name either class (asked of each file once,
    /// by its text: most files of a compilation are of this kind, and most called methods are declared in them); otherwise
    /// its parameter lists are read. Not seen: a <c>global using</c> alias of the attribute declared in another file.
    /// </summary>
    private static bool DeclaresNoContract(IMethodSymbol method)
    {
        var references = method.DeclaringSyntaxReferences;
        if (references.IsEmpty)
        {
            return false;
        }

        foreach (var reference in references)
        {
            if (MayNameContract(reference.SyntaxTree))
            {
                return HasNoParameterAttributes(method);
            }
        }

        return true;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxTree, object> NamesContract = new();

    private static bool MayNameContract(SyntaxTree tree) =>
        ReferenceEquals(NamesContract.GetValue(tree, static t =>
        {
            var text = t.GetText();
            return Answer.Of(Spells(text, "Logits") || Spells(text, "Probability"));
        }), Answer.Yes);

    /// <summary>Does the text contain the word (read in chunks, overlapping by the word's length: no copy of the whole file)?</summary>
    private static bool Spells(Microsoft.CodeAnalysis.Text.SourceText text, string word)
    {
        const int Chunk = 4096;
        var buffer = new char[Chunk + word.Length];
        for (var start = 0; start < text.Length; start += Chunk)
        {
            var count = System.Math.Min(Chunk + word.Length - 1, text.Length - start);
            text.CopyTo(start, buffer, 0, count);
            if (System.MemoryExtensions.IndexOf(new System.ReadOnlySpan<char>(buffer, 0, count), System.MemoryExtensions.AsSpan(word), System.StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Is the method declared in source (only), with no attribute list on any parameter in any of its declarations?</summary>
    private static bool HasNoParameterAttributes(IMethodSymbol method)
    {
        var references = method.DeclaringSyntaxReferences;
        if (references.IsEmpty || method.MethodKind is not (MethodKind.Ordinary or MethodKind.Constructor or MethodKind.LocalFunction))
        {
            return false;
        }

        foreach (var reference in references)
        {
            var parameters = reference.GetSyntax() switch
            {
                Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax declared => declared.ParameterList.Parameters,
                Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax local => local.ParameterList.Parameters,
                _ => (Microsoft.CodeAnalysis.SeparatedSyntaxList<Microsoft.CodeAnalysis.CSharp.Syntax.ParameterSyntax>?)null,
            };
            if (parameters is not { } list)
            {
                return false;
            }

            foreach (var parameter in list)
            {
                if (parameter.AttributeLists.Count > 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Can <see cref="Of"/> find an expectation in this call? A cheap test the host asks before anything else: a TorchSharp
    /// loss by its name, or a method with a contract on a parameter (one cached lookup per method).
    /// </summary>
    public static bool MayExpect(IInvocationOperation invocation, KnownSymbols symbols)
    {
        if (invocation.Arguments.IsEmpty && invocation.Instance is null)
        {
            return false;
        }

        var method = invocation.TargetMethod;
        if (symbols.Torch is not null && IsTorchConsumerName(method.Name))
        {
            return true;
        }

        return symbols.HasContracts && !invocation.Arguments.IsEmpty && symbols.MayDeclareContracts(method.ContainingAssembly) &&
               ContractParameters(method.OriginalDefinition, symbols) is not null;
    }

    private static Consumption? TorchExpectation(IInvocationOperation invocation, IMethodSymbol method, KnownSymbols symbols)
    {
        var name = method.Name;
        var comparer = SymbolEqualityComparer.Default;
        var type = method.ContainingType?.OriginalDefinition;
        if (comparer.Equals(type, symbols.TorchFunctional) || comparer.Equals(type, symbols.TorchSpecial))
        {
            var expected = name switch
            {
                "binary_cross_entropy_with_logits" or "cross_entropy" or "log_softmax" or "logsigmoid" => Expected.Logits,
                "nll_loss" => Expected.LogProbabilities,
                "binary_cross_entropy" => Expected.Probability,
                _ => Expected.None,
            };
            return expected != Expected.None && invocation.Arguments.Length > 0
                ? new Consumption(Argument0(invocation), expected, "functional." + name, ApiStyle.Torch)
                : null;
        }

        if (comparer.Equals(type, symbols.Tensor) && name == "log_softmax" && invocation.Instance is { } receiver)
        {
            return new Consumption(receiver, Expected.Logits, "log_softmax", ApiStyle.Torch);
        }

        if (name is "forward" or "call" && invocation.Instance?.Type is INamedTypeSymbol declaredType && invocation.Arguments.Length > 0)
        {
            // Loss<Tensor, Tensor, Tensor> criterion = nn.CrossEntropyLoss(): the module it was created as
            var moduleType = TorchModules.CreatedType(invocation.Instance, symbols) as INamedTypeSymbol ?? declaredType;
            for (var t = moduleType; t is not null; t = t.BaseType)
            {
                var expected = comparer.Equals(t, symbols.BceWithLogitsLossModule) || comparer.Equals(t, symbols.CrossEntropyLossModule) ||
                               comparer.Equals(t, symbols.LogSoftmaxModule)
                    ? Expected.Logits
                    : comparer.Equals(t, symbols.NllLossModule) ? Expected.LogProbabilities
                    : comparer.Equals(t, symbols.BceLossModule) ? Expected.Probability
                    : Expected.None;
                if (expected != Expected.None)
                {
                    return new Consumption(Argument0(invocation), expected, "nn." + t.Name, ApiStyle.Torch);
                }

                if (t.ContainingNamespace?.Name == "Modules" && t.ContainingAssembly is { Name: "TorchSharp" })
                {
                    // another TorchSharp module: none of its bases is a loss
                    break;
                }
            }
        }

        return null;
    }

    private static IOperation Argument0(IInvocationOperation invocation) =>
        OperationFacts.Argument(invocation.Arguments, 0) ?? invocation.Arguments[0].Value;

    /// <summary>The TorchSharp names <see cref="TorchExpectation"/> can answer for (losses, log-softmax, module calls).</summary>
    private static bool IsTorchConsumerName(string name) =>
        name is "binary_cross_entropy_with_logits" or "cross_entropy" or "log_softmax" or "logsigmoid" or "nll_loss" or
            "binary_cross_entropy" or "forward" or "call";
}
