using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace LossAnalyzers.Tests;

/// <summary>
/// Fix All the way <c>dotnet format analyzers</c> starts it (dotnet/sdk, <c>SolutionCodeFixApplier</c>): solution
/// scope, the diagnostic provider returns <em>every</em> diagnostic of the project whatever its ID, and the equivalence
/// key is that of the first action the fixer registers for the project's first diagnostic – which, all rules coming
/// from one analyzer, is usually another rule's, so the key is <see langword="null"/>. Every site a single fix would
/// fix must still be fixed, in one run, and the result must compile.
/// </summary>
public class FixAllAsDotnetFormatTests
{
    private static readonly CodeFixProvider[] Fixers = Shipped.Fixers;

    public static TheoryData<string> RuleIds() => new(Fixers.Select(f => f.FixableDiagnosticIds.Single()));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public async Task FixAllWithoutAnEquivalenceKey_FixesEverySiteASingleFixWould(string id)
    {
        var fixer = Fixers.Single(f => f.FixableDiagnosticIds.Contains(id));
        var solution = SamplesSolution(out var projectId);
        var before = await AnalyzeAsync(solution.GetProject(projectId)!);
        var fixableBefore = await FixableSitesAsync(solution, before, fixer, id);
        Assert.NotEmpty(fixableBefore);
        Assert.Contains(before, d => d.Id != id); // the provider hands the fixer other rules' diagnostics too, as dotnet format does

        var document = solution.GetDocument(before.First(d => d.Id == id).Location.SourceTree)!;
        var context = new FixAllContext(document, fixer, FixAllScope.Solution, codeActionEquivalenceKey: null!, new[] { id },
            new EveryDiagnostic(before), CancellationToken.None);
        var fixAll = await fixer.GetFixAllProvider()!.GetFixAsync(context);
        Assert.NotNull(fixAll);
        var apply = (await fixAll!.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
        var fixedSolution = apply.ChangedSolution;

        var fixedProject = fixedSolution.GetProject(projectId)!;
        var errors = (await fixedProject.GetCompilationAsync())!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        var after = await AnalyzeAsync(fixedProject);
        var fixableAfter = await FixableSitesAsync(fixedSolution, after, fixer, id);
        Assert.True(fixableAfter.Count == 0,
            $"{fixableBefore.Count} {id} sites had a fix; after Fix All {fixableAfter.Count} still have one:{Environment.NewLine}" +
            string.Join(Environment.NewLine, fixableAfter));
    }

    /// <summary>
    /// dotnet format takes the Fix All key from the first action a fixer registers for the project's first diagnostic,
    /// whatever its ID: a fixer that offered an action for another rule's diagnostic (LOSS001's fix data and LOSS003's
    /// share kind names such as LogSigmoid) would run its Fix All with that action's key and skip its own sites, depending
    /// on which diagnostic happened to come first.
    /// </summary>
    [Theory]
    [MemberData(nameof(RuleIds))]
    public async Task OtherRulesDiagnostics_NoActionRegistered(string id)
    {
        var fixer = Fixers.Single(f => f.FixableDiagnosticIds.Contains(id));
        var solution = SamplesSolution(out var projectId);
        var before = await AnalyzeAsync(solution.GetProject(projectId)!);
        var foreign = before.Where(d => d.Id != id && d.Location.IsInSource).ToList();
        Assert.NotEmpty(foreign);

        foreach (var diagnostic in foreign)
        {
            var registered = new List<CodeAction>();
            var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => registered.Add(action), CancellationToken.None));
            Assert.True(registered.Count == 0, $"{id}'s fixer offered '{(registered.Count > 0 ? registered[0].Title : "")}' for {diagnostic}");
        }
    }

    [Fact]
    public async Task FixAllWithAKey_AppliesOnlyThatKindOfFix()
    {
        var fixer = Fixers.Single(f => f.FixableDiagnosticIds.Contains("LOSS001"));
        var solution = SamplesSolution(out var projectId);
        var before = await AnalyzeAsync(solution.GetProject(projectId)!);
        var kinds = await FixableSitesAsync(solution, before, fixer, "LOSS001");
        Assert.Contains(kinds, k => k.EndsWith("LOSS001.LogSigmoid", StringComparison.Ordinal));
        Assert.Contains(kinds, k => k.EndsWith("LOSS001.Clamp", StringComparison.Ordinal));

        var document = solution.GetDocument(before.First(d => d.Id == "LOSS001").Location.SourceTree)!;
        var context = new FixAllContext(document, fixer, FixAllScope.Solution, "LOSS001.Clamp", new[] { "LOSS001" },
            new EveryDiagnostic(before), CancellationToken.None);
        var fixAll = await fixer.GetFixAllProvider()!.GetFixAsync(context);
        var fixedSolution = (await fixAll!.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;

        var left = await FixableSitesAsync(fixedSolution, await AnalyzeAsync(fixedSolution.GetProject(projectId)!), fixer, "LOSS001");
        Assert.DoesNotContain(left, k => k.EndsWith("LOSS001.Clamp", StringComparison.Ordinal));
        Assert.Equal(kinds.Count(k => k.EndsWith("LOSS001.LogSigmoid", StringComparison.Ordinal)),
            left.Count(k => k.EndsWith("LOSS001.LogSigmoid", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("LOSS006.StableForm")]
    public async Task OnePass_NestedSites_BothFixed_TheInnerFixKeptInsideTheOuter(string? key)
    {
        const string source = """
            using System;

            class Model
            {
                double Twice(double x) => Math.Log(1 + Math.Exp(Math.Log(1 + Math.Exp(x))));
            }
            """;
        var fixer = Fixers.Single(f => f.FixableDiagnosticIds.Contains("LOSS006"));
        var projectId = ProjectId.CreateNewId();
        var documentId = DocumentId.CreateNewId(projectId);
        var solution = new AdhocWorkspace().CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Nested", "Nested", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
                parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
                metadataReferences: TestReferences.Host.Value))
            .AddDocument(documentId, "Nested.cs", SourceText.From(source), filePath: "/src/Nested.cs");
        var before = await AnalyzeAsync(solution.GetProject(projectId)!);
        Assert.Equal(2, before.Count(d => d.Id == "LOSS006"));

        var context = new FixAllContext(solution.GetDocument(documentId)!, fixer, FixAllScope.Document, key!, new[] { "LOSS006" },
            new EveryDiagnostic(before), CancellationToken.None);
        var fixAll = await fixer.GetFixAllProvider()!.GetFixAsync(context);
        var fixedSolution = (await fixAll!.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;

        var text = (await fixedSolution.GetDocument(documentId)!.GetTextAsync()).ToString();
        Assert.Contains("StableMath.Softplus(StableMath.Softplus(x))", text, StringComparison.Ordinal);
    }

    /// <summary>The LossMisuse sample as one project: it shows every rule, several times.</summary>
    private static Solution SamplesSolution(out ProjectId projectId)
    {
        var workspace = new AdhocWorkspace();
        projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "LossMisuse", "LossMisuse",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: TestReferences.Host.Value));
        var directory = Path.Combine(Repository.Root(), "samples", "LossMisuse");
        var implicitUsings = "global using System;\nglobal using System.Collections.Generic;\nglobal using System.Linq;\n";
        solution = solution.AddDocument(DocumentId.CreateNewId(projectId), "GlobalUsings.g.cs", SourceText.From(implicitUsings));
        foreach (var file in Directory.GetFiles(directory, "*.cs").OrderBy(f => f, StringComparer.Ordinal))
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(file), SourceText.From(File.ReadAllText(file)),
                filePath: file);
        }

        return solution;
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var diagnostics = await compilation.WithAnalyzers(LossTest<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>.AllAnalyzers)
            .GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics.Where(d => d.Id.StartsWith("LOSS", StringComparison.Ordinal))
            .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    /// <summary>The <paramref name="id"/> sites a single fix is offered for, as "file:line key".</summary>
    private static async Task<List<string>> FixableSitesAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, CodeFixProvider fixer, string id)
    {
        var sites = new List<string>();
        foreach (var diagnostic in diagnostics.Where(d => d.Id == id))
        {
            var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
            var keys = new List<string?>();
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => keys.Add(action.EquivalenceKey), CancellationToken.None));
            if (keys.Count > 0)
            {
                var line = diagnostic.Location.GetLineSpan();
                sites.Add($"{Path.GetFileName(line.Path)}:{line.StartLinePosition.Line + 1} {keys[0]}");
            }
        }

        return sites;
    }
}
