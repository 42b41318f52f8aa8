using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace LossAnalyzers.Scan;

/// <summary>A generated source file.</summary>
public sealed record GeneratedFile(string Path, string Text);

/// <summary>A planted loss misuse: the file, the 1-based line the diagnostic starts on, and the rule that must report it.</summary>
public sealed record PlantedMisuse(string Path, int Line, string Id, string Kind);

public sealed record GeneratedCorpus(IReadOnlyList<GeneratedFile> Files, IReadOnlyList<PlantedMisuse> Planted)
{
    public int TotalLines => Files.Sum(f => f.Text.Split('\n').Length - 1);
}

/// <summary>
/// A deterministic corpus of ordinary C# that takes logarithms and exponentials for good reasons (statistics,
/// decibels, digit counts, axis ticks, learning-rate schedules, compression, radio links, ...) with a known set of
/// planted loss misuses for LOSS001-LOSS004. Planted lines carry the marker <c>⟦ID⟧</c> in the templates; the marker is
/// removed and the line recorded. Depends on nothing but the BCL, so the benchmarks can compile it in too.
/// </summary>
public static class CorpusGenerator
{
    public const int DefaultLines = 200_000;
    public const int DefaultSeed = 20261123;

    private const int LinesPerFile = 520;

    private delegate string Template(Random random, string u);

    private static readonly Template[] Legitimate =
    {
        RateModel, GrowthStats, Histogram, LevelMeter, NumberFormatting, AxisScale, LearningRateSchedule, DynamicLossScaler,
        LosslessEncoder, Decay, HeatLoss, RadioLink, LogSpace, WordStatistics, Progression, Benford, LogNormal, SensorFilter,
        Retrieval, Sampling, GTest, SpectralEntropy, Algorithms,
    };

    private static readonly (string Kind, Template Template)[] PlantedPlain =
    {
        ("hand-written BCE of a sigmoid", PlantTextbookBce),
        ("BCE of a model's sigmoid method", PlantModelBce),
        ("Math.Log of a sigmoid", PlantLogOfSigmoid),
        ("MathF.Log(1 - p) of a float sigmoid", PlantLogOfFloatSigmoid),
        ("-Math.Log of a probability parameter in a loss", PlantNll),
        ("Log10 in a ComputeLoss", PlantLog10Loss),
        ("Math.Log(x, 2) in a cross-entropy", PlantLogBase2Loss),
        ("BCE over a softmax, per class", PlantSoftmaxBce),
        ("TensorPrimitives sigmoid into Loss.BinaryCrossEntropy", PlantTensorSigmoidBce),
        ("StableMath.Softmax into Loss.BinaryCrossEntropy", PlantTensorSoftmaxBce),
        ("TensorPrimitives.Log of sigmoids", PlantTensorLogOfSigmoid),
    };

    /// <summary>Generates at least <paramref name="minimumLines"/> lines; the same arguments give the same corpus.</summary>
    public static GeneratedCorpus Generate(int minimumLines = DefaultLines, int seed = DefaultSeed)
    {
        var random = new Random(seed);
        var files = new List<GeneratedFile>();
        var planted = new List<PlantedMisuse>();
        var total = 0;
        var uid = 0;
        var plantedIndex = 0;
        for (var index = 0; total < minimumLines; index++)
        {
            var area = Areas[index % Areas.Length];
            var path = $"{area}/{area}{index:D4}.cs";
            string header;
            var blocks = new List<(string Text, string? Kind)>();
            if (index % 25 == 24)
            {
                // a TorchSharp file: the four misuses side by side with correct code
                header = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing TorchSharp;\nusing static TorchSharp.torch;\n\nnamespace Corpus." + area + index.ToString("D4", CultureInfo.InvariantCulture) + ";\n";
                blocks.Add((TorchModule(random, (++uid).ToString(CultureInfo.InvariantCulture)), "TorchSharp"));
            }
            else
            {
                header = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Numerics.Tensors;\nusing StableLoss;\n\nnamespace Corpus." + area + index.ToString("D4", CultureInfo.InvariantCulture) + ";\n";
                if (index % 5 == 2)
                {
                    var (kind, template) = PlantedPlain[plantedIndex++ % PlantedPlain.Length];
                    blocks.Add((template(random, (++uid).ToString(CultureInfo.InvariantCulture)), kind));
                }
            }

            var lines = CountLines(header) + blocks.Sum(b => CountLines(b.Text) + 1);
            while (lines < LinesPerFile)
            {
                var text = Legitimate[random.Next(Legitimate.Length)](random, (++uid).ToString(CultureInfo.InvariantCulture));
                blocks.Insert(random.Next(blocks.Count + 1), (text, null));
                lines += CountLines(text) + 1;
            }

            var builder = new StringBuilder(header);
            var line = CountLines(header) + 1;
            foreach (var (text, kind) in blocks)
            {
                builder.Append('\n');
                line++;
                foreach (var raw in text.Split('\n'))
                {
                    var content = raw;
                    int open;
                    while ((open = content.IndexOf('⟦', StringComparison.Ordinal)) >= 0)
                    {
                        var close = content.IndexOf('⟧', open);
                        planted.Add(new PlantedMisuse(path, line, content.Substring(open + 1, close - open - 1), kind ?? "?"));
                        content = content.Remove(open, close - open + 1).TrimEnd();
                    }

                    builder.Append(content).Append('\n');
                    line++;
                }
            }

            var fileText = builder.ToString();
            files.Add(new GeneratedFile(path, fileText));
            total += CountLines(fileText);
        }

        return new GeneratedCorpus(files, planted);
    }

