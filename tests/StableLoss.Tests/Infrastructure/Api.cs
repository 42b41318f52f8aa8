using System;
using System.Linq;

namespace StableLoss.Tests.Infrastructure;

/// <summary>
/// The public StableLoss API seen through doubles, so that one test body covers both the double and the float
/// overloads. The float adapter converts inputs with exact narrowing (all test inputs are float values) and
/// widens results exactly; it never computes anything itself.
/// </summary>
public abstract class Api
{
    public static readonly Api Double = new DoubleApi();
    public static readonly Api Single = new SingleApi();

    public static Api For(string format) => format == "double" ? Double : format == "single" ? Single : throw new ArgumentException(format);

    public abstract Fmt F { get; }

    public abstract double Log1p(double x);
    public abstract double Softplus(double x);
    public abstract double LogSigmoid(double x);
    public abstract double Sigmoid(double x);
    public abstract void Softplus(double[] x, double[] destination);
    public abstract void LogSigmoid(double[] x, double[] destination);
    public abstract void Sigmoid(double[] x, double[] destination);
    public abstract double LogSumExp(double[] x);
    public abstract void Softmax(double[] x, double[] destination);
    public abstract void LogSoftmax(double[] x, double[] destination);
    public abstract double SafeLog(double p);
    public abstract double SafeLog(double p, double epsilon);

    public abstract double Bce(double x, double y);
    public abstract double Bce(double x, double y, double posWeight);
    public abstract double Bce(double[] x, double[] y, Reduction reduction, double posWeight = 1, double[]? weights = null);
    public abstract void Bce(double[] x, double[] y, double[] destination, double posWeight = 1, double[]? weights = null);
    public abstract double BceGrad(double x, double y, double posWeight = 1);
    public abstract void BceGrad(double[] x, double[] y, double[] destination, Reduction reduction = Reduction.None, double posWeight = 1, double[]? weights = null);

    public abstract double BceProb(double p, double y);
    public abstract double BceProb(double p, double y, double epsilon);
    public abstract double BceProb(double[] p, double[] y, Reduction reduction);
    public abstract double BceProb(double[] p, double[] y, Reduction reduction, double epsilon);

    public abstract double Ce(double[] logits, int target, double labelSmoothing = 0);
    public abstract double Ce(double[] logits, double[] distribution);
    public abstract double Ce(double[] logits, int[] targets, int classes, Reduction reduction = Reduction.Mean, double labelSmoothing = 0, int ignoreIndex = -100);
    public abstract void CeGrad(double[] logits, int target, double[] destination, double labelSmoothing = 0);
    public abstract void CeGrad(double[] logits, double[] distribution, double[] destination);
    public abstract void CeGrad(double[] logits, int[] targets, int classes, double[] destination, Reduction reduction = Reduction.Mean, double labelSmoothing = 0, int ignoreIndex = -100);

    public abstract double Focal(double x, double y, double alpha, double gamma);
    public abstract double Focal(double[] x, double[] y, Reduction reduction, double alpha, double gamma);

    public abstract double[] Balanced(double[] labels);
    public abstract double PositiveWeight(double[] labels);

    public override string ToString() => F.Name;

    private sealed class DoubleApi : Api
    {
        public override Fmt F => Fmt.Double;
        public override double Log1p(double x) => StableMath.Log1p(x);
        public override double Softplus(double x) => StableMath.Softplus(x);
        public override double LogSigmoid(double x) => StableMath.LogSigmoid(x);
        public override double Sigmoid(double x) => StableMath.Sigmoid(x);
        public override void Softplus(double[] x, double[] destination) => StableMath.Softplus(x, destination);
        public override void LogSigmoid(double[] x, double[] destination) => StableMath.LogSigmoid(x, destination);
        public override void Sigmoid(double[] x, double[] destination) => StableMath.Sigmoid(x, destination);
        public override double LogSumExp(double[] x) => StableMath.LogSumExp(x);
        public override void Softmax(double[] x, double[] destination) => StableMath.Softmax(x, destination);
        public override void LogSoftmax(double[] x, double[] destination) => StableMath.LogSoftmax(x, destination);
        public override double SafeLog(double p) => StableMath.SafeLog(p);
        public override double SafeLog(double p, double epsilon) => StableMath.SafeLog(p, epsilon);

