using LossAnalyzers.Semantics;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers;

/// <summary>
/// One analysed invocation, as every rule sees it: built by the host (<see cref="LossAnalyzer"/>) for the callback and
/// dropped when the callback ends. What several rules ask of the same call — its API classification, the loss context of
/// its file, the binary cross-entropy it is part of and that BCE's probability operand — is computed at most once, on
/// first use, and lives here (reset with the call) rather than in memos that outlive it.
/// </summary>
internal sealed class CallSite
{
    // One instance per thread, reset for every analysed call: the host analyses most of a compilation's invocations, and
    // an object per call was the rules' largest allocation. Begin/End bracket one callback; nothing keeps a reference.
    [System.ThreadStatic]
    private static CallSite? current;

    private AnalyzerOptions? options;
    private ApiCall? call;
    private LossContext? lossContext;
    private bool bceSearched;
    private BceSite? bce;
    private bool bceResolved;
    private ValueSource? bceProbability;
    private Microsoft.CodeAnalysis.IOperation? resolvedValue;
    private ValueSource? resolvedSource;
    private bool? sigmoidTerm;

    private bool? softmaxBernoulliTerm;
    private bool enclosingSearched;
    private BceSite? enclosing;
    private bool? inLossCode;

    private CallSite()
    {
    }

    /// <summary>The call site of <paramref name="invocation"/> for this callback (the thread's instance, reset).</summary>
    public static CallSite Begin(IInvocationOperation invocation, Provenance provenance, AnalyzerOptions options, ulong functions)
    {
        var site = current ??= new CallSite();
        site.Invocation = invocation;
        site.Provenance = provenance;
        site.options = options;
        site.Functions = functions;
        return site;
    }

    /// <summary>Forgets the call and everything found about it (the host, when all rules have seen it).</summary>
    public void End()
    {
        Invocation = null!;
        Provenance = null!;
        options = null;
        Functions = 0;
        call = null;
        lossContext = null;
        bceSearched = false;
        bce = null;
        bceResolved = false;
        bceProbability = null;
        resolvedValue = null;
        resolvedSource = null;
        sigmoidTerm = null;
        softmaxBernoulliTerm = null;
        enclosingSearched = false;
        enclosing = null;
        inLossCode = null;
    }

    /// <summary>The site being analysed on this thread when it is <paramref name="invocation"/>'s, else null: lets shared
    /// helpers asked about the analysed call (<see cref="BceShapes.Enclosing"/>, <see cref="Semantics.LossContext.IsInLossCode"/>)
    /// answer from this site's memo.</summary>
    public static CallSite? Of(Microsoft.CodeAnalysis.IOperation operation) =>
        current is { } site && ReferenceEquals(site.Invocation, operation) ? site : null;

    /// <summary><see cref="BceShapes.Enclosing"/> of the call, searched once (for any base; a natural log's answer is the same
    /// either way, and another base's is null unless asked for).</summary>
    public BceSite? EnclosingBce(bool anyBase)
    {
        if (!enclosingSearched)
        {
            enclosing = BceShapes.FindEnclosing(Invocation, Symbols, anyBase: true);
            enclosingSearched = true;
        }

        return anyBase || Call.Function == MathFunction.Log ? enclosing : null;
    }

    /// <summary><see cref="Semantics.LossContext.IsInLossCode"/> of the call, answered once.</summary>
    public bool IsInLossCode => inLossCode ??= LossContext.ComputeIsInLossCode(Invocation);

    /// <summary>
    /// <see cref="Provenance.Resolve"/> of a value at this call, remembered for the next rule that asks about the same
    /// value (compared without its guards: LOSS001 and LOSS003's guarded-term check both ask about the logged value).
    /// </summary>
    public ValueSource? Resolve(Microsoft.CodeAnalysis.IOperation value)
    {
        var key = OperationFacts.StripGuards(OperationFacts.Strip(value));
        if (!ReferenceEquals(key, resolvedValue))
        {
            resolvedSource = Provenance.Resolve(key, LossContext);
            resolvedValue = key;
        }

        return resolvedSource;
    }

    public IInvocationOperation Invocation { get; private set; } = null!;

    /// <summary>The per-compilation service: known symbols, method summaries, provenance.</summary>
    public Provenance Provenance { get; private set; } = null!;

    public KnownSymbols Symbols => Provenance.Symbols;

    /// <summary>The functions the method's name can stand for (<see cref="MathApi.Mask(MathFunction)"/>), looked up once.</summary>
    public ulong Functions { get; private set; }

    /// <summary>Can the call's name stand for one of these functions?</summary>
    public bool MayBe(ulong functions) => (Functions & functions) != 0;

    /// <summary>The call's classification (<see cref="MathApi.Classify"/>), computed on first use.</summary>
    public ApiCall Call => call ??= Functions == 0 ? default : MathApi.Classify(Invocation, Symbols);

    /// <summary>The loss-context options of the call's file (names, ε), computed on first use.</summary>
    public LossContext LossContext => lossContext ??= LossContext.For(options!, Invocation.Syntax.SyntaxTree);

    /// <summary>The binary cross-entropy the call is (an API call, a helper call, the <c>log p</c> of a hand-written one), if any;
    /// searched once for LOSS003, LOSS004 and LOSS008.</summary>
    public BceSite? Bce
    {
        get
        {
            if (!bceSearched)
            {
                bce = BceShapes.FromInvocation(Invocation, Symbols, Call);
                bceSearched = true;
            }

            return bce;
        }
    }

    /// <summary>What the BCE's probability operand is (<see cref="Provenance.Resolve"/>), resolved once for LOSS003 and LOSS004.</summary>
    public ValueSource? BceProbability
    {
        get
        {
            if (!bceResolved)
            {
                bceProbability = Bce is { } site ? Provenance.Resolve(site.Probability, LossContext) : null;
                bceResolved = true;
            }

            return bceProbability;
        }
    }

    /// <summary>
    /// Is the logged value a sigmoid output used as a target-weighted term of a cross-entropy outside any whole BCE
    /// (<see cref="Precedence.Loss001YieldsToSigmoidTerm"/>)? LOSS001 yields on it and LOSS003 reports on it: answered once.
    /// </summary>
    public bool IsSigmoidCrossEntropyTerm => TermAnswer(ref sigmoidTerm, static (site, probability, isComplement) =>
        Precedence.Loss001YieldsToSigmoidTerm(site.Invocation, probability, isComplement, site.Resolve(probability), site.Symbols, site.LossContext));

    /// <summary>
    /// Is the logged value a softmax output used as one side of a Bernoulli term pair outside any whole BCE
    /// (<see cref="Precedence.Loss001YieldsToSoftmaxBernoulliTerm"/>)? LOSS001 yields on it and LOSS004 reports on it.
    /// </summary>
    public bool IsSoftmaxBernoulliTerm => TermAnswer(ref softmaxBernoulliTerm, static (site, probability, isComplement) =>
        Precedence.Loss001YieldsToSoftmaxBernoulliTerm(site.Invocation, probability, isComplement, site.Resolve(probability), site.Provenance, site.LossContext));

    /// <summary>A question about the logged value (p of log p or log(1 − p)), answered once per call site.</summary>
    private bool TermAnswer(ref bool? memo, System.Func<CallSite, Microsoft.CodeAnalysis.IOperation, bool, bool> ask)
    {
        if (memo is null)
        {
            var (probability, isComplement) = Call.Operand is { } operand ? BceShapes.ProbabilityOf(operand) : (null!, false);
            memo = probability is not null && ask(this, probability, isComplement);
        }

        return memo.Value;
    }
}
