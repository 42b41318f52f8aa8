using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Attributes;
using LossAnalyzers.Scan;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossAnalyzers.Benchmarks;

/// <summary>
/// (a) the compilation's own diagnostics, (b) compile + an analyzer that registers an invocation action and does
/// nothing (the price of having any operation analyzer), (c) compile + all LOSS analyzers, and each rule alone. Every
/// operation builds a fresh compilation over the same parsed corpus (parsing is not measured). The Allocated column
/// (MemoryDiagnoser) is the one the machine's load does not move: (c) − (b) is what the rules allocate.
/// </summary>
[Config(typeof(CostConfig))]
[MemoryDiagnoser]
public class AnalyzerCostBenchmarks
{
    /// <summary>Corpus size: LOSS_BENCH_LINES, default the full generated corpus.</summary>
    public static readonly int Lines =
        int.TryParse(Environment.GetEnvironmentVariable("LOSS_BENCH_LINES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var lines) ? lines : CorpusGenerator.DefaultLines;

    /// <summary>What the package ships: one analyzer hosting every rule.</summary>
    public static readonly ImmutableArray<DiagnosticAnalyzer> LossAnalyzersAll = ImmutableArray.Create<DiagnosticAnalyzer>(new LossAnalyzers.LossAnalyzer());

    private ImmutableArray<SyntaxTree> trees;

    public static IEnumerable<string> RuleNames() => LossAnalyzers.LossAnalyzer.RuleIds;

    [GlobalSetup]
    public void Setup()
    {
        var corpus = CorpusGenerator.Generate(Lines);
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        trees = corpus.Files.AsParallel().AsOrdered()
            .Select(f => CSharpSyntaxTree.ParseText(f.Text, options, f.Path, System.Text.Encoding.UTF8))
            .ToImmutableArray();
        _ = ScanReferences.All;
    }

    private CSharpCompilation Compile() => CSharpCompilation.Create(
        "Corpus",
        trees,
        ScanReferences.All,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: true));

    private int Analyze(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        return Compile().WithAnalyzers(analyzers, options).GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;
    }

    [Benchmark(Baseline = true, Description = "(a) compile: GetDiagnostics()")]
    public int CompileOnly() => Compile().GetDiagnostics().Length;

    [Benchmark(Description = "(b) compile + empty invocation analyzer")]
    public int CompileWithEmptyAnalyzer() => Analyze(ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyInvocationAnalyzer()));

    [Benchmark(Description = "(c) compile + all LOSS analyzers")]
    public int CompileWithAllLossAnalyzers() => Analyze(LossAnalyzersAll);

    [Benchmark(Description = "compile + one LOSS analyzer")]
    [ArgumentsSource(nameof(RuleNames))]
    public int CompileWithOneRule(string rule) => Analyze(ImmutableArray.Create<DiagnosticAnalyzer>(new LossAnalyzers.LossAnalyzer(rule)));
}

/// <summary>Registers an invocation action that does nothing: the driver's own cost of an operation analyzer.</summary>
#pragma warning disable RS1036, RS1041, RS2008 // a benchmark-only analyzer, never shipped or loaded by a compiler
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EmptyInvocationAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new("EMPTY001", "never", "never", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(static _ => { }, OperationKind.Invocation);
    }
}
#pragma warning restore RS1036, RS1041, RS2008
