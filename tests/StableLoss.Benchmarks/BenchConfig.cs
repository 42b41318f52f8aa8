using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace StableLoss.Benchmarks;

/// <summary>
/// A short job (1 launch, 2 warmup and 6 measured iterations) so that the whole suite (2 element types x 3 sizes x
/// 5 methods) finishes in well under 15 minutes on a 2-core machine, plus an elements-per-second column.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        // Keep results next to the built benchmark (bin/), not in the directory the command was started from.
        ArtifactsPath = System.IO.Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts");
        AddJob(Job.Default
            .WithId("Short")
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(6));
        AddColumn(new ElementsPerSecondColumn());
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
        WithOptions(ConfigOptions.JoinSummary);
        WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend));
    }
}

/// <summary>Throughput in elements per second, from the <c>N</c> parameter and the mean time per operation.</summary>
public sealed class ElementsPerSecondColumn : IColumn
{
    public string Id => nameof(ElementsPerSecondColumn);

    public string ColumnName => "Elements/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Elements processed per second (N / mean time per operation)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        object? n = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "N")?.Value;
        if (report?.ResultStatistics is null || n is null)
        {
            return "-";
        }

        double elements = Convert.ToDouble(n, CultureInfo.InvariantCulture);
        double perSecond = elements / (report.ResultStatistics.Mean * 1e-9);
        return perSecond >= 1e9
            ? (perSecond / 1e9).ToString("F2", CultureInfo.InvariantCulture) + " G"
            : (perSecond / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " M";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
