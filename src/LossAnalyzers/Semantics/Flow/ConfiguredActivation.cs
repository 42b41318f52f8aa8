using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>
/// Evidence from configuration that a Bernoulli cost (a method that logs <c>p</c> and takes <c>1 − p</c>) is given sigmoid
/// outputs, when the network that feeds it is assembled elsewhere: hand-written libraries keep the cost and the activations
/// in classes of their own and pair them where the model is built. Two pairings are read:
/// <list type="bullet">
/// <item>a test that names both, <c>activation is SigmoidActivation &amp;&amp; cost is CrossEntropyCost</c> (also through enum
/// members that a <c>switch</c> maps to the two: <c>activation != Activation.Sigmoid &amp;&amp; cost == Cost.CrossEntropy</c>);</item>
/// <item>a method that builds the cost (<c>new CrossEntropyCost()</c>) and whose last activation built is a sigmoid: no
/// activation of the same family (base class or interface) is built after it, so it is the output layer's.</item>
/// </list>
/// A type or method is a sigmoid by what its code computes (<c>1 / (1 + exp(−x))</c>, <c>e / (1 + e)</c>), never by its
/// name. A cost built in a method that builds another activation of the sigmoid's family after it (a softmax output
/// layer after sigmoid hidden layers) gets no evidence at all.
/// </summary>
internal static class ConfiguredActivation
{
    private static readonly ConditionalWeakTable<ISymbol, Box<SigmoidEvidence?>> PerMethod = new();
    private static readonly ConditionalWeakTable<ISymbol, string[]> ComplementedPerMethod = new();
    private static readonly ConditionalWeakTable<ISymbol, object> SigmoidPerSymbol = new();
    private static readonly ConditionalWeakTable<Compilation, Index> PerCompilation = new();

    /// <summary>The compilation's identifier index, built on first use.</summary>
    private static Index IndexOf(Compilation compilation) => PerCompilation.GetValue(compilation, static c => new Index(c));

