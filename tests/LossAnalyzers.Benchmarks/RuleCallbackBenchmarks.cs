using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using LossAnalyzers.Scan;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Benchmarks;

/// <summary>
/// The rules' own work, without the analyzer driver: the shipped <see cref="LossAnalyzer"/> is initialised through a
/// recording <see cref="AnalysisContext"/>, and the operation actions it registers are called on every invocation and
/// binary operation of the corpus, in each body's order, as the driver would call them. Before every measured iteration
/// (not timed) a fresh compilation is made and every body is bound into operations, as the driver does before it calls
/// any action, so the rules' per-compilation caches start empty each time, through the cached semantic models the driver
/// uses (<see cref="Prepared.WithCachingSemanticModels"/>). The baseline, (a'), parses, compiles and
/// emits the same corpus on one thread: what <c>csc</c> does for it without analyzers. Everything runs on one thread.
/// </summary>
[Config(typeof(CallbackConfig))]
[MemoryDiagnoser]
public class RuleCallbackBenchmarks
{
    private ImmutableArray<SyntaxTree> trees;
    private Prepared? prepared;

    [GlobalSetup]
    public void Setup()
    {
        var corpus = CorpusGenerator.Generate(AnalyzerCostBenchmarks.Lines);
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        trees = corpus.Files
            .Select(f => CSharpSyntaxTree.ParseText(f.Text, options, f.Path, System.Text.Encoding.UTF8))
            .ToImmutableArray();
        _ = ScanReferences.All;
        CheckReplayOnce(trees);
    }

    private static bool replayChecked;

    /// <summary>
    /// The replay must see what the driver sees: it reports exactly the diagnostics that <see cref="CompilationWithAnalyzers"/>
    /// reports for the shipped analyzer (checked once per process; the benchmark throws otherwise).
    /// </summary>
    private static void CheckReplayOnce(ImmutableArray<SyntaxTree> trees)
    {
        if (replayChecked)
        {
            return;
        }

        var replayed = Prepared.Bind(Compile(trees)).Run(new LossAnalyzer());
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new LossAnalyzer());
        var driven = Compile(trees).WithAnalyzers(analyzers, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult().Length;
        if (replayed != driven)
        {
            throw new InvalidOperationException($"the replay reported {replayed} diagnostics, the analyzer driver {driven}");
        }

        Console.WriteLine($"// replay check: {replayed} diagnostics, as the analyzer driver reports");
        replayChecked = true;
    }

    [IterationSetup(Targets = new[] { nameof(AllRules), nameof(Loss001), nameof(Loss002), nameof(Loss003), nameof(Loss004), nameof(Loss005), nameof(Loss006), nameof(NoRule), nameof(NoRuleInvocationsOnly) })]
    public void Bind()
    {
        prepared = null;
        GC.Collect();
        prepared = Prepared.Bind(Compile(trees));
        GC.Collect();
    }

