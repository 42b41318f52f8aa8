using BenchmarkDotNet.Running;

namespace StableLoss.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project tests/StableLoss.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new BenchConfig());
}
