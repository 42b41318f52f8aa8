using System;
using System.Collections.Concurrent;
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
/// Never crash, never break the build: the analyzers and fixers over mutated (broken) sources, concurrently, and
/// under cancellation. Debug builds of the analyzers rethrow their exceptions, so any bug surfaces here.
/// </summary>
public class RobustnessTests
{
    private static readonly CodeFixProvider[] Fixers = Shipped.Fixers;

    [Fact]
    public async Task MutatedSourcesNeverMakeAnAnalyzerOrFixerThrow()
    {
        var corpus = TestCorpus.Sources();
        Assert.NotEmpty(corpus);
        var random = new Random(20261122);
        var exceptions = new ConcurrentBag<string>();
        var reported = 0;
        var fixesApplied = 0;
        const int mutants = 300;
        for (var i = 0; i < mutants; i++)
        {
            var (name, text) = corpus[random.Next(corpus.Count)];
            var mutated = Mutate(text, random);
            var compilation = Compile(mutated);
            var diagnostics = await AnalyzeAsync(compilation, exceptions, CancellationToken.None);
            reported += diagnostics.Length;
            fixesApplied += (await ApplyEveryFixAsync(mutated, diagnostics, exceptions)).Count;
            Assert.True(exceptions.IsEmpty, $"mutation {i} of {name}: {string.Join(Environment.NewLine, exceptions)}");
        }

        // the mutants still exercise the rules and the fixers (a fuzzer that reaches nothing proves nothing)
        Assert.True(reported > 50, $"only {reported} diagnostics over {mutants} mutants");
        Assert.True(fixesApplied > 20, $"only {fixesApplied} fixes applied over {mutants} mutants");
    }

    [Fact]
    public async Task EveryFixOfferedOnTheSamplesAddsNoCompilerError()
    {
        var checkedFixes = 0;
        foreach (var (name, text) in TestCorpus.Sources().Where(c => c.Name.StartsWith("samples", StringComparison.Ordinal)))
        {
            var exceptions = new ConcurrentBag<string>();
            var before = Compile(text);
            var errorsBefore = before.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            var diagnostics = await AnalyzeAsync(before, exceptions, CancellationToken.None);
            foreach (var fixedText in await ApplyEveryFixAsync(text, diagnostics, exceptions))
            {
                var errorsAfter = Compile(fixedText).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                Assert.True(errorsAfter.Count <= errorsBefore, $"{name}: a fix added errors: {string.Join("; ", errorsAfter)}\n{fixedText}");
                checkedFixes++;
            }

            Assert.Empty(exceptions);
        }

        Assert.True(checkedFixes >= 8, $"only {checkedFixes} fixes were offered on the samples");
    }

    [Fact]
    public async Task ConcurrentAnalysisOfOneCompilationIsDeterministic()
    {
        var compilation = Compile(string.Join(Environment.NewLine, TestCorpus.Sources().Where(c => c.Name.StartsWith("samples", StringComparison.Ordinal))
            .Select(c => c.Text.Replace("namespace LossMisuse;", "namespace LossMisuse." + Path.GetFileNameWithoutExtension(c.Name) + ";")
                .Replace("using LossMisuse;", string.Empty))
            .Where(t => !t.Contains("Console.WriteLine", StringComparison.Ordinal))));
        var exceptions = new ConcurrentBag<string>();
        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => AnalyzeAsync(compilation, exceptions, CancellationToken.None))));
        var expected = Describe(runs[0]);
        Assert.NotEmpty(runs[0]);
        Assert.All(runs, run => Assert.Equal(expected, Describe(run)));
        Assert.Empty(exceptions);
    }

    [Fact]
    public async Task CancellationIsHonoured()
    {
        var compilation = Compile(TestCorpus.Sources()[0].Text);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AnalyzeAsync(compilation, new ConcurrentBag<string>(), cancellation.Token));
    }

    private static string Describe(ImmutableArray<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()}").OrderBy(s => s, StringComparer.Ordinal));

    private static CSharpCompilation Compile(string text) =>
        CSharpCompilation.Create(
            "Mutant",
            new[] { CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), path: "Mutant.cs") },
            TestReferences.Host.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, ConcurrentBag<string> exceptions, CancellationToken cancellationToken)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => exceptions.Add($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(LossTest<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>.AllAnalyzers, options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken);
        foreach (var diagnostic in diagnostics.Where(d => d.Id == "AD0001"))
        {
            exceptions.Add(diagnostic.GetMessage());
        }

        return diagnostics;
    }

    /// <summary>Applies every offered fix, one at a time, then each rule's Fix All; returns the resulting texts.</summary>
    private static async Task<List<string>> ApplyEveryFixAsync(string text, ImmutableArray<Diagnostic> diagnostics, ConcurrentBag<string> exceptions)
    {
        var results = new List<string>();
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "Mutant", "Mutant", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: TestReferences.Host.Value));
        var document = workspace.AddDocument(DocumentInfo.Create(DocumentId.CreateNewId(project.Id), "Mutant.cs",
            loader: TextLoader.From(TextAndVersion.Create(SourceText.From(text), VersionStamp.Default)), filePath: "Mutant.cs"));
        foreach (var diagnostic in diagnostics.Where(d => d.Id.StartsWith("LOSS", StringComparison.Ordinal)))
        {
            foreach (var fixer in Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                try
                {
                    var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
                    await fixer.RegisterCodeFixesAsync(context);
                    foreach (var action in actions)
                    {
                        foreach (var operation in await action.GetOperationsAsync(CancellationToken.None))
                        {
                            if (operation is ApplyChangesOperation apply)
                            {
                                var changed = apply.ChangedSolution.GetDocument(document.Id);
                                if (changed is not null)
                                {
                                    results.Add((await changed.GetTextAsync()).ToString());
                                }
                            }
                        }
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    exceptions.Add($"{fixer.GetType().Name} on {diagnostic}: {exception}");
                }
            }
        }

        // and Fix All per rule, started the way dotnet format starts it (no equivalence key, every diagnostic offered)
        foreach (var fixer in Fixers.Where(f => diagnostics.Any(d => f.FixableDiagnosticIds.Contains(d.Id))))
        {
            try
            {
                var context = new FixAllContext(document, fixer, FixAllScope.Document, null!, fixer.FixableDiagnosticIds,
                    new EveryDiagnostic(diagnostics), CancellationToken.None);
                if (await fixer.GetFixAllProvider()!.GetFixAsync(context) is { } fixAll)
                {
                    foreach (var apply in (await fixAll.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>())
                    {
                        if (apply.ChangedSolution.GetDocument(document.Id) is { } changed)
                        {
                            results.Add((await changed.GetTextAsync()).ToString());
                        }
                    }
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                exceptions.Add($"Fix All of {fixer.GetType().Name}: {exception}");
            }
        }

        return results;
    }

    private static string Mutate(string text, Random random)
    {
        if (text.Length < 2)
        {
            return text;
        }

        switch (random.Next(4))
        {
            case 0: // cut at a random point
                return text.Substring(0, random.Next(1, text.Length));
            case 1: // remove a brace or parenthesis
                var positions = Enumerable.Range(0, text.Length).Where(i => text[i] is '{' or '}' or '(' or ')').ToList();
                return positions.Count == 0 ? text : text.Remove(positions[random.Next(positions.Count)], 1);
            case 2: // drop a line
                var lines = text.Split('\n').ToList();
                lines.RemoveAt(random.Next(lines.Count));
                return string.Join("\n", lines);
            default: // insert an unbalanced Math.Log(
                var at = random.Next(text.Length);
                return text.Insert(at, " Math.Log(");
        }
    }
}
