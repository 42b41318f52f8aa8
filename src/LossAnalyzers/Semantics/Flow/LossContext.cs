using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>
/// Is this code computing a loss? Decided from the words of the names around it (the enclosing member and type, the
/// variable the value flows into), split at case and underscore boundaries, so that <c>ComputeLoss</c> and
/// <c>binary_cross_entropy</c> are loss code and <c>LosslessEncoder</c> is not. Both word lists are configurable in
/// <c>.editorconfig</c>.
/// </summary>
internal sealed class LossContext
{
    public const string LossNamesKey = "loss_analyzers.loss_context_names";
    public const string ProbabilityNamesKey = "loss_analyzers.probability_names";

    /// <summary>Phrases (sequences of words) that make a name loss-like.</summary>
    public static readonly ImmutableArray<string> DefaultLossNames = ImmutableArray.Create(
        "loss", "losses", "cross entropy", "crossentropy", "log loss", "logloss", "nll", "likelihood", "bce", "cost", "criterion",
        "objective");

    /// <summary>Names of parameters and fields that hold predicted probabilities inside loss code.</summary>
    public static readonly ImmutableArray<string> DefaultProbabilityNames = ImmutableArray.Create(
        "p", "prob", "probs", "probability", "probabilities", "pred", "preds", "prediction", "predictions", "predicted",
        "output", "outputs", "yhat", "y hat", "phat", "p hat", "y pred", "ypred", "q");

    private readonly ImmutableArray<string[]> lossPhrases;
    private readonly ImmutableArray<string[]> probabilityPhrases;

    private LossContext(ImmutableArray<string> lossNames, ImmutableArray<string> probabilityNames)
    {
        namesAnswer = member => Answer.Of(NamesSayLoss(member));
        lossPhrases = lossNames.Select(Words).Where(w => w.Length > 0).ToImmutableArray();
        probabilityPhrases = probabilityNames.Select(Words).Where(w => w.Length > 0).ToImmutableArray();
        lossKeys = lossPhrases.Select(p => p[0]).Distinct(StringComparer.Ordinal).ToArray();
        probabilityKeys = probabilityPhrases.Select(p => p[p.Length - 1]).Distinct(StringComparer.Ordinal).ToArray();
        lossNameCache = new NameCache(ComputeIsLossName);
        probabilityNameCache = new NameCache(ComputeIsProbabilityName);
    }

    /// <summary>
    /// A word of each phrase that a matching name must contain (case-insensitively, as every word of a name is a piece
    /// of it): most names contain none, and are answered without splitting them into words.
    /// </summary>
    private readonly string[] lossKeys;
    private readonly string[] probabilityKeys;

