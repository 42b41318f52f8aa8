using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace LossAnalyzers.Scan;

/// <summary>One unit of the development corpus (a row of <c>tools/corpus/repos.tsv</c>): one compilation.</summary>
public sealed record CorpusUnit(string Name, string Repository, string Commit, bool ImplicitUsings);

/// <summary>
/// A hand label (a row of <c>tools/corpus/labels.tsv</c>): what the package should report at a line of a unit's file.
/// <see cref="Expected"/> is a rule ID (a real misuse that rule should report), <c>NONE</c> (correct code that must
/// not be reported), <c>NONE:LOSS007,LOSS008</c> (correct code as far as those rules go: a look-alike of their misuse at a
/// site another rule may rightly report) or <c>DEBATABLE</c> (a reported site whose verdict is unclear: counted as false in precision, not
/// as a flagged negative).
/// </summary>
public sealed record CorpusLabel(string Unit, string Path, int Line, string Expected, string Reason)
{
    public bool IsPositive => Expected.StartsWith("LOSS", StringComparison.Ordinal);

    /// <summary><c>NONE</c>, or <c>NONE:</c> with the rules it is a negative for.</summary>
    public bool IsNegative => Expected == "NONE" || Expected.StartsWith("NONE:", StringComparison.Ordinal);

    /// <summary>Does the label speak about diagnostics of this rule? A scoped negative only about its rules.</summary>
    public bool Concerns(string ruleId) =>
        !Expected.StartsWith("NONE:", StringComparison.Ordinal) ||
        Expected.Substring("NONE:".Length).Split(',').Contains(ruleId, StringComparer.Ordinal);
}

/// <summary>
/// <c>corpus &lt;extracted folder&gt; [--corpus tools/corpus] [--unit NAME]</c>: scans every unit of the development
/// corpus (one compilation each), scores recall per rule against the labels, lists labelled negatives that are
/// flagged, and gives every reported diagnostic a verdict from the labels (true, false, debatable, unreviewed).
/// </summary>
public static class CorpusCommand
{
    /// <summary>A diagnostic matches a label on the same file within this many lines (multi-line expressions).</summary>
    public const int LineTolerance = 2;

    public static IReadOnlyList<CorpusUnit> ReadUnits(string reposTsv) =>
        Rows(reposTsv).Select(c => new CorpusUnit(c[0], c[1], c[2], c.Length > 4 && c[4].Contains("implicit-usings", StringComparison.Ordinal))).ToList();

    public static IReadOnlyList<CorpusLabel> ReadLabels(string labelsTsv) =>
        Rows(labelsTsv).Select(c => new CorpusLabel(c[0], c[1], int.Parse(c[2], CultureInfo.InvariantCulture), c[3], c.Length > 4 ? c[4] : string.Empty)).ToList();

