using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>LOSS007: a probability passed where logits are expected; the edit comes with the diagnostic (<see cref="LossAnalyzers.Rules.ContractFixData"/>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ProbabilityAsLogitsCodeFixProvider)), Shared]
public sealed class ProbabilityAsLogitsCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ProbabilityAsLogits);

    public override FixAllProvider GetFixAllProvider() => SequentialFixAll.Instance;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => ContractFixes.RegisterAsync(context, RuleIds.ProbabilityAsLogits);
}
