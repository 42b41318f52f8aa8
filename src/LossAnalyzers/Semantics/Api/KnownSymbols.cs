using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Semantics;

/// <summary>
/// The well-known types every rule asks about, resolved once per compilation and shared by all analyzers
/// (through a weak table keyed on the compilation). Any of them may be null: the compilation simply does not reference it.
/// </summary>
internal sealed class KnownSymbols
{
    private static readonly ConditionalWeakTable<Compilation, KnownSymbols> Cache = new();

    private KnownSymbols(Compilation compilation)
    {
        Compilation = compilation;
        // Each type is looked up in the one assembly that defines it. Compilation.GetTypeByMetadataName searches every
        // reference (hundreds with a framework reference pack) and cost more than all the rules' analysis together.
        var core = compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly;
        Math = core?.GetTypeByMetadataName("System.Math");
        MathF = core?.GetTypeByMetadataName("System.MathF");
        Double = compilation.GetSpecialType(SpecialType.System_Double);
        Single = compilation.GetSpecialType(SpecialType.System_Single);
        LogarithmicFunctions = core?.GetTypeByMetadataName("System.Numerics.ILogarithmicFunctions`1");
        ExponentialFunctions = core?.GetTypeByMetadataName("System.Numerics.IExponentialFunctions`1");
        NumberBase = core?.GetTypeByMetadataName("System.Numerics.INumber`1");

        var tensors = Assembly(compilation, "System.Numerics.Tensors");
        TensorPrimitives = tensors?.GetTypeByMetadataName("System.Numerics.Tensors.TensorPrimitives");
        TensorOperations = tensors?.GetTypeByMetadataName("System.Numerics.Tensors.Tensor");

        var torch = Assembly(compilation, "TorchSharp");
        Torch = torch?.GetTypeByMetadataName("TorchSharp.torch");
        TorchNn = torch?.GetTypeByMetadataName("TorchSharp.torch+nn");
        TorchFunctional = torch?.GetTypeByMetadataName("TorchSharp.torch+nn+functional");
        TorchSpecial = torch?.GetTypeByMetadataName("TorchSharp.torch+special");
        Tensor = torch?.GetTypeByMetadataName("TorchSharp.torch+Tensor");
        // TorchSharp.Modules holds hundreds of types, and most compilations that reference TorchSharp never ask about a
        // module: each is looked up when first asked for
        torchModules = torch is null ? null : LazyType.All(torch, "TorchSharp.Modules.", ModuleNames);

        var stableLoss = Assembly(compilation, "StableLoss");
        StableMath = stableLoss?.GetTypeByMetadataName("StableLoss.StableMath");
        StableLossLoss = stableLoss?.GetTypeByMetadataName("StableLoss.Loss");
        LogitsAttribute = stableLoss?.GetTypeByMetadataName("StableLoss.Annotations.LogitsAttribute");
        ProbabilityAttribute = stableLoss?.GetTypeByMetadataName("StableLoss.Annotations.ProbabilityAttribute");
    }

    /// <summary>The compilation's own assembly or a referenced one with this simple name, if any.</summary>
    private static IAssemblySymbol? Assembly(Compilation compilation, string name)
    {
        if (compilation.Assembly.Name == name)
        {
            return compilation.Assembly;
        }

        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (assembly.Name == name)
            {
                return assembly;
            }
        }

