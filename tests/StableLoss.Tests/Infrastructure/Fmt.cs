using System;

namespace StableLoss.Tests.Infrastructure;

/// <summary>
/// One IEEE-754 binary format. All test values are carried as <see cref="double"/>; binary32 values are widened
/// exactly, and distances are measured in the format the API under test computes in.
/// </summary>
public sealed class Fmt
{
    public static readonly Fmt Double = new Fmt("double", 53);
    public static readonly Fmt Single = new Fmt("single", 24);

    private Fmt(string name, int precision)
    {
        Name = name;
        Precision = precision;
        UnitRoundoff = Math.ScaleB(1.0, -precision);
    }

    public string Name { get; }

    /// <summary>Significand bits including the hidden bit.</summary>
    public int Precision { get; }

    /// <summary>u = 2^-p: the relative error bound of one correctly rounded operation.</summary>
    public double UnitRoundoff { get; }

    public bool IsSingle => ReferenceEquals(this, Single);

    /// <summary>Distance in ulps (number of representable values between a and b, ±0 counting as one value).
    /// NaN against NaN is 0, NaN against anything else is <see cref="ulong.MaxValue"/>.</summary>
    public ulong Distance(double a, double b) => IsSingle ? Ulps.Distance((float)a, (float)b) : Ulps.Distance(a, b);

    /// <summary>The spacing of the format at |e| (ulp(e)); for the largest finite value the spacing below it.</summary>
    public double Spacing(double e) => IsSingle ? Ulps.Spacing((float)e) : Ulps.Spacing(e);

    /// <summary>True when v is exactly representable in this format (or NaN/infinite).</summary>
    public bool IsRepresentable(double v) => !IsSingle || double.IsNaN(v) || (double)(float)v == v;

    public override string ToString() => Name;
}

/// <summary>ULP distance via the ordered integer representation of the bits.</summary>
public static class Ulps
{
    /// <summary>Maps the bits of a double to a signed integer that is monotonic in the value; +0 and -0 both map to 0.</summary>
    public static long Ordered(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        return bits >= 0 ? bits : long.MinValue - bits;
    }

    public static int Ordered(float x)
    {
        int bits = BitConverter.SingleToInt32Bits(x);
        return bits >= 0 ? bits : int.MinValue - bits;
    }

    public static ulong Distance(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return double.IsNaN(a) && double.IsNaN(b) ? 0UL : ulong.MaxValue;
        }

        long oa = Ordered(a), ob = Ordered(b);
        return oa >= ob ? (ulong)oa - (ulong)ob : (ulong)ob - (ulong)oa;
    }

    public static ulong Distance(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b))
        {
            return float.IsNaN(a) && float.IsNaN(b) ? 0UL : ulong.MaxValue;
        }

        long oa = Ordered(a), ob = Ordered(b);
        return (ulong)Math.Abs(oa - ob);
    }

    public static double Spacing(double e)
    {
        double a = Math.Abs(e);
        if (double.IsNaN(a) || double.IsInfinity(a))
        {
            return double.NaN;
        }

        return a == double.MaxValue ? a - Math.BitDecrement(a) : Math.BitIncrement(a) - a;
    }

    public static double Spacing(float e)
    {
        float a = Math.Abs(e);
        if (float.IsNaN(a) || float.IsInfinity(a))
        {
            return double.NaN;
        }

        return a == float.MaxValue ? (double)a - MathF.BitDecrement(a) : (double)MathF.BitIncrement(a) - a;
    }
}
