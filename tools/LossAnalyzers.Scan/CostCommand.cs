using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossAnalyzers.Scan;

/// <summary>
/// <c>cost &lt;folder&gt; [--runs N]</c>: the analyzers' cost as a share of the compilation's own time, measured warm and
/// interleaved in one process (single-threaded analysis, fresh compilation per measurement, median of N runs):
/// (a) compile, (b) compile + an empty analyzer, (c) compile + all LOSS analyzers. Overhead = (c − b) / a.
/// Telemetry of a single cold run (the plain scan) charges JIT and the driver's once-per-tree work to whichever
/// analyzer reports first; this does not.
/// </summary>
internal static class CostCommand
{
    public static async Task<int> RunAsync(string folder, int runs)
    {
        var trees = Scanner.Parse(Scanner.ReadFolder(folder));
        var lines = trees.Sum(t => t.GetText().Lines.Count);
        var empty = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer());
        var compile = new List<double>();
        var baseline = new List<double>();
        var loss = new List<double>();
        var callbacks = new List<double>();
        var perAnalyzer = new Dictionary<string, List<double>>();

        // one warm-up of each, then interleaved measured runs
        for (var run = -1; run < runs; run++)
        {
            var a = Time(() => Scanner.Compile(trees).GetDiagnostics());
            var b = await TimeAsync(() => Scanner.Compile(trees).WithAnalyzers(empty, Options()).GetAllDiagnosticsAsync(CancellationToken.None));
            var c = await TimeAsync(() => Scanner.Compile(trees).WithAnalyzers(LossPackage.Analyzers, Options()).GetAllDiagnosticsAsync(CancellationToken.None));
            // the analyzers' own callback time (telemetry), on a separate warm single-threaded run
            var withTelemetry = Scanner.Compile(trees).WithAnalyzers(LossPackage.Analyzers,
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
            await withTelemetry.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            double sum = 0;
            foreach (var analyzer in LossPackage.Analyzers)
            {
                var ms = (await withTelemetry.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime.TotalMilliseconds;
                sum += ms;
                if (run >= 0)
                {
                    var name = analyzer.GetType().Name;
                    if (!perAnalyzer.TryGetValue(name, out var list))
                    {
                        perAnalyzer[name] = list = new List<double>();
                    }

                    list.Add(ms);
                }
            }

            if (run >= 0)
            {
                compile.Add(a);
                baseline.Add(b);
                loss.Add(c);
                callbacks.Add(sum);
            }
        }

        double Median(List<double> values) => values.OrderBy(v => v).ElementAt(values.Count / 2);
        var (ma, mb, mc) = (Median(compile), Median(baseline), Median(loss));
        Console.WriteLine($"{trees.Length} files, {lines} lines, {runs} runs (median, ms; (b) and (c) single-threaded, telemetry summed over threads):");
        Console.WriteLine($"  (a) compile (GetDiagnostics)                 {ma,10:F0}");
        Console.WriteLine($"  (b) compile + empty invocation analyzer      {mb,10:F0}   (driver overhead {100 * (mb - ma) / ma,6:F1} %)");
        Console.WriteLine($"  (c) compile + all LOSS analyzers             {mc,10:F0}");
        Console.WriteLine($"  LOSS analyzers' cost by wall time (c - b) / a {100 * (mc - mb) / ma,9:F1} %   (noisy: the difference of two runs)");
        var md = Median(callbacks);
        Console.WriteLine($"  LOSS analyzers' callback time (telemetry)    {md,10:F0}   = {100 * md / ma,5:F1} % of (a)");
        foreach (var (name, values) in perAnalyzer.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"    {name,-44} {Median(values),8:F0}   = {100 * Median(values) / ma,5:F1} %");
        }
        return 0;
    }

    private static CompilationWithAnalyzersOptions Options() =>
        new(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);

    private static double Time(Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        action();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> TimeAsync<T>(Func<Task<T>> action)
    {
        var stopwatch = Stopwatch.StartNew();
        await action().ConfigureAwait(false);
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    /// <summary>Registers an invocation action and does nothing: the price every operation analyzer pays.</summary>
#pragma warning disable RS1001, RS2008 // not exported, not shipped: a measurement baseline only
    private sealed class EmptyAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Descriptor = new("EMPTY001", "Empty", "Empty", "Test", DiagnosticSeverity.Hidden, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptor);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
        }
    }
#pragma warning restore RS1001, RS2008
}
