using System.Collections.Immutable;
using System.Globalization;
using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>What the LOSS007/LOSS008 fixers do at the reported node.</summary>
internal enum ContractFixKind
{
    None,
    /// <summary>LOSS007: replace the probability with the logits it was computed from (<see cref="ContractFixData.Text"/>).</summary>
    PassLogits,
    /// <summary>LOSS007: the reported <c>softmax(z, d)</c> call becomes <c>log_softmax(z, d)</c> (for <c>nll_loss</c>).</summary>
    LogSoftmax,
    /// <summary>LOSS008: the reported loss call becomes its logits form (<see cref="ContractFixData.Text"/> is the new name).</summary>
    LogitsForm,
}

/// <summary>
/// The typed fix data of LOSS007 and LOSS008: written into the diagnostic's properties by the rule and read back by the
/// fixer; the property keys are private to this class. The fixer builds syntax from it and never analyses again.
/// </summary>
internal sealed class ContractFixData
{
    private const string KindKey = "ContractFix";
    private const string TextKey = "ContractFixText";
    private const string DropKey = "ContractFixDrop";
    private const string NameKey = "ContractFixName";

    public ContractFixData(ContractFixKind kind, string? text = null, int? dropArgument = null, int? nameReductionArgument = null)
    {
        Kind = kind;
        Text = text;
        DropArgument = dropArgument;
        NameReductionArgument = nameReductionArgument;
    }

    /// <summary><see cref="ContractFixKind.LogitsForm"/>: the index in the argument list of an argument the logits form has no
    /// parameter for (StableLoss's <c>epsilon</c>), removed by the fix.</summary>
    public int? DropArgument { get; }

    /// <summary><see cref="ContractFixKind.LogitsForm"/>: the index of a positional <c>reduction</c> argument whose position
    /// differs in the logits form (<c>nll_loss</c> → <c>cross_entropy</c>): the fix writes it as <c>reduction: …</c>.</summary>
    public int? NameReductionArgument { get; }

    public ContractFixKind Kind { get; }

    /// <summary>The logits' source text (<see cref="ContractFixKind.PassLogits"/>) or the logits API's method name
    /// (<see cref="ContractFixKind.LogitsForm"/>).</summary>
    public string? Text { get; }

    public static ContractFixData None { get; } = new(ContractFixKind.None);

    public ImmutableDictionary<string, string?> Write() =>
        Kind == ContractFixKind.None
            ? ImmutableDictionary<string, string?>.Empty
            : RuleSupport.Properties((KindKey, Kind.ToString()), (TextKey, Text), (DropKey, DropArgument?.ToString(CultureInfo.InvariantCulture)),
                (NameKey, NameReductionArgument?.ToString(CultureInfo.InvariantCulture)));

    public static ContractFixData Read(Diagnostic diagnostic)
    {
        var properties = diagnostic.Properties;
        if (!properties.TryGetValue(KindKey, out var kind) || !System.Enum.TryParse<ContractFixKind>(kind, out var parsed))
        {
            return None;
        }

        return new ContractFixData(parsed, properties.TryGetValue(TextKey, out var text) ? text : null, Index(DropKey), Index(NameKey));

        int? Index(string key) =>
            properties.TryGetValue(key, out var value) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? index
                : null;
    }
}
