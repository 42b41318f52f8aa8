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
        Math = compilation.GetTypeByMetadataName("System.Math");
        MathF = compilation.GetTypeByMetadataName("System.MathF");
        Double = compilation.GetSpecialType(SpecialType.System_Double);
        Single = compilation.GetSpecialType(SpecialType.System_Single);
        LogarithmicFunctions = compilation.GetTypeByMetadataName("System.Numerics.ILogarithmicFunctions`1");
        ExponentialFunctions = compilation.GetTypeByMetadataName("System.Numerics.IExponentialFunctions`1");
        NumberBase = compilation.GetTypeByMetadataName("System.Numerics.INumber`1");
        TensorPrimitives = compilation.GetTypeByMetadataName("System.Numerics.Tensors.TensorPrimitives");
        Torch = compilation.GetTypeByMetadataName("TorchSharp.torch");
        TorchNn = compilation.GetTypeByMetadataName("TorchSharp.torch+nn");
        TorchFunctional = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+functional");
        TorchSpecial = compilation.GetTypeByMetadataName("TorchSharp.torch+special");
        Tensor = compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor");
        BceLossModule = compilation.GetTypeByMetadataName("TorchSharp.Modules.BCELoss");
        SigmoidModule = compilation.GetTypeByMetadataName("TorchSharp.Modules.Sigmoid");
        SoftmaxModule = compilation.GetTypeByMetadataName("TorchSharp.Modules.Softmax");
        SequentialModule = compilation.GetTypeByMetadataName("TorchSharp.Modules.Sequential");
        StableMath = compilation.GetTypeByMetadataName("StableLoss.StableMath");
        StableLossLoss = compilation.GetTypeByMetadataName("StableLoss.Loss");
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
    public INamedTypeSymbol? Torch { get; }
    public INamedTypeSymbol? TorchNn { get; }
    public INamedTypeSymbol? TorchFunctional { get; }
    public INamedTypeSymbol? TorchSpecial { get; }
    public INamedTypeSymbol? Tensor { get; }
    public INamedTypeSymbol? BceLossModule { get; }
    public INamedTypeSymbol? SigmoidModule { get; }
    public INamedTypeSymbol? SoftmaxModule { get; }
    public INamedTypeSymbol? SequentialModule { get; }
    public INamedTypeSymbol? StableMath { get; }
    public INamedTypeSymbol? StableLossLoss { get; }

    /// <summary>True when the compilation can call any logarithm these rules know (otherwise rules register nothing).</summary>
    public bool HasAnyLogarithm =>
        Math is not null || MathF is not null || TensorPrimitives is not null || Torch is not null || LogarithmicFunctions is not null;

    /// <summary>True when the compilation has any binary cross-entropy API or a logarithm to write one by hand.</summary>
    public bool HasAnyBinaryCrossEntropy => HasAnyLogarithm || TorchFunctional is not null || StableLossLoss is not null;

    public static KnownSymbols Get(Compilation compilation) => Cache.GetValue(compilation, static c => new KnownSymbols(c));
}
