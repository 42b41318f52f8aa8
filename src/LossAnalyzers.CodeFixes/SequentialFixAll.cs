using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// The Fix All provider of every LOSS fixer: within a document, the diagnostics are fixed one after another, each on
/// the document the previous fixes produced, by the same code action a single fix would apply.
/// </summary>
/// <remarks>
/// <para>
/// Why not <see cref="WellKnownFixAllProviders.BatchFixer"/>: it keeps only the code actions whose equivalence key
/// equals the one the Fix All was started with. <c>dotnet format analyzers</c> starts it with the key of the first
/// action registered for the <em>first diagnostic of the project</em>, whatever its ID; all LOSS rules come from one
/// analyzer, so that diagnostic is often another rule's, the fixer registers nothing for it, the key is
/// <see langword="null"/>, and the batch fixer silently fixes nothing. Here a <see langword="null"/> key means "each
/// diagnostic's first (preferred) fix"; a non-null key (Visual Studio, Rider, the testing library) still selects only
/// the actions with that key.
/// </para>
/// <para>
/// Sites are fixed from the end of the document to its start, each found again through a syntax annotation. A site
/// that contains one fixed before it (a LOSS006 <c>Log(1 + Exp(Log(1 + Exp(x))))</c>) is fixed in the same pass when
/// the inner site lies inside the node its fix reads live from the document (<see cref="LossAnalyzers.Rules.FixDataProperties.LiveArgumentKey"/>):
/// that node is annotated too, keeps its annotation through the inner fix (<see cref="FixSupport.ReplaceAsync"/>), and
/// the outer fix wraps the fixed code (<c>StableMath.Softplus(StableMath.Softplus(x))</c>). Any other containing site is
/// left for the next Fix All, as the batch fixer leaves overlapping changes: its fix data is text of the original code,
/// and writing it would undo the inner fix.
/// </para>
/// </remarks>
internal static class SequentialFixAll
{
    /// <summary>The kind of the annotations that mark the sites (and their live arguments) while a Fix All runs.</summary>
    public const string AnnotationKind = "LossAnalyzers.FixAllSite";

    public static FixAllProvider Instance { get; } = FixAllProvider.Create(FixDocumentAsync);

    private static async Task<Document?> FixDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var cancellationToken = context.CancellationToken;
        var fixable = context.CodeFixProvider.FixableDiagnosticIds;
        var sites = diagnostics
            .Where(d => fixable.Contains(d.Id) && d.Location.IsInSource)
            .OrderByDescending(d => d.Location.SourceSpan.Start)
            .ToList();
        if (sites.Count == 0 || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
        {
            return document;
        }

        var marked = new List<(Diagnostic Diagnostic, SyntaxAnnotation Mark, SyntaxAnnotation?[] Additional)>(sites.Count);
        var marksByNode = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
        foreach (var diagnostic in sites)
        {
            if (diagnostic.Location.SourceSpan.End > root.FullSpan.End)
            {
                continue;
            }

            var mark = Mark(root, diagnostic.Location.SourceSpan, marksByNode);

            // the nodes the fix data points at in this document (the live argument, a creation the fix edits) are tracked
            // through the earlier fixes too
            var additional = new SyntaxAnnotation?[diagnostic.AdditionalLocations.Count];
            for (var i = 0; i < additional.Length; i++)
            {
                var location = diagnostic.AdditionalLocations[i];
                additional[i] = location.IsInSource && location.SourceTree?.FilePath == diagnostic.Location.SourceTree?.FilePath &&
                    location.SourceSpan.End <= root.FullSpan.End
                    ? Mark(root, location.SourceSpan, marksByNode)
                    : null;
            }

            marked.Add((diagnostic, mark, additional));
        }

        var current = document.WithSyntaxRoot(root.ReplaceNodes(marksByNode.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marksByNode[original])));
        var fixedSpans = new List<Microsoft.CodeAnalysis.Text.TextSpan>();
        foreach (var (diagnostic, mark, additionalMarks) in marked)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var span = diagnostic.Location.SourceSpan;
            var liveSpan = LossAnalyzers.Rules.FixDataProperties.LiveArgument(diagnostic)?.SourceSpan;
            if (fixedSpans.Exists(inner => span.Contains(inner) && !(liveSpan is { } argument && argument.Contains(inner))))
            {
                continue; // its fix data is text from before the inner fix: the next Fix All fixes it
            }

            var currentRoot = await current.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var site = currentRoot?.GetAnnotatedNodes(mark).FirstOrDefault();
            if (site is null)
            {
                continue; // an earlier fix replaced this site
            }

            var additional = new Location[additionalMarks.Length];
            for (var i = 0; i < additional.Length; i++)
            {
                // a node an earlier fix replaced keeps its old location (its text is still the analysed code's)
                additional[i] = additionalMarks[i] is { } additionalMark && currentRoot!.GetAnnotatedNodes(additionalMark).FirstOrDefault() is { } node
                    ? node.GetLocation()
                    : diagnostic.AdditionalLocations[i];
            }

            if (liveSpan is not null && additionalMarks.Length > 0 && additionalMarks[0] is { } live && !currentRoot!.GetAnnotatedNodes(live).Any())
            {
                continue; // the argument the fix reads is gone
            }

            var moved = Diagnostic.Create(diagnostic.Descriptor, site.GetLocation(), additional, diagnostic.Properties);
            var action = await ActionForAsync(context, current, moved, cancellationToken).ConfigureAwait(false);
            if (action is null)
            {
                continue;
            }

            foreach (var operation in await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (operation is ApplyChangesOperation apply && apply.ChangedSolution.GetDocument(current.Id) is { } changed)
                {
                    current = changed;
                    fixedSpans.Add(span);
                    break;
                }
            }
        }

        return current;
    }

    /// <summary>An annotation for the node at <paramref name="span"/>, recorded to be added with the others in one rewrite.</summary>
    private static SyntaxAnnotation Mark(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span, Dictionary<SyntaxNode, List<SyntaxAnnotation>> marksByNode)
    {
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        var mark = new SyntaxAnnotation(AnnotationKind);
        if (!marksByNode.TryGetValue(node, out var marks))
        {
            marksByNode.Add(node, marks = new List<SyntaxAnnotation>());
        }

        marks.Add(mark);
        return mark;
    }

    /// <summary>The action a single fix would apply: the one with the Fix All's key, or the first one when it has none.</summary>
    private static async Task<CodeAction?> ActionForAsync(FixAllContext context, Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        CodeAction? chosen = null;
        var key = context.CodeActionEquivalenceKey;
        var fixContext = new CodeFixContext(document, diagnostic, (action, _) =>
        {
            if (chosen is null && (key is null || action.EquivalenceKey == key))
            {
                chosen = action;
            }
        }, cancellationToken);
        await context.CodeFixProvider.RegisterCodeFixesAsync(fixContext).ConfigureAwait(false);
        return chosen;
    }
}
