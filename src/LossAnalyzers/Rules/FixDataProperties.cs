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

    /// <summary>
    /// The key that says a diagnostic's first additional location is a node of the document the fix reads as it is when
    /// the fix runs (the argument of the stable call), not text taken when the code was analysed: Fix All may fix a site
    /// inside it first (<c>Log(1 + Exp(Log(1 + Exp(x))))</c>) and the outer fix then wraps the fixed inner code.
    /// </summary>
    public const string LiveArgumentKey = "LiveArgument";

    /// <summary>The node location a fix reads live (see <see cref="LiveArgumentKey"/>), or null.</summary>
    public static Location? LiveArgument(Diagnostic diagnostic) =>
        IsSet(diagnostic, LiveArgumentKey) && diagnostic.AdditionalLocations.Count > 0 && diagnostic.AdditionalLocations[0].IsInSource
            ? diagnostic.AdditionalLocations[0]
            : null;

    /// <summary>
    /// A node of the code the fix edits besides the reported one, travelling as an additional location whose index the
    /// key holds (LOSS003's <c>nn.BCELoss(...)</c> creation): the fixer finds it there and never searches for it again.
    /// </summary>
    public static Location? LocationAt(Diagnostic diagnostic, string key) =>
        Get(diagnostic, key) is { } text &&
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) &&
        index < diagnostic.AdditionalLocations.Count && diagnostic.AdditionalLocations[index].IsInSource
            ? diagnostic.AdditionalLocations[index]
            : null;

    /// <summary>Appends <paramref name="location"/> to the diagnostic's additional locations; the value to store under its key.</summary>
    public static string? Append(ref ImmutableArray<Location> additional, Location? location)
    {
        if (location is null)
        {
            return null;
        }

        additional = additional.Add(location);
        return (additional.Length - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
