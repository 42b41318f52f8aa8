using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS001: what the fix writes in place of the log.</summary>
internal enum LogOfProbabilityFix
{
    None,
    /// <summary><c>StableMath.LogSigmoid(±z)</c> (TorchSharp: <c>functional.logsigmoid</c>).</summary>
    LogSigmoid,
    /// <summary><c>Loss.SoftmaxCrossEntropy(z, k)</c> for <c>−log softmax(z)[k]</c>.</summary>
    SoftmaxCrossEntropy,
    /// <summary>The probability clamped to [ε, 1 − ε].</summary>
    Clamp,
    /// <summary>TorchSharp <c>torch.log(softmax(z, d))</c> → <c>torch.nn.functional.log_softmax(z, d)</c>.</summary>
    LogSoftmax,
}

/// <summary>The typed fix data of LOSS001 (<see cref="LogOfUnguardedProbabilityRule"/>); its property keys are private to it.</summary>
internal sealed class LogOfUnguardedProbabilityFixData
{
    private const string FixKey = "Fix";
    private const string LogitsKey = "Logits";
    private const string TargetKey = "Target";
    private const string ComplementKey = "Complement";
    private const string TorchKey = "Torch";
    private const string EpsilonKey = "Epsilon";
    private const string MathClampKey = "MathClamp";
    private const string DimensionKey = "Dimension";

    public LogOfUnguardedProbabilityFixData(LogOfProbabilityFix fix, string? logits, string? targetClass, bool isComplement, bool isTorch,
        string epsilon, bool hasMathClamp, string? dimension = null, Location? clamped = null)
    {
        Clamped = clamped;
        Dimension = dimension;
        Fix = fix;
        Logits = logits;
        TargetClass = targetClass;
        IsComplement = isComplement;
        IsTorch = isTorch;
        Epsilon = epsilon;
        HasMathClamp = hasMathClamp;
    }

    public LogOfProbabilityFix Fix { get; }

    /// <summary>The logit (<see cref="LogOfProbabilityFix.LogSigmoid"/>) or the vector of logits
    /// (<see cref="LogOfProbabilityFix.SoftmaxCrossEntropy"/>), as source text that binds at the log.</summary>
    public string? Logits { get; }

    /// <summary>The class index <c>k</c> of <c>p[k]</c> (<see cref="LogOfProbabilityFix.SoftmaxCrossEntropy"/>).</summary>
    public string? TargetClass { get; }

    /// <summary>The log is of <c>1 − p</c>: the log-sigmoid of <c>−z</c>.</summary>
    public bool IsComplement { get; }

    /// <summary>A TorchSharp log: the fix answers in TorchSharp (<c>logsigmoid</c>, <c>tensor.clamp</c>).</summary>
    public bool IsTorch { get; }

    /// <summary>The clamp's ε literal, in the probability's type (or the .editorconfig's).</summary>
    public string Epsilon { get; }

    /// <summary>The target framework has <c>Math.Clamp</c> (else the clamp is written <c>Math.Max(ε, Math.Min(p, 1 − ε))</c>).</summary>
    public bool HasMathClamp { get; }

    /// <summary>The softmax's dimension, as source text (<see cref="LogOfProbabilityFix.LogSoftmax"/>).</summary>
    public string? Dimension { get; }

    /// <summary><see cref="LogOfProbabilityFix.Clamp"/>: the operand the fix clamps (the log's argument, the receiver of
    /// <c>p.log()</c>, or p of <c>1 − p</c>), a node the fix reads live from the document (Fix All may have fixed a site
    /// inside it first). It travels as the diagnostic's first additional location.</summary>
    public Location? Clamped { get; }

    /// <summary>The additional locations the diagnostic carries for its fix (the live operand, if any), before any other.</summary>
    public ImmutableArray<Location> Locations => Clamped is { } clamped ? ImmutableArray.Create(clamped) : ImmutableArray<Location>.Empty;

    public ImmutableDictionary<string, string?> Write() =>
        FixDataProperties.Write(
            (FixKey, Fix == LogOfProbabilityFix.None ? null : Fix.ToString()),
            (LogitsKey, Logits),
            (TargetKey, TargetClass),
            (ComplementKey, FixDataProperties.Flag(IsComplement)),
            (TorchKey, FixDataProperties.Flag(IsTorch)),
            (EpsilonKey, Epsilon),
            (MathClampKey, FixDataProperties.Flag(HasMathClamp)),
            (DimensionKey, Dimension),
            (FixDataProperties.LiveArgumentKey, FixDataProperties.Flag(Clamped is not null)));

    public static LogOfUnguardedProbabilityFixData Read(Diagnostic diagnostic) =>
        new(FixDataProperties.Kind<LogOfProbabilityFix>(diagnostic, FixKey),
            FixDataProperties.Get(diagnostic, LogitsKey),
            FixDataProperties.Get(diagnostic, TargetKey),
            FixDataProperties.IsSet(diagnostic, ComplementKey),
            FixDataProperties.IsSet(diagnostic, TorchKey),
            FixDataProperties.Get(diagnostic, EpsilonKey) ?? "1e-12",
            FixDataProperties.IsSet(diagnostic, MathClampKey),
            FixDataProperties.Get(diagnostic, DimensionKey),
            FixDataProperties.LiveArgument(diagnostic));
}
