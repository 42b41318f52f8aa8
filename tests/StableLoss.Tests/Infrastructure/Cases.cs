using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace StableLoss.Tests.Infrastructure;

public static class Cases
{
    public static TheoryData<string> Formats => new TheoryData<string> { "double", "single" };

    /// <summary>Every length from 0 to 70 (covers every vector width up to 512 bits, several full vectors plus
    /// every possible tail) and a few large ones (unrolled loops, 4-vector blocks plus tails).</summary>
    public static IEnumerable<int> Lengths => Enumerable.Range(0, 71).Concat(new[] { 127, 128, 129, 255, 256, 257, 1000, 4099 });

    /// <summary>Start offsets into the data: a different element lands in each lane, and the arrays differ in alignment.</summary>
    public static readonly int[] Offsets = { 0, 1, 3 };

    /// <summary>length elements of rows starting at offset, cycling when the data is shorter.</summary>
    public static T[] Window<T>(IReadOnlyList<T> rows, int length, int offset)
    {
        var w = new T[length];
        for (int i = 0; i < length; i++)
        {
            w[i] = rows[(offset + i) % rows.Count];
        }

        return w;
    }

    /// <summary>
    /// Absolute error allowance for a reduced value (Sum) of terms t_i whose own error bounds are tol_i ulps:
    /// sum_i tol_i * ulp(t_i) (the error of the terms) + (n + 2) * u * sum_i |t_i|, the worst-case bound of
    /// recursive summation, gamma_(n-1) * sum |t_i| (Higham, Accuracy and Stability, 4.2), with 2u of slack for
    /// the final rounding. Pairwise, vectorized or compensated summation are all within this bound.
    /// </summary>
    public static double SumAllowance(Fmt f, IEnumerable<(double Term, double TolUlps)> terms)
    {
        double termErrors = 0, magnitude = 0;
        int n = 0;
        foreach (var (t, tol) in terms)
        {
            n++;
            termErrors += tol * f.Spacing(t);
            magnitude += Math.Abs(t);
        }

        return termErrors + (n + 2) * f.UnitRoundoff * magnitude;
    }
}