    private static readonly string[] Areas = { "Statistics", "Audio", "Charts", "Storage", "Physics", "Networking", "Text", "Games", "Finance", "Sensors" };

    private static int CountLines(string text) => text.Count(c => c == '\n') + (text.EndsWith('\n') ? 0 : 1);

    private static string D(Random random, double min, double max, int digits = 3) =>
        Math.Round(min + random.NextDouble() * (max - min), digits).ToString("0.0##########", CultureInfo.InvariantCulture);

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];

    // ------------------------------------------------------------------------------------------ legitimate code

    private static string RateModel(Random r, string u)
    {
        var rate = Pick(r, "successRate", "p", "probability", "conversionRate");
        return $$"""
            /// <summary>Likelihoods of observed counts under validated rates.</summary>
            public static class RateModel{{u}}
            {
                public static double PoissonLogLikelihood(IReadOnlyList<int> counts, double rate)
                {
                    if (!(rate > 0) || double.IsInfinity(rate))
                    {
                        throw new ArgumentOutOfRangeException(nameof(rate), "the rate must be positive and finite");
                    }

                    double logRate = Math.Log(rate);
                    double sum = 0;
                    foreach (var k in counts)
                    {
                        sum += k * logRate - rate - LogFactorial(k);
                    }

                    return sum;
                }

                public static double BernoulliLogLikelihood(int successes, int trials, double {{rate}})
                {
                    if ({{rate}} <= 0 || {{rate}} >= 1)
                    {
                        throw new ArgumentOutOfRangeException(nameof({{rate}}), "the rate must be in (0, 1)");
                    }

                    return successes * Math.Log({{rate}}) + (trials - successes) * Math.Log(1 - {{rate}});
                }

                public static double LogFactorial(int n)
                {
                    double sum = 0;
                    for (int i = 2; i <= n; i++)
                    {
                        sum += Math.Log(i);
                    }

                    return sum;
                }

                public static double LikelihoodRatio(int successes, int trials, double nullRate, double observedRate) =>
                    Math.Exp(BernoulliLogLikelihood(successes, trials, observedRate) - BernoulliLogLikelihood(successes, trials, nullRate));
            }
            """;
    }

    private static string GrowthStats(Random r, string u) => $$"""
        /// <summary>Averages of ratios: geometric means and compound growth.</summary>
        public static class GrowthStats{{u}}
        {
            public static double GeometricMean(IReadOnlyList<double> values)
            {
                if (values.Count == 0)
                {
                    throw new ArgumentException("no values", nameof(values));
                }

                double sumOfLogs = 0;
                foreach (var v in values)
                {
                    if (v <= 0)
                    {
                        throw new ArgumentOutOfRangeException(nameof(values), "values must be positive");
                    }

                    sumOfLogs += Math.Log(v);
                }

                return Math.Exp(sumOfLogs / values.Count);
            }

            public static double GeometricMeanLinq(IEnumerable<double> positiveValues) =>
                Math.Exp(positiveValues.Where(v => v > 0).Select(v => Math.Log(v)).DefaultIfEmpty(0).Average());

            public static double CompoundAnnualGrowthRate(double startValue, double endValue, int years) =>
                Math.Exp(Math.Log(endValue / startValue) / years) - 1;

            public static double LogReturn(double previousPrice, double price) => Math.Log(price / previousPrice);

            public static double DoublingTime(double ratePerPeriod) => Math.Log(2) / Math.Log(1 + ratePerPeriod);

            public static double Volatility(IReadOnlyList<double> prices)
            {
                var returns = new List<double>();
                for (int i = 1; i < prices.Count; i++)
                {
                    returns.Add(LogReturn(prices[i - 1], prices[i]));
                }

                double mean = returns.Average();
                return Math.Sqrt(returns.Sum(x => (x - mean) * (x - mean)) / Math.Max(1, returns.Count - 1)) * Math.Sqrt({{r.Next(200, 260)}});
            }
        }
        """;

    private static string Histogram(Random r, string u) => $$"""
        /// <summary>Entropy of a histogram of counts; empty bins contribute nothing.</summary>
        public static class Histogram{{u}}
        {
            public static double Entropy(int[] counts)
            {
                double total = 0;
                foreach (var c in counts)
                {
                    total += c;
                }

                if (total == 0)
                {
                    return 0;
                }

                double h = 0;
                foreach (var c in counts)
                {
                    if (c == 0)
                    {
                        continue;
                    }

                    double p = c / total;
                    h -= p * Math.Log(p);
                }

                return h;
            }

            public static double ShannonEntropyBits(IReadOnlyDictionary<string, int> frequencies)
            {
                int total = frequencies.Values.Sum();
                double bits = 0;
                foreach (var pair in frequencies)
                {
                    if (pair.Value > 0)
                    {
                        double p = (double)pair.Value / total;
                        bits -= p * Math.Log2(p);
                    }
                }

                return bits;
            }

            public static double EntropyLinq(IReadOnlyCollection<int> counts)
            {
                double total = counts.Sum();
                return counts.Where(c => c > 0).Select(c => c / total).Sum(p => -p * Math.Log(p));
            }

            public static double NormalizedEntropy(int[] counts) => counts.Length <= 1 ? 0 : Entropy(counts) / Math.Log(counts.Length);

            public static int[] Bin(IEnumerable<double> values, double min, double width, int bins)
            {
                var counts = new int[bins];
                foreach (var v in values)
                {
                    int bin = (int)Math.Floor((v - min) / width);
                    counts[Math.Clamp(bin, 0, bins - 1)]++;
                }

                return counts;
            }

            public static int SturgesBinCount(int n) => (int)Math.Ceiling(Math.Log2(n)) + {{r.Next(1, 2)}};
        }
        """;

    private static string LevelMeter(Random r, string u) => $$"""
        /// <summary>Audio levels in decibels.</summary>
        public sealed class LevelMeter{{u}}
        {
            private const double Reference = {{D(r, 1e-6, 1e-3, 6)}};

            public double PowerDecibels(double power) => 10 * Math.Log10(power / Reference);

            public double AmplitudeDecibels(double amplitude) => 20.0 * Math.Log10(Math.Max(amplitude, 1e-9));

            public static double GainFromDecibels(double decibels) => Math.Pow(10, decibels / 20);

            public static double Rms(float[] samples)
            {
                double sum = 0;
                foreach (var s in samples)
                {
                    sum += s * s;
                }

                return samples.Length == 0 ? 0 : Math.Sqrt(sum / samples.Length);
            }

            public double RmsDecibels(float[] samples) => 20 * Math.Log10(Rms(samples) + 1e-12);

            public static float PeakDecibelsF(float peak) => 20f * MathF.Log10(MathF.Max(peak, 1e-6f));

            public double SignalToNoise(double signalPower, double noisePower)
            {
                double ratio = signalPower / noisePower;
                return 10 * Math.Log10(ratio);
            }
        }
        """;

    private static string NumberFormatting(Random r, string u) => $$"""
        /// <summary>Formatting helpers: digit counts, bit widths, human-readable sizes.</summary>
        public static class NumberFormatting{{u}}
        {
            private static readonly string[] Units = { "B", "KiB", "MiB", "GiB", "TiB" };

            public static int DigitCount(long n) => n == 0 ? 1 : (int)Math.Floor(Math.Log10(Math.Abs((double)n))) + 1;

            public static int BitsNeeded(int n) => n <= 1 ? 1 : (int)Math.Ceiling(Math.Log2(n));

            public static string PadToWidthOf(int value, int max) => value.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(DigitCount(max));

            public static int OrderOfMagnitude(double x) => (int)Math.Floor(Math.Log10(x));

            public static string HumanSize(long bytes)
            {
                if (bytes < {{1024}})
                {
                    return bytes + " B";
                }

                int unit = Math.Min(Units.Length - 1, (int)(Math.Log(bytes) / Math.Log(1024)));
                return (bytes / Math.Pow(1024, unit)).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " " + Units[unit];
            }

            public static string Scientific(double value)
            {
                int exponent = (int)Math.Floor(Math.Log10(Math.Abs(value)));
                double mantissa = value / Math.Pow(10, exponent);
                return mantissa.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "e" + exponent;
            }
        }
        """;

    private static string AxisScale(Random r, string u) => $$"""
        /// <summary>Nice tick marks for plot axes, linear and logarithmic.</summary>
        public sealed class AxisScale{{u}}
        {
            public static double NiceNumber(double range, bool round)
            {
                double exponent = Math.Floor(Math.Log10(range));
                double fraction = range / Math.Pow(10, exponent);
                double nice;
                if (round)
                {
                    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
                }
                else
                {
                    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
                }

                return nice * Math.Pow(10, exponent);
            }

            public static IReadOnlyList<double> Ticks(double min, double max, int count = {{r.Next(4, 11)}})
            {
                double step = NiceNumber(NiceNumber(max - min, false) / (count - 1), true);
                var ticks = new List<double>();
                for (double t = Math.Floor(min / step) * step; t <= max + step / 2; t += step)
                {
                    ticks.Add(t);
                }

                return ticks;
            }

            public static IReadOnlyList<double> LogTicks(double min, double max)
            {
                var ticks = new List<double>();
                for (int e = (int)Math.Floor(Math.Log10(min)); e <= (int)Math.Ceiling(Math.Log10(max)); e++)
                {
                    ticks.Add(Math.Pow(10, e));
                }

                return ticks;
            }

            public static double ToLogAxis(double value, double min, double max) =>
                (Math.Log10(value) - Math.Log10(min)) / (Math.Log10(max) - Math.Log10(min));

            public static double FromLogAxis(double fraction, double min, double max) =>
                Math.Pow(10, Math.Log10(min) + fraction * (Math.Log10(max) - Math.Log10(min)));
        }
        """;

    private static string LearningRateSchedule(Random r, string u) => $$"""
        /// <summary>Learning-rate schedules: warm-up, exponential and cosine decay, log-linear sweeps.</summary>
        public sealed class LearningRateSchedule{{u}}
        {
            private readonly double initial;
            private readonly double decay;
            private readonly int warmupSteps;

            public LearningRateSchedule{{u}}(double initial = {{D(r, 1e-4, 1e-2, 5)}}, double decay = {{D(r, 1e-4, 1e-2, 5)}}, int warmupSteps = {{r.Next(100, 2000)}})
            {
                this.initial = initial;
                this.decay = decay;
                this.warmupSteps = warmupSteps;
            }

            public double ExponentialDecay(int step) => initial * Math.Exp(-decay * step);

            public double Cosine(int step, int totalSteps) => 0.5 * initial * (1 + Math.Cos(Math.PI * step / totalSteps));

            public static double LogLinear(double t, double minRate, double maxRate) =>
                Math.Exp(Math.Log(minRate) + t * (Math.Log(maxRate) - Math.Log(minRate)));

            public double HalfLifeSteps() => Math.Log(2) / decay;

            public double Rate(int step) => step < warmupSteps ? initial * (step + 1) / warmupSteps : ExponentialDecay(step - warmupSteps);

            public static double[] RangeTestRates(double minRate, double maxRate, int steps)
            {
                var rates = new double[steps];
                double logMin = Math.Log10(minRate);
                double logMax = Math.Log10(maxRate);
                for (int i = 0; i < steps; i++)
                {
                    rates[i] = Math.Pow(10, logMin + (logMax - logMin) * i / (steps - 1));
                }

                return rates;
            }
        }
        """;

    private static string DynamicLossScaler(Random r, string u) => $$"""
        /// <summary>Dynamic loss scaling for mixed-precision training: a power of two, halved on overflow.</summary>
        public sealed class DynamicLossScaler{{u}}
        {
            private int goodSteps;

            public double Scale { get; private set; } = {{Pick(r, "65536", "32768", "1024")}};

            public int ScaleExponent => (int)Math.Log2(Scale);

            public double LogScale => Math.Log2(Scale);

            public void Update(bool overflow)
            {
                if (overflow)
                {
                    Scale = Math.Max(1, Scale / 2);
                    goodSteps = 0;
                }
                else if (++goodSteps >= {{r.Next(500, 2001)}})
                {
                    Scale = Math.Min(Scale * 2, 16777216);
                    goodSteps = 0;
                }
            }
        }
        """;

    private static string LosslessEncoder(Random r, string u) => $$"""
        /// <summary>Lossless compression statistics: ratios, Shannon code lengths.</summary>
        public sealed class LosslessEncoder{{u}}
        {
            public static double CompressionRatio(long originalBytes, long compressedBytes) =>
                compressedBytes == 0 ? double.PositiveInfinity : (double)originalBytes / compressedBytes;

            public static double SpaceSavingPercent(long originalBytes, long compressedBytes) =>
                originalBytes == 0 ? 0 : 100.0 * (1 - (double)compressedBytes / originalBytes);

            public static double CodeLength(int frequency, int total) => -Math.Log2((double)frequency / total);

            public static int HuffmanDepthBound(int symbols) => (int)Math.Ceiling(Math.Log2(symbols));

            public static double LogCompressionRatio(long originalBytes, long compressedBytes) => Math.Log(originalBytes / (double)compressedBytes);

            public static double AverageCodeLength(IReadOnlyList<int> frequencies)
            {
                int total = frequencies.Sum();
                double bits = 0;
                foreach (var f in frequencies)
                {
                    if (f > 0)
                    {
                        bits += f * CodeLength(f, total);
                    }
                }

                return bits / total;
            }

            public int BlockSizeLog { get; } = (int)Math.Log2({{Pick(r, "4096", "65536", "1 << 20")}});
        }
        """;

    private static string Decay(Random r, string u) => $$"""
        /// <summary>Exponential decay, half-lives, pH and magnitudes.</summary>
        public static class Decay{{u}}
        {
            public static double Remaining(double initial, double halfLife, double t) => initial * Math.Exp(-Math.Log(2) * t / halfLife);

            public static double TimeToFraction(double fraction, double halfLife)
            {
                if (fraction <= 0 || fraction > 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(fraction));
                }

                return -halfLife * Math.Log(fraction) / Math.Log(2);
            }

            public static double Ph(double hydrogenConcentration) => -Math.Log10(hydrogenConcentration);

            public static double RichterMagnitude(double amplitude, double referenceAmplitude) => Math.Log10(amplitude / referenceAmplitude);

            public static double NewtonCooling(double ambient, double initial, double k, double t) => ambient + (initial - ambient) * Math.Exp(-k * t);

            public static double CapacitorVoltage(double supply, double resistance, double capacitance, double t) =>
                supply * (1 - Math.Exp(-t / (resistance * capacitance)));

            public static double BarometricAltitude(double pressure, double seaLevelPressure = {{D(r, 1000, 1030, 2)}}) =>
                -8434.0 * Math.Log(pressure / seaLevelPressure);
        }
        """;

    private static string HeatLoss(Random r, string u) => $$"""
        /// <summary>Heat loss of a building element and a heat exchanger (engineering, not machine learning).</summary>
        public static class HeatLoss{{u}}
        {
            public static double ConductionLossWatts(double uValue, double area, double insideTemperature, double outsideTemperature) =>
                uValue * area * (insideTemperature - outsideTemperature);

            public static double LogMeanTemperatureDifference(double hotDifference, double coldDifference)
            {
                if (Math.Abs(hotDifference - coldDifference) < 1e-9)
                {
                    return hotDifference;
                }

                return (hotDifference - coldDifference) / Math.Log(hotDifference / coldDifference);
            }

            public static double PipeHeatLossPerMeter(double innerRadius, double outerRadius, double conductivity, double deltaT) =>
                2 * Math.PI * conductivity * deltaT / Math.Log(outerRadius / innerRadius);

            public static double CoolingTime(double initial, double ambient, double target, double timeConstant) =>
                timeConstant * Math.Log((initial - ambient) / (target - ambient));

            public static double AnnualLossKilowattHours(double watts) => watts * {{r.Next(4000, 6000)}} / 1000.0;
        }
        """;

    private static string RadioLink(Random r, string u) => $$"""
        /// <summary>Radio link budget: path loss, capacity, SNR.</summary>
        public static class RadioLink{{u}}
        {
            public static double FreeSpacePathLossDb(double distanceMeters, double frequencyHz) =>
                20 * Math.Log10(distanceMeters) + 20 * Math.Log10(frequencyHz) - 147.55;

            public static double LogDistancePathLoss(double distance, double referenceDistance, double referenceLossDb, double pathLossExponent) =>
                referenceLossDb + 10 * pathLossExponent * Math.Log10(distance / referenceDistance);

            public static double ShannonCapacity(double bandwidthHz, double signalToNoise) => bandwidthHz * Math.Log2(1 + signalToNoise);

            public static double SnrDb(double signalWatts, double noiseWatts) => 10 * Math.Log10(signalWatts / noiseWatts);

            public static double WattsToDbm(double watts) => 10 * Math.Log10(watts * 1000);

            public static double PacketLossRate(int sent, int received) => sent == 0 ? 0 : 1.0 - (double)received / sent;

            public static double ReceivedPowerDbm(double transmitDbm, double gainsDb, double distance) =>
                transmitDbm + gainsDb - FreeSpacePathLossDb(distance, {{Pick(r, "2.4e9", "5.8e9", "868e6")}});
        }
        """;

    private static string LogSpace(Random r, string u) => $$"""
        /// <summary>Arithmetic in log space: log-sum-exp, log-add, logit of a validated proportion.</summary>
        public static class LogSpace{{u}}
        {
            public static double LogSumExp(IReadOnlyList<double> values)
            {
                double max = double.NegativeInfinity;
                foreach (var v in values)
                {
                    max = Math.Max(max, v);
                }

                if (double.IsNegativeInfinity(max))
                {
                    return max;
                }

                double sum = 0;
                foreach (var v in values)
                {
                    sum += Math.Exp(v - max);
                }

                return max + Math.Log(sum);
            }

            public static double LogAdd(double a, double b) => a > b ? a + Math.Log(1 + Math.Exp(b - a)) : b + Math.Log(1 + Math.Exp(a - b));

            public static double Logit(double proportion)
            {
                if (!(proportion > 0 && proportion < 1))
                {
                    throw new ArgumentOutOfRangeException(nameof(proportion));
                }

                return Math.Log(proportion / (1 - proportion));
            }

            public static double Expit(double x) => 1 / (1 + Math.Exp(-x));

            public static double LogOddsRatio(int a, int b, int c, int d) => Math.Log((a + 0.5) * (d + 0.5) / ((b + 0.5) * (c + 0.5)));

            public static double Temperature(double x, double t = {{D(r, 0.5, 2.0, 2)}}) => Math.Exp(x / t);
        }
        """;

    private static string WordStatistics(Random r, string u) => $$"""
        /// <summary>Word frequencies with add-one smoothing: probabilities are never zero.</summary>
        public sealed class WordStatistics{{u}}
        {
            private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);
            private int total;

            public void Add(string word)
            {
                counts[word] = counts.TryGetValue(word, out var c) ? c + 1 : 1;
                total++;
            }

            public double Probability(string word) => (counts.GetValueOrDefault(word) + 1.0) / (total + counts.Count + 1.0);

            public double Surprisal(string word) => -Math.Log(Probability(word));

            public double SurprisalBits(string word) => -Math.Log2(Probability(word));

            public double InverseDocumentFrequency(int documents, int documentsWithWord) => Math.Log((double)documents / (1 + documentsWithWord));

            public string MostCommon() => counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).FirstOrDefault() ?? "{{Pick(r, "the", "a", "of")}}";
        }
        """;

    private static string Progression(Random r, string u) => $$"""
        /// <summary>Game progression: experience levels, Elo expectations, logistic population curves.</summary>
        public static class Progression{{u}}
        {
            public static int LevelForExperience(long experience, double baseExperience, double growth) =>
                experience < baseExperience ? 1 : (int)(Math.Log(experience / baseExperience) / Math.Log(growth)) + 2;

            public static double ExperienceForLevel(int level, double baseExperience, double growth) => baseExperience * Math.Pow(growth, level - 2);

            public static double EloExpected(double ratingA, double ratingB) => 1.0 / (1.0 + Math.Pow(10, (ratingB - ratingA) / 400.0));

            public static double EloUpdate(double rating, double expected, double score, double k = {{r.Next(16, 33)}}) => rating + k * (score - expected);

            public static double LogisticGrowth(double capacity, double rate, double midpoint, double t) =>
                capacity / (1 + Math.Exp(-rate * (t - midpoint)));

            public static double[] LogScalePopulation(double capacity, double rate, double midpoint, int days)
            {
                var series = new double[days];
                for (int t = 0; t < days; t++)
                {
                    series[t] = Math.Log10(LogisticGrowth(capacity, rate, midpoint, t));
                }

                return series;
            }
        }
        """;

    private static string Benford(Random r, string u) => $$"""
        /// <summary>Benford's law checks on ledgers.</summary>
        public static class Benford{{u}}
        {
            public static double ExpectedFrequency(int digit) => Math.Log10(1 + 1.0 / digit);

            public static int LeadingDigit(double x) => (int)(x / Math.Pow(10, Math.Floor(Math.Log10(x))));

            public static double ChiSquare(IReadOnlyList<double> amounts)
            {
                var observed = new int[10];
                foreach (var a in amounts.Where(a => a >= 1))
                {
                    observed[LeadingDigit(a)]++;
                }

                double chi = 0;
                int n = observed.Sum();
                for (int d = 1; d <= 9; d++)
                {
                    double expected = n * ExpectedFrequency(d);
                    chi += (observed[d] - expected) * (observed[d] - expected) / expected;
                }

                return chi > {{D(r, 10, 20, 2)}} ? chi : 0;
            }
        }
        """;

    private static string LogNormal(Random r, string u) => $$"""
        /// <summary>The log-normal distribution: density, moments, fit and negative log-likelihood.</summary>
        public static class LogNormal{{u}}
        {
            public static double Pdf(double x, double mu, double sigma)
            {
                if (x <= 0)
                {
                    return 0;
                }

                double z = (Math.Log(x) - mu) / sigma;
                return Math.Exp(-0.5 * z * z) / (x * sigma * Math.Sqrt(2 * Math.PI));
            }

            public static double Mean(double mu, double sigma) => Math.Exp(mu + sigma * sigma / 2);

            public static (double Mu, double Sigma) Fit(IReadOnlyList<double> samples)
            {
                var logs = samples.Where(s => s > 0).Select(s => Math.Log(s)).ToArray();
                double mu = logs.Average();
                double sigma = Math.Sqrt(logs.Sum(l => (l - mu) * (l - mu)) / logs.Length);
                return (mu, sigma);
            }

            public static double NegativeLogLikelihood(IReadOnlyList<double> samples, double mu, double sigma)
            {
                double nll = 0;
                foreach (var x in samples)
                {
                    double z = (Math.Log(x) - mu) / sigma;
                    nll += Math.Log(x) + Math.Log(sigma) + 0.5 * Math.Log(2 * Math.PI) + 0.5 * z * z;
                }

                return nll;
            }

            public static double Median(double mu) => Math.Exp(mu + {{D(r, 0, 0.001, 4)}});
        }
        """;

    private static string SensorFilter(Random r, string u) => $$"""
        /// <summary>First-order low-pass filter for sensor readings.</summary>
        public sealed class SensorFilter{{u}}
        {
            private double state = double.NaN;

            public double TimeConstant { get; set; } = {{D(r, 0.05, 2.0, 3)}};

            public static double Alpha(double dt, double timeConstant) => 1 - Math.Exp(-dt / timeConstant);

            public double Update(double sample, double dt)
            {
                state = double.IsNaN(state) ? sample : state + Alpha(dt, TimeConstant) * (sample - state);
                return state;
            }

            public static double TimeConstantFromCutoff(double cutoffHz) => 1 / (2 * Math.PI * cutoffHz);

            public static double SettlingTime(double timeConstant, double tolerance = 0.02) => -timeConstant * Math.Log(tolerance);

            public static double ThermistorCelsius(double resistance, double r0 = 10000, double beta = {{r.Next(3300, 4200)}}) =>
                1 / (1 / 298.15 + Math.Log(resistance / r0) / beta) - 273.15;
        }
        """;

    private static string Retrieval(Random r, string u) => $$"""
        /// <summary>Ranking: TF-IDF and BM25 weights.</summary>
        public sealed class Retrieval{{u}}
        {
            private readonly double k1 = {{D(r, 1.2, 2.0, 2)}};
            private readonly double b = 0.75;

            public static double Idf(int documentCount, int documentFrequency) => Math.Log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));

            public static double TfIdf(int termFrequency, int documentCount, int documentFrequency) =>
                termFrequency == 0 ? 0 : (1 + Math.Log(termFrequency)) * Math.Log((double)documentCount / (1 + documentFrequency));

            public double Bm25(int termFrequency, int documentLength, double averageLength, int documentCount, int documentFrequency)
            {
                double tf = termFrequency * (k1 + 1) / (termFrequency + k1 * (1 - b + b * documentLength / averageLength));
                return Idf(documentCount, documentFrequency) * tf;
            }

            public static double DiscountedGain(IReadOnlyList<int> relevance)
            {
                double dcg = 0;
                for (int i = 0; i < relevance.Count; i++)
                {
                    dcg += (Math.Pow(2, relevance[i]) - 1) / Math.Log2(i + 2);
                }

                return dcg;
            }
        }
        """;

    private static string Sampling(Random r, string u) => $$"""
        /// <summary>Random variates from uniform samples (inverse transform, Box-Muller).</summary>
        public sealed class Sampling{{u}}
        {
            private readonly Random random = new({{r.Next()}});

            public double Exponential(double rate) => -Math.Log(1 - random.NextDouble()) / rate;

            public double Normal(double mean, double standardDeviation)
            {
                double u1 = 1.0 - random.NextDouble();
                double u2 = random.NextDouble();
                return mean + standardDeviation * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            }

            public int Geometric(double successChance)
            {
                if (!(successChance > 0 && successChance <= 1))
                {
                    throw new ArgumentOutOfRangeException(nameof(successChance));
                }

                return successChance == 1 ? 1 : (int)Math.Ceiling(Math.Log(1 - random.NextDouble()) / Math.Log(1 - successChance));
            }

            public int SkipListLevel(int maxLevel)
            {
                int level = 1 + (int)(-Math.Log(1 - random.NextDouble()) / Math.Log(2));
                return Math.Min(level, maxLevel);
            }
        }
        """;

    private static string GTest(Random r, string u) => $$"""
        /// <summary>The G-test of goodness of fit (log-likelihood ratio); cells with no observations contribute nothing.</summary>
        public static class GTest{{u}}
        {
            public static double Statistic(IReadOnlyList<int> observed, IReadOnlyList<double> expectedProportions)
            {
                int n = observed.Sum();
                double g = 0;
                for (int i = 0; i < observed.Count; i++)
                {
                    if (observed[i] == 0)
                    {
                        continue;
                    }

                    double expected = n * expectedProportions[i];
                    g += observed[i] * Math.Log(observed[i] / expected);
                }

                return 2 * g;
            }

            public static double KullbackLeibler(double[] observedShares, double[] modelShares)
            {
                double kl = 0;
                for (int i = 0; i < observedShares.Length; i++)
                {
                    if (observedShares[i] > 0 && modelShares[i] > 0)
                    {
                        kl += observedShares[i] * Math.Log(observedShares[i] / modelShares[i]);
                    }
                }

                return kl;
            }

            public static bool Significant(double statistic, int degreesOfFreedom) => statistic > degreesOfFreedom + {{D(r, 2, 4, 2)}} * Math.Sqrt(2 * degreesOfFreedom);
        }
        """;

    private static string SpectralEntropy(Random r, string u) => $$"""
        /// <summary>Spectral flatness and entropy of a power spectrum (zero bins skipped).</summary>
        public static class SpectralEntropy{{u}}
        {
            public static double Entropy(IReadOnlyList<double> power)
            {
                double sum = power.Sum();
                if (sum <= 0)
                {
                    return 0;
                }

                double h = 0;
                foreach (var x in power)
                {
                    if (x <= 0)
                    {
                        continue;
                    }

                    double share = x / sum;
                    h -= share * Math.Log(share);
                }

                return h / Math.Log(power.Count);
            }

            public static double Flatness(IReadOnlyList<double> power)
            {
                double logSum = 0;
                double sum = 0;
                foreach (var x in power)
                {
                    logSum += Math.Log(x + 1e-12);
                    sum += x;
                }

                return Math.Exp(logSum / power.Count) / (sum / power.Count + 1e-12);
            }

            public static double BinFrequency(int bin, int size, double sampleRate = {{Pick(r, "44100", "48000", "16000")}}) => bin * sampleRate / size;
        }
        """;

    private static string Algorithms(Random r, string u) => $$"""
        /// <summary>Algorithm bounds that take logarithms.</summary>
        public static class Algorithms{{u}}
        {
            public static int IntroSortDepthLimit(int n) => 2 * (int)Math.Log2(Math.Max(n, 1));

            public static int BinarySearchSteps(int n) => (int)Math.Ceiling(Math.Log2(n + 1));

            public static int BloomFilterHashes(int bits, int items) => Math.Max(1, (int)Math.Round(bits / (double)items * Math.Log(2)));

            public static int BloomFilterBits(int items, double falsePositiveRate) =>
                (int)Math.Ceiling(-items * Math.Log(falsePositiveRate) / (Math.Log(2) * Math.Log(2)));

            public static double TreeHeight(int nodes, int fanout = {{r.Next(2, 17)}}) => Math.Ceiling(Math.Log(nodes) / Math.Log(fanout));
        }
        """;

    // ------------------------------------------------------------------------------------------ planted misuses

    private static string PlantTextbookBce(Random r, string u) => $$"""
        /// <summary>Training a logistic model.</summary>
        public static class LogisticTrainer{{u}}
        {
            public static double ComputeLoss(double[] features, double[] weights, double bias, double label)
            {
                double z = bias;
                for (int i = 0; i < features.Length; i++)
                {
                    z += weights[i] * features[i];
                }

                double p = 1.0 / (1.0 + Math.Exp(-z));
                return -(label * Math.Log(p) + (1 - label) * Math.Log(1 - p));⟦LOSS003⟧
            }
        }
        """;

    private static string PlantModelBce(Random r, string u) => $$"""
        public sealed class ChurnModel{{u}}
        {
            public double Weight { get; set; } = {{D(r, 0.1, 2.0)}};

            public double Bias { get; set; }

            public double Score(double x) => Weight * x + Bias;

            public double PredictProbability(double x) => 1.0 / (1.0 + Math.Exp(-Score(x)));

            public double BatchLoss(double[] xs, double[] ys)
            {
                double total = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    double p = PredictProbability(xs[i]);
                    total += -(ys[i] * Math.Log(p) + (1 - ys[i]) * Math.Log(1 - p));⟦LOSS003⟧
                }

                return total / xs.Length;
            }
        }
        """;

    private static string PlantLogOfSigmoid(Random r, string u) => $$"""
        public static class ClickModel{{u}}
        {
            public static double LogLikelihoodOfClick(double score)
            {
                double p = 1.0 / (1.0 + Math.Exp(-score));
                return Math.Log(p);⟦LOSS001⟧
            }
        }
        """;

    private static string PlantLogOfFloatSigmoid(Random r, string u) => $$"""
        public static class SpamModel{{u}}
        {
            public static float LogLikelihoodOfHam(float z)
            {
                float p = 1f / (1f + MathF.Exp(-z));
                return MathF.Log(1 - p);⟦LOSS001⟧
            }
        }
        """;

    private static string PlantNll(Random r, string u) => $$"""
        public static class Objectives{{u}}
        {
            public static double NegativeLogLikelihoodLoss(double predictedProbability) => -Math.Log(predictedProbability);⟦LOSS001⟧
        }
        """;

    private static string PlantLog10Loss(Random r, string u) => $$"""
        public sealed class Classifier{{u}}
        {
            public double ComputeLoss(double probabilityOfTrueClass) =>
                -Math.Log10(Math.Clamp(probabilityOfTrueClass, 1e-12, 1 - 1e-12));⟦LOSS002⟧
        }
        """;

    private static string PlantLogBase2Loss(Random r, string u) => $$"""
        public static class Categorical{{u}}
        {
            public static double CrossEntropyBits(double[] target, double[] predicted)
            {
                double loss = 0;
                for (int k = 0; k < target.Length; k++)
                {
                    loss -= target[k] * Math.Log(Math.Max(predicted[k], 1e-12), 2);⟦LOSS002⟧
                }

                return loss;
            }
        }
        """;

    private static string PlantSoftmaxBce(Random r, string u) => $$"""
        public static class MultiClass{{u}}
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

            public static double PerClassBce(double[] z, double[] y)
            {
                var p = Softmax(z);
                double loss = 0;
                for (int k = 0; k < z.Length; k++)
                {
                    loss -= y[k] * Math.Log(p[k]) + (1 - y[k]) * Math.Log(1 - p[k]);⟦LOSS004⟧
                }

                return loss;
            }
        }
        """;

    private static string PlantTensorSigmoidBce(Random r, string u) => $$"""
        public static class TaggingPipeline{{u}}
        {
            public static float Loss(float[] logits, float[] targets)
            {
                var probabilities = new float[logits.Length];
                TensorPrimitives.Sigmoid(logits, probabilities);
                return StableLoss.Loss.BinaryCrossEntropy(probabilities, targets);⟦LOSS003⟧
            }
        }
        """;

    private static string PlantTensorSoftmaxBce(Random r, string u) => $$"""
        public static class TopicPipeline{{u}}
        {
            public static double Objective(double[] z, double[] y)
            {
                var p = new double[z.Length];
                StableMath.Softmax(z, p);
                return StableLoss.Loss.BinaryCrossEntropy(p, y, Reduction.Sum);⟦LOSS004⟧
            }
        }
        """;

    private static string PlantTensorLogOfSigmoid(Random r, string u) => $$"""
        public static class LogProbabilities{{u}}
        {
            public static void LogOfSigmoids(ReadOnlySpan<float> logits, Span<float> logProbabilities)
            {
                var probabilities = new float[logits.Length];
                TensorPrimitives.Sigmoid(logits, probabilities);
                TensorPrimitives.Log(probabilities, logProbabilities);⟦LOSS001⟧
            }
        }
        """;

    private static string TorchModule(Random r, string u) => $$"""
        /// <summary>TorchSharp objectives: four misuses and their correct neighbours.</summary>
        public static class TorchObjectives{{u}}
        {
            public static Tensor LogOfSigmoid(Tensor z) => torch.log(torch.sigmoid(z));⟦LOSS001⟧

            public static Tensor LogSigmoidStable(Tensor z) => nn.functional.logsigmoid(z);

            public static Tensor NllLoss(Tensor p, Tensor y) => -(y * torch.log10(p.clamp(1e-7, 1 - 1e-7))).mean();⟦LOSS002⟧

            public static Tensor BceLoss(Tensor z, Tensor y)
            {
                var p = torch.sigmoid(z);
                return nn.functional.binary_cross_entropy(p, y);⟦LOSS003⟧
            }

            public static Tensor BceWithLogitsLoss(Tensor z, Tensor y) => nn.functional.binary_cross_entropy_with_logits(z, y);

            public static Tensor SoftmaxBceLoss(Tensor z, Tensor y) =>
                nn.functional.binary_cross_entropy(torch.softmax(z, 1), y);⟦LOSS004⟧

            public static Tensor CrossEntropyLoss(Tensor z, Tensor y) => nn.functional.cross_entropy(z, y);

            public static Tensor PowerDecibels(Tensor power) => 10 * torch.log10(power + {{D(r, 1e-10, 1e-9, 11)}});

            public static Tensor LogScaleForPlot(Tensor values) => torch.log10(values.abs() + 1);
        }
        """;
}