        public override double Bce(double x, double y) => Loss.BinaryCrossEntropyWithLogits(x, y);
        public override double Bce(double x, double y, double posWeight) => Loss.BinaryCrossEntropyWithLogits(x, y, posWeight);
        public override double Bce(double[] x, double[] y, Reduction reduction, double posWeight = 1, double[]? weights = null)
            => Loss.BinaryCrossEntropyWithLogits(x, y, reduction, posWeight, weights);
        public override void Bce(double[] x, double[] y, double[] destination, double posWeight = 1, double[]? weights = null)
            => Loss.BinaryCrossEntropyWithLogits(x, y, destination, posWeight, weights);
        public override double BceGrad(double x, double y, double posWeight = 1) => Loss.BinaryCrossEntropyWithLogitsGradient(x, y, posWeight);
        public override void BceGrad(double[] x, double[] y, double[] destination, Reduction reduction = Reduction.None, double posWeight = 1, double[]? weights = null)
            => Loss.BinaryCrossEntropyWithLogitsGradient(x, y, destination, reduction, posWeight, weights);

        public override double BceProb(double p, double y) => Loss.BinaryCrossEntropy(p, y);
        public override double BceProb(double p, double y, double epsilon) => Loss.BinaryCrossEntropy(p, y, epsilon);
        public override double BceProb(double[] p, double[] y, Reduction reduction) => Loss.BinaryCrossEntropy(p, y, reduction);
        public override double BceProb(double[] p, double[] y, Reduction reduction, double epsilon) => Loss.BinaryCrossEntropy(p, y, reduction, epsilon);

        public override double Ce(double[] logits, int target, double labelSmoothing = 0) => Loss.SoftmaxCrossEntropy(logits, target, labelSmoothing);
        public override double Ce(double[] logits, double[] distribution) => Loss.SoftmaxCrossEntropy(logits, (ReadOnlySpan<double>)distribution);
        public override double Ce(double[] logits, int[] targets, int classes, Reduction reduction = Reduction.Mean, double labelSmoothing = 0, int ignoreIndex = -100)
            => Loss.SoftmaxCrossEntropy(logits, targets, classes, reduction, labelSmoothing, ignoreIndex);
        public override void CeGrad(double[] logits, int target, double[] destination, double labelSmoothing = 0)
            => Loss.SoftmaxCrossEntropyGradient(logits, target, destination, labelSmoothing);
        public override void CeGrad(double[] logits, double[] distribution, double[] destination)
            => Loss.SoftmaxCrossEntropyGradient(logits, (ReadOnlySpan<double>)distribution, destination);
        public override void CeGrad(double[] logits, int[] targets, int classes, double[] destination, Reduction reduction = Reduction.Mean, double labelSmoothing = 0, int ignoreIndex = -100)
            => Loss.SoftmaxCrossEntropyGradient(logits, targets, classes, destination, reduction, labelSmoothing, ignoreIndex);

        public override double Focal(double x, double y, double alpha, double gamma) => Loss.FocalLossWithLogits(x, y, alpha, gamma);
        public override double Focal(double[] x, double[] y, Reduction reduction, double alpha, double gamma) => Loss.FocalLossWithLogits(x, y, reduction, alpha, gamma);

        public override double[] Balanced(double[] labels) => ClassWeights.Balanced((ReadOnlySpan<double>)labels);
        public override double PositiveWeight(double[] labels) => ClassWeights.PositiveWeight((ReadOnlySpan<double>)labels);
    }

    private sealed class SingleApi : Api
    {
        public override Fmt F => Fmt.Single;

        private static float N(double v)
        {
            float f = (float)v;
            if (!double.IsNaN(v) && f != v)
            {
                throw new InvalidOperationException("test bug: input " + v + " is not a float value");
            }

            return f;
        }

        private static float[] N(double[] v) => v.Select(N).ToArray();

        private static float[]? NOpt(double[]? v) => v is null ? null : N(v);

        private static void W(float[] from, double[] to)
        {
            for (int i = 0; i < from.Length; i++)
            {
                to[i] = from[i];
            }
        }

        private static float[] Dest(double[] d) => new float[d.Length];

        public override double Log1p(double x) => StableMath.Log1p(N(x));
        public override double Softplus(double x) => StableMath.Softplus(N(x));
        public override double LogSigmoid(double x) => StableMath.LogSigmoid(N(x));
        public override double Sigmoid(double x) => StableMath.Sigmoid(N(x));
        public override void Softplus(double[] x, double[] destination) { var d = Dest(destination); StableMath.Softplus(N(x), d); W(d, destination); }
        public override void LogSigmoid(double[] x, double[] destination) { var d = Dest(destination); StableMath.LogSigmoid(N(x), d); W(d, destination); }
        public override void Sigmoid(double[] x, double[] destination) { var d = Dest(destination); StableMath.Sigmoid(N(x), d); W(d, destination); }
        public override double LogSumExp(double[] x) => StableMath.LogSumExp(N(x));
        public override void Softmax(double[] x, double[] destination) { var d = Dest(destination); StableMath.Softmax(N(x), d); W(d, destination); }
        public override void LogSoftmax(double[] x, double[] destination) { var d = Dest(destination); StableMath.LogSoftmax(N(x), d); W(d, destination); }
        public override double SafeLog(double p) => StableMath.SafeLog(N(p));
        public override double SafeLog(double p, double epsilon) => StableMath.SafeLog(N(p), N(epsilon));

