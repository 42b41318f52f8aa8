using System.Collections.Immutable;
using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS003: a binary cross-entropy (hand-written, a helper, <c>Loss.BinaryCrossEntropy</c>, TorchSharp
/// <c>binary_cross_entropy</c>/<c>BCELoss</c>) whose probability operand is the sigmoid of a logit: the logits form is exact.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SigmoidThenBinaryCrossEntropyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LOSS003);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(RuleSupport.GeneratedCode);
        context.EnableConcurrentExecution();
        RuleSupport.RegisterInvocationRule(
            context,
            static s => s.HasAnyBinaryCrossEntropy,
            static (c, invocation, provenance) => BceMisuse.Analyze(c, invocation, provenance, ProbabilityKind.Sigmoid, Descriptors.LOSS003));
    }
}