    [Benchmark(Baseline = true, Description = "(a') parse + compile + emit, one thread")]
    public long ParseCompileEmit()
    {
        var reparsed = trees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), (CSharpParseOptions)t.Options, t.FilePath)).ToArray();
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var result = Compile(reparsed).Emit(pe, pdb, options: new Microsoft.CodeAnalysis.Emit.EmitOptions(
            debugInformationFormat: Microsoft.CodeAnalysis.Emit.DebugInformationFormat.PortablePdb));
        if (!result.Success)
        {
            throw new InvalidOperationException("the corpus does not compile: " + result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error));
        }

        return pe.Length;
    }

    [Benchmark(Description = "all six rules' callbacks (the shipped LossAnalyzer)")]
    public int AllRules() => prepared!.Run(new LossAnalyzer());

    // one method per rule rather than an argument: BenchmarkDotNet computes ratios to the baseline only within a group
    // of the same arguments

    [Benchmark(Description = "LOSS001 alone")]
    public int Loss001() => prepared!.Run(new LossAnalyzer("LOSS001"));

    [Benchmark(Description = "LOSS002 alone")]
    public int Loss002() => prepared!.Run(new LossAnalyzer("LOSS002"));

    [Benchmark(Description = "LOSS003 alone")]
    public int Loss003() => prepared!.Run(new LossAnalyzer("LOSS003"));

    [Benchmark(Description = "LOSS004 alone")]
    public int Loss004() => prepared!.Run(new LossAnalyzer("LOSS004"));

    [Benchmark(Description = "LOSS005 alone")]
    public int Loss005() => prepared!.Run(new LossAnalyzer("LOSS005"));

    [Benchmark(Description = "LOSS006 alone")]
    public int Loss006() => prepared!.Run(new LossAnalyzer("LOSS006"));

    [Benchmark(Description = "LOSS007 alone")]
    public int Loss007() => prepared!.Run(new LossAnalyzer("LOSS007"));

    [Benchmark(Description = "LOSS008 alone")]
    public int Loss008() => prepared!.Run(new LossAnalyzer("LOSS008"));

    [Benchmark(Description = "an empty action per operation (the floor)")]
    public int NoRule() => prepared!.Run(new NothingAnalyzer(binary: true));

    // LOSS001-LOSS004 and LOSS006 alone register only the invocation action (the host registers the binary one only for
    // a rule that has one): their floor is this one
    [Benchmark(Description = "an empty action per invocation (the floor of a rule without a binary action)")]
    public int NoRuleInvocationsOnly() => prepared!.Run(new NothingAnalyzer(binary: false));

    private static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees) => CSharpCompilation.Create(
        "Corpus",
        trees,
        ScanReferences.All,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));

    /// <summary>A compilation with every body bound, and the operations the driver would hand to operation actions.</summary>
    private sealed class Prepared
    {
        private readonly Compilation compilation;
        private readonly List<(IOperation Operation, ISymbol Owner)> operations;

        private Prepared(Compilation compilation, List<(IOperation, ISymbol)> operations)
        {
            this.compilation = compilation;
            this.operations = operations;
        }

        public static Prepared Bind(Compilation compilation)
        {
            compilation = WithCachingSemanticModels(compilation);
            var operations = new List<(IOperation, ISymbol)>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                var model = compilation.GetSemanticModel(tree);
                foreach (var node in ExecutableBodies.In(tree.GetRoot()))
                {
                    if (model.GetOperation(node) is not { } body)
                    {
                        continue;
                    }

                    var owner = model.GetEnclosingSymbol(node.SpanStart) ?? compilation.Assembly;
                    foreach (var operation in body.DescendantsAndSelf())
                    {
                        if (operation.Kind is OperationKind.Invocation or OperationKind.Binary)
                        {
                            operations.Add((operation, owner));
                        }
                    }
                }
            }

            return new Prepared(compilation, operations);
        }

        /// <summary>
        /// What <see cref="CompilationWithAnalyzers"/> does to the compilation it analyses: a semantic-model provider that
        /// hands out one cached model per tree, so that an analyzer asking <c>Compilation.GetSemanticModel</c> for another
        /// method's body (provenance and helper summaries do) finds it bound, as the driver binds it. The provider is
        /// internal to Roslyn, so it is reached by reflection; the benchmark fails rather than measure something else.
        /// </summary>
        private static Compilation WithCachingSemanticModels(Compilation compilation)
        {
            const System.Reflection.BindingFlags Internal = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
            var providerType = typeof(CompilationWithAnalyzers).Assembly.GetType("Microsoft.CodeAnalysis.Diagnostics.CachingSemanticModelProvider");
            var with = typeof(Compilation).GetMethod("WithSemanticModelProvider", Internal);
            if (providerType is null || with is null)
            {
                throw new InvalidOperationException("this Roslyn has no CachingSemanticModelProvider / Compilation.WithSemanticModelProvider");
            }

            var provider = Activator.CreateInstance(providerType, nonPublic: true);
            var cached = (Compilation)with.Invoke(compilation, new[] { provider })!;
            var tree = cached.SyntaxTrees.First();
            if (!ReferenceEquals(cached.GetSemanticModel(tree), cached.GetSemanticModel(tree)))
            {
                throw new InvalidOperationException("the semantic-model provider does not cache");
            }

            return cached;
        }

        /// <summary>Initialises the analyzer, runs its compilation-start actions, then its operation actions on every operation.</summary>
        public int Run(DiagnosticAnalyzer analyzer)
        {
            var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);
            var recorder = new Recorder(compilation, options);
            analyzer.Initialize(recorder);
            foreach (var start in recorder.CompilationStartActions)
            {
                start(recorder.Start);
            }

            var supported = analyzer.SupportedDiagnostics;
            var reported = 0;
            Action<Diagnostic> report = _ => reported++;
            Func<Diagnostic, bool> isSupported = d => supported.Any(s => s.Id == d.Id);
            foreach (var (operation, owner) in operations)
            {
                if (!recorder.Start.Actions.TryGetValue(operation.Kind, out var actions))
                {
                    continue;
                }

                // the public constructor is obsolete for analyzer hosts ("use CompilationWithAnalyzers"): replaying the
                // actions without the driver is this benchmark's point
#pragma warning disable CS0618
                var context = new OperationAnalysisContext(operation, owner, compilation, options, report, isSupported, CancellationToken.None);
#pragma warning restore CS0618
                foreach (var action in actions)
                {
                    action(context);
                }
            }

            return reported;
        }
    }

    /// <summary>Records what an analyzer registers (compilation-start and operation actions; the rules register nothing else).</summary>
    private sealed class Recorder : AnalysisContext
    {
        public Recorder(Compilation compilation, AnalyzerOptions options) => Start = new StartRecorder(compilation, options);

        public List<Action<CompilationStartAnalysisContext>> CompilationStartActions { get; } = new();

        public StartRecorder Start { get; }

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => CompilationStartActions.Add(action);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) =>
            Start.RegisterOperationAction(action, operationKinds);

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode)
        {
        }

        public override void EnableConcurrentExecution()
        {
        }

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => throw Unexpected();

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => throw Unexpected();

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => throw Unexpected();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Unexpected();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw Unexpected();

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => throw Unexpected();

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw Unexpected();

        internal static NotSupportedException Unexpected() =>
            new("the benchmark replays compilation-start and operation actions only; the analyzer registered something else");
    }

    private sealed class StartRecorder : CompilationStartAnalysisContext
    {
        public StartRecorder(Compilation compilation, AnalyzerOptions options)
            : base(compilation, options, CancellationToken.None)
        {
        }

        public Dictionary<OperationKind, List<Action<OperationAnalysisContext>>> Actions { get; } = new();

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
        {
            foreach (var kind in operationKinds)
            {
                if (!Actions.TryGetValue(kind, out var list))
                {
                    Actions[kind] = list = new List<Action<OperationAnalysisContext>>();
                }

                list.Add(action);
            }
        }

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => throw Recorder.Unexpected();

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => throw Recorder.Unexpected();

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => throw Recorder.Unexpected();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Recorder.Unexpected();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw Recorder.Unexpected();

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => throw Recorder.Unexpected();

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw Recorder.Unexpected();
    }

    /// <summary>Registers what the shipped analyzer registers (invocations, and binary operations unless told not to) and does nothing.</summary>
#pragma warning disable RS1036, RS1041, RS2008 // a benchmark-only analyzer, never shipped or loaded by a compiler
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class NothingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Never = new("EMPTY002", "never", "never", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        private readonly bool binary;

        public NothingAnalyzer(bool binary) => this.binary = binary;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            if (binary)
            {
                context.RegisterOperationAction(static _ => { }, OperationKind.Invocation, OperationKind.Binary);
            }
            else
            {
                context.RegisterOperationAction(static _ => { }, OperationKind.Invocation);
            }
        }
    }
#pragma warning restore RS1036, RS1041, RS2008
}

/// <summary>
/// The callbacks take a tenth of a second and the baseline seconds: in-process, one invocation per iteration (a fresh
/// bound compilation before each), three warm-ups and seven measured iterations, ratios to (a').
/// </summary>
public sealed class CallbackConfig : ManualConfig
{
    public CallbackConfig()
    {
        ArtifactsPath = Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts");
        AddJob(Job.Default
            .WithId("Callbacks")
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(7)
            .WithInvocationCount(1)
            .WithUnrollFactor(1));
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
        WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Percentage));
    }
}
