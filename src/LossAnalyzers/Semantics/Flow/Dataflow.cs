using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>
/// Where values come from: the writes to a local that can reach a use, the writes to the elements of an array, and the
/// writes to a field. A deliberately small, syntax-ordered approximation of reaching definitions that is exact for
/// straight-line code, <c>if</c>s and loops (the shapes loss code is written in), and says "unknown" otherwise.
/// </summary>
internal static class Dataflow
{
    /// <summary>A write to a variable: the value written (null when it is not a plain value: compound, ref/out).</summary>
    internal readonly struct Write
    {
        public Write(IOperation? value, SyntaxNode node, bool accumulates = false)
        {
            Value = value;
            Node = node;
            Accumulates = accumulates;
        }

        public IOperation? Value { get; }

        public SyntaxNode Node { get; }

        /// <summary>
        /// An addition to the variable's own value (<c>s += v</c>, or <c>s = s + v</c> whose <see cref="Value"/> is kept):
        /// its term is among <see cref="CompoundAdditionsIn"/>.
        /// </summary>
        public bool Accumulates { get; }
    }

    /// <summary>The values that may reach <paramref name="use"/> of <paramref name="local"/>, or null when unknown.</summary>
    public static List<IOperation>? ReachingValues(ILocalSymbol local, IOperation use) => ReachingValues((ISymbol)local, use);

    /// <summary>
    /// The values that may reach <paramref name="use"/> of a local, a by-value or an out parameter, or null when unknown (for
    /// a parameter, also when its incoming argument may reach the use).
    /// </summary>
    public static List<IOperation>? ReachingValues(ISymbol variable, IOperation use)
    {
        // an out parameter is written here before any read, like a local; a ref parameter's writes may come from anywhere
        if (variable is IParameterSymbol { RefKind: not (RefKind.None or RefKind.Out) } || variable is not (ILocalSymbol or IParameterSymbol))
        {
            return null;
        }

        var root = OperationFacts.Root(use);
        if (variable is ILocalSymbol local)
        {
            var declaration = DeclarationOf(local);
            // a foreach iteration variable is never assigned (CS1656): nothing but the loop writes it, and the body is
            // not indexed to find that out
            if (IsForEachDeclaration(local, declaration))
            {
                return new List<IOperation>(0);
            }

            if (OnlyInitializer(local, declaration, use, root) is { } initializer)
            {
                return new List<IOperation>(1) { initializer };
            }

            if (root is IAnonymousFunctionOperation or ILocalFunctionOperation && declaration is not null && !root.Syntax.Span.Contains(declaration.Span))
            {
                // a local captured by a lambda or local function: when it is never written after its initializer, that is
                // its value wherever the function runs (it cannot run before the local is assigned, CS0165); otherwise
                // only the writes inside the function are read, as before
                if (OperationFacts.RootDeclaring(use, declaration) is { } outer && OnlyInitializer(local, declaration, use, outer) is { } captured)
                {
                    return new List<IOperation>(1) { captured };
                }
            }
        }

        var writes = WritesTo(variable, root);
        var useSyntax = use.Syntax;
        var useStart = useSyntax.SpanStart;

        Write? dominating = null;
        foreach (var write in writes)
        {
            if (write.Node.Span.End <= useStart && Dominates(write.Node, useSyntax) &&
                (dominating is null || write.Node.SpanStart > dominating.Value.Node.SpanStart))
            {
                dominating = write;
            }
        }

        // A later statement that assigns the variable on every path through it (if/else, switch) kills the earlier writes.
        var from = dominating?.Node.SpanStart ?? -1;
        var killer = HasConditionalWriteBetween(writes, dominating, from, useStart)
            ? AlwaysAssigningStatementBefore(variable, use, from)
            : null;
        if (killer is not null)
        {
            from = killer.SpanStart;
        }

        if (from < 0 && variable is IParameterSymbol)
        {
            return null;
        }

        var reaching = new List<Write>();
        foreach (var write in writes)
        {
            if (write.Node.Span.End <= useStart && write.Node.SpanStart >= from)
            {
                reaching.Add(write);
            }
        }

        foreach (var loop in useSyntax.Ancestors().Where(IsLoop))
        {
            if (dominating is { } d && loop.Span.Contains(d.Node.Span) || killer is not null && loop.Span.Contains(killer.Span))
            {
                break;
            }

            foreach (var write in writes)
            {
                if (write.Node.SpanStart > useSyntax.Span.End && loop.Span.Contains(write.Node.Span))
                {
                    reaching.Add(write);
                }
            }
        }

        var values = new List<IOperation>(reaching.Count);
        foreach (var write in reaching)
        {
            if (write.Value is null)
            {
                return null;
            }

            values.Add(write.Value);
        }

        return values;
    }

