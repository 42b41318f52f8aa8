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
}
