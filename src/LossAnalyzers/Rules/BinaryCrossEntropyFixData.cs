using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS003/LOSS004: which logits form the fix writes.</summary>
internal enum BceFix
{
    None,
    /// <summary>A hand-written or helper BCE → <c>Loss.BinaryCrossEntropyWithLogits(z, y)</c>.</summary>
    WithLogits,
    /// <summary><c>Loss.BinaryCrossEntropy(p, y, …)</c> → <c>Loss.BinaryCrossEntropyWithLogits(z, y, …)</c>.</summary>
    StableLossWithLogits,
    /// <summary>TorchSharp <c>binary_cross_entropy(p, y, …)</c> (or an element-wise hand-written one) → <c>binary_cross_entropy_with_logits</c>.</summary>
    TorchWithLogits,
    /// <summary>A reduced hand-written tensor BCE (<c>(…).mean()</c>/<c>.sum()</c>) → <c>binary_cross_entropy_with_logits</c>.</summary>
    TorchWithLogitsReduced,
    /// <summary><c>criterion.forward(p, y)</c> of an <c>nn.BCELoss</c> → its logits form.</summary>
    TorchModuleWithLogits,
    /// <summary>LOSS004, TorchSharp: → <c>functional.cross_entropy(z, y)</c>.</summary>
    TorchCrossEntropy,
    /// <summary>LOSS004: → <c>Loss.SoftmaxCrossEntropy(z, y)</c>.</summary>
    SoftmaxCrossEntropy,
    /// <summary>LOSS004: a per-class BCE loop → one <c>Loss.SoftmaxCrossEntropy(z, y)</c> statement.</summary>
    SoftmaxCrossEntropyLoop,
    /// <summary>LOSS003, one guarded term: <c>log(σ(z) + ε)</c> → <c>StableMath.LogSigmoid(z)</c> (negated logit for 1 − σ).</summary>
    LogSigmoid,
    /// <summary>LOSS003, one guarded term of tensors: → <c>torch.nn.functional.logsigmoid(z)</c>.</summary>
    TorchLogSigmoid,
}

/// <summary>
/// The typed fix data of LOSS003 and LOSS004 (written by <see cref="BinaryCrossEntropyMisuse"/>); its property keys
/// are private to it.
/// </summary>
internal sealed class BinaryCrossEntropyFixData
{
    private const string FixKey = "Fix";
    private const string LogitsKey = "Logits";
    private const string TargetKey = "Target";
    private const string NegateKey = "Negate";
    private const string SumKey = "Sum";
    private const string CastLogitsKey = "CastLogits";
    private const string CastTargetKey = "CastTarget";
    private const string SubtractKey = "Subtract";
    private const string CreationKey = "Creation";
    private const string RenameCreationKey = "RenameCreation";

    public BinaryCrossEntropyFixData(BceFix fix, string? logits, string? target, bool negate = false, bool sum = false,
        bool castLogits = false, bool castTarget = false, bool subtract = false, Location? creation = null, bool renameCreation = false)
    {
        Creation = creation;
        RenameCreation = renameCreation;
        Fix = fix;
        Logits = logits;
        Target = target;
        Negate = negate;
        Sum = sum;
        CastLogits = castLogits;
        CastTarget = castTarget;
        Subtract = subtract;
    }

    public BceFix Fix { get; }

    /// <summary>The logits as source text that binds at the reported node.</summary>
    public string? Logits { get; }

    /// <summary>The target as source text (or a label test written as <c>c ? 1f : 0f</c>).</summary>
    public string? Target { get; }

    /// <summary>The reported expression is a log-likelihood (the negated loss): the replacement is negated. For
    /// <see cref="BceFix.LogSigmoid"/>/<see cref="BceFix.TorchLogSigmoid"/>: the term logs 1 − σ(z), so the logit is negated.</summary>
    public bool Negate { get; }

    /// <summary><see cref="BceFix.TorchWithLogitsReduced"/>: the reduction was <c>.sum()</c> (else <c>.mean()</c>).</summary>
    public bool Sum { get; }

    /// <summary>The logits are double where the loss is float: cast them.</summary>
    public bool CastLogits { get; }

    /// <summary>The target is double where the loss is float: cast it.</summary>
    public bool CastTarget { get; }

    /// <summary><see cref="BceFix.SoftmaxCrossEntropyLoop"/>: the replacement statement subtracts (<c>-=</c>) rather than adds.</summary>
    public bool Subtract { get; }

    /// <summary><see cref="BceFix.TorchModuleWithLogits"/>: the criterion's <c>nn.BCELoss(...)</c> creation, whose weight and
    /// reduction the fix carries over (or which it renames, <see cref="RenameCreation"/>).</summary>
    public Location? Creation { get; }

    /// <summary><see cref="BceFix.TorchModuleWithLogits"/>: the criterion is a <c>var</c> local of this file used only at the
    /// reported call, so its creation becomes <c>BCEWithLogitsLoss(...)</c> in place.</summary>
    public bool RenameCreation { get; }

    /// <summary>The properties of fix data that edits no node besides the reported one.</summary>
    public ImmutableDictionary<string, string?> Write()
    {
        System.Diagnostics.Debug.Assert(Creation is null, "a creation travels as an additional location: use Write(ref additional)");
        var none = ImmutableArray<Location>.Empty;
        return Write(ref none);
    }

    /// <summary>The properties; the nodes the fix edits besides the reported one are appended to <paramref name="additional"/>.</summary>
    public ImmutableDictionary<string, string?> Write(ref ImmutableArray<Location> additional) =>
        FixDataProperties.Write(
            (CreationKey, FixDataProperties.Append(ref additional, Creation)),
            (RenameCreationKey, FixDataProperties.Flag(RenameCreation)),
            (FixKey, Fix == BceFix.None ? null : Fix.ToString()),
            (LogitsKey, Logits),
            (TargetKey, Target),
            (NegateKey, FixDataProperties.Flag(Negate)),
            (SumKey, FixDataProperties.Flag(Sum)),
            (CastLogitsKey, FixDataProperties.Flag(CastLogits)),
            (CastTargetKey, FixDataProperties.Flag(CastTarget)),
            (SubtractKey, FixDataProperties.Flag(Subtract)));

    public static BinaryCrossEntropyFixData Read(Diagnostic diagnostic) =>
        new(FixDataProperties.Kind<BceFix>(diagnostic, FixKey),
            FixDataProperties.Get(diagnostic, LogitsKey),
            FixDataProperties.Get(diagnostic, TargetKey),
            FixDataProperties.IsSet(diagnostic, NegateKey),
            FixDataProperties.IsSet(diagnostic, SumKey),
            FixDataProperties.IsSet(diagnostic, CastLogitsKey),
            FixDataProperties.IsSet(diagnostic, CastTargetKey),
            FixDataProperties.IsSet(diagnostic, SubtractKey),
            FixDataProperties.LocationAt(diagnostic, CreationKey),
            FixDataProperties.IsSet(diagnostic, RenameCreationKey));
}
