namespace LossAnalyzers.Semantics;

/// <summary>
/// A reference holding a possibly-null answer, so that caches (<c>ConcurrentDictionary</c>, <c>ConditionalWeakTable</c>)
/// can remember "computed, and the answer is null".
/// </summary>
internal sealed class Box<T>
{
    public Box(T value) => Value = value;

    public T Value { get; }
}

/// <summary>Yes/no answers as objects, for weak tables (<c>ConditionalWeakTable</c> holds reference values only).</summary>
internal static class Answer
{
    public static readonly object Yes = new();
    public static readonly object No = new();

    public static object Of(bool value) => value ? Yes : No;
}
