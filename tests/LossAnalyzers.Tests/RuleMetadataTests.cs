using System;
using System.IO;
using System.Linq;
using System.Reflection;
using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace LossAnalyzers.Tests;

/// <summary>Every rule ships with its descriptor, docs page, help link, release-tracking row and fixer.</summary>
public class RuleMetadataTests
{
    private static readonly DiagnosticDescriptor[] AllDescriptors = LossTest<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>.AllAnalyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .ToArray();

    public static TheoryData<string> RuleIdsFromConstants()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(RuleIds).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            data.Add((string)field.GetValue(null)!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RuleIdsFromConstants))]
    public void EveryRuleIdHasExactlyOneDescriptorInAnAnalyzer(string id)
    {
        Assert.Single(AllDescriptors, d => d.Id == id);
    }

    [Theory]
    [MemberData(nameof(RuleIdsFromConstants))]
    public void HelpLinkPointsToTheRulePage(string id)
    {
        var descriptor = AllDescriptors.Single(d => d.Id == id);
        Assert.Equal($"https://github.com/lossanalyzers/LossAnalyzers/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
        var page = Path.Combine(Repository.Root(), "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"{page} is missing");
        Assert.StartsWith($"# {id}: {descriptor.Title}", File.ReadAllText(page), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleIdsFromConstants))]
    public void DescriptorIsAReliabilityWarningEnabledByDefault(string id)
    {
        var descriptor = AllDescriptors.Single(d => d.Id == id);
        Assert.Equal("Reliability", descriptor.Category);
        Assert.Equal(DiagnosticSeverity.Warning, descriptor.DefaultSeverity);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
    }

    [Theory]
    [MemberData(nameof(RuleIdsFromConstants))]
    public void ReleaseTrackingHasARowForTheRule(string id)
    {
        var directory = Path.Combine(Repository.Root(), "src", "LossAnalyzers");
        var rows = File.ReadAllLines(Path.Combine(directory, "AnalyzerReleases.Shipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(directory, "AnalyzerReleases.Unshipped.md")))
            .Where(line => line.StartsWith(id + " ", StringComparison.Ordinal))
            .ToArray();
        var row = Assert.Single(rows);
        Assert.Contains("| Reliability |", row, StringComparison.Ordinal);
        Assert.Contains("| Warning |", row, StringComparison.Ordinal);
        Assert.Contains($"docs/rules/{id}.md", row, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleIdsFromConstants))]
    public void EveryRuleHasACodeFix(string id)
    {
        var fixers = typeof(LossAnalyzers.CodeFixes.FixSupport).Assembly.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToArray();
        Assert.Single(fixers, f => f.FixableDiagnosticIds.Contains(id));
        Assert.All(fixers, f => Assert.NotNull(f.GetFixAllProvider()));
    }

    /// <summary>The README's rule table is checked against the descriptors (as Meziantou's documentation generator
    /// keeps its table in step): one row per rule, its help link and its title.</summary>
    [Theory]
    [MemberData(nameof(RuleIdsFromConstants))]
    public void ReadmeRuleTableRowMatchesTheDescriptor(string id)
    {
        var descriptor = AllDescriptors.Single(d => d.Id == id);
        var rows = File.ReadAllLines(Path.Combine(Repository.Root(), "README.md"))
            .Where(line => line.StartsWith($"| [{id}](", StringComparison.Ordinal))
            .ToArray();
        var row = Assert.Single(rows);
        var cells = row.Split('|');
        Assert.Equal($"[{id}]({descriptor.HelpLinkUri})", cells[1].Trim());
        Assert.Equal(descriptor.Title.ToString(), cells[2].Trim());
    }

    /// <summary>Each rule page's metadata table says what the descriptor says: the category and the default severity.</summary>
    [Theory]
    [MemberData(nameof(RuleIdsFromConstants))]
    public void RulePageMetadataTableMatchesTheDescriptor(string id)
    {
        var descriptor = AllDescriptors.Single(d => d.Id == id);
        var lines = File.ReadAllLines(Path.Combine(Repository.Root(), "docs", "rules", id + ".md"));
        Assert.Contains($"| Category | {descriptor.Category} |", lines);
        Assert.Contains(lines, line => line.StartsWith($"| Default severity | {descriptor.DefaultSeverity}", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("| Code fix | ", StringComparison.Ordinal));
    }

    /// <summary>The precedence table of docs/architecture.md is the code's (<see cref="Precedence.Table"/>), row for row.</summary>
    [Fact]
    public void ArchitecturePagePrecedenceTableMatchesTheCode()
    {
        var rows = File.ReadAllLines(Path.Combine(Repository.Root(), "docs", "architecture.md"))
            .Where(line => line.StartsWith("| LOSS", StringComparison.Ordinal))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .Select(cells => (cells[1], cells[2], cells[3]))
            .ToArray();
        Assert.Equal(Precedence.Table.ToArray(), rows);
    }

    /// <summary>
    /// One name per rule (the <see cref="RuleIds"/> constant's): the rule's file under Rules/, its fixer, its sample file
    /// and its test files all carry it or its ID, so that a rule can be read end to end by opening the files that name it.
    /// </summary>
    [Theory]
    [MemberData(nameof(RuleIdsFromConstants))]
    public void EveryFileOfARuleCarriesItsName(string id)
    {
        var name = typeof(RuleIds).GetFields(BindingFlags.Public | BindingFlags.Static).Single(f => (string)f.GetValue(null)! == id).Name;
        var root = Repository.Root();
        Assert.True(File.Exists(Path.Combine(root, "src", "LossAnalyzers", "Rules", name + "Rule.cs")), $"Rules/{name}Rule.cs");
        Assert.True(File.Exists(Path.Combine(root, "src", "LossAnalyzers.CodeFixes", name + "CodeFixProvider.cs")), $"{name}CodeFixProvider.cs");
        var number = id.Substring("LOSS".Length);
        Assert.True(File.Exists(Path.Combine(root, "samples", "LossMisuse", $"Loss{number}_{name}.cs")), $"samples/LossMisuse/Loss{number}_{name}.cs");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(root, "tests", "LossAnalyzers.Tests", "Rules"), id + "*Tests.cs"));
        Assert.Equal(name + "Rule", RuleClassName(id));
    }

    private static string? RuleClassName(string id) =>
        typeof(LossAnalyzer).Assembly.GetTypes()
            .Where(t => t.Namespace == "LossAnalyzers.Rules" && t.Name.EndsWith("Rule", StringComparison.Ordinal))
            .SingleOrDefault(t => t.GetField("Rule", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) is Rule rule && rule.Id == id)
            ?.Name;
}
