using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Rules;
using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers;

/// <summary>
/// The package's one analyzer: it hosts every LOSS rule (each in its own file under <c>Rules/</c>) behind a single
/// invocation action and a single binary-operation action. One analyzer rather than one per rule because the analyzer
/// driver's own work grows with the number of analyzers (each walks every method body's operations again): six
/// separate analyzers cost the driver about 7 % of a compilation's time before any rule did anything.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LossAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Every rule, in rule-ID order.</summary>
    internal static readonly ImmutableArray<Rule> AllRules = ImmutableArray.Create(
        LogOfUnguardedProbabilityRule.Rule,
        NonNaturalLogInLossRule.Rule,
        SigmoidThenBinaryCrossEntropyRule.Rule,
        BinaryCrossEntropyOnSoftmaxRule.Rule,
        VanishingEpsilonRule.Rule,
        UnstableLogExpCompositionRule.Rule,
        ProbabilityAsLogitsRule.Rule,
        LogitsAsProbabilityRule.Rule);

    private readonly ImmutableArray<Rule> rules;

    /// <summary>All rules (what the package ships).</summary>
    public LossAnalyzer()
        : this(AllRules)
    {
    }

    /// <summary>Only the rules with these IDs (to measure or test one rule alone).</summary>
    public LossAnalyzer(params string[] ruleIds)
        : this(AllRules.Where(r => ruleIds.Contains(r.Id, StringComparer.Ordinal)).ToImmutableArray())
    {
    }

    private LossAnalyzer(ImmutableArray<Rule> rules)
    {
        this.rules = rules;
        SupportedDiagnostics = rules.Select(r => r.Descriptor).ToImmutableArray();
    }

    /// <summary>The IDs of every rule.</summary>
    public static IEnumerable<string> RuleIds => AllRules.Select(r => r.Id);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(RuleSupport.GeneratedCode);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = KnownSymbols.Get(start.Compilation);
            var active = rules.Where(r => r.Applies(symbols)).ToArray();
            if (active.Length == 0)
            {
                return;
            }

            var provenance = Provenance.Get(start.Compilation);
            start.RegisterOperationAction(
                c =>
                {
                    if (c.Operation is IInvocationOperation invocation && !RuleSupport.HasSyntaxErrors(invocation))
                    {
                        // one lookup of the method's name for all rules: most calls are of nothing any rule looks for
                        var functions = MathApi.Functions(invocation.TargetMethod.Name);
                        var mayBeHelper = BceShapes.MayBeHelperCall(invocation);
                        CallSite? site = null;
                        bool? mayExpect = null;
                        try
                        {
                            foreach (var rule in active)
                            {
                                if (rule.WantsCall(functions, mayBeHelper, invocation, symbols, ref mayExpect))
                                {
                                    // one call site per thread, reset for each analysed call (no allocation per call)
                                    site ??= CallSite.Begin(invocation, provenance, c.Options, functions);
                                    Guard(in c, site, rule.Invocation);
                                }
                            }
                        }
                        finally
                        {
                            // a call no rule wanted touched no memo: nothing to release (most calls of a compilation)
                            if (site is not null)
                            {
                                site.End();
                                RuleSupport.ReleaseCaches();
                            }
                        }
                    }
                },
                OperationKind.Invocation);

            var onBinary = active.Where(r => r.Binary is not null).Select(r => r.Binary!).ToArray();
            if (onBinary.Length > 0)
            {
                start.RegisterOperationAction(
                    c =>
                    {
                        if (c.Operation is IBinaryOperation binary && !RuleSupport.HasSyntaxErrors(binary))
                        {
                            try
                            {
                                foreach (var analyze in onBinary)
                                {
                                    RuleSupport.Guard(in c, binary, provenance, analyze);
                                }
                            }
                            finally
                            {
                                RuleSupport.ReleaseCaches();
                            }
                        }
                    },
                    OperationKind.Binary);
            }
        });
    }

    /// <summary>Runs an invocation rule so that a bug in it can never surface as AD0001 in a user's build (as
    /// <see cref="RuleSupport.Guard{TOperation}"/> does for binary operations); Debug builds let exceptions through.</summary>
    private static void Guard(in OperationAnalysisContext context, CallSite site, Action<OperationAnalysisContext, CallSite> analyze)
    {
#if DEBUG
        analyze(context, site);
#else
        try
        {
            analyze(context, site);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Swallowed on purpose in release builds: a missed diagnostic is better than a broken build.
        }
#endif
    }
}
