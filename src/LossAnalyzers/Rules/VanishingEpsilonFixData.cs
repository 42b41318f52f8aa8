using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS005: which part of the reported bound the fix replaces with the type's ε.</summary>
internal enum EpsilonEdit
{
    None,
    /// <summary>The bound is the ε itself (<c>1e-15f</c>).</summary>
    Whole,
    /// <summary>The bound is <c>1 − ε</c> written as one constant (<c>0.999999999f</c>): it becomes <c>1 − ε</c>.</summary>
    OneMinus,
    /// <summary>The ε is the left operand of the bound (<c>ε + p</c>).</summary>
    Left,
    /// <summary>The ε is the right operand of the bound (<c>1 − ε</c>, <c>p + ε</c>).</summary>
    Right,
}

/// <summary>The typed fix data of LOSS005 (<see cref="VanishingEpsilonRule"/>); its property keys are private to it.</summary>
internal sealed class VanishingEpsilonFixData
{
    private const string EditKey = "Fix";
    private const string EpsilonKey = "Epsilon";

    public VanishingEpsilonFixData(EpsilonEdit edit, string? epsilon)
    {
        Edit = edit;
        Epsilon = epsilon;
    }

    public EpsilonEdit Edit { get; }

    /// <summary>The ε literal to write (<c>1e-7f</c>, <c>1e-12</c>, or the .editorconfig's).</summary>
    public string? Epsilon { get; }

    public ImmutableDictionary<string, string?> Write() =>
        FixDataProperties.Write((EditKey, Edit == EpsilonEdit.None ? null : Edit.ToString()), (EpsilonKey, Epsilon));

    public static VanishingEpsilonFixData Read(Diagnostic diagnostic) =>
        new(FixDataProperties.Kind<EpsilonEdit>(diagnostic, EditKey), FixDataProperties.Get(diagnostic, EpsilonKey));
}
