using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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
    public static async Task<int> RunAsync(string folder, int runs, bool telemetryOnly = false)
    {
        var trees = Scanner.Parse(Scanner.ReadFolder(folder));
        var lines = trees.Sum(t => t.GetText().Lines.Count);
        var empty = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer());
        var compile = new List<double>();
        var baseline = new List<double>();
        var baselineSix = new List<double>();
        var loss = new List<double>();
        var callbacks = new List<double>();
        var floor = new List<double>();
        var perAnalyzer = new Dictionary<string, List<double>>();

        // one warm-up of each, then interleaved measured runs
        for (var run = -1; run < runs; run++)
        {
            var a = Time(() => Scanner.Compile(trees).GetDiagnostics());
            var b = telemetryOnly ? 0 : await TimeAsync(() => Scanner.Compile(trees).WithAnalyzers(empty, Options()).GetAllDiagnosticsAsync(CancellationToken.None));
            var b6 = telemetryOnly ? 0 : await TimeAsync(() => Scanner.Compile(trees).WithAnalyzers(SixEmpty, Options()).GetAllDiagnosticsAsync(CancellationToken.None));
            var c = telemetryOnly ? 0 : await TimeAsync(() => Scanner.Compile(trees).WithAnalyzers(LossPackage.Analyzers, Options()).GetAllDiagnosticsAsync(CancellationToken.None));
            // the analyzers' own callback time (telemetry), on a separate warm single-threaded run: with one thread, a
            // callback's time is its own work, not time spent waiting for another thread's binding
            // The compilation's references are bound before analysis starts, as csc does before it runs analyzers;
            // otherwise the first analyzer to ask for a type pays for binding all of them and the telemetry charges it.
            var compilation = Scanner.Compile(trees);
            _ = compilation.GetSpecialType(SpecialType.System_Object);
            var withTelemetry = compilation.WithAnalyzers(LossPackage.PerRule.Add(empty[0]),
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
            await withTelemetry.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            if (run >= 0)
            {
                floor.Add((await withTelemetry.GetAnalyzerTelemetryInfoAsync(empty[0], CancellationToken.None)).ExecutionTime.TotalMilliseconds);
            }

            double sum = 0;
            foreach (var analyzer in LossPackage.PerRule)
            {
                var ms = (await withTelemetry.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime.TotalMilliseconds;
                sum += ms;
                if (run >= 0)
                {
                    var name = LossPackage.NameOf(analyzer);
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
                baselineSix.Add(b6);
                loss.Add(c);
                callbacks.Add(sum);
            }
        }

        if (CpuMeter.IsAvailable)
        {
            await CpuAsync(trees, empty, runs);
        }

        double Median(List<double> values) => values.OrderBy(v => v).ElementAt(values.Count / 2);
        var (ma, mb, mc) = (Median(compile), Median(baseline), Median(loss));
        Console.WriteLine($"{trees.Length} files, {lines} lines, {runs} runs (median, ms; (b), (c) and telemetry single-threaded):");
        Console.WriteLine($"  (a) compile (GetDiagnostics)                 {ma,10:F0}");
        Console.WriteLine($"  (b) compile + empty invocation analyzer      {mb,10:F0}   (driver overhead {100 * (mb - ma) / ma,6:F1} %)");
        var mb6 = Median(baselineSix);
        Console.WriteLine($"  (b6) compile + six empty analyzers (LOSS's shape) {mb6,8:F0}   (over (b): {100 * (mb6 - mb) / ma,6:F1} % of (a): the driver's per-analyzer work)");
        Console.WriteLine($"  (c) compile + all LOSS analyzers             {mc,10:F0}");
        Console.WriteLine($"  LOSS analyzers' cost by wall time (c - b) / a {100 * (mc - mb) / ma,9:F1} %   (noisy: the difference of two runs)");
        var md = Median(callbacks);
        Console.WriteLine($"  LOSS analyzers' callback time (telemetry)    {md,10:F0}   = {100 * md / ma,5:F1} % of (a)");
        Console.WriteLine($"    (the empty invocation analyzer, same run: {Median(floor),6:F0} ms = {100 * Median(floor) / ma,5:F1} %: the driver's dispatch floor per analyzer)");
        foreach (var (name, values) in perAnalyzer.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"    {name,-44} {Median(values),8:F0}   = {100 * Median(values) / ma,5:F1} %");
        }
        return 0;
    }

    /// <summary>
    /// <c>cost &lt;folder&gt; --cpu [--quick]</c>: only the CPU-time measurement (see <see cref="CpuAsync"/>); with
    /// <paramref name="quick"/>, only (a) and the shipped analyzer (for A/B comparisons of a change: no (a'), no rule alone).
    /// </summary>
    public static async Task<int> CpuOnlyAsync(string folder, int runs, bool quick = false, string? compare = null, bool prebind = false)
    {
        if (!CpuMeter.IsAvailable)
        {
            Console.Error.WriteLine("error: no per-thread CPU clock on this platform (Linux only).");
            return 2;
        }

        var trees = Scanner.Parse(Scanner.ReadFolder(folder));
        var baseline = compare is null ? null : BaselineAnalyzer.Load(compare);
        await CpuAsync(trees, ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer()), runs, quick, baseline, prebind);
        return 0;
    }

    /// <summary>
    /// The LOSS analyzers' callbacks in CPU time against the compilation's CPU time (see <see cref="CpuMeter"/>): the
    /// measure that the machine's other load does not move. The compilation binds on one thread and the analysis is
    /// single-threaded. The shipped analyzer is metered as one; each rule alone in a second analysis (their caches are
    /// per compilation, so in one analysis the first rule to ask would pay for all). Medians of interleaved runs.
    /// </summary>
    private static async Task CpuAsync(ImmutableArray<Microsoft.CodeAnalysis.SyntaxTree> trees, ImmutableArray<DiagnosticAnalyzer> empty, int runs, bool quick = false,
        DiagnosticAnalyzer? baseline = null, bool prebind = false)
    {
        var compileCpu = new List<double>();
        var buildCpu = new List<double>();
        var compileBytes = new List<double>();
        var shippedCpu = new List<double>();
        var nothingCpu = new List<double>();
        var shippedFair = new List<double>();
        var shippedPause = new List<double>();
        var shippedBytes = new List<double>();
        var perRule = new Dictionary<string, List<double>>();
        var perRuleBytes = new Dictionary<string, List<double>>();
        var baselineCpu = new List<double>();
        for (var run = -1; run < runs; run++)
        {
            GC.Collect();
            var process = Process.GetCurrentProcess();
            var before = process.TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            Scanner.CompileSingleThreaded(trees).GetDiagnostics();
            process.Refresh();
            var compileMs = (process.TotalProcessorTime - before).TotalMilliseconds;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

            // (a') what csc does for this code without analyzers: parse, bind, lower and emit (IL and portable PDB),
            // on one thread like (a)
            var buildMs = quick ? double.NaN : BuildCpuMilliseconds(trees);

            // an analyzer that registers what the shipped one registers (invocations and binary operations) and does
            // nothing, metered as a subject in the same analysis: what the method reports for no work at all
            const string nothingId = "EMPTY002";
            var nothing = new EmptyAnalyzer(binary: true, id: nothingId);
            // --compare: another build of the analyzer in the same analysis (first in every other run: whichever asks
            // first pays for binding another body), so that both see the same load at the same moments
            var subjects = baseline is null ? LossPackage.Analyzers.Add(nothing)
                : run % 2 == 0 ? LossPackage.Analyzers.Add(baseline).Add(nothing)
                : ImmutableArray.Create(baseline).AddRange(LossPackage.Analyzers).Add(nothing);
            var shipped = await MeterAsync(trees, subjects, empty, prebind);
            var nothingMs = shipped[nothingId].Milliseconds;
            shipped.Remove(nothingId);
            if (baseline is not null)
            {
                var baselineName = LossPackage.NameOf(baseline);
                if (run >= 0)
                {
                    baselineCpu.Add(shipped[baselineName].Milliseconds);
                }

                shipped.Remove(baselineName);
            }
            var rules = quick ? new Dictionary<string, Cost>() : await MeterAsync(trees, LossPackage.PerRule, empty);
            if (run < 0)
            {
                continue; // warm-up
            }

            compileCpu.Add(compileMs);
            buildCpu.Add(buildMs);
            compileBytes.Add(allocated);
            shippedCpu.Add(shipped.Values.Sum(c => c.Milliseconds));
            nothingCpu.Add(nothingMs);
            shippedFair.Add(shipped.Values.Sum(c => c.FairMilliseconds));
            shippedPause.Add(shipped.Values.Sum(c => c.PauseMilliseconds));
            shippedBytes.Add(shipped.Values.Sum(c => c.Bytes));
            foreach (var (name, cost) in rules)
            {
                if (!perRule.TryGetValue(name, out var list))
                {
                    perRule[name] = list = new List<double>();
                }

                list.Add(cost.Milliseconds);
                if (!perRuleBytes.TryGetValue(name, out var bytesList))
                {
                    perRuleBytes[name] = bytesList = new List<double>();
                }

                bytesList.Add(cost.Bytes);
            }
        }

        double Median(List<double> values) => values.OrderBy(v => v).ElementAt(values.Count / 2);
        var compile = Median(compileCpu);
        string Share(double ms) => $"{100 * ms / compile,5:F2} % of (a)";
        Console.WriteLine($"CPU time ({runs} runs, median, ms; binding and analysis single-threaded; callbacks on their own thread's clock, less the clock's cost):");
        Console.WriteLine($"  (a) compile (GetDiagnostics), process CPU    {compile,10:F0}   (allocates {Median(compileBytes) / 1e6:F0} MB)");
        var build = Median(buildCpu);
        var hasBuild = !quick && !double.IsNaN(build);
        if (hasBuild)
        {
            Console.WriteLine($"  (a') parse + compile + emit, process CPU     {build,10:F0}   (what csc does without analyzers)");
        }
        else if (!quick)
        {
            Console.WriteLine("  (a') not measured: the folder has compiler errors, and code with errors is not emitted");
        }

        Console.WriteLine($"  LossAnalyzer's callbacks, thread CPU         {Median(shippedCpu),10:F1}   = {Share(Median(shippedCpu))}" +
                          (hasBuild ? $" = {100 * Median(shippedCpu) / build,5:F2} % of (a')" : string.Empty));
        // the share within each run (both measured minutes apart in one process): its spread is the method's noise
        string Spread(List<double> denominators) => string.Join(" ", shippedCpu.Select((ms, i) => (100 * ms / denominators[i]).ToString("F2", System.Globalization.CultureInfo.InvariantCulture)));
        Console.WriteLine($"  the callbacks in each run (in run order), ms {string.Join(" ", shippedCpu.Select(ms => ms.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}");
        Console.WriteLine($"  the share in each run (in run order), % of (a) {Spread(compileCpu)}");
        if (baseline is not null)
        {
            var ratios = shippedCpu.Select((ms, i) => ms / baselineCpu[i]).ToList();
            Console.WriteLine($"  --compare build, same analyses, thread CPU   {Median(baselineCpu),10:F1}   in run order: {string.Join(" ", baselineCpu.Select(ms => ms.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}");
            Console.WriteLine($"  this build / --compare build, per run        {Median(ratios),10:F3}   in run order: {string.Join(" ", ratios.Select(r => r.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
        }

        if (hasBuild)
        {
            Console.WriteLine($"  the share in each run (in run order), % of (a') {Spread(buildCpu)}");
        }

        Console.WriteLine($"  of which collections run on its thread       {Median(shippedPause),10:F1}   (whoever allocates when the budget runs out collects everyone's garbage)");
        Console.WriteLine($"  LossAnalyzer, collections charged by bytes   {Median(shippedFair),10:F1}   = {Share(Median(shippedFair))} (less those collections, plus its bytes' share of all pauses)");
        Console.WriteLine($"  an analyzer doing nothing, thread CPU        {Median(nothingCpu),10:F1}   = {Share(Median(nothingCpu))} (the method's floor)");
        Console.WriteLine($"  LossAnalyzer's callbacks, allocated          {Median(shippedBytes) / 1e6,10:F1} MB = {100 * Median(shippedBytes) / Median(compileBytes),5:F2} % of (a)'s");
        if (quick)
        {
            return;
        }

        Console.WriteLine("  each rule alone (a rule alone pays the shared caches alone):");
        foreach (var (name, values) in perRule.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"    {name,-44} {Median(values),8:F1}   = {Share(Median(values))}   allocates {Median(perRuleBytes[name]) / 1e6,5:F1} MB");
        }
    }

    /// <summary>
    /// Binds every body of executable code into operations through the analysis's own (caching) semantic models, as the
    /// analyzer driver does for operation actions: an analyzer that asks for another member's body (a helper's summary)
    /// then finds it bound, as it would if the driver had reached that member first. Without this, whichever analyzer
    /// asks first is charged for binding the driver does anyway (seen with <c>--compare</c>: the build metered first paid
    /// up to twice the other's time).
    /// </summary>
    private static void Prebind(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var body in ExecutableBodies.In(tree.GetRoot()))
            {
                _ = model.GetOperation(body);
            }
        }
    }

    /// <summary>
    /// (a'): process CPU of parsing, compiling and emitting (IL and a portable PDB, to memory) on one thread; NaN when the
    /// folder has compiler errors (nothing is emitted then).
    /// </summary>
    private static double BuildCpuMilliseconds(ImmutableArray<Microsoft.CodeAnalysis.SyntaxTree> trees)
    {
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var reparsed = trees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), (CSharpParseOptions)t.Options, t.FilePath)).ToArray();
        using (var pe = new System.IO.MemoryStream())
        using (var pdb = new System.IO.MemoryStream())
        {
            var emitted = Scanner.CompileSingleThreaded(reparsed).Emit(pe, pdb,
                options: new Microsoft.CodeAnalysis.Emit.EmitOptions(debugInformationFormat: Microsoft.CodeAnalysis.Emit.DebugInformationFormat.PortablePdb));
            if (!emitted.Success)
            {
                return double.NaN; // code with compiler errors is not emitted: there is no (a') to measure
            }
        }

        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds;
    }

    /// <summary>
    /// An analyzer's metered cost in one analysis: CPU of its callbacks (less the clock's), bytes they allocated, the
    /// collection work that ran on their thread inside them (see <see cref="CpuMeter.Totals.PauseNanoseconds"/>), and
    /// its share of all the analysis's pauses by the bytes it allocated (the fair charge for collections, which
    /// whoever's allocation triggers one pays in full).
    /// </summary>
    private sealed record Cost(double Milliseconds, double Bytes, double PauseMilliseconds, double GcShareMilliseconds)
    {
        /// <summary>CPU with the collections charged by allocation instead of by who happened to trigger them.</summary>
        public double FairMilliseconds => Math.Max(0, Milliseconds - PauseMilliseconds) + GcShareMilliseconds;
    }

    /// <summary>One analysis with metered analyzers; the empty analyzer's CPU per callback is the clock's own cost.</summary>
    private static async Task<Dictionary<string, Cost>> MeterAsync(ImmutableArray<Microsoft.CodeAnalysis.SyntaxTree> trees,
        ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<DiagnosticAnalyzer> empty, bool prebind = false)
    {
        var totals = new System.Collections.Concurrent.ConcurrentDictionary<string, CpuMeter.Totals>();
        var compilation = Scanner.CompileSingleThreaded(trees);
        // references are bound before analysis, as csc does before it runs analyzers: otherwise the first analyzer to
        // ask for a type pays for binding them all
        _ = compilation.GetSpecialType(SpecialType.System_Object);
        var analysis = compilation.WithAnalyzers(CpuMeter.Wrap(analyzers.AddRange(empty), totals), Options());
        if (prebind)
        {
            Prebind(analysis.Compilation);
        }

        var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
        var pauseBefore = GC.GetTotalPauseDuration();
        await analysis.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        var analysisBytes = (double)(GC.GetTotalAllocatedBytes(precise: true) - bytesBefore);
        var analysisPauseMs = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds;
        var floor = totals[LossPackage.NameOf(empty[0])];
        var clockNs = (double)(floor.Nanoseconds - floor.PauseNanoseconds) / Math.Max(1, floor.Callbacks);
        var result = new Dictionary<string, Cost>();
        foreach (var analyzer in analyzers)
        {
            var t = totals[LossPackage.NameOf(analyzer)];
            result[LossPackage.NameOf(analyzer)] = new Cost(
                Math.Max(0, t.Nanoseconds - t.Callbacks * clockNs) / 1e6,
                t.Bytes,
                t.PauseNanoseconds / 1e6,
                analysisBytes > 0 ? analysisPauseMs * t.Bytes / analysisBytes : 0);
        }

        return result;
    }

    /// <summary><c>cost &lt;folder&gt; --profile N [--prebind]</c>: only run (c), N times, for a sampling profiler to attach to;
    /// with <paramref name="prebind"/>, every body is bound first (see <see cref="Prebind"/>), so that the profile does not
    /// charge the analyzer for binding the driver does anyway.</summary>
    public static async Task<int> ProfileAsync(string folder, int runs, bool prebind = false)
    {
        var trees = Scanner.Parse(Scanner.ReadFolder(folder));
        for (var run = 0; run < runs; run++)
        {
            // as the CPU meter runs it: binding on one thread, references bound before the analysis starts
            var compilation = Scanner.CompileSingleThreaded(trees);
            _ = compilation.GetSpecialType(SpecialType.System_Object);
            var analysis = compilation.WithAnalyzers(LossPackage.Analyzers, Options());
            if (prebind)
            {
                Prebind(analysis.Compilation);
            }

            var c = await TimeAsync(() => analysis.GetAllDiagnosticsAsync(CancellationToken.None));
            Console.WriteLine($"(c) {c:F0} ms");
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

    /// <summary>Six analyzers that do nothing, registered like the LOSS rules (one also on binary operations).</summary>
    private static readonly ImmutableArray<DiagnosticAnalyzer> SixEmpty = ImmutableArray.Create<DiagnosticAnalyzer>(
        new EmptyAnalyzer(), new EmptyAnalyzer(), new EmptyAnalyzer(), new EmptyAnalyzer(), new EmptyAnalyzer(), new EmptyAnalyzer(binary: true));

    /// <summary>Registers an invocation action and does nothing: the price every operation analyzer pays.</summary>
#pragma warning disable RS1001, RS2008 // not exported, not shipped: a measurement baseline only
    private sealed class EmptyAnalyzer : DiagnosticAnalyzer
    {
        private readonly DiagnosticDescriptor descriptor;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(descriptor);

        private readonly bool binary;

        public EmptyAnalyzer(bool binary = false, string id = "EMPTY001")
        {
            this.binary = binary;
            descriptor = new DiagnosticDescriptor(id, "Empty", "Empty", "Test", DiagnosticSeverity.Hidden, true);
        }

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
            if (binary)
            {
                context.RegisterOperationAction(_ => { }, OperationKind.Binary);
            }
        }
    }
#pragma warning restore RS1001, RS2008
}