        return null;
    }

    private enum TorchModule
    {
        BCELoss,
        Sigmoid,
        Softmax,
        Sequential,
        Linear,
        BCEWithLogitsLoss,
        CrossEntropyLoss,
        NLLLoss,
        LogSoftmax,
    }

    private static readonly string[] ModuleNames = System.Enum.GetNames(typeof(TorchModule));

    private readonly LazyType[]? torchModules;

    /// <summary>A type of an assembly, looked up on first use (a benign race looks it up twice).</summary>
    private sealed class LazyType
    {
        private readonly IAssemblySymbol assembly;
        private readonly string metadataName;
        private INamedTypeSymbol? value;
        private volatile bool known;

        private LazyType(IAssemblySymbol assembly, string metadataName)
        {
            this.assembly = assembly;
            this.metadataName = metadataName;
        }

        public static LazyType[] All(IAssemblySymbol assembly, string prefix, string[] names)
        {
            var types = new LazyType[names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                types[i] = new LazyType(assembly, prefix + names[i]);
            }

            return types;
        }

        public INamedTypeSymbol? Value
        {
            get
            {
                if (!known)
                {
                    value = assembly.GetTypeByMetadataName(metadataName);
                    known = true;
                }

                return value;
            }
        }
    }

    public Compilation Compilation { get; }
    public INamedTypeSymbol? Math { get; }
    public INamedTypeSymbol? MathF { get; }
    public INamedTypeSymbol Double { get; }
    public INamedTypeSymbol Single { get; }
    public INamedTypeSymbol? LogarithmicFunctions { get; }
    public INamedTypeSymbol? ExponentialFunctions { get; }
    public INamedTypeSymbol? NumberBase { get; }
    public INamedTypeSymbol? TensorPrimitives { get; }

    /// <summary><c>System.Numerics.Tensors.Tensor</c>: the static operations over <c>Tensor&lt;T&gt;</c> (.NET 9 on).</summary>
    public INamedTypeSymbol? TensorOperations { get; }
    public INamedTypeSymbol? Torch { get; }
    public INamedTypeSymbol? TorchNn { get; }
    public INamedTypeSymbol? TorchFunctional { get; }
    public INamedTypeSymbol? TorchSpecial { get; }
    public INamedTypeSymbol? Tensor { get; }
    public INamedTypeSymbol? BceLossModule => torchModules?[(int)TorchModule.BCELoss].Value;
    public INamedTypeSymbol? SigmoidModule => torchModules?[(int)TorchModule.Sigmoid].Value;
    public INamedTypeSymbol? SoftmaxModule => torchModules?[(int)TorchModule.Softmax].Value;
    public INamedTypeSymbol? SequentialModule => torchModules?[(int)TorchModule.Sequential].Value;
    public INamedTypeSymbol? LinearModule => torchModules?[(int)TorchModule.Linear].Value;
    public INamedTypeSymbol? BceWithLogitsLossModule => torchModules?[(int)TorchModule.BCEWithLogitsLoss].Value;
    public INamedTypeSymbol? CrossEntropyLossModule => torchModules?[(int)TorchModule.CrossEntropyLoss].Value;
    public INamedTypeSymbol? NllLossModule => torchModules?[(int)TorchModule.NLLLoss].Value;
    public INamedTypeSymbol? LogSoftmaxModule => torchModules?[(int)TorchModule.LogSoftmax].Value;

    /// <summary><c>StableLoss.Annotations.LogitsAttribute</c>: a contract read from source and metadata (LOSS007/LOSS008).</summary>
    public INamedTypeSymbol? LogitsAttribute { get; }

    /// <summary><c>StableLoss.Annotations.ProbabilityAttribute</c>: a contract read from source and metadata (LOSS001/LOSS007/LOSS008).</summary>
    public INamedTypeSymbol? ProbabilityAttribute { get; }

    /// <summary>Can any value of the compilation carry a <c>[Logits]</c>/<c>[Probability]</c> contract?</summary>
    public bool HasContracts => LogitsAttribute is not null || ProbabilityAttribute is not null;

    private System.Collections.Generic.HashSet<IAssemblySymbol>? contractAssemblies;

    /// <summary>
    /// Can a method of this assembly declare a contract: StableLoss itself, this compilation, or an assembly that
    /// references StableLoss? (The BCL and most packages cannot: their calls need no attribute lookup.)
    /// </summary>
    public bool MayDeclareContracts(IAssemblySymbol? assembly)
    {
        if (assembly is null || !HasContracts)
        {
            return false;
        }

        if (ReferenceEquals(assembly, Compilation.Assembly))
        {
            // the compilation's own methods, the commonest callee (without hashing the assembly symbol)
            return true;
        }

        var known = contractAssemblies;
        if (known is null)
        {
            known = new System.Collections.Generic.HashSet<IAssemblySymbol>(SymbolEqualityComparer.Default) { Compilation.Assembly };
            if ((LogitsAttribute ?? ProbabilityAttribute)?.ContainingAssembly is { } stableLoss)
            {
                known.Add(stableLoss);
            }

            foreach (var referenced in Compilation.SourceModule.ReferencedAssemblySymbols)
            {
                foreach (var module in referenced.Modules)
                {
                    foreach (var identity in module.ReferencedAssemblies)
                    {
                        if (identity.Name == "StableLoss")
                        {
                            known.Add(referenced);
                        }
                    }
                }
            }

            contractAssemblies = known;
        }

        return known.Contains(assembly);
    }
    public INamedTypeSymbol? StableMath { get; }
    public INamedTypeSymbol? StableLossLoss { get; }

    /// <summary>The <c>[Logits]</c>/<c>[Probability]</c> expectations of each method's parameters (<see cref="Contracts"/>).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, Box<Expected[]?>> ContractParameters { get; } = NewCache<IMethodSymbol, Box<Expected[]?>>();

    /// <summary>TorchSharp modules held by fields declared with a base type (<see cref="TorchModules"/>), per field.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<ISymbol, Box<ITypeSymbol?>> ModuleFields { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>Every call of a private method of this compilation, in its type (<see cref="CallSites"/>), per method.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, Box<System.Collections.Generic.IReadOnlyList<Microsoft.CodeAnalysis.Operations.IInvocationOperation>?>> MethodCalls { get; } =
        new(SymbolEqualityComparer.Default);

    /// <summary>Own array/tensor methods whose body computes the operation their name says (<see cref="MathApi"/>).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, bool> OwnOperations { get; } = new(SymbolEqualityComparer.Default);

    private bool? hasGenericStableLoss;

    /// <summary>
    /// Does the referenced StableLoss have the generic-math overloads (its .NET 8 build): <c>StableMath.LogSigmoid&lt;T&gt;</c>,
    /// <c>Softplus&lt;T&gt;</c>, <c>Loss.BinaryCrossEntropyWithLogits&lt;T&gt;</c>? Fixes in code over a type parameter need them.
    /// </summary>
    public bool HasGenericStableLoss => hasGenericStableLoss ??= StableMath is { } stableMath &&
        System.Linq.Enumerable.Any(stableMath.GetMembers("LogSigmoid"), static m => m is IMethodSymbol { IsGenericMethod: true });

    /// <summary>Can a StableLoss fix be written for a value of this type (double, float, or, when
    /// <see cref="HasGenericStableLoss"/>, a type parameter constrained to <c>IFloatingPointIeee754&lt;T&gt;</c>, which the
    /// generic overloads require: a library's own numeric abstraction over an unconstrained T gets no fix)?</summary>
    public bool CanFixInType(ITypeSymbol? type) =>
        type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single ||
        type is ITypeParameterSymbol parameter && HasGenericStableLoss && IsFloatingPointIeee754(parameter);

    private static bool IsFloatingPointIeee754(ITypeParameterSymbol parameter)
    {
        foreach (var constraint in parameter.ConstraintTypes)
        {
            if (constraint.OriginalDefinition is INamedTypeSymbol { Name: "IFloatingPointIeee754" })
            {
                return true;
            }

            foreach (var inherited in constraint.AllInterfaces)
            {
                if (inherited.OriginalDefinition.Name == "IFloatingPointIeee754")
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when the compilation can call any logarithm these rules know (otherwise rules register nothing).</summary>
    public bool HasAnyLogarithm =>
        Math is not null || MathF is not null || TensorPrimitives is not null || Torch is not null || LogarithmicFunctions is not null;

    /// <summary>True when the compilation has any binary cross-entropy API or a logarithm to write one by hand.</summary>
    public bool HasAnyBinaryCrossEntropy => HasAnyLogarithm || TorchFunctional is not null || StableLossLoss is not null;

    /// <summary>
    /// The BCE-helper summaries of this compilation's methods, per method: kept here, so that the lookup made for every
    /// call that may be a helper's is a field read rather than a weak-table probe. The values belong to the shapes layer
    /// that computes them (boxed summaries); API recognition does not know their type.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, object> HelperSummaries { get; } =
        NewCache<IMethodSymbol, object>();

    /// <summary>
    /// A per-compilation cache of symbols asked about by many calls: sized for a large compilation's methods from the
    /// start, because each growth of a concurrent dictionary takes all its locks while the driver's threads wait on them.
    /// </summary>
    internal static System.Collections.Concurrent.ConcurrentDictionary<TKey, TValue> NewCache<TKey, TValue>()
        where TKey : class, ISymbol =>
        new(CacheConcurrency, capacity: 1024, SymbolEqualityComparer.Default);

    /// <summary>The lock stripes of the shared caches (analyzers may not read the processor count: RS1035).</summary>
    internal const int CacheConcurrency = 8;

    public static KnownSymbols Get(Compilation compilation) => Cache.GetValue(compilation, static c => new KnownSymbols(c));
}