    /// <summary>Is the local a <c>foreach</c> iteration variable (never assigned, CS1656; the loop alone writes it)?</summary>
    public static bool IsForEachVariable(ILocalSymbol local) => IsForEachDeclaration(local, DeclarationOf(local));

    private static bool IsForEachDeclaration(ILocalSymbol local, SyntaxNode? declaration) =>
        declaration is ForEachStatementSyntax && local.RefKind == RefKind.None;

    /// <summary>The one syntax node that declares a local (null when there is not exactly one).</summary>
    private static SyntaxNode? DeclarationOf(ILocalSymbol local)
    {
        var references = local.DeclaringSyntaxReferences;
        return references.Length == 1 ? references[0].GetSyntax() : null;
    }

    /// <summary>
    /// The initializer of a local that nothing else writes (<c>var p = Sigmoid(z);</c>, the usual case): its value at
    /// every use, found without indexing the body. The body's source text is searched for the local's name, and every
    /// occurrence is classified from syntax; null when any might be a write (an assignment, <c>++</c>, <c>ref</c>/<c>out</c>,
    /// a deconstruction, another declaration of the name), and the body index decides.
    /// </summary>
    /// <param name="declaration">The local's declaration when the caller has it (else it is looked up on a miss).</param>
    private static IOperation? OnlyInitializer(ILocalSymbol local, SyntaxNode? declaration, IOperation use, IOperation root)
    {
        // LOSS001 and LOSS006 ask this of the same use when they look at one logarithm: answered once per callback
        if (ReferenceEquals(use, onlyInitializerUse) && ReferenceEquals(root, onlyInitializerRoot) &&
            SymbolEqualityComparer.Default.Equals(local, onlyInitializerLocal))
        {
            return onlyInitializer;
        }

        var answer = FindOnlyInitializer(local, declaration ?? DeclarationOf(local), use, root);
        onlyInitializerUse = use;
        onlyInitializerRoot = root;
        onlyInitializerLocal = local;
        onlyInitializer = answer;
        return answer;
    }

    [ThreadStatic]
    private static IOperation? onlyInitializerUse;

    [ThreadStatic]
    private static IOperation? onlyInitializerRoot;

    [ThreadStatic]
    private static ILocalSymbol? onlyInitializerLocal;

    [ThreadStatic]
    private static IOperation? onlyInitializer;

    private static IOperation? FindOnlyInitializer(ILocalSymbol local, SyntaxNode? declaration, IOperation use, IOperation root)
    {
        if (declaration is not VariableDeclaratorSyntax { Initializer: not null } declarator ||
            local.RefKind != RefKind.None || use.SemanticModel is not { } model)
        {
            return null;
        }

        var body = root.Syntax;
        if (!body.Span.Contains(declarator.Span) || use.Syntax.SpanStart < declarator.Span.End ||
            TextOf(body) is not { HasUnicodeEscape: false } bodyText)
        {
            return null;
        }

        var offset = bodyText.Offset;
        var chars = bodyText.Span;

        var name = local.Name;
        var declared = declarator.Identifier.SpanStart;
        for (var i = NextOccurrence(chars, name, 0); i >= 0; i = NextOccurrence(chars, name, i + 1))
        {
            var token = body.FindToken(offset + i);
            var start = i > 0 && chars[i - 1] == '@' ? offset + i - 1 : offset + i;
            if (token.SpanStart != start || token.SpanStart == declared && token.Parent == declarator)
            {
                continue; // the declaration itself, or text in a comment, a string or another token
            }

            if (MayWrite(token))
            {
                return null;
            }
        }

        return model.GetOperation(declarator) is IVariableDeclaratorOperation operation ? operation.GetVariableInitializer()?.Value : null;
    }

    /// <summary>
    /// A local read as the value it was initialised with, when nothing else writes it (told from the body's text, see
    /// <see cref="OnlyInitializerOf"/>), followed for up to <paramref name="steps"/> locals (<c>var q = 1 - y; … q</c>);
    /// any other operation, stripped, as it is.
    /// </summary>
    public static IOperation InitialValue(IOperation operation, int steps)
    {
        var current = OperationFacts.Strip(operation);
        for (var step = 0; step < steps && current is ILocalReferenceOperation reference; step++)
        {
            if (OnlyInitializerOf(reference.Local, reference, OperationFacts.Root(reference)) is not { } initializer)
            {
                break;
            }

            current = OperationFacts.Strip(initializer);
        }

        return current;
    }

