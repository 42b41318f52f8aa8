using System.Threading.Tasks;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// Method summaries are cached per compilation (issue #14): an answer cut short by the depth budget must not be kept
/// and given to a caller that has budget left.
/// </summary>
public class SummaryCacheTests
{
    [Fact]
    public Task SummaryFirstReachedAtTheDepthLimit_StillAnswersADirectCall() => VerifyCS.Diagnostics("""
        using System;

        static class Model
        {
            static double Probability(double z) => 1.0 / (1.0 + Math.Exp(-z));
            static double W1(double z) => Probability(z);
            static double W2(double z) => W1(z);
            static double W3(double z) => W2(z);
            static double W4(double z) => W3(z);
            static double W5(double z) => W4(z);
            static double W6(double z) => W5(z);
            static double W7(double z) => W6(z);
            static double W8(double z) => W7(z);
            static double W9(double z) => W8(z);
            static double W10(double z) => W9(z);

            public static double Scores(double z)
            {
                // ten wrappers deep: beyond the budget, unknown (and silent)...
                var deep = Math.Log(W10(z));

                // ...but the helper reached at the limit must still answer a direct call
                return deep - {|LOSS001:Math.Log(Probability(z))|} - {|LOSS001:Math.Log(W2(z))|};
            }
        }
        """);
}
