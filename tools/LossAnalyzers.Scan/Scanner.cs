using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LossAnalyzers.Scan;

/// <summary>One C# source: a path (relative to the scanned folder) and its text.</summary>
public sealed record SourceFile(string Path, string Text);

/// <summary>A reported diagnostic, by file and 1-based line.</summary>
public sealed record Finding(string Path, int Line, int Column, string Id, string Message);

/// <summary>One offered fix applied on its own: the compiler errors of the changed documents before and after.</summary>
public sealed record FixCheck(Finding Diagnostic, string Fixer, string Title, int ErrorsBefore, int ErrorsAfter, IReadOnlyList<string> AddedErrors)
{
    public bool AddsErrors => AddedErrors.Count > 0;
}

/// <summary>Time spent in one analyzer's callbacks (<see cref="AnalyzerTelemetryInfo.ExecutionTime"/>).</summary>
public sealed record AnalyzerTime(string Analyzer, double Milliseconds, int OperationActions);

public sealed class ScanResult
{
    public int Files { get; init; }

    public int Lines { get; init; }

    public IReadOnlyList<Finding> CompilerErrors { get; init; } = Array.Empty<Finding>();

    public IReadOnlyList<Finding> Diagnostics { get; init; } = Array.Empty<Finding>();

    /// <summary>Analyzer exceptions (onAnalyzerException, AD0001) and fixer exceptions.</summary>
    public IReadOnlyList<string> Exceptions { get; init; } = Array.Empty<string>();

    /// <summary>Wall time of <c>compilation.GetDiagnostics()</c> on a fresh compilation (warm, after the analysis run); null without timing.</summary>
    public double? CompileMilliseconds { get; init; }

    /// <summary>Wall time of the analysis run (a fresh compilation: binding + analyzers).</summary>
    public double? AnalysisMilliseconds { get; init; }

    public IReadOnlyList<AnalyzerTime> AnalyzerTimes { get; init; } = Array.Empty<AnalyzerTime>();

    public IReadOnlyList<FixCheck> FixChecks { get; init; } = Array.Empty<FixCheck>();

    /// <summary>Of the lines asked about (<c>probeLines</c>), those whose statement uses a value the compiler could not
    /// bind (an error type or an unresolved call): what is there cannot be analysed, whatever the line's own errors.</summary>
    public IReadOnlySet<(string Path, int Line)> UnboundLines { get; init; } = new HashSet<(string, int)>();

    public double AnalyzerMilliseconds => AnalyzerTimes.Sum(a => a.Milliseconds);

    public bool Failed => Exceptions.Count > 0 || FixChecks.Any(f => f.AddsErrors);
}

/// <summary>The analyzers and fixers of the LossAnalyzers package.</summary>
public static class LossPackage
{
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(LossAnalyzers.LossAnalyzer).Assembly.GetTypes()
        .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.IsPublic)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>One analyzer per rule (<c>new LossAnalyzer(id)</c>): to see what each rule costs.</summary>
    public static readonly ImmutableArray<DiagnosticAnalyzer> PerRule =
        LossAnalyzers.LossAnalyzer.RuleIds.Select(id => (DiagnosticAnalyzer)new LossAnalyzers.LossAnalyzer(id)).ToImmutableArray();

    /// <summary>The rule an analyzer of <see cref="PerRule"/> runs.</summary>
    public static string NameOf(DiagnosticAnalyzer analyzer) =>
        analyzer.SupportedDiagnostics.Length == 1 ? analyzer.SupportedDiagnostics[0].Id
        : System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(analyzer.GetType().Assembly) is { Name: { } context } &&
          context != System.Runtime.Loader.AssemblyLoadContext.Default.Name
            ? analyzer.GetType().Name + "@" + context
            : analyzer.GetType().Name;

    public static readonly ImmutableArray<CodeFixProvider> Fixers = typeof(LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider).Assembly.GetTypes()
        .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract && t.IsPublic)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();
}

