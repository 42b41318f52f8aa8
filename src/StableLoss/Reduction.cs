namespace StableLoss;

/// <summary>
/// How per-element losses are combined into the value a loss method returns.
/// </summary>
public enum Reduction
{
    /// <summary>
    /// No reduction: one value per element. Only valid for methods that write per-element values into a
    /// destination span; methods that return a single number throw <see cref="System.ArgumentException"/> for it.
    /// </summary>
    None = 0,

    /// <summary>
    /// The sum of the per-element losses divided by the number of elements (PyTorch's <c>reduction='mean'</c>).
    /// An empty input is rejected with <see cref="System.ArgumentException"/>.
    /// </summary>
    Mean = 1,

    /// <summary>
    /// The sum of the per-element losses (PyTorch's <c>reduction='sum'</c>). The sum of an empty input is 0.
    /// </summary>
    Sum = 2,
}
