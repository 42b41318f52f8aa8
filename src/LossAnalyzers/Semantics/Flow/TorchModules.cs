using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>
/// What TorchSharp module a receiver holds when its declared type says less: <c>Loss&lt;Tensor, Tensor, Tensor&gt; criterion
/// = nn.BCELoss();</c>, a <c>Module&lt;Tensor, Tensor&gt;</c> field assigned <c>nn.Sequential(...)</c> in the constructor. The
/// module is the one every write of the local or field creates.
/// </summary>
internal static class TorchModules
{
    /// <summary>The names of the factories (<c>nn.BCELoss()</c>, <c>BCELoss()</c> under <c>using static</c>) this looks for.</summary>
    private static readonly string[] Factories = { "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "NLLLoss", "Sequential" };

    /// <summary>
    /// The concrete module type the receiver was created as, when its static type is a TorchSharp base (a generic
    /// <c>Module</c>, <c>Loss</c> or <c>WeightedLoss</c>) and every write of it is one creation; otherwise null.
    /// </summary>
    public static ITypeSymbol? CreatedType(IOperation receiver, KnownSymbols symbols) => CreatedType(receiver, symbols, depth: 0);

    private static ITypeSymbol? CreatedType(IOperation receiver, KnownSymbols symbols, int depth)
    {
        if (receiver.Type is not INamedTypeSymbol { IsGenericType: true, Name: "Module" or "Loss" or "WeightedLoss" } declared ||
            declared.ContainingAssembly?.Name != "TorchSharp" || depth > 3)
        {
            return null;
        }

        var stripped = OperationFacts.Strip(receiver);
        switch (stripped)
        {
            case ILocalReferenceOperation local:
            {
                if (Dataflow.ReachingValues(local.Local, stripped) is not { Count: > 0 } values)
                {
                    return null;
                }

                ITypeSymbol? created = null;
                foreach (var value in values)
                {
                    var type = OperationFacts.Strip(value) is IInvocationOperation creation && IsFactory(creation.TargetMethod.Name)
                        ? creation.Type
                        : null;
                    if (type is null || created is not null && !SymbolEqualityComparer.Default.Equals(type, created))
                    {
                        return null;
                    }

                    created = type;
                }

                return created;
            }

            case IParameterReferenceOperation { Parameter: { HasExplicitDefaultValue: true, ExplicitDefaultValue: null } parameter }:
                return DefaultedParameterFactory(parameter, stripped);
            case IParameterReferenceOperation { Parameter: var parameter }:
                // RunEpoch(…, Loss<Tensor, Tensor, Tensor> loss, …) of a private method: the criterion every call passes
                return ParameterFactory(parameter, symbols, depth);
            case IFieldReferenceOperation field when OperationFacts.IsInSource(field.Field):
                return FieldFactory(field.Field, symbols);
            case IPropertyReferenceOperation property when OperationFacts.IsInSource(property.Property):
                return FieldFactory(property.Property, symbols);
            default:
                return null;
        }
    }

    private static bool IsFactory(string name) => System.Array.IndexOf(Factories, name) >= 0;

    /// <summary>The module every call of a private method passes for the parameter: one factory's, or a local or member holding it.</summary>
    private static ITypeSymbol? ParameterFactory(IParameterSymbol parameter, KnownSymbols symbols, int depth)
    {
        ITypeSymbol? created = null;
        foreach (var argument in CallSites.ArgumentsOf(parameter, symbols) ?? System.Array.Empty<IOperation>())
        {
            var type = OperationFacts.Strip(argument) is IInvocationOperation creation && IsFactory(creation.TargetMethod.Name)
                ? creation.Type
                : argument.Type is INamedTypeSymbol { IsGenericType: false, ContainingAssembly.Name: "TorchSharp" } concrete
                    ? concrete // var loss = nn.BCELoss(); … RunEpoch(…, loss, …): the local's own type is the module's
                    : CreatedType(argument, symbols, depth + 1);
            if (type is null || created is not null && !SymbolEqualityComparer.Default.Equals(type, created))
            {
                return null;
            }

            created = type;
        }

        return created;
    }

    /// <summary>
    /// A parameter defaulting to null whose only write in the body is <c>criterion ??= nn.BCELoss()</c>: the module it holds
    /// where a caller leaves the argument out (callers that pass one are checked at the call, see
    /// <see cref="BceShapes.HelperSummary.DefaultedCriterionOrdinal"/>).
    /// </summary>
    private static ITypeSymbol? DefaultedParameterFactory(IParameterSymbol parameter, IOperation use)
    {
        ITypeSymbol? created = null;
        foreach (var operation in OperationFacts.Descendants(OperationFacts.Root(use), intoFunctions: false))
        {
            switch (operation)
            {
                case ICoalesceAssignmentOperation coalesce when OperationFacts.Strip(coalesce.Target) is IParameterReferenceOperation target &&
                                                                SymbolEqualityComparer.Default.Equals(target.Parameter, parameter):
                    if (created is not null || OperationFacts.Strip(coalesce.Value) is not IInvocationOperation factory ||
                        !IsFactory(factory.TargetMethod.Name) || coalesce.Syntax.SpanStart > use.Syntax.SpanStart)
                    {
                        return null;
                    }

                    created = factory.Type;
                    break;
                case IAssignmentOperation assignment when OperationFacts.Strip(assignment.Target) is IParameterReferenceOperation written &&
                                                          SymbolEqualityComparer.Default.Equals(written.Parameter, parameter):
                    return null;
            }
        }

        return created;
    }

    /// <summary>
    /// A field or auto-property written only with one factory name (its initializer and assignments in its type's
    /// declarations, read from syntax): that factory's module type. Cached per member.
    /// </summary>
    private static ITypeSymbol? FieldFactory(ISymbol member, KnownSymbols symbols) =>
        // asked for every call of a Module-typed field: the cached answer first, without a closure per call
        symbols.ModuleFields.TryGetValue(member, out var known) ? known.Value : ComputeFieldFactory(member, symbols);

    private static ITypeSymbol? ComputeFieldFactory(ISymbol member, KnownSymbols symbols) =>
        symbols.ModuleFields.GetOrAdd(member, m =>
        {
            string? factory = null;
            bool Agree(ExpressionSyntax? value)
            {
                var name = value is InvocationExpressionSyntax call
                    ? call.Expression switch
                    {
                        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                        _ => null,
                    }
                    : null;
                if (name is null || !IsFactory(name) || factory is not null && factory != name)
                {
                    return false;
                }

                factory = name;
                return true;
            }

            foreach (var reference in m.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax();
                var initializer = declaration switch
                {
                    VariableDeclaratorSyntax variable => variable.Initializer?.Value,
                    PropertyDeclarationSyntax property => property.Initializer?.Value,
                    _ => null,
                };
                if (initializer is not null && !Agree(initializer))
                {
                    return new Box<ITypeSymbol?>(null);
                }
            }

            foreach (var typeReference in m.ContainingType.DeclaringSyntaxReferences)
            {
                foreach (var assignment in typeReference.GetSyntax().DescendantNodes())
                {
                    if (assignment is AssignmentExpressionSyntax written && Names(written.Left, m.Name) &&
                        (!written.IsKind(SyntaxKind.SimpleAssignmentExpression) || !Agree(written.Right)))
                    {
                        return new Box<ITypeSymbol?>(null);
                    }
                }
            }

            return new Box<ITypeSymbol?>(factory switch
            {
                "BCELoss" => symbols.BceLossModule,
                "BCEWithLogitsLoss" => symbols.BceWithLogitsLossModule,
                "CrossEntropyLoss" => symbols.CrossEntropyLossModule,
                "NLLLoss" => symbols.NllLossModule,
                "Sequential" => symbols.SequentialModule,
                _ => null,
            });
        }).Value;

    private static bool Names(ExpressionSyntax left, string name) => left switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText == name,
        _ => false,
    };
}
