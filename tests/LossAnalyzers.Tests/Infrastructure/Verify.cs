using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace LossAnalyzers.Tests.Infrastructure;

/// <summary>Which libraries a test source can see besides the BCL and StableLoss.</summary>
[System.Flags]
internal enum Libraries
{
    None = 0,
    Torch = 1,
    Tensors = 2,
    /// <summary>No StableLoss either (a project that has not installed the package's runtime library).</summary>
    NoStableLoss = 4,
    /// <summary>Compiled with /unsafe (pointer code, as ported C kernels are written).</summary>
    Unsafe = 8,
}

/// <summary>
/// Runs every LossAnalyzers rule on a source (so each test states the complete set of LOSS diagnostics, and "one
/// misuse, one diagnostic" is checked everywhere) and, when a fix is given, applies <typeparamref name="TFix"/>.
/// </summary>
internal sealed class LossTest<TFix> : CSharpCodeFixTest<LossAnalyzer, TFix, DefaultVerifier>
    where TFix : CodeFixProvider, new()
{
    /// <summary>What the package ships: the one analyzer that hosts every rule.</summary>
    public static readonly ImmutableArray<DiagnosticAnalyzer> AllAnalyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new LossAnalyzer());

    private readonly bool allowUnsafe;

    public LossTest(Libraries libraries = Libraries.None)
    {
        allowUnsafe = (libraries & Libraries.Unsafe) != 0;
        ReferenceAssemblies = TestReferences.Net80;
        if ((libraries & Libraries.NoStableLoss) == 0)
        {
            TestState.AdditionalReferences.Add(TestReferences.StableLoss);
        }

        if ((libraries & Libraries.Torch) != 0)
        {
            TestState.AdditionalReferences.Add(TestReferences.TorchSharp);
        }

        if ((libraries & Libraries.Tensors) != 0)
        {
            TestState.AdditionalReferences.Add(TestReferences.Tensors);
        }
    }

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => AllAnalyzers;

    protected override CompilationOptions CreateCompilationOptions() =>
        allowUnsafe ? ((Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions)base.CreateCompilationOptions()).WithAllowUnsafe(true) : base.CreateCompilationOptions();
}

/// <summary>The test entry points: markup only, no line/column numbers.</summary>
internal static class Verify<TFix>
    where TFix : CodeFixProvider, new()
{
    /// <summary>The source, with every expected LOSS diagnostic marked <c>{|LOSS00N:...|}</c>, produces exactly those.</summary>
    public static Task Diagnostics(string source, Libraries libraries = Libraries.None, string? editorConfig = null)
    {
        var test = new LossTest<TFix>(libraries) { TestCode = source };
        AddEditorConfig(test, editorConfig);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>Like <see cref="Diagnostics"/>, for broken code: compiler errors are not compared, only LOSS diagnostics
    /// (and the analyzers must not throw).</summary>
    public static Task DiagnosticsIgnoringCompilerErrors(string source, Libraries libraries = Libraries.None)
    {
        var test = new LossTest<TFix>(libraries) { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>The fix turns <paramref name="source"/> into <paramref name="fixedSource"/>, which compiles and has no
    /// diagnostics left except those marked in it. Also checks FixAll in document, project and solution scope.</summary>
    public static Task Fix(string source, string fixedSource, Libraries libraries = Libraries.None, string? editorConfig = null, int? iterations = null)
    {
        var test = new LossTest<TFix>(libraries) { TestCode = source, FixedCode = fixedSource };
        if (iterations is { } n)
        {
            test.NumberOfIncrementalIterations = n;
            test.NumberOfFixAllIterations = n;
        }

        AddEditorConfig(test, editorConfig);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>FixAll over several documents of one project (and so of the solution).</summary>
    public static Task FixAll(string[] sources, string[] fixedSources, Libraries libraries = Libraries.None)
    {
        var test = new LossTest<TFix>(libraries);
        for (var i = 0; i < sources.Length; i++)
        {
            test.TestState.Sources.Add(($"/0/Test{i}.cs", sources[i]));
            test.FixedState.Sources.Add(($"/0/Test{i}.cs", fixedSources[i]));
        }

        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllInDocumentCheck;
        return test.RunAsync(CancellationToken.None);
    }

    private static void AddEditorConfig(LossTest<TFix> test, string? editorConfig)
    {
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
        }
    }
}