    /// <summary>The evidence that <paramref name="parameter"/>, which its method takes as <c>1 − parameter</c>, is a sigmoid
    /// output by configuration; null when there is none.</summary>
    public static SigmoidEvidence? For(IParameterSymbol parameter, Compilation compilation)
    {
        // (an instance method of a cost object: what a model is configured with; a static helper's callers are followed by
        // the provenance of its arguments instead, and a library of static operators, Infer.NET's, never pays for this)
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, Parameters.Length: >= 2 } method ||
            method.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct } type || !OperationFacts.IsInSource(type) ||
            !HasTargetBeside(method, parameter) ||
            System.Array.IndexOf(ComplementedPerMethod.GetValue(method, static m => Complemented((IMethodSymbol)m)), parameter.Name) < 0)
        {
            return null;
        }

        return PerMethod.GetValue(method, m => new Box<SigmoidEvidence?>(Compute((IMethodSymbol)m, compilation))).Value;
    }

    /// <summary>
    /// Does an argument given to a layer's constructor choose a sigmoid activation: an enum member that a <c>switch</c> maps
    /// to a sigmoid type or method (<c>Act.Sigmoid =&gt; Activations.Sigmoid</c>), a sigmoid type built there
    /// (<c>new SigmoidActivation()</c>), or a sigmoid method passed as a delegate? Each is a sigmoid by its code.
    /// </summary>
    public static bool ChoosesSigmoid(IOperation argument, Compilation compilation)
    {
        switch (OperationFacts.Strip(argument))
        {
            case IFieldReferenceOperation { Field: { ContainingType.TypeKind: TypeKind.Enum } member } when OperationFacts.IsInSource(member):
                return MapsToSigmoid(member, IndexOf(compilation));
            case IObjectCreationOperation { Type: INamedTypeSymbol created }:
                return IsSigmoid(created);
            case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: var method } }:
                return IsSigmoid(method.OriginalDefinition);
            default:
                return false;
        }
    }

    /// <summary>Does the method take another parameter of the prediction's type (the targets a cost compares it with)?</summary>
    private static bool HasTargetBeside(IMethodSymbol method, IParameterSymbol prediction)
    {
        foreach (var other in method.Parameters)
        {
            if (!SymbolEqualityComparer.Default.Equals(other, prediction) && SymbolEqualityComparer.Default.Equals(other.Type, prediction.Type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The names <c>n</c> the method's body both logs and writes <c>1 - n</c> (or <c>1 - n[i]</c>) of, a Bernoulli loss's
    /// two terms, and the names such a local is made of.</summary>
    private static string[] Complemented(IMethodSymbol method)
    {
        // one walk: the complemented names, the logged names, the locals with an initializer
        List<string>? complemented = null;
        List<string>? logged = null;
        List<VariableDeclaratorSyntax>? locals = null;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                if (OperationFacts.OneMinusSyntax(node) is { } oneMinus)
                {
                    // 1 - p, 1 - p[i]
                    Add(ref complemented, NameOf(oneMinus));
                    continue;
                }

                switch (node)
                {
                    case InvocationExpressionSyntax invocation:
                        switch (invocation.Expression)
                        {
                            // p.SubtractFrom(1), a matrix library's 1 − p
                            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "SubtractFrom", Expression: var minuend }
                                when invocation.ArgumentList.Arguments.Count == 1 &&
                                     invocation.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax one && OperationFacts.WrittenLiteral(one) == 1:
                                Add(ref complemented, NameOf(minuend));
                                break;
                            // p.PointwiseLog(), p.Log()
                            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "PointwiseLog" or "Log", Expression: var receiver }
                                when invocation.ArgumentList.Arguments.Count == 0:
                                Add(ref logged, NameOf(receiver));
                                break;
                            // Math.Log(p), Tensor.Log(p[i]), log(p)
                            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Log" } or IdentifierNameSyntax { Identifier.ValueText: "Log" or "log" }
                                when invocation.ArgumentList.Arguments.Count == 1:
                                Add(ref logged, NameOf(invocation.ArgumentList.Arguments[0].Expression));
                                break;
                        }

                        break;
                    case VariableDeclaratorSyntax { Initializer: not null } declarator:
                        (locals ??= new List<VariableDeclaratorSyntax>()).Add(declarator);
                        break;
                }
            }
        }

        // a Bernoulli loss's two terms: the name logged and complemented, not a survival term log(1 − p) alone
        if (complemented is null || logged is null)
        {
            return System.Array.Empty<string>();
        }

        var names = complemented.FindAll(name => logged.Contains(name));
        if (names.Count == 0)
        {
            return System.Array.Empty<string>();
        }

        // var p = Math.Min(Math.Max(output, ε), 1 − ε); … log(1 - p): the clamped local stands for the parameter it is made of
        foreach (var declarator in locals ?? new List<VariableDeclaratorSyntax>())
        {
            if (names.Contains(declarator.Identifier.ValueText))
            {
                foreach (var read in declarator.Initializer!.Value.DescendantNodesAndSelf())
                {
                    if (read is IdentifierNameSyntax identifier && !names.Contains(identifier.Identifier.ValueText))
                    {
                        names.Add(identifier.Identifier.ValueText);
                    }
                }
            }
        }

        return names.ToArray();
    }

    /// <summary>The name of <c>p</c>, <c>p[i]</c>, <c>(float)p</c>; null for anything else.</summary>
    private static string? NameOf(ExpressionSyntax expression)
    {
        var value = OperationFacts.StripSyntax(expression);
        if (value is ElementAccessExpressionSyntax element)
        {
            value = OperationFacts.StripSyntax(element.Expression);
        }

        return value is IdentifierNameSyntax identifier ? identifier.Identifier.ValueText : null;
    }

    private static void Add(ref List<string>? names, string? name)
    {
        if (name is not null && (names is null || !names.Contains(name)))
        {
            (names ??= new List<string>()).Add(name);
        }
    }

    private static SigmoidEvidence? Compute(IMethodSymbol method, Compilation compilation)
    {
        var index = IndexOf(compilation);
        var type = method.ContainingType;

        // what names the cost where a model is configured: its type built or tested
        var costLinks = new List<SyntaxNode>();
        foreach (var node in index.Named(SiteKind.Creations, type.Name, type.Name))
        {
            if (SymbolEqualityComparer.Default.Equals(index.TypeOf(node), type))
            {
                costLinks.Add(node);
            }
        }

        foreach (var node in index.Named(SiteKind.TypeTests, type.Name, type.Name))
        {
            if (SymbolEqualityComparer.Default.Equals(index.SymbolOf(node), type))
            {
                costLinks.Add(node);
            }
        }

        if (costLinks.Count == 0)
        {
            return null;
        }

        SigmoidEvidence? found = null;

        // a method that builds the cost: its last activation built must be a sigmoid (one that is not vetoes the evidence)
        foreach (var link in costLinks)
        {
            // (a factory's switch builds one of several: alternatives, not a model assembled in order)
            if (link is not ObjectCreationExpressionSyntax creation || BodyOf(creation) is not { } body || IsAlternative(creation, body))
            {
                continue;
            }

            var last = LastActivationBuilt(body, index, out var vetoed);
            if (vetoed)
            {
                return null;
            }

            // a cost and an "activation" of one family are two implementations of one thing (a factory of back ends)
            if (last is not null && found is null && index.TypeOf(last) is INamedTypeSymbol lastType &&
                !SymbolEqualityComparer.Default.Equals(lastType, type) && !SameFamily(lastType, type))
            {
                found = new SigmoidEvidence(last,
                    $"as '{RuleSupport.Quote(last)}' is the last activation built with '{RuleSupport.Quote(creation)}'");
            }
        }

        if (found is not null)
        {
            return found;
        }

        // a test naming the cost (or an enum member a switch maps to it) and a sigmoid
        var conditions = new List<SyntaxNode>();
        foreach (var link in costLinks)
        {
            if (link is TypeSyntax && OutermostCondition(link) is { } condition)
            {
                conditions.Add(condition);
            }

            foreach (var member in EnumMembersMappedTo(link, index))
            {
                foreach (var reference in index.Named(SiteKind.Comparisons, member.Name, member.ContainingType.Name))
                {
                    if (SymbolEqualityComparer.Default.Equals(index.SymbolOf(reference), member) && OutermostCondition(reference) is { } compared)
                    {
                        conditions.Add(compared);
                    }
                }
            }
        }

        foreach (var condition in conditions)
        {
            if (NamesASigmoid(condition, index))
            {
                return new SigmoidEvidence(condition, $"as the test '{RuleSupport.Quote(condition)}' pairs its cost with a sigmoid");
            }
        }

        return null;
    }

    /// <summary>
    /// The last object built in <paramref name="body"/> whose type is a sigmoid, when no other member of its family (its
    /// base class or an interface of this compilation) is built after it; <paramref name="vetoed"/> when one is.
    /// </summary>
    private static SyntaxNode? LastActivationBuilt(SyntaxNode body, Index index, out bool vetoed)
    {
        vetoed = false;
        ObjectCreationExpressionSyntax? sigmoid = null;
        INamedTypeSymbol? sigmoidType = null;
        var creations = new List<(ObjectCreationExpressionSyntax Node, INamedTypeSymbol Type)>();
        foreach (var node in body.DescendantNodes())
        {
            if (node is ObjectCreationExpressionSyntax creation && !IsAlternative(creation, body) &&
                index.TypeOf(creation) is INamedTypeSymbol created && OperationFacts.IsInSource(created))
            {
                creations.Add((creation, created));
                if (IsSigmoid(created))
                {
                    sigmoid = creation;
                    sigmoidType = created;
                }
            }
        }

        if (sigmoid is null || sigmoidType is null)
        {
            return null;
        }

        var after = false;
        foreach (var (node, created) in creations)
        {
            if (ReferenceEquals(node, sigmoid))
            {
                after = true;
                continue;
            }

            if (after && !SymbolEqualityComparer.Default.Equals(created, sigmoidType) && SameFamily(created, sigmoidType))
            {
                vetoed = true;
                return null;
            }
        }

        return sigmoid;
    }

    /// <summary>Is the node in a <c>switch</c> section or arm inside <paramref name="body"/> (one alternative of several)?</summary>
    private static bool IsAlternative(SyntaxNode node, SyntaxNode body)
    {
        for (var current = node.Parent; current is not null && current != body; current = current.Parent)
        {
            if (current is SwitchSectionSyntax or SwitchExpressionArmSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Do the two types share a base class (other than <c>object</c>) or an interface of this compilation?</summary>
    private static bool SameFamily(INamedTypeSymbol a, INamedTypeSymbol b)
    {
        if (a.BaseType is { SpecialType: not SpecialType.System_Object } baseType && SymbolEqualityComparer.Default.Equals(baseType, b.BaseType))
        {
            return true;
        }

        foreach (var face in a.AllInterfaces)
        {
            if (OperationFacts.IsInSource(face) && b.AllInterfaces.Contains(face, SymbolEqualityComparer.Default))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Does the condition test for a sigmoid: <c>x is T</c> with T a sigmoid type, or a comparison with an enum
    /// member that a <c>switch</c> maps to a sigmoid type or method?</summary>
    private static bool NamesASigmoid(SyntaxNode condition, Index index)
    {
        foreach (var node in condition.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.IsExpression, Right: TypeSyntax tested }
                    when index.SymbolOf(tested) is INamedTypeSymbol testedType && IsSigmoid(testedType):
                case TypePatternSyntax { Type: var patternType } when index.SymbolOf(patternType) is INamedTypeSymbol patterned && IsSigmoid(patterned):
                case DeclarationPatternSyntax { Type: var declaredType } when index.SymbolOf(declaredType) is INamedTypeSymbol declared && IsSigmoid(declared):
                    return true;
                case MemberAccessExpressionSyntax access when access.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression or (int)SyntaxKind.NotEqualsExpression } &&
                                                              index.SymbolOf(access) is IFieldSymbol { ContainingType.TypeKind: TypeKind.Enum } member &&
                                                              MapsToSigmoid(member, index):
                    return true;
            }
        }

        return false;
    }

    /// <summary>Does a <c>case</c> of <paramref name="member"/> build a sigmoid type or name a sigmoid method?</summary>
    private static bool MapsToSigmoid(IFieldSymbol member, Index index)
    {
        foreach (var label in index.Named(SiteKind.CaseLabels, member.Name, member.ContainingType.Name))
        {
            if (!SymbolEqualityComparer.Default.Equals(index.SymbolOf(label), member) || CaseBody(label) is not { } body)
            {
                continue;
            }

            foreach (var node in body.DescendantNodesAndSelf())
            {
                var symbol = node switch
                {
                    ObjectCreationExpressionSyntax creation => index.TypeOf(creation),
                    MemberAccessExpressionSyntax or IdentifierNameSyntax when node.Parent is not InvocationExpressionSyntax and not MemberAccessExpressionSyntax =>
                        index.SymbolOf(node),
                    _ => null,
                };
                if (symbol is INamedTypeSymbol or IMethodSymbol && IsSigmoid(symbol))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The enum members whose <c>case</c> holds <paramref name="link"/> (<c>case Cost.CrossEntropy: return new CrossEntropyCost();</c>).</summary>
    private static IEnumerable<IFieldSymbol> EnumMembersMappedTo(SyntaxNode link, Index index)
    {
        foreach (var ancestor in link.Ancestors())
        {
            IEnumerable<SyntaxNode> labels = ancestor switch
            {
                SwitchSectionSyntax section => LabelValues(section),
                SwitchExpressionArmSyntax { Pattern: ConstantPatternSyntax { Expression: var constant } } => new[] { constant },
                _ => System.Array.Empty<SyntaxNode>(),
            };
            foreach (var label in labels)
            {
                if (index.SymbolOf(label) is IFieldSymbol { ContainingType.TypeKind: TypeKind.Enum } member)
                {
                    yield return member;
                }
            }

            if (ancestor is SwitchSectionSyntax or SwitchExpressionArmSyntax or MemberDeclarationSyntax)
            {
                yield break;
            }
        }
    }

    private static IEnumerable<SyntaxNode> LabelValues(SwitchSectionSyntax section)
    {
        foreach (var label in section.Labels)
        {
            switch (label)
            {
                case CaseSwitchLabelSyntax { Value: var value }:
                    yield return value;
                    break;
                case CasePatternSwitchLabelSyntax { Pattern: ConstantPatternSyntax { Expression: var constant } }:
                    yield return constant;
                    break;
            }
        }
    }

    /// <summary>The statements of a <c>case</c> label's section, or a switch-expression arm's value.</summary>
    private static SyntaxNode? CaseBody(SyntaxNode label) => label.Parent switch
    {
        CaseSwitchLabelSyntax { Parent: SwitchSectionSyntax section } => section,
        ConstantPatternSyntax { Parent: CasePatternSwitchLabelSyntax { Parent: SwitchSectionSyntax section } } => section,
        ConstantPatternSyntax { Parent: SwitchExpressionArmSyntax arm } => arm.Expression,
        _ => null,
    };

    /// <summary>The whole <c>&amp;&amp;</c>/<c>||</c> condition (or the comparison or test itself) <paramref name="node"/> is part of.</summary>
    private static SyntaxNode? OutermostCondition(SyntaxNode node)
    {
        SyntaxNode? condition = null;
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression or (int)SyntaxKind.LogicalOrExpression }:
                    condition = current;
                    continue;
                case BinaryExpressionSyntax or IsPatternExpressionSyntax or ParenthesizedExpressionSyntax or PrefixUnaryExpressionSyntax or
                    PatternSyntax or MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or ArgumentSyntax or BracketedArgumentListSyntax or
                    TypeSyntax:
                    continue;
                default:
                    return condition;
            }
        }

        return condition;
    }

    /// <summary>The body of the member or local function <paramref name="node"/> is in (the compilation unit for top-level statements).</summary>
    private static SyntaxNode? BodyOf(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case BaseMethodDeclarationSyntax method:
                    return (SyntaxNode?)method.Body ?? method.ExpressionBody;
                case LocalFunctionStatementSyntax local:
                    return (SyntaxNode?)local.Body ?? local.ExpressionBody;
                case GlobalStatementSyntax:
                    return ancestor.Parent;
                case MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>Is the type (or method) of this compilation a sigmoid by its code: it writes <c>1 / (1 + exp(…))</c>,
    /// <c>exp(x) / (1 + exp(x))</c>, <c>e / (1 + e)</c> (with an exponential in the same code) or <c>e.PointwiseDivide(e + 1)</c>?</summary>
    private static bool IsSigmoid(ISymbol symbol)
    {
        if (!OperationFacts.IsInSource(symbol))
        {
            return false;
        }

        return SigmoidPerSymbol.GetValue(symbol, static s => Answer.Of(WritesASigmoid(s, throughMaps: true))) == Answer.Yes;
    }

    /// <param name="symbol">The type or method.</param>
    /// <param name="throughMaps">Does a map of every element through a sigmoid method of the same type count
    /// (<c>Sigmoid(Matrix x) =&gt; x.ApplyToElements(Sigmoid)</c>)? That method is asked without maps: one level.</param>
    private static bool WritesASigmoid(ISymbol symbol, bool throughMaps)
    {
        // a type that also takes a log is not an activation that is a sigmoid: a softplus (whose derivative is one), a
        // cost, a whole math library
        var sawExp = false;
        var sawRatio = false;
        var sawSigmoid = false;
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax invocation when IsExpCall(invocation):
                        sawExp = true;
                        break;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Log" or "Log10" or "Log2" or "Log1p" or "PointwiseLog" } }:
                    case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Log" or "log" } }:
                        return false;
                    case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.DivideExpression } division:
                        var top = OperationFacts.StripSyntax(division.Left);
                        if (OperationFacts.StripSyntax(division.Right) is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } sum &&
                            OnePlus(sum) is { } other)
                        {
                            if (IsOne(top) && other is InvocationExpressionSyntax otherCall && IsExpCall(otherCall) ||
                                top is InvocationExpressionSyntax topCall && IsExpCall(topCall) && other is InvocationExpressionSyntax && Same(top, other))
                            {
                                sawSigmoid = true;
                            }

                            sawRatio |= top is IdentifierNameSyntax && Same(top, other);
                        }

                        break;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var mapName } } map
                        when throughMaps && MathApi.IsMapName(mapName) && MapsThroughSigmoidMethod(map, symbol):
                        sawSigmoid = true;
                        break;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "PointwiseDivide", Expression: var dividend } } pointwise
                        when pointwise.ArgumentList.Arguments.Count == 1 &&
                             OperationFacts.StripSyntax(pointwise.ArgumentList.Arguments[0].Expression) is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } divisor &&
                             OnePlus(divisor) is { } added && Same(added, dividend):
                        sawRatio = true;
                        break;
                }
            }
        }

        return sawSigmoid || sawRatio && sawExp;
    }

    /// <summary>
    /// Does the map pass a method group naming a one-number method of the same type whose own code is a sigmoid
    /// (<c>x.ApplyToElements(Sigmoid)</c> beside <c>static float Sigmoid(float x) =&gt; 1 / (1 + Exp(-x))</c>)?
    /// </summary>
    private static bool MapsThroughSigmoidMethod(InvocationExpressionSyntax map, ISymbol mapping)
    {
        var type = mapping as INamedTypeSymbol ?? mapping.ContainingType;
        foreach (var argument in map.ArgumentList.Arguments)
        {
            if (argument.Expression is not IdentifierNameSyntax group || type is null)
            {
                continue;
            }

            foreach (var member in type.GetMembers(group.Identifier.ValueText))
            {
                if (member is IMethodSymbol { Parameters.Length: 1 } method && !SymbolEqualityComparer.Default.Equals(method, mapping) &&
                    method.Parameters[0].Type.SpecialType is SpecialType.System_Single or SpecialType.System_Double &&
                    WritesASigmoid(method, throughMaps: false))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>x of <c>1 + x</c> or <c>x + 1</c>, or null.</summary>
    private static ExpressionSyntax? OnePlus(BinaryExpressionSyntax sum) =>
        IsOne(OperationFacts.StripSyntax(sum.Left)) ? OperationFacts.StripSyntax(sum.Right) : IsOne(OperationFacts.StripSyntax(sum.Right)) ? OperationFacts.StripSyntax(sum.Left) : null;

    private static bool IsOne(ExpressionSyntax expression) =>
        expression is LiteralExpressionSyntax literal && OperationFacts.WrittenLiteral(literal) == 1;

    private static bool Same(SyntaxNode a, SyntaxNode b) => a.IsEquivalentTo(b, topLevel: false);

    /// <summary><c>Math.Exp(…)</c>, <c>exp(…)</c>, <c>NDArray.Exp(…)</c>, <c>v.PointwiseExp()</c>, <c>Math.Pow(Math.E, …)</c>.</summary>
    private static bool IsExpCall(InvocationExpressionSyntax invocation)
    {
        var name = invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            _ => null,
        };
        return name is "Exp" or "exp" or "PointwiseExp" ||
               name == "Pow" && invocation.ArgumentList.Arguments.Count == 2 &&
               invocation.ArgumentList.Arguments[0].Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "E" };
    }

    private enum SiteKind
    {
        /// <summary><c>new T(…)</c>, by T's simple name.</summary>
        Creations,
        /// <summary><c>x is T</c>, <c>x is T t</c>, by T's simple name.</summary>
        TypeTests,
        /// <summary><c>case E.M:</c>, a switch arm <c>E.M =&gt;</c>, by M.</summary>
        CaseLabels,
        /// <summary><c>x == E.M</c>, <c>x != E.M</c>, by M.</summary>
        Comparisons,
    }

    /// <summary>
    /// The compilation's configuration sites that use a simple name written with a qualifier (<c>new T()</c>: T and T;
    /// <c>Cost.CrossEntropy</c> of an enum: the member and the enum), found
    /// when first asked (only a Bernoulli cost whose prediction has no other source asks). Where each identifier is written
    /// is read once from the files' text (a scan of characters, no syntax made); each place the name is written in a file
    /// that also holds the qualifier is then looked at through its token, so no file is walked.
    /// </summary>
    private sealed class Index
    {
        private readonly Compilation compilation;
        private readonly Dictionary<SyntaxTree, SemanticModel> models = new();
        private readonly Dictionary<string, List<SyntaxNode>[]> byName = new();
        private readonly SyntaxTree[] trees;
        private Dictionary<int, List<Occurrence>>? occurrences;

        public Index(Compilation compilation)
        {
            this.compilation = compilation;
            trees = compilation.SyntaxTrees.ToArray();
        }

        public IReadOnlyList<SyntaxNode> Named(SiteKind kind, string name, string qualifier)
        {
            List<SyntaxNode>[]? sites;
            lock (byName)
            {
                var key = name == qualifier ? name : qualifier + "." + name;
                if (!byName.TryGetValue(key, out sites))
                {
                    sites = Find(name, qualifier);
                    byName.Add(key, sites);
                }
            }

            return sites[(int)kind];
        }

        public ISymbol? SymbolOf(SyntaxNode node)
        {
            if (ModelOf(node.SyntaxTree) is not { } model)
            {
                return null;
            }

            var info = model.GetSymbolInfo(node);
            return info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
        }

        public ITypeSymbol? TypeOf(SyntaxNode creation) => ModelOf(creation.SyntaxTree)?.GetTypeInfo(creation).Type;

        private List<SyntaxNode>[] Find(string name, string qualifier)
        {
            var sites = new List<SyntaxNode>[4];
            for (var i = 0; i < sites.Length; i++)
            {
                sites[i] = new List<SyntaxNode>();
            }

            // (types, methods and enum members are written in Pascal case: other identifiers are not indexed)
            if (name.Length == 0 || qualifier.Length == 0 || !char.IsUpper(name[0]) || !char.IsUpper(qualifier[0]))
            {
                return sites;
            }

            occurrences ??= IdentifiersOf(trees);
            if (!occurrences.TryGetValue(Hash(name, 0, name.Length), out var named) ||
                !occurrences.TryGetValue(Hash(qualifier, 0, qualifier.Length), out var qualified))
            {
                return sites;
            }

            var filesWithQualifier = new HashSet<int>();
            foreach (var occurrence in qualified)
            {
                filesWithQualifier.Add(occurrence.File);
            }

            // each place the name is written: its token, and the syntax around it (a comment's or a string's is no token of it)
            foreach (var occurrence in named)
            {
                if (!filesWithQualifier.Contains(occurrence.File))
                {
                    continue;
                }

                var token = trees[occurrence.File].GetRoot().FindToken(occurrence.Position);
                if (token.SpanStart != occurrence.Position || token.ValueText != name || token.Parent is not SimpleNameSyntax written)
                {
                    continue;
                }

                SyntaxNode type = written.Parent is QualifiedNameSyntax qualifiedName && qualifiedName.Right == written ? qualifiedName : written;
                switch (type.Parent)
                {
                    case ObjectCreationExpressionSyntax creation when creation.Type == type:
                        sites[(int)SiteKind.Creations].Add(creation);
                        continue;
                    case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.IsExpression } test when test.Right == type:
                    case TypePatternSyntax:
                    case DeclarationPatternSyntax pattern when pattern.Type == type:
                        sites[(int)SiteKind.TypeTests].Add(type);
                        continue;
                }

                if (written.Parent is MemberAccessExpressionSyntax access && access.Name == written)
                {
                    switch (access.Parent)
                    {
                        case CaseSwitchLabelSyntax:
                        case ConstantPatternSyntax { Parent: CasePatternSwitchLabelSyntax or SwitchExpressionArmSyntax }:
                            sites[(int)SiteKind.CaseLabels].Add(access);
                            break;
                        case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression or (int)SyntaxKind.NotEqualsExpression }:
                            sites[(int)SiteKind.Comparisons].Add(access);
                            break;
                    }
                }
            }

            return sites;
        }

        /// <summary>
        /// Where (file index, position) each identifier in Pascal case is written, read from the files' text and kept by a
        /// hash of its characters (no string is made per identifier; the token found at a position is checked against the
        /// name, so two names of one hash cost a look, never a wrong answer).
        /// </summary>
        private static Dictionary<int, List<Occurrence>> IdentifiersOf(SyntaxTree[] trees)
        {
            var found = new Dictionary<int, List<Occurrence>>();
            for (var i = 0; i < trees.Length; i++)
            {
                var text = trees[i].GetText().ToString();
                var start = -1;
                for (var k = 0; k <= text.Length; k++)
                {
                    var c = k < text.Length ? text[k] : ' ';
                    var part = char.IsLetterOrDigit(c) || c == '_';
                    if (part && start == -1)
                    {
                        // a word that starts with a digit (a literal's tail) or a lower-case letter is skipped whole
                        start = char.IsUpper(c) ? k : -2;
                    }
                    else if (!part && start != -1)
                    {
                        if (start >= 0)
                        {
                            var hash = Hash(text, start, k - start);
                            if (!found.TryGetValue(hash, out var list))
                            {
                                found.Add(hash, list = new List<Occurrence>());
                            }

                            list.Add(new Occurrence(i, start));
                        }

                        start = -1;
                    }
                }
            }

            return found;
        }

        /// <summary>FNV-1a of the characters <c>text[start .. start + length)</c>.</summary>
        private static int Hash(string text, int start, int length)
        {
            unchecked
            {
                var hash = (int)2166136261;
                for (var k = start; k < start + length; k++)
                {
                    hash = (hash ^ text[k]) * 16777619;
                }

                return hash;
            }
        }

        private SemanticModel? ModelOf(SyntaxTree tree)
        {
            lock (models)
            {
                if (!models.TryGetValue(tree, out var model))
                {
#pragma warning disable RS1030 // Configuration is read across the files of the compilation; each file's model is made once per index.
                    model = compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                    models.Add(tree, model);
                }

                return model;
            }
        }

        private readonly struct Occurrence
        {
            public Occurrence(int file, int position)
            {
                File = file;
                Position = position;
            }

            public int File { get; }

            public int Position { get; }
        }
    }
}
