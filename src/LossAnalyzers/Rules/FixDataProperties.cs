using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>
/// Reading and writing the diagnostic properties a rule's typed fix data travels in. Each rule's <c>…FixData</c> class
/// owns its keys (private constants) and is the only code that names them.
/// </summary>
internal static class FixDataProperties
{
    public static ImmutableDictionary<string, string?> Write(params (string Key, string? Value)[] pairs) =>
        LossAnalyzers.Semantics.RuleSupport.Properties(pairs);

    public static string? Get(Diagnostic diagnostic, string key) =>
        diagnostic.Properties.TryGetValue(key, out var value) ? value : null;

    public static TEnum Kind<TEnum>(Diagnostic diagnostic, string key)
        where TEnum : struct, System.Enum =>
        Get(diagnostic, key) is { } text && System.Enum.TryParse<TEnum>(text, out var kind) ? kind : default;

    public static string? Flag(bool value) => value ? "true" : null;

    public static bool IsSet(Diagnostic diagnostic, string key) => Get(diagnostic, key) == "true";
}