    /// <summary>
    /// The one place the local declared by <paramref name="declarator"/> is read, when its name occurs in the body exactly
    /// twice (the declaration and that read, which is not a write): <c>var logP = Log(p); … y * logP</c>. Null otherwise.
    /// </summary>
    public static ILocalReferenceOperation? SingleReadOf(IVariableDeclaratorOperation declarator, IOperation root)
    {
        var local = declarator.Symbol;
        if (local.RefKind != RefKind.None || declarator.Syntax is not VariableDeclaratorSyntax syntax ||
            TextOf(root.Syntax) is not { HasUnicodeEscape: false } bodyText)
        {
            return null;
        }

        var chars = bodyText.Span;
        var name = local.Name;
        var declared = syntax.Identifier.SpanStart - bodyText.Offset;
        var read = -1;
        for (var i = NextOccurrence(chars, name, 0); i >= 0; i = NextOccurrence(chars, name, i + 1))
        {
            if (i == declared)
            {
                continue;
            }

            if (read >= 0 || i < declared)
            {
                return null;
            }

            read = i;
        }

        if (read < 0)
        {
            return null;
        }

        var token = root.Syntax.FindToken(bodyText.Offset + read);
        if (token.SpanStart != bodyText.Offset + read || token.Parent is not IdentifierNameSyntax || MayWrite(token))
        {
            return null;
        }

        foreach (var operation in OperationFacts.Descendants(root))
        {
            if (operation is ILocalReferenceOperation reference && reference.Syntax.SpanStart == token.SpanStart &&
                SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                return reference;
            }
        }

        return null;
    }

    /// <summary>
    /// Does the text hold a unicode escape (<c>\u</c> and four hex digits, <c>\U</c> and eight)? A backslash before other
    /// letters — a Windows path in a verbatim string, <c>@"C:\Users\…"</c> — is none.
    /// </summary>
    private static bool HasUnicodeEscape(ReadOnlySpan<char> chars)
    {
        for (var at = chars.IndexOf('\\'); at >= 0 && at + 1 < chars.Length;)
        {
            var digits = chars[at + 1] == 'u' ? 4 : chars[at + 1] == 'U' ? 8 : 0;
            if (digits > 0 && at + 1 + digits < chars.Length)
            {
                var hex = true;
                for (var k = at + 2; k < at + 2 + digits; k++)
                {
                    hex &= Uri.IsHexDigit(chars[k]);
                }

                if (hex)
                {
                    return true;
                }
            }

            var next = chars.Slice(at + 1).IndexOf('\\');
            at = next < 0 ? -1 : at + 1 + next;
        }

        return false;
    }

    /// <summary>
    /// The source text of a body, copied once per callback into a buffer the thread keeps (LOSS001 and LOSS006 both
    /// search the same body for the same local when they look at one logarithm; <see cref="SourceText"/>'s indexer is a
    /// call per character). The host forgets which text it holds after every callback (<see cref="Forget"/>), so no
    /// text object outlives the analysis of its operation here. Valid until the next call on this thread.
    /// </summary>
    private static BodyText? TextOf(SyntaxNode body)
    {
        if (!body.SyntaxTree.TryGetText(out var text))
        {
            return null;
        }

        var span = body.Span;
        var known = span.Length > MaxKeptScanBuffer ? new BodyText(span.Length) : bodyText ??= new BodyText(4096);
        if (ReferenceEquals(known.Source, text) && known.Offset == span.Start && known.Length == span.Length)
        {
            return known;
        }

        known.Source = null;
        if (known.Chars.Length < span.Length)
        {
            known.Chars = new char[Math.Min(MaxKeptScanBuffer, Math.Max(span.Length, 2 * known.Chars.Length))];
        }

        text.CopyTo(span.Start, known.Chars, 0, span.Length);
        known.Offset = span.Start;
        known.Length = span.Length;
        // a unicode escape could spell a name differently (p\u0061): text searches then let the index decide
        var chars = known.Span;
        known.HasUnicodeEscape = HasUnicodeEscape(chars);
        known.Source = text;
        return known;
    }

    /// <summary>Forgets what was read and answered during the current callback (called by the host after every callback).</summary>
    public static void Forget()
    {
        if (bodyText is { } known)
        {
            known.Source = null;
        }

        lastBody = null;
        onlyInitializerUse = null;
        onlyInitializerRoot = null;
        onlyInitializerLocal = null;
        onlyInitializer = null;
    }

    [ThreadStatic]
    private static BodyText? bodyText;

    /// <summary>A larger body gets a buffer of its own, not kept.</summary>
    private const int MaxKeptScanBuffer = 1 << 16;

    private sealed class BodyText
    {
        public BodyText(int capacity) => Chars = new char[capacity];

        /// <summary>The text the buffer holds a span of (null: none).</summary>
        public Microsoft.CodeAnalysis.Text.SourceText? Source;

        public int Offset;

        public int Length;

        public char[] Chars;

        public bool HasUnicodeEscape;

        public ReadOnlySpan<char> Span => new(Chars, 0, Length);
    }

