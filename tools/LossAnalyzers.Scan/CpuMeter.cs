using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

// RS1012: the wrappers forward registrations to the contexts they wrap, which the analyzer cannot see.
#pragma warning disable RS1012

namespace LossAnalyzers.Scan;

/// <summary>
/// The CPU time an analyzer's callbacks use, on the thread that runs them (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): unlike
/// wall time (and the driver's own telemetry, which is wall time) it does not count time the thread was descheduled.
/// Garbage collections that run on the callback's thread are counted (with workstation GC, the thread whose allocation
/// triggers a collection runs it). Also per callback: the bytes it allocated
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>), exact. A pause of the whole process cannot be told apart from a
/// collection the callback ran itself (the analysis and the compilation feeding it run on different threads), so
/// pauses are not subtracted. Reading the clock is a system call; its cost is measured on an analyzer whose callbacks
/// do nothing and subtracted per callback.
/// </summary>
internal static class CpuMeter
{
    public static bool IsAvailable { get; } = Probe();

    private static bool Probe()
    {
        try
        {
            return RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && clock_gettime(ClockThreadCpuTime, out _) == 0;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc.so.6", SetLastError = false)]
    private static extern int clock_gettime(int clock, out TimeSpec time);

    public static long ThreadNanoseconds()
    {
        clock_gettime(ClockThreadCpuTime, out var time);
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }

    /// <summary>Totals per analyzer: CPU nanoseconds, bytes allocated, callbacks, and the garbage-collection pauses that
    /// happened during its callbacks.</summary>
    public sealed class Totals
    {
        private long nanoseconds;
        private long bytes;
        private long callbacks;
        private long pauseNanoseconds;

        public long Nanoseconds => Interlocked.Read(ref nanoseconds);

        public long Bytes => Interlocked.Read(ref bytes);

        public long Callbacks => Interlocked.Read(ref callbacks);

        /// <summary>
        /// The part of the garbage-collection pauses during the callbacks that ran on the callback's own thread (and so
        /// is inside <see cref="Nanoseconds"/>). With workstation GC the thread whose allocation finds the budget spent
        /// runs the collection of everyone's garbage, so a callback that happens to trigger one is charged for all of it.
        /// Per callback: the pause less the time the thread was off the CPU (suspended for a collection another thread
        /// ran, or descheduled), never below zero, so it errs on the side of leaving collection time in.
        /// </summary>
        public long PauseNanoseconds => Interlocked.Read(ref pauseNanoseconds);

        public void Add(long ns, long allocated, long pauseOnThread)
        {
            Interlocked.Add(ref nanoseconds, ns);
            Interlocked.Add(ref bytes, allocated);
            Interlocked.Add(ref pauseNanoseconds, pauseOnThread);
            Interlocked.Increment(ref callbacks);
        }
    }

    /// <summary>Wraps analyzers so that every compilation-start and operation callback is metered.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Wrap(ImmutableArray<DiagnosticAnalyzer> analyzers, ConcurrentDictionary<string, Totals> totals)
    {
        var builder = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var analyzer in analyzers)
        {
            builder.Add(new Metered(analyzer, totals.GetOrAdd(LossPackage.NameOf(analyzer), _ => new Totals())));
        }

        return builder.ToImmutable();
    }

#pragma warning disable RS1001, RS1022, RS1025, RS1026 // a measuring wrapper, never shipped: the inner analyzer configures itself
    private sealed class Metered : DiagnosticAnalyzer
    {
        private readonly DiagnosticAnalyzer inner;
        private readonly Totals totals;

        public Metered(DiagnosticAnalyzer inner, Totals totals)
        {
            this.inner = inner;
            this.totals = totals;
        }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => inner.SupportedDiagnostics;

        public override void Initialize(AnalysisContext context) => inner.Initialize(new MeteredContext(context, totals));
    }
#pragma warning restore RS1001, RS1022, RS1025, RS1026

    private static void Measure<T>(Action<T> action, T argument, Totals totals)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var pause = GC.GetTotalPauseDuration();
        var wallStart = System.Diagnostics.Stopwatch.GetTimestamp();
        var start = ThreadNanoseconds();
        try
        {
            action(argument);
        }
        finally
        {
            var end = ThreadNanoseconds();
            var cpu = end - start;
            var paused = (GC.GetTotalPauseDuration() - pause).Ticks * 100;
            var pauseOnThread = 0L;
            if (paused > 0)
            {
                var wall = (long)((System.Diagnostics.Stopwatch.GetTimestamp() - wallStart) * (1e9 / System.Diagnostics.Stopwatch.Frequency));
                pauseOnThread = Math.Min(cpu, Math.Max(0, paused - Math.Max(0, wall - cpu)));
            }

            totals.Add(cpu, GC.GetAllocatedBytesForCurrentThread() - allocated, pauseOnThread);
        }
    }

    private sealed class MeteredContext : AnalysisContext
    {
        private readonly AnalysisContext inner;
        private readonly Totals totals;

        public MeteredContext(AnalysisContext inner, Totals totals)
        {
            this.inner = inner;
            this.totals = totals;
        }

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => inner.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void EnableConcurrentExecution() => inner.EnableConcurrentExecution();

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) =>
            inner.RegisterCompilationStartAction(start => Measure(s => action(new MeteredStart(s, totals)), start, totals));

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) =>
            inner.RegisterOperationAction(c => Measure(action, c, totals), operationKinds);

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => inner.RegisterCompilationAction(action);

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => inner.RegisterSemanticModelAction(action);

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) =>
            inner.RegisterSymbolAction(action, symbolKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) =>
            inner.RegisterCodeBlockStartAction(action);

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(action);

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => inner.RegisterSyntaxTreeAction(action);

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) =>
            inner.RegisterSyntaxNodeAction(action, syntaxKinds);
    }

    private sealed class MeteredStart : CompilationStartAnalysisContext
    {
        private readonly CompilationStartAnalysisContext inner;
        private readonly Totals totals;

        public MeteredStart(CompilationStartAnalysisContext inner, Totals totals)
            : base(inner.Compilation, inner.Options, inner.CancellationToken)
        {
            this.inner = inner;
            this.totals = totals;
        }

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) =>
            inner.RegisterOperationAction(c => Measure(action, c, totals), operationKinds);

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => inner.RegisterCompilationEndAction(action);

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => inner.RegisterSemanticModelAction(action);

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) =>
            inner.RegisterSymbolAction(action, symbolKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) =>
            inner.RegisterCodeBlockStartAction(action);

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(action);

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => inner.RegisterSyntaxTreeAction(action);

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) =>
            inner.RegisterSyntaxNodeAction(action, syntaxKinds);
    }
}
