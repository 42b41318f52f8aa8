using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS006: the stable form the fix writes.</summary>
internal enum LogExpFix
{
    None,
    /// <summary><c>StableMath.Softplus(x)</c>.</summary>
    Softplus,
    /// <summary><c>StableMath.LogSumExp(z)</c>.</summary>
    LogSumExp,
    /// <summary><c>StableMath.Log1p(x)</c>.</summary>
    Log1p,
    /// <summary><c>StableMath.Softmax(z, p)</c> for <c>TensorPrimitives.SoftMax(z, p)</c> (same arguments).</summary>
    Softmax,
    /// <summary><c>torch.nn.functional.softplus(x)</c>.</summary>
    TorchSoftplus,
    /// <summary><c>Math.Tanh(x)</c> for a tanh written with exponentials (cast to float when the ratio was).</summary>
    Tanh,
    /// <summary><c>MathF.Tanh(x)</c> for a tanh written with float exponentials.</summary>
    TanhF,
}

/// <summary>The typed fix data of LOSS006 (<see cref="UnstableLogExpCompositionRule"/>); its property keys are private to it.</summary>
internal sealed class UnstableLogExpCompositionFixData
{
    private const string FixKey = "Fix";
    private const string ArgumentKey = "Argument";
    private const string CastKey = "Cast";

    public UnstableLogExpCompositionFixData(LogExpFix fix, string? argument = null, string? cast = null, Location? argumentLocation = null)
    {
        Fix = fix;
        Argument = argument;
        Cast = cast;
        ArgumentLocation = argumentLocation;
    }

    /// <summary>Where the argument is written inside the reported code, when it is: the fix reads it there (live, so that a
    /// site fixed inside it first is kept), and <see cref="Argument"/> is its text at analysis, the fallback.</summary>
    public Location? ArgumentLocation { get; }

    /// <summary>The additional locations the diagnostic carries for its fix (the live argument, if any).</summary>
    public IEnumerable<Location>? Locations => ArgumentLocation is { } location ? new[] { location } : null;

    public LogExpFix Fix { get; }

    /// <summary>The source text of the stable form's argument (x of a softplus or log1p, z of a log-sum-exp).</summary>
    public string? Argument { get; }

    /// <summary><c>float</c> or <c>double</c> when the argument must be cast to the result's type (for <see cref="LogExpFix.Tanh"/>:
    /// the result, to the type of the ratio it replaces); null otherwise.</summary>
    public string? Cast { get; }

    /// <summary>The properties of a diagnostic without a fix.</summary>
    public static ImmutableDictionary<string, string?> NoFix { get; } = ImmutableDictionary<string, string?>.Empty;

    public ImmutableDictionary<string, string?> Write() =>
        FixDataProperties.Write((FixKey, Fix == LogExpFix.None ? null : Fix.ToString()), (ArgumentKey, Argument), (CastKey, Cast),
            (FixDataProperties.LiveArgumentKey, FixDataProperties.Flag(ArgumentLocation is not null)));

    public static UnstableLogExpCompositionFixData Read(Diagnostic diagnostic) =>
        new(FixDataProperties.Kind<LogExpFix>(diagnostic, FixKey), FixDataProperties.Get(diagnostic, ArgumentKey), FixDataProperties.Get(diagnostic, CastKey),
            FixDataProperties.LiveArgument(diagnostic));
}
