using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Semantics;

/// <summary>
/// Why a value the code does not compute where it is read (a cost's parameter) is a sigmoid output: the cost's own
/// gradient (<see cref="CancelledGradient"/>), or the configuration that pairs the cost with a sigmoid output layer
/// (<see cref="ConfiguredActivation"/>). Messages say "a sigmoid output, <see cref="Reason"/> (line of <see cref="Node"/>)".
/// </summary>
internal sealed class SigmoidEvidence
{
    public SigmoidEvidence(SyntaxNode node, string reason)
    {
        Node = node;
        Reason = reason;
    }

    /// <summary>Where the evidence is written (its line is given in messages).</summary>
    public SyntaxNode Node { get; }

    /// <summary>The clause a message gives after "a sigmoid output, ": "as the gradient 'a - y' of Delta assumes".</summary>
    public string Reason { get; }
}
