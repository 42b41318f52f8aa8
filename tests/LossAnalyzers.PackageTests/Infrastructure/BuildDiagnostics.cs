using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace LossAnalyzers.PackageTests.Infrastructure;

/// <summary>One compiler diagnostic as MSBuild prints it: <c>path(line,col): warning ID: message [project]</c>.</summary>
public sealed record BuildDiagnostic(string File, int Line, int Column, string Severity, string Id)
{
    public override string ToString() => $"{System.IO.Path.GetFileName(File)}({Line},{Column}): {Severity} {Id}";
}

public static partial class BuildDiagnostics
{
    [GeneratedRegex(@"^\s*(?<file>.+?)\((?<line>\d+),(?<col>\d+)(?:,\d+,\d+)?\):\s+(?<sev>warning|error)\s+(?<id>[A-Z]+\d+)\s*:", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();

    /// <summary>The distinct diagnostics in a build log (MSBuild repeats them in its summary).</summary>
    public static IReadOnlyList<BuildDiagnostic> Parse(string output) =>
        DiagnosticLine().Matches(output)
            .Select(m => new BuildDiagnostic(
                m.Groups["file"].Value.Trim(),
                int.Parse(m.Groups["line"].Value),
                int.Parse(m.Groups["col"].Value),
                m.Groups["sev"].Value,
                m.Groups["id"].Value))
            .Distinct()
            .OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>The LOSS diagnostics of one severity as "ID@line" in one file, sorted, for exact comparisons.</summary>
    public static IReadOnlyList<string> Loss(IEnumerable<BuildDiagnostic> diagnostics, string severity, string fileName) =>
        diagnostics
            .Where(d => d.Id.StartsWith("LOSS", StringComparison.Ordinal) && d.Severity == severity &&
                        string.Equals(Path.GetFileName(d.File), fileName, StringComparison.Ordinal))
            .Select(d => d.Id + "@" + d.Line)
            .Distinct()
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();
}
