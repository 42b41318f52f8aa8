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
