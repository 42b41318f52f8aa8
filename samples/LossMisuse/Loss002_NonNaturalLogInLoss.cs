using System;

namespace LossMisuse;

/// <summary>LOSS002: a base-10/base-2 logarithm in loss code.</summary>
internal static class Loss002
{
    public static double LogLoss(double probabilityOfTrueClass) =>
        -Math.Log10(Math.Clamp(probabilityOfTrueClass, 1e-12, 1 - 1e-12));

    public static double CrossEntropyBits(double[] target, double[] predicted)
    {
        double loss = 0;
        for (int k = 0; k < target.Length; k++)
        {
            loss -= target[k] * Math.Log(Math.Max(predicted[k], 1e-12), 2);
        }

        return loss;
    }

    // Not flagged: decibels and digit counts are not loss code.
    public static double Decibels(double power) => 10 * Math.Log10(power);

    public static int Digits(int n) => (int)Math.Floor(Math.Log10(n)) + 1;
}
