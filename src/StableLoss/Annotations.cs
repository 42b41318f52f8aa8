using System;

namespace StableLoss.Annotations;

/// <summary>
/// Declares that a value is logits: unbounded real scores whose sigmoid (one label) or softmax (several classes) is the
/// probability. Put it on a parameter that expects logits, on a method whose return value is logits, or on a field or
/// property that holds them.
/// </summary>
/// <remarks>
/// <para>The attribute changes nothing at run time. The LossAnalyzers analyzer reads it, also from referenced assemblies,
/// as a contract: a probability (a sigmoid or softmax output, a <see cref="ProbabilityAttribute"/> value) passed where
/// logits are expected is reported as LOSS007, and logits passed where a probability is expected as LOSS008. It is
/// the way to tell the analyzer what a model class it cannot see into returns.</para>
/// <para>Example: <c>[return: Logits] public double Score(double[] x)</c>.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.ReturnValue | AttributeTargets.Field | AttributeTargets.Property,
    AllowMultiple = false, Inherited = true)]
public sealed class LogitsAttribute : Attribute
{
}

/// <summary>
/// Declares that a value is a probability (or a vector of probabilities) in [0, 1]: the output of a sigmoid or a
/// softmax, not its logits. Put it on a parameter that expects a probability, on a method whose return value is one,
/// or on a field or property that holds one.
/// </summary>
/// <remarks>
/// <para>The attribute changes nothing at run time. The LossAnalyzers analyzer reads it, also from referenced assemblies:
/// the log of such a value is checked like the log of a sigmoid output (LOSS001), passing it where logits are expected
/// is reported as LOSS007, and passing logits to such a parameter as LOSS008.</para>
/// <para>Example: <c>[return: Probability] public double PredictProbability(double[] x)</c>.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.ReturnValue | AttributeTargets.Field | AttributeTargets.Property,
    AllowMultiple = false, Inherited = true)]
public sealed class ProbabilityAttribute : Attribute
{
}
