using System;
using System.Globalization;
using LossMisuse;
using StableLoss;

// Each row: the misuse flagged by a LOSS rule, and the stable call its code fix writes, on extreme inputs.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.WriteLine("LossAnalyzers sample: build output shows the LOSS rules; here is what each misuse computes.");
Console.WriteLine();
Console.WriteLine($"{"rule",-8} {"case",-36} {"misuse",24} {"stable",24}");
Console.WriteLine(new string('-', 95));

foreach (var z in new[] { -800.0, 800.0 })
{
    Row("LOSS001", $"log sigmoid(z), z = {z}", Loss001.LogLikelihoodOfPositive(z), StableMath.LogSigmoid(z));
}

Row("LOSS001", "log(1 - sigmoid(z)), z = 800 (float)", Loss001.LogLikelihoodOfNegative(800f), StableMath.LogSigmoid(-800f));
foreach (var p in new[] { 0.0, 1.0 })
{
    Row("LOSS001", $"-log(p), p = {p}", Loss001.NegativeLogLikelihoodLoss(p), -StableMath.SafeLog(p));
}

Row("LOSS002", "-log10(0.9) vs -ln(0.9)", Loss002.LogLoss(0.9), -Math.Log(0.9));

foreach (var (z, y) in new[] { (800.0, 0.0), (-800.0, 1.0), (800.0, 1.0), (40.0, 0.0) })
{
    Row("LOSS003", $"BCE(sigmoid(z), y), z = {z}, y = {y}", Loss003.Textbook(z, y), Loss.BinaryCrossEntropyWithLogits(z, y));
}

var model = new LogisticModel { Weight = 100 };
Row("LOSS003", "BCE(model.PredictProbability(8), 0)", Loss003.FromModel(model, 8, 0), Loss.BinaryCrossEntropyWithLogits(model.Score(8), 0.0));

var logits = new[] { 50.0, 0.0, -800.0 };
var target = new[] { 0.0, 1.0, 0.0 };
Row("LOSS004", "per-class BCE(softmax(z)), z = {50,0,-800}", Loss004.PerClassBce(logits, target), Loss.SoftmaxCrossEntropy(logits, target));
Row("LOSS004", "span BCE(StableMath.Softmax(z))", Loss004.Pipeline(logits, target), Loss.SoftmaxCrossEntropy(logits, target));

Row("LOSS005", "-log(1-p) clamped at 1f-1e-15f, p = 1", Loss005.NegativeLogOfNegativeClass(1f), -MathF.Log(1 - Math.Clamp(1f, 1e-15f, 1f - 1e-7f)));

var wide = new[] { 800.0, 0.0 };
Row("LOSS006", "log(1 + exp(x)), x = 800", Loss006.Softplus(800), StableMath.Softplus(800.0));
Row("LOSS006", "log(sum exp(z)), z = {800,0}", Loss006.LogPartition(wide), StableMath.LogSumExp(wide));
var softmax = new double[2];
StableMath.Softmax(wide, softmax);
Row("LOSS006", "softmax(z)[0] unshifted, z = {800,0}", Loss006.Softmax(wide)[0], softmax[0]);
var wideFloat = new[] { 89f, 0f };
var softmaxFloat = new float[2];
StableMath.Softmax(wideFloat, softmaxFloat);
Row("LOSS006", "TensorPrimitives.SoftMax, z = {89f,0f}", Loss006.TensorSoftmax(wideFloat)[0], softmaxFloat[0]);
Row("LOSS006", "double.LogP1(1e-18)", Loss006.SmoothedRate(1e-18), StableMath.Log1p(1e-18));

foreach (var (z, y) in new[] { (4.0, 1.0), (-4.0, 1.0), (8.0, 0.0) })
{
    Row("LOSS007", $"BCEwL(sigmoid(z), y), z = {z}, y = {y}", Loss007.DoubleSigmoid(z, y), Loss.BinaryCrossEntropyWithLogits(z, y));
    Row("LOSS007", $"  its gradient d/dz", Loss007.DoubleSigmoidGradient(z, y), Loss.BinaryCrossEntropyWithLogitsGradient(z, y));
}

var churn = new ChurnModel { Weight = 2 };
Row("LOSS007", "BCEwL([Probability] Predict(3), 0)", Loss007.FromDeclaredModel(churn, 3, 0), Loss.BinaryCrossEntropyWithLogits(churn.Score(3), 0.0));
Row("LOSS008", "hand BCE on logit z = 3, y = 1", Loss008.HandWritten(3, 1), Loss.BinaryCrossEntropyWithLogits(3.0, 1.0));
Row("LOSS008", "hand BCE on logit z = -2, y = 0", Loss008.HandWritten(-2, 0), Loss.BinaryCrossEntropyWithLogits(-2.0, 0.0));

static void Row(string rule, string description, double misuse, double stable) =>
    Console.WriteLine($"{rule,-8} {description,-36} {Format(misuse),24} {Format(stable),24}");

static string Format(double value) => double.IsFinite(value) ? value.ToString("G10", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture) + "  <--";
