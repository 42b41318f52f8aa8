using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>What every rule does the same way: registration (symbols once per compilation, nothing when absent),
/// the never-throw guard, options, and the property keys that carry fix data from an analyzer to its fixer.</summary>
internal static class RuleSupport
{
    public const string EpsilonDoubleKey = "loss_analyzers.epsilon_double";
    public const string EpsilonFloatKey = "loss_analyzers.epsilon_float";
    public const string DefaultEpsilonDouble = "1e-12";
    public const string DefaultEpsilonFloat = "1e-7f";

    /// <summary>
    /// Every rule's generated-code setting: generated code is not analysed (no callbacks for it), and what is reported
    /// is not filtered again. Each rule reports only at the operation it is called for, so a diagnostic can only land in
    /// code the driver already decided is not generated; asking the driver to filter it as well (<c>None</c>) makes it
    /// walk the whole file for <c>[GeneratedCode]</c> attributes the first time a diagnostic is reported in it, which
    /// cost more than all the analysis of a file.
    /// </summary>
    public const GeneratedCodeAnalysisFlags GeneratedCode = GeneratedCodeAnalysisFlags.ReportDiagnostics;

    /// <summary>
    /// Runs analysis code so that a bug in it can never surface as AD0001 in a user's build. Debug builds (the test
    /// suite) let exceptions through so that they are found and fixed. The state is passed through rather than captured:
    /// a closure over the (large) context struct would copy it to the heap on every callback.
    /// </summary>
    public static void Guard<TOperation>(
        in OperationAnalysisContext context,
        TOperation operation,
        Provenance provenance,
        Action<OperationAnalysisContext, TOperation, Provenance> analyze)
    {
#if DEBUG
        analyze(context, operation, provenance);
#else
        try
        {
            analyze(context, operation, provenance);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Swallowed on purpose in release builds: a missed diagnostic is better than a broken build.
        }
#endif
    }

    /// <summary>
    /// Drops the references the per-thread single-entry caches hold (a body's text, the last only-initializer answer, the
    /// last file's loss context), called by the host after every callback so that no operation tree, text or syntax tree
    /// outlives its analysis in a thread's cache. Each cache is keyed by everything its answer depends on, so an answer
    /// is right whether or not this was called: it only releases memory. Answers about the analysed call itself live in
    /// its <c>CallSite</c> (the host's).
    /// </summary>
    public static void ReleaseCaches()
    {
        Dataflow.Forget();
        LossContext.Forget();
    }

    /// <summary>A call that does not even parse (a file being typed) is not analysed: its operands are guesses.</summary>
    public static bool HasSyntaxErrors(IOperation operation)
    {
        if (!operation.Syntax.ContainsDiagnostics)
        {
            return false;
        }

        foreach (var diagnostic in operation.Syntax.GetDiagnostics())
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The clamp epsilon literal for the type, from .editorconfig or the default.</summary>
    public static string EpsilonLiteral(AnalyzerOptions options, SyntaxTree tree, bool isFloat)
    {
        var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        if (config.TryGetValue(isFloat ? EpsilonFloatKey : EpsilonDoubleKey, out var text) &&
            double.TryParse(text.Trim().TrimEnd('f', 'F', 'd', 'D'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) &&
            value > 0 && value < 0.5 && (isFloat ? 1f - (float)value != 1f : 1.0 - value != 1.0))
        {
            // keep the user's spelling when it is already a C# literal (1e-9 rather than 1E-09)
            var spelled = text.Trim().TrimEnd('f', 'F', 'd', 'D');
            var literal = System.Text.RegularExpressions.Regex.IsMatch(spelled, @"^(\d+\.\d+|\d+|\.\d+)([eE][+-]?\d+)?$")
                ? spelled
                : value.ToString("R", CultureInfo.InvariantCulture);
            return isFloat ? literal + "f" : (literal.IndexOfAny(new[] { 'E', 'e', '.' }) >= 0 ? literal : literal + ".0");
        }

        return isFloat ? DefaultEpsilonFloat : DefaultEpsilonDouble;
    }

    public static ImmutableDictionary<string, string?> Properties(params (string Key, string? Value)[] pairs)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, string?>();
        foreach (var (key, value) in pairs)
        {
            if (value is not null)
            {
                builder[key] = value;
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>The full source text of a node (for fix data, which must never be abbreviated).</summary>
    public static string SourceText(SyntaxNode node) => node.ToString();

    /// <summary>
    /// How a message names a sigmoid or softmax output seen at <paramref name="site"/>: the last module of a model
    /// (<see cref="LastModuleOutput"/>), <c>the sigmoid of 'z'</c> where the logits are named, else
    /// <see cref="ValueSource.OutputText"/> (<c>the softmax output of 'Net.forward'</c>, <c>a sigmoid output, …</c>).
    /// </summary>
    public static string ActivationOutput(ValueSource source, string activation, SyntaxNode site) =>
        source.IsModule ? LastModuleOutput(source.Producer, site)
        : source.Logits is { } logits ? $"the {activation} of '{Shorten(logits.ToString())}'"
        : source.OutputText(activation);

    /// <summary>"the output of 'nn.Sigmoid()', the last module of a Sequential" (and " in Critic.cs" from another file).</summary>
    public static string LastModuleOutput(SyntaxNode module, SyntaxNode reported) =>
        $"the output of '{Quote(module)}', the last module of a Sequential" +
        (OperationFacts.OtherFileName(module, reported) is { } file ? " in " + file : string.Empty);

    /// <summary>
    /// Where the value was made, as an additional location of a diagnostic reported on <paramref name="reported"/>: when it
    /// is in the same file and neither node holds the other (a sigmoid inside the reported log is already shown).
    /// </summary>
    public static ImmutableArray<Location> ProducerLocation(SyntaxNode producer, SyntaxNode reported) =>
        producer.SyntaxTree == reported.SyntaxTree && !reported.Span.Contains(producer.Span) && !producer.Span.Contains(reported.Span)
            ? ImmutableArray.Create(producer.GetLocation())
            : ImmutableArray<Location>.Empty;

    /// <summary>A short form of a piece of source text for messages.</summary>
    public static string Shorten(string text)
    {
        text = CollapseWhiteSpace(text);
        return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
    }

    private static string CollapseWhiteSpace(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        var previousWasSpace = false;
        foreach (var c in text)
        {
            var isSpace = char.IsWhiteSpace(c);
            if (!isSpace || !previousWasSpace)
            {
                builder.Append(isSpace ? ' ' : c);
            }

            previousWasSpace = isSpace;
        }

        return builder.ToString();
    }

    /// <summary>A short quote of source for messages.</summary>
    public static string Quote(SyntaxNode node)
    {
        var text = CollapseWhiteSpace(node.ToString());
        return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
    }
}
