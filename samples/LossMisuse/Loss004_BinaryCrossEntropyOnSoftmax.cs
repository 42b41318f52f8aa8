using System;
using StableLoss;

namespace LossMisuse;

/// <summary>LOSS004: binary cross-entropy on softmax outputs.</summary>
internal static class Loss004
{
    public static double[] Softmax(double[] z)
    {
        double max = double.NegativeInfinity;
        foreach (var v in z)
        {
            max = Math.Max(max, v);
        }

        var result = new double[z.Length];
        double sum = 0;
        for (int k = 0; k < z.Length; k++)
        {
            result[k] = Math.Exp(z[k] - max);
            sum += result[k];
        }

        for (int k = 0; k < z.Length; k++)
        {
            result[k] /= sum;
        }

        return result;
    }

    // Plain C#: one BCE per class over a softmax.
    public static double PerClassBce(double[] z, double[] y)
    {
        var p = SoftmaxDirect(z);
        double loss = 0;
        for (int k = 0; k < z.Length; k++)
            loss -= y[k] * Math.Log(p[k]) + (1 - y[k]) * Math.Log(1 - p[k]);
        return loss;
    }

    // StableLoss spans: BCE on the output of StableMath.Softmax.
    public static double Pipeline(double[] z, double[] y)
    {
        var p = new double[z.Length];
        StableMath.Softmax(z, p);
        return Loss.BinaryCrossEntropy(p, y, Reduction.Sum);
    }

    private static double[] SoftmaxDirect(double[] z)
    {
        var result = new double[z.Length];
        double sum = 0;
        for (int k = 0; k < z.Length; k++)
        {
            sum += Math.Exp(z[k]);
        }

        for (int k = 0; k < z.Length; k++)
        {
            result[k] = Math.Exp(z[k]) / sum;
        }

        return result;
    }
}