/// <summary>Builds one compilation per folder and runs the analyzers and fixers over it.</summary>
public static class Scanner
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        allowUnsafe: true,
        concurrentBuild: true);

    /// <summary>The global usings of an SDK project with <c>ImplicitUsings</c> enabled (its obj/ file is not scanned).</summary>
    public const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    /// <summary>Every *.cs under <paramref name="folder"/>, except under bin/ and obj/, in ordinal path order.</summary>
    public static List<SourceFile> ReadFolder(string folder)
    {
        var root = Path.GetFullPath(folder);
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new SourceFile(f.Replace('\\', '/'), File.ReadAllText(Path.Combine(root, f))))
            .ToList();
    }

    public static ImmutableArray<SyntaxTree> Parse(IReadOnlyList<SourceFile> files, CancellationToken cancellationToken = default)
    {
        var trees = new SyntaxTree[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            trees[i] = CSharpSyntaxTree.ParseText(SourceText.From(files[i].Text, System.Text.Encoding.UTF8), ParseOptions, files[i].Path, cancellationToken));
        return trees.ToImmutableArray();
    }

    public static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees) =>
        CSharpCompilation.Create("Scanned", trees, ScanReferences.All, OptionsFor(trees));

    /// <summary>A program with top-level statements compiles as an executable (as a library they are an error, and
    /// their statements would not bind).</summary>
    private static CSharpCompilationOptions OptionsFor(IEnumerable<SyntaxTree> trees) =>
        trees.Any(t => t.GetRoot() is Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax root &&
                       root.Members.Any(m => m is Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax))
            ? CompilationOptions.WithOutputKind(OutputKind.ConsoleApplication)
            : CompilationOptions;

    /// <summary>As <see cref="Compile"/>, binding on the calling thread only (for CPU-time measurements).</summary>
    public static CSharpCompilation CompileSingleThreaded(IEnumerable<SyntaxTree> trees) =>
        CSharpCompilation.Create("Scanned", trees, ScanReferences.All, OptionsFor(trees).WithConcurrentBuild(false));

    public static Finding ToFinding(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return new Finding(
            span.Path ?? string.Empty,
            span.StartLinePosition.Line + 1,
            span.StartLinePosition.Character + 1,
            diagnostic.Id,
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Scans the files: compiler errors, every analyzer diagnostic and exception, optionally the time of the analyzers
    /// against the compilation's own time, and optionally every offered fix.
    /// </summary>
    public static async Task<ScanResult> ScanAsync(
        IReadOnlyList<SourceFile> files,
        bool measureTime,
        bool fixCheck,
        ImmutableArray<DiagnosticAnalyzer>? analyzers = null,
        IReadOnlyCollection<(string Path, int Line)>? probeLines = null,
        CancellationToken cancellationToken = default)
    {
        // timed: one analyzer per rule, so that the telemetry says what each rule costs (the diagnostics are the same)
        var selected = analyzers ?? (measureTime ? LossPackage.PerRule : LossPackage.Analyzers);
        var trees = Parse(files, cancellationToken);
        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, diagnostic) => exceptions.Enqueue($"{analyzer.GetType().Name}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}{Environment.NewLine}{exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: measureTime,
            reportSuppressedDiagnostics: false);

        // Without timing: one compilation with analyzers gives compiler and analyzer diagnostics from one binding pass.
        // With timing: the analyzers on one fresh compilation (their callbacks timed by the driver), then the compiler
        // alone on another fresh compilation, warm (the first run has JIT-compiled the compiler).
        var stopwatch = Stopwatch.StartNew();
        var compilation = Compile(trees);
        var withAnalyzers = compilation.WithAnalyzers(selected, options);
        var all = measureTime
            ? await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false)
            : await withAnalyzers.GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        var analysisTime = stopwatch.Elapsed.TotalMilliseconds;

        var times = new List<AnalyzerTime>();
        double? compileTime = null;
        if (measureTime)
        {
            foreach (var analyzer in selected)
            {
                var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false);
                times.Add(new AnalyzerTime(LossPackage.NameOf(analyzer), telemetry.ExecutionTime.TotalMilliseconds, telemetry.OperationActionsCount));
            }

            stopwatch.Restart();
            var compilerDiagnostics = Compile(trees).GetDiagnostics(cancellationToken);
            compileTime = stopwatch.Elapsed.TotalMilliseconds;
            all = all.AddRange(compilerDiagnostics);
        }

        var analyzerIds = new HashSet<string>(selected.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id), StringComparer.Ordinal);
        var reported = all.Where(d => analyzerIds.Contains(d.Id)).ToImmutableArray();
        foreach (var failure in all.Where(d => d.Id == "AD0001"))
        {
            if (exceptions.IsEmpty)
            {
                exceptions.Enqueue(failure.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var compilerErrors = all.Where(d => d.Severity == DiagnosticSeverity.Error && !analyzerIds.Contains(d.Id) && d.Id != "AD0001")
            .Select(ToFinding).OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line).ToList();

        var fixChecks = new List<FixCheck>();
        if (fixCheck)
        {
            fixChecks = await CheckFixesAsync(files, reported.Where(d => d.Id.StartsWith("LOSS", StringComparison.Ordinal)), exceptions, cancellationToken).ConfigureAwait(false);
        }

        return new ScanResult
        {
            Files = files.Count,
            Lines = trees.Sum(t => t.GetText(cancellationToken).Lines.Count),
            CompilerErrors = compilerErrors,
            Diagnostics = reported.Select(ToFinding).OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column).ThenBy(f => f.Id, StringComparer.Ordinal).ToList(),
            Exceptions = exceptions.ToList(),
            CompileMilliseconds = compileTime,
            AnalysisMilliseconds = measureTime ? analysisTime : null,
            AnalyzerTimes = times,
            FixChecks = fixChecks,
            UnboundLines = probeLines is null ? new HashSet<(string, int)>() : UnboundAt(compilation, probeLines, cancellationToken),
        };
    }

    /// <summary>The probed lines whose enclosing statement holds an expression of an error type or a call that binds to
    /// nothing (code written against an API version the references lack).</summary>
    private static HashSet<(string Path, int Line)> UnboundAt(Compilation compilation, IReadOnlyCollection<(string Path, int Line)> lines, CancellationToken cancellationToken)
    {
        var unbound = new HashSet<(string, int)>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var wanted = lines.Where(l => l.Path == tree.FilePath).ToList();
            if (wanted.Count == 0)
            {
                continue;
            }

            var model = compilation.GetSemanticModel(tree);
            var text = tree.GetText(cancellationToken);
            var root = tree.GetRoot(cancellationToken);
            foreach (var (path, line) in wanted)
            {
                if (line < 1 || line > text.Lines.Count)
                {
                    continue;
                }

                var span = text.Lines[line - 1].Span;
                var node = root.FindToken(span.Start + (text.Lines[line - 1].ToString().Length - text.Lines[line - 1].ToString().TrimStart().Length)).Parent;
                var statement = node?.AncestorsAndSelf().FirstOrDefault(n => n is Microsoft.CodeAnalysis.CSharp.Syntax.StatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax);
                if (statement is null || statement is Microsoft.CodeAnalysis.CSharp.Syntax.BlockSyntax)
                {
                    continue;
                }

                var expressions = statement.DescendantNodes(n => n == statement || !(n is Microsoft.CodeAnalysis.CSharp.Syntax.StatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax))
                    .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax>()
                    .Where(e => e.Span.IntersectsWith(span));
                if (expressions.Any(e => model.GetTypeInfo(e, cancellationToken).Type is IErrorTypeSymbol ||
                                         (e is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax && model.GetSymbolInfo(e, cancellationToken).Symbol is null)))
                {
                    unbound.Add((path, line));
                }
            }
        }

        return unbound;
    }

    /// <summary>
    /// Applies every fix offered for every diagnostic, one at a time, to a workspace holding all files, and compares the
    /// compiler errors of each changed document before and after.
    /// </summary>
    public static async Task<List<FixCheck>> CheckFixesAsync(
        IReadOnlyList<SourceFile> files,
        IEnumerable<Diagnostic> diagnostics,
        ConcurrentQueue<string> exceptions,
        CancellationToken cancellationToken = default)
    {
        var results = new List<FixCheck>();
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var documents = files.Select(f => DocumentInfo.Create(
                DocumentId.CreateNewId(projectId, f.Path),
                Path.GetFileName(f.Path),
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(f.Text, System.Text.Encoding.UTF8), VersionStamp.Default, f.Path)),
                filePath: f.Path))
            .ToList();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Default, "Scanned", "Scanned", LanguageNames.CSharp,
            compilationOptions: CompilationOptions,
            parseOptions: ParseOptions,
            metadataReferences: ScanReferences.All,
            documents: documents));
        var byPath = solution.GetProject(projectId)!.Documents.ToDictionary(d => d.FilePath!, StringComparer.Ordinal);
        var errorsBefore = new Dictionary<DocumentId, List<string>>();

        foreach (var diagnostic in diagnostics)
        {
            var path = diagnostic.Location.SourceTree?.FilePath;
            if (path is null || !byPath.TryGetValue(path, out var document))
            {
                continue;
            }

            foreach (var fixer in LossPackage.Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                try
                {
                    await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken)).ConfigureAwait(false);
                    foreach (var action in actions)
                    {
                        foreach (var operation in await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false))
                        {
                            if (operation is not ApplyChangesOperation apply)
                            {
                                continue;
                            }

                            var before = 0;
                            var after = new List<string>();
                            var added = new List<string>();
                            foreach (var changedId in apply.ChangedSolution.GetChanges(solution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()))
                            {
                                if (!errorsBefore.TryGetValue(changedId, out var old))
                                {
                                    old = await ErrorsAsync(solution.GetDocument(changedId)!, cancellationToken).ConfigureAwait(false);
                                    errorsBefore[changedId] = old;
                                }

                                var now = await ErrorsAsync(apply.ChangedSolution.GetDocument(changedId)!, cancellationToken).ConfigureAwait(false);
                                before += old.Count;
                                after.AddRange(now);
                                var remaining = old.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
                                foreach (var error in now)
                                {
                                    if (remaining.TryGetValue(error, out var count) && count > 0)
                                    {
                                        remaining[error] = count - 1;
                                    }
                                    else
                                    {
                                        added.Add(error);
                                    }
                                }
                            }

                            results.Add(new FixCheck(ToFinding(diagnostic), fixer.GetType().Name, action.Title, before, after.Count, added));
                        }
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    exceptions.Enqueue($"{fixer.GetType().Name} on {diagnostic}: {exception}");
                }
            }
        }

        return results;
    }

    /// <summary>Compiler errors of one document (its semantic model's diagnostics), without positions so that a fix that moves text does not count.</summary>
    private static async Task<List<string>> ErrorsAsync(Document document, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model!.GetDiagnostics(cancellationToken: cancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToList();
    }
}