    private static IEnumerable<string[]> Rows(string path) =>
        File.ReadAllLines(path)
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split('\t'))
            .Where(c => c.Length >= 4);

    public static async Task<int> RunAsync(string extracted, string corpusFolder, string? onlyUnit, bool fixCheck = false)
    {
        var units = ReadUnits(Path.Combine(corpusFolder, "repos.tsv")).Where(u => onlyUnit is null || u.Name == onlyUnit).ToList();
        var labels = ReadLabels(Path.Combine(corpusFolder, "labels.tsv"));
        var unknown = labels.Select(l => l.Unit).Distinct().Where(u => !units.Any(x => x.Name == u) && onlyUnit is null).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine("labels name units that repos.tsv lacks: " + string.Join(", ", unknown));
            return 2;
        }

        var c = CultureInfo.InvariantCulture;
        var report = new StringBuilder();
        var verdicts = new List<(Finding Diagnostic, string Unit, string Verdict, CorpusLabel? Label)>();
        var labelResults = new List<(CorpusLabel Label, string Outcome)>();
        var failed = false;
        long totalLines = 0;
        foreach (var unit in units)
        {
            var folder = Path.Combine(extracted, unit.Name);
            if (!Directory.Exists(folder))
            {
                Console.Error.WriteLine($"{unit.Name}: not extracted (run tools/corpus/extract.sh {extracted})");
                return 2;
            }

            var files = Scanner.ReadFolder(folder);
            if (unit.ImplicitUsings)
            {
                files.Add(new SourceFile("<implicit usings>", Scanner.ImplicitUsings));
            }

            var unitLabels = labels.Where(l => l.Unit == unit.Name).ToList();
            var result = await Scanner.ScanAsync(files, measureTime: false, fixCheck: fixCheck,
                probeLines: unitLabels.Where(l => l.IsPositive).Select(l => (l.Path, l.Line)).ToList());
            totalLines += result.Lines;
            failed |= result.Exceptions.Count > 0;
            report.AppendLine(c, $"{unit.Name,-22} {result.Files,5} files {result.Lines,8} lines {result.CompilerErrors.Count,6} compiler errors {result.Diagnostics.Count,4} diagnostics{(result.Exceptions.Count > 0 ? $"  {result.Exceptions.Count} ANALYZER EXCEPTIONS" : "")}");
            foreach (var exception in result.Exceptions.Take(3))
            {
                report.AppendLine("    " + exception.Split('\n')[0]);
            }

            foreach (var broken in result.FixChecks.Where(f => f.AddsErrors))
            {
                failed = true;
                report.AppendLine(c, $"    BROKEN FIX {broken.Diagnostic.Path}:{broken.Diagnostic.Line}: {broken.Diagnostic.Id} '{broken.Title}': {string.Join("; ", broken.AddedErrors)}");
            }

            if (fixCheck)
            {
                report.AppendLine(c, $"    fixes applied: {result.FixChecks.Count}, compiler errors added by any: {result.FixChecks.Count(f => f.AddsErrors)}");
            }

            foreach (var d in result.Diagnostics)
            {
                var near = unitLabels.Where(l => l.Path == d.Path && Math.Abs(l.Line - d.Line) <= LineTolerance && l.Concerns(d.Id))
                    .OrderBy(l => l.Expected == d.Id ? 0 : 1).ThenBy(l => Math.Abs(l.Line - d.Line)).FirstOrDefault();
                var verdict = near switch
                {
                    null => "UNREVIEWED",
                    { Expected: var e } when e == d.Id => "true",
                    { IsNegative: true } => "FALSE",
                    { Expected: "DEBATABLE" } => "debatable",
                    _ => "WRONG-RULE",
                };
                verdicts.Add((d, unit.Name, verdict, near));
            }

            // a negative is flagged when a diagnostic is matched to it (its nearest label), not when one of a neighbouring
            // label's diagnostics falls within the line tolerance
            var matched = new HashSet<CorpusLabel>(verdicts.Where(v => v.Unit == unit.Name && v.Label is not null).Select(v => v.Label!));
            foreach (var label in unitLabels)
            {
                var hits = result.Diagnostics.Where(d => d.Path == label.Path && Math.Abs(d.Line - label.Line) <= LineTolerance &&
                                                         label.Concerns(d.Id) && (label.IsPositive || matched.Contains(label))).ToList();
                var unbound = result.CompilerErrors.Any(e => e.Path == label.Path && e.Line == label.Line) ||
                              result.UnboundLines.Contains((label.Path, label.Line));
                string outcome = label.Expected switch
                {
                    _ when label.IsNegative => hits.Count > 0 ? "flagged" : "quiet",
                    "DEBATABLE" => hits.Count > 0 ? "flagged" : "quiet",
                    var id when hits.Any(h => h.Id == id) => "found",
                    _ when unbound => "unbound",
                    _ => hits.Count > 0 ? "other-rule" : "missed",
                };
                labelResults.Add((label, outcome));
            }
        }

        var text = new StringBuilder();
        text.AppendLine(c, $"Development corpus: {units.Count} units, {totalLines} lines, {labels.Count} labels ({labels.Count(l => l.IsPositive)} misuses, {labels.Count(l => l.IsNegative)} negatives, {labels.Count(l => l.Expected == "DEBATABLE")} debatable)");
        text.Append(report);
        text.AppendLine();
        text.AppendLine("Recall (labels whose code binds):");
        foreach (var group in labelResults.Where(r => r.Label.IsPositive).GroupBy(r => r.Label.Expected).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var bound = group.Where(r => r.Outcome != "unbound").ToList();
            var found = bound.Count(r => r.Outcome == "found");
            text.AppendLine(c, $"  {group.Key}: {found}/{bound.Count}{Percent(found, bound.Count)}{(group.Count() > bound.Count ? $"  ({group.Count() - bound.Count} unbound, left out)" : "")}");
        }

        var allBound = labelResults.Where(r => r.Label.IsPositive && r.Outcome != "unbound").ToList();
        text.AppendLine(c, $"  all: {allBound.Count(r => r.Outcome == "found")}/{allBound.Count}{Percent(allBound.Count(r => r.Outcome == "found"), allBound.Count)}");
        foreach (var (label, outcome) in labelResults.Where(r => r.Label.IsPositive && r.Outcome is "missed" or "other-rule" or "unbound"))
        {
            text.AppendLine(c, $"  {outcome,-10} {label.Unit}/{label.Path}:{label.Line} {label.Expected}  {label.Reason}");
        }

        var negatives = labelResults.Where(r => r.Label.IsNegative).ToList();
        text.AppendLine();
        text.AppendLine(c, $"Labelled negatives flagged: {negatives.Count(r => r.Outcome == "flagged")}/{negatives.Count}");
        foreach (var (label, _) in negatives.Where(r => r.Outcome == "flagged"))
        {
            text.AppendLine(c, $"  {label.Unit}/{label.Path}:{label.Line}  {label.Reason}");
        }

        text.AppendLine();
        text.AppendLine(c, $"Diagnostics: {verdicts.Count} ({verdicts.Count(v => v.Verdict == "true")} true, {verdicts.Count(v => v.Verdict == "FALSE")} false, {verdicts.Count(v => v.Verdict == "debatable")} debatable, {verdicts.Count(v => v.Verdict == "WRONG-RULE")} wrong rule, {verdicts.Count(v => v.Verdict == "UNREVIEWED")} unreviewed); precision {Percent(verdicts.Count(v => v.Verdict == "true"), verdicts.Count).Trim()} (all but true counted as false)");
        foreach (var group in verdicts.GroupBy(v => v.Diagnostic.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var t = group.Count(v => v.Verdict == "true");
            text.AppendLine(c, $"  {group.Key}: {t}/{group.Count()} true{Percent(t, group.Count())}");
        }

        foreach (var (d, unit, verdict, label) in verdicts)
        {
            text.AppendLine(c, $"  {verdict,-10} {unit}/{d.Path}:{d.Line}: {d.Id} {d.Message}{(label is null || verdict == "true" ? "" : "   [" + label.Expected + ": " + label.Reason + "]")}");
        }

        Console.Out.Write(text.ToString());
        return failed ? 1 : 0;
    }

    private static string Percent(int part, int whole) =>
        whole == 0 ? string.Empty : string.Format(CultureInfo.InvariantCulture, " = {0:F0} %", 100.0 * part / whole);
}