    /// <summary>The next whole-word occurrence of <paramref name="name"/> at or after <paramref name="from"/>, or -1.</summary>
    private static int NextOccurrence(ReadOnlySpan<char> chars, string name, int from)
    {
        if (name.Length == 0)
        {
            return -1;
        }

        while (from < chars.Length)
        {
            var found = chars.Slice(from).IndexOf(name.AsSpan(), StringComparison.Ordinal);
            if (found < 0)
            {
                return -1;
            }

            var i = from + found;
            if ((i == 0 || !IsIdentifierPart(chars[i - 1])) && (i + name.Length == chars.Length || !IsIdentifierPart(chars[i + name.Length])))
            {
                return i;
            }

            from = i + 1;
        }

        return -1;
    }

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>Might this occurrence of a local's name write it (or declare another variable of that name)?</summary>
    private static bool MayWrite(SyntaxToken token)
    {
        if (!token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken) || token.Parent is not IdentifierNameSyntax name)
        {
            // a keyword or literal that contains the text is not code that names the local; any other identifier token
            // (a declarator, a designation, a parameter, a foreach variable) declares something of the same name
            return token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken);
        }

        SyntaxNode expression = name;
        var parent = name.Parent;
        while (parent is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized;
            parent = parenthesized.Parent;
        }

        return parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left == expression,
            PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => !parent.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.UnaryMinusExpression) &&
                                                                           !parent.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.UnaryPlusExpression) &&
                                                                           !parent.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.LogicalNotExpression) &&
                                                                           !parent.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.BitwiseNotExpression) &&
                                                                           !parent.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SuppressNullableWarningExpression),
            ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.None) || argument.Parent is TupleExpressionSyntax,
            RefExpressionSyntax => true,
            _ => false,
        };
    }

    /// <summary>Is there a write, other than the dominating one, between it and the use? (Only then can a statement that
    /// assigns on every path kill anything; the data-flow analysis that finds one is not free.)</summary>
    private static bool HasConditionalWriteBetween(List<Write> writes, Write? dominating, int from, int useStart)
    {
        foreach (var write in writes)
        {
            if (write.Node.Span.End <= useStart && write.Node.SpanStart >= from &&
                (dominating is not { } d || !ReferenceEquals(d.Node, write.Node)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>All writes to a local inside a root operation (declarations, assignments, compound/ref writes).</summary>
    public static List<Write> WritesTo(ILocalSymbol local, IOperation root) => WritesTo((ISymbol)local, root);

    /// <summary>The latest statement between <paramref name="from"/> and the use, in a block enclosing the use, that
    /// assigns <paramref name="variable"/> on every path through it.</summary>
    private static SyntaxNode? AlwaysAssigningStatementBefore(ISymbol variable, IOperation use, int from)
    {
        var model = use.SemanticModel;
        if (model is null)
        {
            return null;
        }

        foreach (var ancestor in use.Syntax.Ancestors())
        {
            if (ancestor is MemberDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)
            {
                break;
            }

            if (ancestor is not BlockSyntax block)
            {
                continue;
            }

            for (var i = block.Statements.Count - 1; i >= 0; i--)
            {
                var statement = block.Statements[i];
                if (statement.Span.End > use.Syntax.SpanStart || statement.SpanStart <= from)
                {
                    continue;
                }

                // the flow analysis (the costly part) only for a statement that names the variable at all
                if (statement is IfStatementSyntax { Else: not null } or SwitchStatementSyntax or BlockSyntax or TryStatementSyntax &&
                    Names(statement, variable.Name) && model.AnalyzeDataFlow(statement) is { Succeeded: true } flow &&
                    flow.AlwaysAssigned.Contains(variable, SymbolEqualityComparer.Default))
                {
                    return statement;
                }
            }
        }

        return null;
    }

    /// <summary>Does an identifier of the node spell this name?</summary>
    private static bool Names(SyntaxNode node, string name)
    {
        foreach (var token in node.DescendantTokens())
        {
            if (token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken) && token.ValueText == name)
            {
                return true;
            }
        }

        return false;
    }

    private static readonly List<Write> NoWrites = new();

    /// <summary>The writes to a local or parameter inside a root (callers must not modify the list).</summary>
    private static List<Write> WritesTo(ISymbol variable, IOperation root) =>
        BodyIndexOf(root).Writes.TryGetValue(variable, out var writes) ? writes : NoWrites;

    private static ISymbol? VariableOf(IOperation operation) => OperationFacts.Strip(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };

    /// <summary>
    /// Writes into an array (or span) variable: element assignments <c>a[j] = v</c>, span APIs that fill it
    /// (<c>TensorPrimitives.Sigmoid(z, a)</c>), and whole assignments <c>a = v</c> (as <see cref="ArrayWrites.Whole"/>).
    /// </summary>
    public static ArrayWrites ArrayWritesTo(ISymbol array, IEnumerable<IOperation> roots)
    {
        ArrayWrites? single = null;
        ArrayWrites? merged = null;
        foreach (var root in roots)
        {
            if (!BodyIndexOf(root).Arrays.TryGetValue(array, out var writes))
            {
                continue;
            }

            if (single is null && merged is null)
            {
                single = writes;
                continue;
            }

            merged ??= new ArrayWrites().MergeFrom(single!);
            merged.MergeFrom(writes);
        }

        return merged ?? single ?? EmptyArrayWrites;
    }

    /// <summary>The values added to a local with <c>+=</c> in the body around <paramref name="use"/> (empty when none).</summary>
    public static IReadOnlyList<IOperation> CompoundAdditionsTo(ILocalSymbol local, IOperation use) =>
        CompoundAdditionsIn(local, OperationFacts.Root(use));

    /// <summary>The values added to a local with <c>+=</c> anywhere inside <paramref name="root"/> (lambdas included).</summary>
    public static IReadOnlyList<IOperation> CompoundAdditionsIn(ILocalSymbol local, IOperation root) =>
        // most divisions are by a local that is never accumulated: when the body's text has no `name +=`, the index is
        // not built for the question
        MayBeAccumulated(local, root) && BodyIndexOf(root).CompoundAdditions.TryGetValue(local, out var values)
            ? values
            : Array.Empty<IOperation>();

    /// <summary>Might the local be the target of a <c>+=</c> inside <paramref name="root"/>? (False is certain; see <see cref="TextMayCompoundAdd"/>.)</summary>
    public static bool MayBeAccumulated(ILocalSymbol local, IOperation root) =>
        BodyIndexes.TryGetValue(root, out var index) ? index.CompoundAdditions.ContainsKey(local) : TextMayCompoundAdd(local.Name, root.Syntax);

    /// <summary>
    /// The initializer of a local that nothing else writes, when that can be told without indexing the body (see
    /// <see cref="OnlyInitializer"/>); null when it cannot (the local may be written elsewhere).
    /// </summary>
    public static IOperation? OnlyInitializerOf(ILocalSymbol local, IOperation use, IOperation root) =>
        OnlyInitializer(local, declaration: null, use, root);

    /// <summary>
    /// The value a read stands for: a local's only initializer (stripped) when nothing else writes it
    /// (<c>int offset = i * w; … offset</c>), else the stripped value itself. A lambda's read of a local of its method
    /// (<c>var e = Math.E; … x => Math.Pow(e, x)</c>) is answered from the whole method.
    /// </summary>
    public static IOperation ThroughOnlyInitializer(IOperation value)
    {
        var stripped = OperationFacts.Strip(value);
        return stripped is ILocalReferenceOperation held && OnlyInitializerOf(held.Local, held, RootDeclaring(held)) is { } initial
            ? OperationFacts.Strip(initial)
            : stripped;
    }

    /// <summary>The innermost root around a local's read that also holds its declaration (the method around a lambda that captures it).</summary>
    private static IOperation RootDeclaring(ILocalReferenceOperation read)
    {
        var root = OperationFacts.Root(read);
        return root is IAnonymousFunctionOperation or ILocalFunctionOperation &&
               DeclarationOf(read.Local) is { } declaration && !root.Syntax.Span.Contains(declaration.Span)
            ? OperationFacts.MethodRoot(read)
            : root;
    }

    /// <summary>
    /// False only when no <c>+=</c> in <paramref name="body"/> can have the local <paramref name="name"/> as its
    /// target: no occurrence of the name is followed (past white space, <c>)</c> and <c>!</c>) by <c>+=</c>. A comment or
    /// a directive after an occurrence, or any unicode escape in the body, answers true (the index decides).
    /// </summary>
    private static bool TextMayCompoundAdd(string name, SyntaxNode body)
    {
        if (name.Length == 0)
        {
            return true;
        }

        if (TextOf(body) is not { HasUnicodeEscape: false } bodyText)
        {
            return true;
        }

        var chars = bodyText.Span;
        var length = chars.Length;
        for (var i = NextOccurrence(chars, name, 0); i >= 0; i = NextOccurrence(chars, name, i + name.Length))
        {
            var j = i + name.Length;
            while (j < length && (char.IsWhiteSpace(chars[j]) || chars[j] is ')' or '!'))
            {
                j++;
            }

            if (j < length && (chars[j] is '/' or '#' || chars[j] == '+' && j + 1 < length && chars[j + 1] == '='))
            {
                return true;
            }

            // s = s + v (or s = (s + v)): the name again right after a plain `=`
            if (j + 1 < length && chars[j] == '=' && chars[j + 1] != '=')
            {
                var k = j + 1;
                while (k < length && (char.IsWhiteSpace(chars[k]) || chars[k] == '('))
                {
                    k++;
                }

                if (NextOccurrence(chars, name, k) == k)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static readonly ArrayWrites EmptyArrayWrites = new();

    /// <summary>What one traversal of a body learns for the array and accumulation queries, cached per body.</summary>
    private sealed class BodyIndex
    {
        /// <summary>Writes to every local and parameter (for reaching values).</summary>
        public Dictionary<ISymbol, List<Write>> Writes { get; } = new(SymbolEqualityComparer.Default);

        public Dictionary<ISymbol, ArrayWrites> Arrays { get; } = new(SymbolEqualityComparer.Default);

        public void AddWrite(ISymbol? symbol, Write write)
        {
            if (symbol is not (ILocalSymbol or IParameterSymbol))
            {
                return;
            }

            if (!Writes.TryGetValue(symbol, out var list))
            {
                Writes[symbol] = list = new List<Write>();
            }

            list.Add(write);
        }

        public Dictionary<ISymbol, List<IOperation>> CompoundAdditions { get; } = new(SymbolEqualityComparer.Default);

        public void AddAddition(ILocalSymbol local, IOperation term)
        {
            if (!CompoundAdditions.TryGetValue(local, out var values))
            {
                CompoundAdditions[local] = values = new List<IOperation>();
            }

            values.Add(term);
        }

        /// <summary>
        /// Where to record writes into <paramref name="symbol"/> as an array or a member, or null when nobody asks:
        /// no nameable symbol, or a local or parameter of a primitive value type (a <c>double</c> or an <c>int</c> is
        /// followed by <see cref="Writes"/>; element and member queries are about arrays, spans, tensors and members).
        /// Most locals are scalars, so this keeps the index small.
        /// </summary>
        public ArrayWrites? For(ISymbol? symbol)
        {
            if (symbol is null ||
                symbol is ILocalSymbol { Type: { IsValueType: true, SpecialType: not SpecialType.None } } or
                    IParameterSymbol { Type: { IsValueType: true, SpecialType: not SpecialType.None } })
            {
                return null;
            }

            if (!Arrays.TryGetValue(symbol, out var writes))
            {
                Arrays[symbol] = writes = new ArrayWrites();
            }

            return writes;
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IOperation, BodyIndex> BodyIndexes = new();

    /// <summary>
    /// Every reference to <paramref name="local"/> in the body of <paramref name="root"/> (reads and write targets alike),
    /// from one walk of the body shared by all its locals: asked for each accumulation of a log into a local. Kept apart
    /// from the body index, whose other queries most bodies asked this never need.
    /// </summary>
    public static IReadOnlyList<ILocalReferenceOperation> ReferencesOf(ILocalSymbol local, IOperation root)
    {
        var references = LocalReferences.GetValue(root, static body =>
        {
            var found = new Dictionary<ILocalSymbol, List<ILocalReferenceOperation>>(SymbolEqualityComparer.Default);
            foreach (var operation in OperationFacts.Descendants(body))
            {
                if (operation.Kind == OperationKind.LocalReference && operation is ILocalReferenceOperation reference)
                {
                    if (!found.TryGetValue(reference.Local, out var list))
                    {
                        found[reference.Local] = list = new List<ILocalReferenceOperation>();
                    }

                    list.Add(reference);
                }
            }

            return found;
        });
        return references.TryGetValue(local, out var known) ? known : (IReadOnlyList<ILocalReferenceOperation>)System.Array.Empty<ILocalReferenceOperation>();
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IOperation, Dictionary<ILocalSymbol, List<ILocalReferenceOperation>>> LocalReferences = new();

    private static BodyIndex BodyIndexOf(IOperation root)
    {
        // one callback asks about the same body many times: the last body's index answers without the weak table (whose
        // lookups and adds showed as a sixth of the analyzer's samples on the generated corpus). An index never changes
        // once built, so the entry cannot be stale; Forget drops it after each callback.
        if (lastBody is { } last && ReferenceEquals(last.Root, root))
        {
            return last.Index;
        }

        var index = BodyIndexes.GetValue(root, BuildBodyIndex);
        lastBody = new LastBody(root, index);
        return index;
    }

    private sealed class LastBody
    {
        public LastBody(IOperation root, BodyIndex index) => (Root, Index) = (root, index);

        public IOperation Root { get; }

        public BodyIndex Index { get; }
    }

    [ThreadStatic]
    private static LastBody? lastBody;

    private static BodyIndex BuildBodyIndex(IOperation root)
    {
        var index = new BodyIndex();
        foreach (var operation in OperationFacts.Descendants(root))
        {
            // most operations are of none of these kinds: one virtual call answers that, where type tests would be
            // one interface check per case
            switch (operation.Kind)
            {
                case OperationKind.CompoundAssignment:
                case OperationKind.SimpleAssignment:
                case OperationKind.VariableDeclarator:
                case OperationKind.Increment:
                case OperationKind.Decrement:
                case OperationKind.DeconstructionAssignment:
                case OperationKind.FieldInitializer:
                case OperationKind.Argument:
                    break;
                default:
                    continue;
            }

            switch (operation)
            {
                case ICompoundAssignmentOperation compound:
                    var compoundTarget = OperationFacts.Strip(compound.Target);
                    index.AddWrite(VariableOf(compound.Target), new Write(null, compound.Syntax,
                        accumulates: compound.OperatorKind == BinaryOperatorKind.Add && compoundTarget is ILocalReferenceOperation));
                    if (compoundTarget is IArrayElementReferenceOperation compoundElement)
                    {
                        // a[k] /= s normalises in place (a softmax written that way); any other compound write is not followed
                        var writes = index.For(OperationFacts.ReferencedSymbol(compoundElement.ArrayReference));
                        if (compound.OperatorKind == BinaryOperatorKind.Divide)
                        {
                            writes?.AddDivision(compound.Value);
                        }
                        else if (compound.OperatorKind == BinaryOperatorKind.Multiply)
                        {
                            // a[k] *= r: a normalisation only when r is the reciprocal of a sum (the reader decides)
                            writes?.AddScaling(compound.Value);
                        }
                        else if (writes is not null)
                        {
                            writes.Unknown = true;
                        }
                    }
                    else if (compound.OperatorKind == BinaryOperatorKind.Add && compoundTarget is ILocalReferenceOperation accumulator)
                    {
                        index.AddAddition(accumulator.Local, compound.Value);
                    }

                    break;
                case ISimpleAssignmentOperation assignment:
                    var target = OperationFacts.Strip(assignment.Target);
                    var selfAdded = target is ILocalReferenceOperation self ? SelfAddedTerm(self.Local, assignment) : null;
                    index.AddWrite(VariableOf(assignment.Target), new Write(assignment.Value, assignment.Syntax, accumulates: selfAdded is not null));
                    if (selfAdded is not null)
                    {
                        index.AddAddition(((ILocalReferenceOperation)target).Local, selfAdded);
                    }

                    if (target is IArrayElementReferenceOperation element)
                    {
                        index.For(OperationFacts.ReferencedSymbol(element.ArrayReference))
                            ?.AddElement(assignment.Value, element.Indices.Length == 1 ? element.Indices[0] : null);
                    }
                    else
                    {
                        index.For(OperationFacts.ReferencedSymbol(target))?.AddWhole(assignment.Value);
                    }

                    break;
                case IVariableDeclaratorOperation declarator when declarator.GetVariableInitializer() is { } init:
                    index.AddWrite(declarator.Symbol, new Write(init.Value, declarator.Syntax));
                    index.For(declarator.Symbol)?.AddWhole(init.Value);
                    break;
                case IIncrementOrDecrementOperation increment:
                    index.AddWrite(VariableOf(increment.Target), new Write(null, increment.Syntax));
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (var deconstructed in OperationFacts.Descendants(deconstruction.Target))
                    {
                        index.AddWrite(VariableOf(deconstructed), new Write(null, deconstruction.Syntax));
                    }

                    break;
                case IFieldInitializerOperation fieldInitializer:
                    foreach (var field in fieldInitializer.InitializedFields)
                    {
                        index.For(field)?.AddWhole(fieldInitializer.Value);
                    }

                    break;
                case IArgumentOperation argument when
                    argument.Parent is IInvocationOperation invocation && argument.Parameter?.Type.Name == "Span":
                    index.For(OperationFacts.ReferencedSymbol(SpanSource(argument.Value)))?.AddFill(invocation);
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } byRef:
                    index.AddWrite(VariableOf(byRef.Value), new Write(null, byRef.Syntax));
                    if (index.For(OperationFacts.ReferencedSymbol(byRef.Value)) is { } byRefWrites)
                    {
                        byRefWrites.Unknown = true;
                    }

                    break;
            }
        }

        return index;
    }

    /// <summary>
    /// The term <c>v</c> of <c>s = s + v</c> (parentheses allowed around the sum and <c>s</c>): the long form of <c>s += v</c>,
    /// or null. Decided on the syntax the text test of <see cref="TextMayCompoundAdd"/> also sees, so the two agree.
    /// </summary>
    private static IOperation? SelfAddedTerm(ILocalSymbol local, ISimpleAssignmentOperation assignment)
    {
        if (assignment.Syntax is not AssignmentExpressionSyntax { Right: var right } ||
            OperationFacts.Unparenthesize(right) is not BinaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.AddExpression } sum ||
            OperationFacts.Unparenthesize(sum.Left) is not IdentifierNameSyntax { Identifier.ValueText: var name } || name != local.Name ||
            OperationFacts.Strip(assignment.Value) is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } addition ||
            OperationFacts.Strip(addition.LeftOperand) is not ILocalReferenceOperation read ||
            !SymbolEqualityComparer.Default.Equals(read.Local, local))
        {
            return null;
        }

        return addition.RightOperand;
    }

    /// <summary>The array behind a span argument: <c>a</c>, <c>a.AsSpan()</c>, <c>a.AsSpan(0, n)</c>, <c>new Span&lt;T&gt;(a)</c>.</summary>
    public static IOperation SpanSource(IOperation value)
    {
        var stripped = OperationFacts.Strip(value);
        return stripped switch
        {
            IInvocationOperation { TargetMethod.Name: "AsSpan" } asSpan when asSpan.Arguments.Length > 0 =>
                OperationFacts.Strip(asSpan.Instance ?? asSpan.Arguments[0].Value),
            IObjectCreationOperation creation when creation.Arguments.Length > 0 => OperationFacts.Strip(creation.Arguments[0].Value),
            _ => stripped,
        };
    }

    /// <summary>The writes into one array, span or member (each list is created on its first write: most stay empty).</summary>
    internal sealed class ArrayWrites
    {
        private List<(IOperation Value, IOperation? Index)>? elements;
        private List<IOperation>? whole;
        private List<IInvocationOperation>? fills;
        private List<IOperation>? divisions;
        private List<IOperation>? scalings;
        private bool unknown;

        /// <summary>Element writes <c>a[k] = v</c> (value, and the index when there is one).</summary>
        public IReadOnlyList<(IOperation Value, IOperation? Index)> Elements => (IReadOnlyList<(IOperation, IOperation?)>?)elements ?? Array.Empty<(IOperation, IOperation?)>();

        /// <summary>Whole assignments and initialisers <c>a = v</c>.</summary>
        public IReadOnlyList<IOperation> Whole => (IReadOnlyList<IOperation>?)whole ?? Array.Empty<IOperation>();

        /// <summary>Span APIs that fill it (<c>TensorPrimitives.Sigmoid(z, a)</c>).</summary>
        public IReadOnlyList<IInvocationOperation> Fills => (IReadOnlyList<IInvocationOperation>?)fills ?? Array.Empty<IInvocationOperation>();

        /// <summary>Divisors of in-place element divisions <c>a[k] /= s</c>.</summary>
        public IReadOnlyList<IOperation> Divisions => (IReadOnlyList<IOperation>?)divisions ?? Array.Empty<IOperation>();

        /// <summary>Factors of in-place element multiplications <c>a[k] *= r</c>.</summary>
        public IReadOnlyList<IOperation> Scalings => (IReadOnlyList<IOperation>?)scalings ?? Array.Empty<IOperation>();

        /// <summary>
        /// Is anything written that these lists do not describe? An in-place multiplication counts as unknown here: only a
        /// reader that checks each factor (a softmax normalised by a reciprocal) looks past it, with
        /// <see cref="UnknownBesidesScalings"/>.
        /// </summary>
        public bool Unknown
        {
            get => unknown || scalings is not null;
            set => unknown = value;
        }

        /// <summary>Is anything written that these lists, the multiplications included, do not describe?</summary>
        public bool UnknownBesidesScalings => unknown;

        public void AddElement(IOperation value, IOperation? index) => (elements ??= new()).Add((value, index));

        public void AddWhole(IOperation value) => (whole ??= new()).Add(value);

        public void AddFill(IInvocationOperation fill) => (fills ??= new()).Add(fill);

        public void AddDivision(IOperation divisor) => (divisions ??= new()).Add(divisor);

        public void AddScaling(IOperation factor) => (scalings ??= new()).Add(factor);

        public ArrayWrites MergeFrom(ArrayWrites other)
        {
            foreach (var (value, index) in other.Elements)
            {
                AddElement(value, index);
            }

            foreach (var value in other.Whole)
            {
                AddWhole(value);
            }

            foreach (var fill in other.Fills)
            {
                AddFill(fill);
            }

            foreach (var divisor in other.Divisions)
            {
                AddDivision(divisor);
            }

            foreach (var factor in other.Scalings)
            {
                AddScaling(factor);
            }

            unknown |= other.unknown;
            return this;
        }
    }

    private static bool IsLoop(SyntaxNode node) =>
        node is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax;

    /// <summary>Does the write certainly execute before the use on every path (straight-line in an enclosing block)?</summary>
    private static bool Dominates(SyntaxNode write, SyntaxNode use)
    {
        var statement = write.FirstAncestorOrSelf<StatementSyntax>();
        if (statement is null)
        {
            return false;
        }

        if (statement is ForStatementSyntax forStatement)
        {
            return forStatement.Statement.Span.Contains(use.Span) || forStatement.Condition?.Span.Contains(use.Span) == true;
        }

        if (statement is not (LocalDeclarationStatementSyntax or ExpressionStatementSyntax))
        {
            return false;
        }

        // The write must be the statement's top-level operation (not inside a condition or a lambda).
        if (statement is ExpressionStatementSyntax expressionStatement &&
            expressionStatement.Expression is not AssignmentExpressionSyntax)
        {
            return false;
        }

        return statement.Parent switch
        {
            BlockSyntax block => block.Span.Contains(use.Span),
            SwitchSectionSyntax section => section.Span.Contains(use.Span),
            GlobalStatementSyntax global => global.Parent is not null,
            _ => false,
        };
    }
}
