using System.Collections.Immutable;
using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS004: a binary cross-entropy whose probability operand is a softmax over several classes. Multi-label BCE on
/// per-label sigmoids is correct and not reported (that is LOSS003's business, with its logits fix).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BinaryCrossEntropyOnSoftmaxAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LOSS004);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(RuleSupport.GeneratedCode);
        context.EnableConcurrentExecution();
        RuleSupport.RegisterInvocationRule(
            context,
            static s => s.HasAnyBinaryCrossEntropy,
            static (c, invocation, provenance) => BceMisuse.Analyze(c, invocation, provenance, ProbabilityKind.Softmax, Descriptors.LOSS004));
    }
}
