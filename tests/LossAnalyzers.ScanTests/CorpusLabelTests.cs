using LossAnalyzers.Scan;
using Xunit;

namespace LossAnalyzers.ScanTests;

/// <summary>The development corpus's label kinds: a scoped negative only speaks about the rules it names.</summary>
public class CorpusLabelTests
{
    [Fact]
    public void PlainNegative_ConcernsEveryRule()
    {
        var label = new CorpusLabel("u", "a.cs", 3, "NONE", "correct");
        Assert.True(label.IsNegative);
        Assert.False(label.IsPositive);
        Assert.True(label.Concerns("LOSS003"));
        Assert.True(label.Concerns("LOSS007"));
    }

    [Fact]
    public void ScopedNegative_ConcernsOnlyItsRules()
    {
        // a BCELoss on a sigmoid model: a true LOSS003 site, a look-alike for LOSS007/LOSS008
        var label = new CorpusLabel("u", "a.cs", 3, "NONE:LOSS007,LOSS008", "BCELoss on a Sigmoid-ending model");
        Assert.True(label.IsNegative);
        Assert.False(label.IsPositive);
        Assert.True(label.Concerns("LOSS007"));
        Assert.True(label.Concerns("LOSS008"));
        Assert.False(label.Concerns("LOSS003"));
    }

    [Fact]
    public void Positive_IsNotANegative()
    {
        var label = new CorpusLabel("u", "a.cs", 3, "LOSS003", "misuse");
        Assert.True(label.IsPositive);
        Assert.False(label.IsNegative);
        Assert.True(label.Concerns("LOSS001"));
    }
}
