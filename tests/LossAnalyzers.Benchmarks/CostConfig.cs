using System;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace LossAnalyzers.Benchmarks;

/// <summary>
/// Each operation compiles the whole corpus (seconds), so: in-process, one invocation per iteration, two warm-ups and
/// three measured iterations, with the ratio to (a) as the overhead column.
/// </summary>
public sealed class CostConfig : ManualConfig
{
    public CostConfig()
    {
        ArtifactsPath = System.IO.Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts");
        AddJob(Job.Default
            .WithId("Corpus")
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithGcServer(true)
            .WithGcConcurrent(true));
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
        WithOptions(ConfigOptions.JoinSummary);
        WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Percentage));
    }
}
