using System;
using System.Runtime.CompilerServices;

namespace StableLoss.Internal;

/// <summary>
/// Neumaier (improved Kahan-Babuska) compensated summation. The error of the sum does not grow with the
/// number of terms (it stays within about one ulp of the exact sum plus the condition-number term).
/// </summary>
internal struct CompensatedSum
{
    private double _sum;
    private double _compensation;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double value)
    {
        double t = _sum + value;
        if (Math.Abs(_sum) >= Math.Abs(value))
        {
            _compensation += (_sum - t) + value;
        }
        else
        {
            _compensation += (value - t) + _sum;
        }

        _sum = t;
    }

    /// <summary>The compensated sum. Infinite partial sums are returned as they are (the compensation is then NaN).</summary>
    public readonly double Value => double.IsInfinity(_sum) ? _sum : _sum + _compensation;
}