        public override double Bce(double x, double y) => Loss.BinaryCrossEntropyWithLogits(N(x), N(y));
        public override double Bce(double x, double y, double posWeight) => Loss.BinaryCrossEntropyWithLogits(N(x), N(y), N(posWeight));
        public override double Bce(double[] x, double[] y, Reduction reduction, double posWeight = 1, double[]? weights = null)
            => Loss.BinaryCrossEntropyWithLogits(N(x), N(y), reduction, N(posWeight), NOpt(weights));
        public override void Bce(double[] x, double[] y, double[] destination, double posWeight = 1, double[]? weights = null)
        {
            var d = Dest(destination);
            Loss.BinaryCrossEntropyWithLogits(N(x), N(y), d, N(posWeight), NOpt(weights));
            W(d, destination);
        }

        public override double BceGrad(double x, double y, double posWeight = 1) => Loss.BinaryCrossEntropyWithLogitsGradient(N(x), N(y), N(posWeight));
        public override void BceGrad(double[] x, double[] y, double[] destination, Reduction reduction = Reduction.None, double posWeight = 1, double[]? weights = null)
        {
            var d = Dest(destination);
            Loss.BinaryCrossEntropyWithLogitsGradient(N(x), N(y), d, reduction, N(posWeight), NOpt(weights));
            W(d, destination);
        }

        public override double BceProb(double p, double y) => Loss.BinaryCrossEntropy(N(p), N(y));
        public override double BceProb(double p, double y, double epsilon) => Loss.BinaryCrossEntropy(N(p), N(y), N(epsilon));
        public override double BceProb(double[] p, double[] y, Reduction reduction) => Loss.BinaryCrossEntropy(N(p), N(y), reduction);
        public override double BceProb(double[] p, double[] y, Reduction reduction, double epsilon) => Loss.BinaryCrossEntropy(N(p), N(y), reduction, N(epsilon));

        public override double Ce(double[] logits, int target, double labelSmoothing = 0) => Loss.SoftmaxCrossEntropy(N(logits), target, N(labelSmoothing));
        public override double Ce(double[] logits, double[] distribution) => Loss.SoftmaxCrossEntropy(N(logits), (ReadOnlySpan<float>)N(distribution));
        public override double Ce(double[] logits, int[] targets, int classes, Reduction reduction = Reduction.Mean, double labelSmoothing = 0, int ignoreIndex = -100)
            => Loss.SoftmaxCrossEntropy(N(logits), targets, classes, reduction, N(labelSmoothing), ignoreIndex);
        public override void CeGrad(double[] logits, int target, double[] destination, double labelSmoothing = 0)
        {
            var d = Dest(destination);
            Loss.SoftmaxCrossEntropyGradient(N(logits), target, d, N(labelSmoothing));
            W(d, destination);
        }

        public override void CeGrad(double[] logits, double[] distribution, double[] destination)
        {
            var d = Dest(destination);
            Loss.SoftmaxCrossEntropyGradient(N(logits), (ReadOnlySpan<float>)N(distribution), d);
            W(d, destination);
        }

        public override void CeGrad(double[] logits, int[] targets, int classes, double[] destination, Reduction reduction = Reduction.Mean, double labelSmoothing = 0, int ignoreIndex = -100)
        {
            var d = Dest(destination);
            Loss.SoftmaxCrossEntropyGradient(N(logits), targets, classes, d, reduction, N(labelSmoothing), ignoreIndex);
            W(d, destination);
        }

        public override double Focal(double x, double y, double alpha, double gamma) => Loss.FocalLossWithLogits(N(x), N(y), N(alpha), N(gamma));
        public override double Focal(double[] x, double[] y, Reduction reduction, double alpha, double gamma) => Loss.FocalLossWithLogits(N(x), N(y), reduction, N(alpha), N(gamma));

        public override double[] Balanced(double[] labels) => ClassWeights.Balanced((ReadOnlySpan<float>)N(labels)).Select(v => (double)v).ToArray();
        public override double PositiveWeight(double[] labels) => ClassWeights.PositiveWeight((ReadOnlySpan<float>)N(labels));
    }
}