    private static bool MayMatch(string name, string[] keys)
    {
        foreach (var key in keys)
        {
            if (name.IndexOf(key, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    public static readonly LossContext Default = new(DefaultLossNames, DefaultProbabilityNames);

    /// <summary>Configured contexts, one per distinct configuration (not one per call).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string?, string?), LossContext> Configured = new();

    /// <summary>Answers per name: the same member and parameter names are asked about again and again.</summary>
    private readonly NameCache lossNameCache;
    private readonly NameCache probabilityNameCache;

    /// <summary>
    /// Answers per name, bounded: the default context lives as long as the process (an IDE's), so the cache is emptied
    /// when it holds more names than one large compilation asks about, rather than growing with every name ever seen.
    /// </summary>
    private sealed class NameCache
    {
        private const int Capacity = 16384;
        // sized from the start: every growth takes all the dictionary's locks (the driver's threads ask concurrently)
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> answers = new(KnownSymbols.CacheConcurrency, 1024, StringComparer.Ordinal);
        private readonly Func<string, bool> compute;
        private int added;

        public NameCache(Func<string, bool> compute) => this.compute = compute;

        public bool Get(string name)
        {
            if (answers.TryGetValue(name, out var known))
            {
                return known;
            }

            if (System.Threading.Interlocked.Increment(ref added) > Capacity)
            {
                answers.Clear();
                System.Threading.Interlocked.Exchange(ref added, 0);
            }

            return answers.GetOrAdd(name, compute);
        }
    }

    /// <summary>The context configured for a syntax tree (falls back to the defaults).</summary>
    public static LossContext For(AnalyzerOptions options, SyntaxTree tree)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        // most rules ask this of the same tree in one callback: the last answer first (forgotten after the callback)
        if (ReferenceEquals(tree, lastTree) && ReferenceEquals(provider, lastProvider) && lastContext is { } last)
        {
            return last;
        }

        var context = ForTree(provider, tree);
        lastTree = tree;
        lastProvider = provider;
        lastContext = context;
        return context;
    }

    /// <summary>Forgets the last answer of <see cref="For"/> (called by the host after every callback).</summary>
    public static void Forget()
    {
        lastTree = null;
        lastProvider = null;
        lastContext = null;
    }

    [ThreadStatic]
    private static SyntaxTree? lastTree;

    [ThreadStatic]
    private static AnalyzerConfigOptionsProvider? lastProvider;

    [ThreadStatic]
    private static LossContext? lastContext;

    private static LossContext ForTree(AnalyzerConfigOptionsProvider provider, SyntaxTree tree)
    {
        // asked for every logarithm, and the options' keys are compared case-insensitively: answered once per tree and
        // options provider (a new provider, as after an .editorconfig edit, asks again)
        var known = PerTree.GetValue(tree, static _ => new TreeEntry());
        if (Volatile.Read(ref known.Answer) is { } answer && ReferenceEquals(answer.Provider, provider))
        {
            return answer.Context;
        }

        var context = Compute(provider, tree);
        Volatile.Write(ref known.Answer, new TreeAnswer(provider, context));
        return context;
    }

    private static readonly ConditionalWeakTable<SyntaxTree, TreeEntry> PerTree = new();

    private sealed class TreeEntry
    {
        public TreeAnswer? Answer;
    }

    private sealed class TreeAnswer
    {
        public TreeAnswer(AnalyzerConfigOptionsProvider provider, LossContext context)
        {
            Provider = provider;
            Context = context;
        }

        public AnalyzerConfigOptionsProvider Provider { get; }

        public LossContext Context { get; }
    }

    private static LossContext Compute(AnalyzerConfigOptionsProvider provider, SyntaxTree tree)
    {
        var config = provider.GetOptions(tree);
        var hasLoss = config.TryGetValue(LossNamesKey, out var lossValue) && !string.IsNullOrWhiteSpace(lossValue);
        var hasProbability = config.TryGetValue(ProbabilityNamesKey, out var probabilityValue) && !string.IsNullOrWhiteSpace(probabilityValue);
        if (!hasLoss && !hasProbability)
        {
            return Default;
        }

        return Configured.GetOrAdd(
            (hasLoss ? lossValue : null, hasProbability ? probabilityValue : null),
            key => new LossContext(
                key.Item1 is { } loss ? Split(loss) : DefaultLossNames,
                key.Item2 is { } probability ? Split(probability) : DefaultProbabilityNames));
    }

    // The cache first: a compilation has few distinct member, type and parameter names, asked about again and again
    // (for most logarithms), and one lookup is cheaper than searching a name for every key.
    public bool IsLossName(string? name) => name is not null && lossNameCache.Get(name);

    public bool IsProbabilityName(string? name) => name is not null && probabilityNameCache.Get(name);

    private bool ComputeIsLossName(string name) => MayMatch(name, lossKeys) && ContainsPhrase(Words(name), lossPhrases);

    private bool ComputeIsProbabilityName(string name)
    {
        if (!MayMatch(name, probabilityKeys))
        {
            return false;
        }

        var words = Words(name);
        foreach (var phrase in probabilityPhrases)
        {
            // the whole name, or its last words (predictedProbability, batchPreds), is a probability name
            if (words.Length >= phrase.Length && EndsWith(words, phrase))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly NameWords MetricWords = new(
        "evaluator", "evaluators", "evaluation", "metric", "metrics", "report", "reporting", "summary", "statistics",
        // perplexity (2^H, e^H) is reported, never trained on
        "perplexity", "perplexities");

    /// <summary>Code of an evaluator, a metric or a report, by the words of the enclosing members', types' and namespaces' names.</summary>
    public static bool IsMetricCode(SyntaxNode node) => MetricWords.AreAround(node);

    /// <summary>Is the operation inside loss code: a loss-named member or type, or flowing into a loss-named variable?</summary>
    public bool IsInLossCode(IOperation operation) =>
        CallSite.Of(operation) is { } site && ReferenceEquals(site.LossContext, this) ? site.IsInLossCode : ComputeIsInLossCode(operation);

    /// <summary><see cref="IsInLossCode"/>, computed.</summary>
    internal bool ComputeIsInLossCode(IOperation operation)
    {
        SyntaxNode? cursor = operation.Syntax;
        if (OperationFacts.NextEnclosingName(ref cursor) is null || cursor is null)
        {
            return FlowsIntoLossVariable(operation);
        }

        // the names around a member answer the same for every operation in it: once per member (innermost named
        // declaration), kept as long as its syntax tree lives
        return ReferenceEquals(namesAnswers.GetValue(cursor, namesAnswer), Answer.Yes) || FlowsIntoLossVariable(operation);
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxNode, object> namesAnswers = new();

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxNode, object>.CreateValueCallback namesAnswer;

    /// <summary>Is the name <paramref name="member"/> declares, or a name around it, a loss name (or a base of a type so)?</summary>
    private bool NamesSayLoss(SyntaxNode member)
    {
        SyntaxNode? cursor = member;
        var name = OperationFacts.DeclaredName(member);
        while (true)
        {
            if (name is null)
            {
                return false;
            }

            if (IsLossName(name) || cursor is BaseTypeDeclarationSyntax { BaseList: { } bases } && ImplementsLossName(bases))
            {
                return true;
            }

            name = OperationFacts.NextEnclosingName(ref cursor);
        }
    }

    /// <summary><c>class Logistic : ICostFunction</c>, <c>class Hinge : LossBase</c>: a type that implements or derives from a
    /// loss-named interface or class is loss code (read from syntax: the last identifier of each base type).</summary>
    private bool ImplementsLossName(BaseListSyntax bases)
    {
        foreach (var type in bases.Types)
        {
            var name = type.Type switch
            {
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            };
            if (IsLossName(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Does the value end up in a variable, field or property with a loss-like name (<c>loss += ...</c>)?</summary>
    public bool FlowsIntoLossVariable(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAssignmentOperation assignment:
                    return IsLossName(OperationFacts.ReferencedSymbol(assignment.Target)?.Name);
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return IsLossName(declarator.Symbol.Name);
                case IFieldInitializerOperation field:
                    return field.InitializedFields.Length > 0 && IsLossName(field.InitializedFields[0].Name);
                case IPropertyInitializerOperation property:
                    return property.InitializedProperties.Length > 0 && IsLossName(property.InitializedProperties[0].Name);
                case IReturnOperation returned when LambdaReturnedFrom(returned) is { } lambda:
                    // a lambda's result is where the lambda goes: `LossFunction = (t, o) => -t * Log(o)` is loss code
                    current = lambda;
                    break;
                case IReturnOperation:
                case IBlockOperation:
                case IExpressionStatementOperation:
                case IArgumentOperation:
                    return false;
            }
        }

        return false;
    }

    /// <summary>The lambda whose own return <paramref name="returned"/> is (not a local function's, not a method's), or null.</summary>
    private static IAnonymousFunctionOperation? LambdaReturnedFrom(IReturnOperation returned)
    {
        for (var current = returned.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda;
                case ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    private static bool ContainsPhrase(string[] words, ImmutableArray<string[]> phrases)
    {
        foreach (var phrase in phrases)
        {
            for (var start = 0; start + phrase.Length <= words.Length; start++)
            {
                var match = true;
                for (var i = 0; i < phrase.Length && match; i++)
                {
                    match = words[start + i] == phrase[i];
                }

                // "loss scale", "loss scaler": mixed-precision loss scaling is not a loss computation
                if (match && !(start + phrase.Length < words.Length && phrase[phrase.Length - 1] is "loss" or "losses" &&
                               words[start + phrase.Length].StartsWith("scal", StringComparison.Ordinal)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool EndsWith(string[] words, string[] phrase)
    {
        var offset = words.Length - phrase.Length;
        for (var i = 0; i < phrase.Length; i++)
        {
            if (words[offset + i] != phrase[i])
            {
                return false;
            }
        }

        return true;
    }

    private static ImmutableArray<string> Split(string value)
    {
        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var part in value.Split(new[] { ',', ';', '|' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = part.Trim();
            if (trimmed.Length > 0)
            {
                builder.Add(trimmed);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Splits an identifier or phrase into lower-case words: <c>BinaryCrossEntropy</c> → binary, cross, entropy.</summary>
    internal static string[] Words(string name)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }

            var boundary = current.Length > 0 && char.IsUpper(c) &&
                           (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) ||
                            (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
            if (boundary)
            {
                Flush();
            }

            current.Append(char.ToLowerInvariant(c));
        }

        Flush();
        return words.ToArray();

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
    }
}

/// <summary>
/// A list of lower-case words looked for in the names of the member, type and namespace declarations around a node, to
/// keep rules out of distribution, evaluator and metric code. The answer is the innermost such declaration's, the same for every
/// node in it: answered once per declaration, kept as long as its syntax tree lives.
/// </summary>
internal sealed class NameWords
{
    private readonly string[] words;
    private readonly ConditionalWeakTable<SyntaxNode, object> answers = new();
    private readonly ConditionalWeakTable<SyntaxNode, object>.CreateValueCallback compute;

    public NameWords(params string[] words)
    {
        this.words = words;
        compute = declaration => Answer.Of(Contain(declaration));
    }

    /// <summary>Does a word of the name of a member, type or namespace around <paramref name="node"/> belong to the list?</summary>
    public bool AreAround(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (NameOf(current) is not null)
            {
                return ReferenceEquals(answers.GetValue(current, compute), Answer.Yes);
            }
        }

        return false;
    }

    private bool Contain(SyntaxNode declaration)
    {
        for (SyntaxNode? current = declaration; current is not null; current = current.Parent)
        {
            if (NameOf(current) is not { } name)
            {
                continue;
            }

            foreach (var word in LossContext.Words(name))
            {
                if (Array.IndexOf(words, word) >= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string? NameOf(SyntaxNode node) => node switch
    {
        MethodDeclarationSyntax method => method.Identifier.ValueText,
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        BaseTypeDeclarationSyntax type => type.Identifier.ValueText,
        BaseNamespaceDeclarationSyntax ns => ns.Name.ToString().Replace('.', '_'),
        _ => null,
    };
}
