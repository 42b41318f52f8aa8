using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>LOSS008: logits passed where probabilities are expected; the edit comes with the diagnostic (<see cref="LossAnalyzers.Rules.ContractFixData"/>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LogitsAsProbabilityCodeFixProvider)), Shared]
public sealed class LogitsAsProbabilityCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.LogitsAsProbability);

    public override FixAllProvider GetFixAllProvider() => SequentialFixAll.Instance;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => ContractFixes.RegisterAsync(context, RuleIds.LogitsAsProbability);
}
