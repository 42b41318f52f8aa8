using System;
using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers;

/// <summary>
/// One rule as <see cref="LossAnalyzer"/> runs it: its descriptor, whether a compilation can contain what it looks for,
/// and its callbacks for invocations and (optionally) binary operations. Each rule's file under <c>Rules/</c> defines one.
/// </summary>
internal sealed class Rule
{
    public Rule(
        DiagnosticDescriptor descriptor,
        Func<KnownSymbols, bool> applies,
        Action<OperationAnalysisContext, CallSite> invocation,
        Action<OperationAnalysisContext, IBinaryOperation, Provenance>? binary,
        ulong? calls = null,
        bool helperCalls = false,
        bool contractCalls = false)
    {
        Descriptor = descriptor;
        Applies = applies;
        Invocation = invocation;
        Binary = binary;
        Calls = calls;
        HelperCalls = helperCalls;
        ContractCalls = contractCalls;
    }

    public DiagnosticDescriptor Descriptor { get; }

    public string Id => Descriptor.Id;

    /// <summary>False when the compilation references nothing the rule looks for: it registers nothing then.</summary>
    public Func<KnownSymbols, bool> Applies { get; }

    /// <summary>What the rule does with an analysed call (<see cref="CallSite"/>: the call and what is known of it).</summary>
    public Action<OperationAnalysisContext, CallSite> Invocation { get; }

    public Action<OperationAnalysisContext, IBinaryOperation, Provenance>? Binary { get; }

    /// <summary>
    /// The functions (a <see cref="MathApi.Mask(MathFunction)"/>) whose calls <see cref="Invocation"/> looks at, or null
    /// for every call (a user's helper, say). The host skips the rule for other calls after one lookup of the name for
    /// all rules; the rule still checks for itself.
    /// </summary>
    public ulong? Calls { get; }

    /// <summary>
    /// Does the rule also look at every call that can be a user's loss helper (<see cref="BceShapes.MayBeHelperCall"/>:
    /// two or more arguments, a floating-point result), whatever its name?
    /// </summary>
    public bool HelperCalls { get; }

    /// <summary>
    /// Does the rule also look at every call that may consume a contract besides <see cref="Calls"/> and
    /// <see cref="HelperCalls"/> (<see cref="Contracts.MayExpect"/>: a method with a <c>[Logits]</c> or
    /// <c>[Probability]</c> parameter, a TorchSharp loss by name)? The host asks that test once per call for all rules.
    /// </summary>
    public bool ContractCalls { get; }

    /// <summary>
    /// Does the rule look at a call of a method whose name can be <paramref name="functions"/>, or that
    /// <paramref name="mayBeHelper"/> (see <see cref="HelperCalls"/>), or that may consume a contract (see
    /// <see cref="ContractCalls"/>; <paramref name="mayExpect"/> holds the answer once a rule has asked)?
    /// </summary>
    public bool WantsCall(ulong functions, bool mayBeHelper, IInvocationOperation invocation, KnownSymbols symbols, ref bool? mayExpect) =>
        Calls is not { } calls || (calls & functions) != 0 || HelperCalls && mayBeHelper ||
        ContractCalls && (mayExpect ??= Contracts.MayExpect(invocation, symbols));
}