/// <summary>
/// <c>cost --cpu --compare &lt;LossAnalyzers.dll&gt;</c>: another build of the analyzer (say, the last commit's), loaded in a
/// load context of its own (the compiler's assemblies are shared), metered next to this one in the same analyses.
/// </summary>
internal sealed class BaselineAnalyzer : System.Runtime.Loader.AssemblyLoadContext
{
    private readonly string directory;

    private BaselineAnalyzer(string directory)
        : base("baseline", isCollectible: false) => this.directory = directory;

    public static DiagnosticAnalyzer Load(string path)
    {
        var file = System.IO.Directory.Exists(path) ? System.IO.Path.Combine(path, "LossAnalyzers.dll") : path;
        var context = new BaselineAnalyzer(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file))!);
        try
        {
            var assembly = context.LoadFromAssemblyPath(System.IO.Path.GetFullPath(file));
            var type = assembly.GetType("LossAnalyzers.LossAnalyzer", throwOnError: false) ??
                       throw new ArgumentException($"--compare: '{file}' has no LossAnalyzers.LossAnalyzer");
            return (DiagnosticAnalyzer)Activator.CreateInstance(type)!;
        }
        catch (BadImageFormatException)
        {
            throw new ArgumentException($"--compare: '{file}' is not a .NET assembly");
        }
    }

    protected override System.Reflection.Assembly? Load(System.Reflection.AssemblyName name) =>
        // Roslyn and the runtime from the default context (the driver's types must be the same); nothing else either
        null;
}

