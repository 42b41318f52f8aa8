using BenchmarkDotNet.Running;

namespace LossAnalyzers.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project tests/LossAnalyzers.Benchmarks -- --filter '*'</c>
/// (LOSS_BENCH_LINES=n for a smaller corpus).</summary>
public static class Program
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args); // each class names its own config
}
