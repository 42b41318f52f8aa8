using System;
using System.Numerics.Tensors;

namespace LossMisuse;

/// <summary>LOSS006: a log/exp composition with a stable form.</summary>
internal static class Loss006
{
    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    public static double LogPartition(double[] z)
    {
        double sum = 0;
        foreach (var v in z)
        {
            sum += Math.Exp(v);
        }

        return Math.Log(sum);
    }

    public static double[] Softmax(double[] z)
    {
        double sum = 0;
        foreach (var v in z)
        {
            sum += Math.Exp(v);
        }

        var p = new double[z.Length];
        for (int i = 0; i < z.Length; i++)
        {
            p[i] = Math.Exp(z[i]) / sum;
        }

        return p;
    }

    public static float[] TensorSoftmax(float[] z)
    {
        var p = new float[z.Length];
        TensorPrimitives.SoftMax(z, p);
        return p;
    }

    public static double SmoothedRate(double rate) => double.LogP1(rate);

    // Not flagged: the stable forms written by hand.
    public static double SoftplusByHand(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    public static double LogSumExpByHand(double[] z)
    {
        double max = double.NegativeInfinity;
        foreach (var v in z)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        foreach (var v in z)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }
}
