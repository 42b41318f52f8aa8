using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace LossAnalyzers.Scan;

/// <summary>
/// <c>dotnet run --project tools/LossAnalyzers.Scan -- &lt;folder&gt; [--fix-check] [--json] [--implicit-usings]</c>, or
/// <c>... -- generate &lt;folder&gt; [--lines N] [--seed S]</c> to write the generated corpus.
/// Exit codes: 0 clean, 1 an analyzer or fixer threw or a fix added compiler errors, 2 bad arguments.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            if (args.Length >= 2 && args[0] == "cost")
            {
                var runsIndex = Array.IndexOf(args, "--runs");
                var runs = runsIndex > 0 && runsIndex + 1 < args.Length && int.TryParse(args[runsIndex + 1], out var n) && n > 0 ? n : 5;
                if (args.Contains("--profile"))
                {
                    return await CostCommand.ProfileAsync(args[1], runs, prebind: args.Contains("--prebind"));
                }

                if (args.Contains("--cpu"))
                {
                    var compareIndex = Array.IndexOf(args, "--compare");
                    return await CostCommand.CpuOnlyAsync(args[1], runs, quick: args.Contains("--quick"),
                        compare: compareIndex > 0 && compareIndex + 1 < args.Length ? args[compareIndex + 1] : null,
                        prebind: args.Contains("--prebind"));
                }

                return await CostCommand.RunAsync(args[1], runs, telemetryOnly: args.Contains("--telemetry"));
            }

            if (args.Length >= 2 && args[0] == "corpus")
            {
                var corpusIndex = Array.IndexOf(args, "--corpus");
                var unitIndex = Array.IndexOf(args, "--unit");
                return await CorpusCommand.RunAsync(
                    args[1],
                    corpusIndex > 0 && corpusIndex + 1 < args.Length ? args[corpusIndex + 1] : Path.Combine("tools", "corpus"),
                    unitIndex > 0 && unitIndex + 1 < args.Length ? args[unitIndex + 1] : null,
                    fixCheck: args.Contains("--fix-check"));
            }

            if (args.Length >= 2 && args[0] == "generate")
            {
                return Generate(args[1], args.Skip(2).ToList());
            }

            var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
            var unknown = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a is not ("--fix-check" or "--json" or "--implicit-usings")).ToList();
            if (positional.Count != 1 || unknown.Count > 0 || !Directory.Exists(positional[0]))
            {
                return Usage(unknown.Count > 0 ? $"unknown option {unknown[0]}" : positional.Count == 1 ? $"no folder '{positional[0]}'" : null);
            }

            var files = Scanner.ReadFolder(positional[0]);
            if (args.Contains("--implicit-usings"))
            {
                files.Add(new SourceFile("<implicit usings>", Scanner.ImplicitUsings));
            }

            var result = await Scanner.ScanAsync(files, measureTime: true, fixCheck: args.Contains("--fix-check"));
            Console.Out.Write(args.Contains("--json") ? ToJson(positional[0], result) : ToText(positional[0], result));
            return result.Failed ? 1 : 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Usage(exception.Message);
        }
    }

    private static int Usage(string? error)
    {
        if (error is not null)
        {
            Console.Error.WriteLine("error: " + error);
        }

        Console.Error.WriteLine("usage: LossAnalyzers.Scan <folder> [--fix-check] [--json] [--implicit-usings]");
        Console.Error.WriteLine("       LossAnalyzers.Scan generate <folder> [--lines N] [--seed S]");
        Console.Error.WriteLine("       LossAnalyzers.Scan corpus <extracted folder> [--corpus tools/corpus] [--unit NAME] [--fix-check]");
        Console.Error.WriteLine("       LossAnalyzers.Scan cost <folder> [--runs N] [--telemetry] [--cpu [--prebind]] [--profile [--prebind]]");
        return 2;
    }

    private static int Generate(string folder, List<string> options)
    {
        var lines = Option(options, "--lines", CorpusGenerator.DefaultLines);
        var seed = Option(options, "--seed", CorpusGenerator.DefaultSeed);
        var corpus = CorpusGenerator.Generate(lines, seed);
        Directory.CreateDirectory(folder);
        foreach (var file in corpus.Files)
        {
            var path = Path.Combine(folder, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Text);
        }

        File.WriteAllLines(Path.Combine(folder, "planted.tsv"), corpus.Planted.Select(p => $"{p.Path}\t{p.Line}\t{p.Id}\t{p.Kind}"));
        Console.WriteLine($"wrote {corpus.Files.Count} files, {corpus.TotalLines} lines, {corpus.Planted.Count} planted misuses (planted.tsv) to {folder}");
        return 0;
    }

    private static int Option(List<string> options, string name, int fallback)
    {
        var index = options.IndexOf(name);
        return index >= 0 && index + 1 < options.Count ? int.Parse(options[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public static string ToText(string folder, ScanResult result)
    {
        var text = new System.Text.StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"LossAnalyzers scan of {folder}: {result.Files} files, {result.Lines} lines, {result.CompilerErrors.Count} compiler errors");
        foreach (var error in result.CompilerErrors.Take(10))
        {
            text.AppendLine(c, $"  compiler: {error.Path}:{error.Line}: {error.Id} {error.Message}");
        }

        if (result.CompilerErrors.Count > 10)
        {
            text.AppendLine(c, $"  compiler: ... {result.CompilerErrors.Count - 10} more (missing references or usings? try --implicit-usings)");
        }

        text.AppendLine();
        text.AppendLine(c, $"Diagnostics: {result.Diagnostics.Count}");
        foreach (var d in result.Diagnostics)
        {
            text.AppendLine(c, $"  {d.Path}:{d.Line}: {d.Id} {d.Message}");
        }

        text.AppendLine();
        text.AppendLine(c, $"Analyzer exceptions: {result.Exceptions.Count}");
        foreach (var e in result.Exceptions)
        {
            text.AppendLine("  " + e.Replace("\n", "\n    ", StringComparison.Ordinal));
        }

        if (result.CompileMilliseconds is { } compile)
        {
            text.AppendLine();
            text.AppendLine(c, $"Time: compilation.GetDiagnostics() {compile:F0} ms; analyzers (callbacks, summed over threads) {result.AnalyzerMilliseconds:F0} ms = {100 * result.AnalyzerMilliseconds / compile:F2} % of compile; analysis run wall time {result.AnalysisMilliseconds:F0} ms");
            foreach (var a in result.AnalyzerTimes)
            {
                text.AppendLine(c, $"  {a.Analyzer,-45} {a.Milliseconds,9:F1} ms  {100 * a.Milliseconds / compile,6:F2} %");
            }
        }

        if (result.FixChecks.Count > 0 || result.Diagnostics.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(c, $"Fix check: {result.FixChecks.Count} fixes applied, {result.FixChecks.Count(f => f.AddsErrors)} added compiler errors");
            foreach (var f in result.FixChecks)
            {
                text.AppendLine(c, $"  {(f.AddsErrors ? "BROKEN" : "ok    ")} {f.Diagnostic.Path}:{f.Diagnostic.Line}: {f.Diagnostic.Id} '{f.Title}' errors {f.ErrorsBefore} -> {f.ErrorsAfter}");
                foreach (var added in f.AddedErrors)
                {
                    text.AppendLine("           + " + added);
                }
            }
        }

        text.AppendLine();
        text.AppendLine(result.Failed ? "FAILED" : "OK");
        return text.ToString();
    }

    public static string ToJson(string folder, ScanResult result) =>
        JsonSerializer.Serialize(
            new
            {
                folder,
                result.Files,
                result.Lines,
                result.CompilerErrors,
                result.Diagnostics,
                result.Exceptions,
                result.CompileMilliseconds,
                result.AnalysisMilliseconds,
                result.AnalyzerMilliseconds,
                AnalyzerPercentOfCompile = result.CompileMilliseconds is { } compile ? 100 * result.AnalyzerMilliseconds / compile : (double?)null,
                result.AnalyzerTimes,
                FixChecks = result.FixChecks.Select(f => new { f.Diagnostic, f.Fixer, f.Title, f.ErrorsBefore, f.ErrorsAfter, f.AddedErrors, f.AddsErrors }),
                result.Failed,
            },
            new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine;
}
