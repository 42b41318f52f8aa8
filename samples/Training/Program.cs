// Logistic regression on an imbalanced data set, trained with plain gradient descent.
//
// The data is built so that the logits become large (one feature is on a scale of hundreds and is not standardized),
// which is exactly where the textbook loss -(y log s + (1-y) log(1-s)), s = 1/(1+exp(-z)), breaks down:
//   * z > ~36.7: s rounds to 1, so log(1 - s) = log(0) = -infinity, and for y = 1 the term (1-y) log(1-s) is 0 * -inf = NaN;
//   * z < ~-745: exp(-z) overflows, s = 0 and log(s) = -infinity.
// StableLoss computes the same quantity from the logits (softplus) and stays finite.

using System;
using System.Globalization;
using System.Linq;
using StableLoss;

const int Rows = 4000;
const int Features = 4;
const int Epochs = 20;
const double LearningRate = 0.001;
const double PositiveRate = 0.02;

var rng = new Random(2024);
double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

// ---- synthetic data: y ~ Bernoulli(2%), features shifted for positives; feature 3 is on a scale of ~100 ----
var x = new double[Rows, Features];
var y = new double[Rows];
for (int i = 0; i < Rows; i++)
{
    y[i] = rng.NextDouble() < PositiveRate ? 1 : 0;
    x[i, 0] = Gaussian() + 2.0 * y[i];
    x[i, 1] = Gaussian() - 1.5 * y[i];
    x[i, 2] = Gaussian();                           // pure noise
    x[i, 3] = 100 * (Gaussian() + 4.0 * (y[i] - 0.5)); // informative, but badly scaled (not standardized)
}

double positiveWeight = ClassWeights.PositiveWeight(y);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{Rows} rows, {y.Count(v => v == 1)} positives; posWeight = negatives/positives = {positiveWeight:F2}"));
Console.WriteLine();
Console.WriteLine("epoch   StableLoss BCE (mean)   textbook BCE (mean)   max |z|   rows with s == 1 (log(1-s) = -inf)");

var w = new double[Features];
double b = 0;
var z = new double[Rows];
var gradient = new double[Rows];

for (int epoch = 1; epoch <= Epochs; epoch++)
{
    ComputeLogits();

    // stable loss (mean over rows, positives weighted by posWeight like PyTorch's pos_weight)
    double stable = Loss.BinaryCrossEntropyWithLogits(z, y, Reduction.Mean, positiveWeight);

    // the textbook formula on the same logits, in double
    double textbook = 0;
    for (int i = 0; i < Rows; i++)
    {
        double s = 1 / (1 + Math.Exp(-z[i]));
        textbook += -(positiveWeight * y[i] * Math.Log(s) + (1 - y[i]) * Math.Log(1 - s));
    }

    textbook /= Rows;

    double maxAbs = z.Max(Math.Abs);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{epoch,5}   {stable,20:G10}   {textbook,19:G10}   {maxAbs,7:F1}   {z.Count(v => 1 - 1 / (1 + Math.Exp(-v)) == 0),6}"));

    // gradient of the mean loss with respect to every logit, then chain rule to the weights
    Loss.BinaryCrossEntropyWithLogitsGradient(z, y, gradient, Reduction.Mean, positiveWeight);
    var gw = new double[Features];
    double gb = 0;
    for (int i = 0; i < Rows; i++)
    {
        for (int j = 0; j < Features; j++)
        {
            gw[j] += gradient[i] * x[i, j];
        }

        gb += gradient[i];
    }

    for (int j = 0; j < Features; j++)
    {
        w[j] -= LearningRate * gw[j];
    }

    b -= LearningRate * gb;
}

// ---- evaluation on the training set (threshold z > 0) ----
ComputeLogits();
int tp = 0, fp = 0, tn = 0, fn = 0;
for (int i = 0; i < Rows; i++)
{
    bool predicted = z[i] > 0, actual = y[i] == 1;
    if (predicted && actual) tp++;
    else if (predicted) fp++;
    else if (actual) fn++;
    else tn++;
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"weights = [{string.Join(", ", w.Select(v => v.ToString("G4", CultureInfo.InvariantCulture)))}], bias = {b:G4}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"accuracy = {(double)(tp + tn) / Rows:P2}, recall = {(double)tp / Math.Max(1, tp + fn):P2}, precision = {(double)tp / Math.Max(1, tp + fp):P2} (tp={tp}, fp={fp}, fn={fn}, tn={tn})"));

void ComputeLogits()
{
    for (int i = 0; i < Rows; i++)
    {
        double v = b;
        for (int j = 0; j < Features; j++)
        {
            v += w[j] * x[i, j];
        }

        z[i] = v;
    }
}
