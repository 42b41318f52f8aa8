using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace StableLoss.Tests.Infrastructure;

public sealed record UnaryRow(string Function, double X, double Expected);

public sealed record BceRow(int Group, double X, double Y, double PosWeight, double Weight, double Loss, double? Grad);

public sealed record ProbRow(double P, double Y, double Expected);

public sealed record FocalRow(int Group, double X, double Y, double Alpha, double Gamma, double Expected, double K);

public sealed record LseRow(string Kind, double[] X, double Expected, double S, double A);

public sealed record CeRow(bool IsClass, string Kind, double[] Logits, int Target, double LabelSmoothing, double[]? Distribution,
    double Expected, double S, double A);

public sealed record CeBatch(int Id, int Rows, int Classes, double LabelSmoothing, int IgnoreIndex, int NonIgnored,
    double Sum, double Mean, double AllowanceTotal, int[] Targets, double[] Logits);

public sealed record ReductionRow(string Function, int Group, int Count, double Sum, double Mean);

/// <summary>Loads the CSV files written by Data/generate_reference.py (bit patterns in hex).</summary>
public static class ReferenceData
{
    private static readonly Dictionary<string, object> Cache = new();

    public static string DataDirectory => Path.Combine(AppContext.BaseDirectory, "Data");

    private static IEnumerable<string[]> Lines(string file)
    {
        string path = Path.Combine(DataDirectory, file);
        bool header = true;
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (header)
            {
                header = false;
                continue;
            }

            yield return line.Split(',');
        }
    }

    /// <summary>Parses a bit pattern of the format (16 hex digits: binary64, 8: binary32, widened exactly).</summary>
    public static double Bits(string hex, Fmt fmt)
    {
        if (fmt.IsSingle)
        {
            if (hex.Length != 8)
            {
                throw new FormatException("expected 8 hex digits: " + hex);
            }

            return BitConverter.Int32BitsToSingle(unchecked((int)uint.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
        }

        if (hex.Length != 16)
        {
            throw new FormatException("expected 16 hex digits: " + hex);
        }

        return BitConverter.Int64BitsToDouble(unchecked((long)ulong.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
    }

    private static double Dec(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static int Int(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static T Load<T>(string key, Func<T> load)
        where T : class
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(key, out object? v))
            {
                v = load();
                Cache[key] = v;
            }

            return (T)v;
        }
    }

    public static IReadOnlyList<UnaryRow> Unary(Fmt f) => Load("unary" + f, () =>
        Lines($"unary_{f.Name}.csv").Select(c => new UnaryRow(c[0], Bits(c[1], f), Bits(c[2], f))).ToList());

    public static IReadOnlyList<BceRow> Bce(Fmt f) => Load("bce" + f, () =>
        Lines($"bce_logits_{f.Name}.csv").Select(c => new BceRow(Int(c[0]), Bits(c[1], f), Bits(c[2], f), Bits(c[3], f),
            Bits(c[4], f), Bits(c[5], f), c[6].Length == 0 ? null : Bits(c[6], f))).ToList());

    public static IReadOnlyList<ProbRow> Prob(Fmt f) => Load("prob" + f, () =>
        Lines($"bce_prob_{f.Name}.csv").Select(c => new ProbRow(Bits(c[0], f), Bits(c[1], f), Bits(c[2], f))).ToList());

    public static IReadOnlyList<FocalRow> Focal(Fmt f) => Load("focal" + f, () =>
        Lines($"focal_{f.Name}.csv").Select(c => new FocalRow(Int(c[0]), Bits(c[1], f), Bits(c[2], f), Bits(c[3], f),
            Bits(c[4], f), Bits(c[5], f), Dec(c[6]))).ToList());

    public static IReadOnlyList<LseRow> Lse(Fmt f) => Load("lse" + f, () =>
        Lines($"lse_{f.Name}.csv").Select(c =>
        {
            int n = Int(c[1]);
            var x = c.Skip(5).Select(h => Bits(h, f)).ToArray();
            if (x.Length != n)
            {
                throw new FormatException("lse row length");
            }

            return new LseRow(c[0], x, Bits(c[2], f), Dec(c[3]), Dec(c[4]));
        }).ToList());

    public static IReadOnlyList<CeRow> SoftmaxCe(Fmt f) => Load("ce" + f, () =>
        Lines($"softmax_ce_{f.Name}.csv").Select(c =>
        {
            bool isClass = c[0] == "class";
            int n = Int(c[2]);
            var values = c.Skip(8).Select(h => Bits(h, f)).ToArray();
            if (values.Length != (isClass ? n : 2 * n))
            {
                throw new FormatException("softmax_ce row length");
            }

            return new CeRow(isClass, c[1], values.Take(n).ToArray(), isClass ? Int(c[3]) : -1,
                isClass ? Bits(c[4], f) : 0, isClass ? null : values.Skip(n).ToArray(), Bits(c[5], f), Dec(c[6]), Dec(c[7]));
        }).ToList());

    public static IReadOnlyList<CeBatch> SoftmaxBatches(Fmt f) => Load("batch" + f, () =>
    {
        var result = new List<CeBatch>();
        var lines = Lines($"softmax_batch_{f.Name}.csv").ToList();
        for (int i = 0; i < lines.Count;)
        {
            string[] b = lines[i++];
            if (b[0] != "B")
            {
                throw new FormatException("softmax_batch: expected a B record");
            }

            int rows = Int(b[2]), classes = Int(b[3]);
            var targets = new int[rows];
            var logits = new double[rows * classes];
            for (int r = 0; r < rows; r++)
            {
                string[] row = lines[i++];
                targets[r] = Int(row[1]);
                for (int j = 0; j < classes; j++)
                {
                    logits[r * classes + j] = Bits(row[2 + j], f);
                }
            }

            result.Add(new CeBatch(Int(b[1]), rows, classes, Bits(b[4], f), Int(b[5]), Int(b[6]), Bits(b[7], f),
                b[8] == "nan" ? double.NaN : Bits(b[8], f), Dec(b[9]), targets, logits));
        }

        return result;
    });

    public static IReadOnlyList<ReductionRow> Reductions(Fmt f) => Load("red" + f, () =>
        Lines($"reductions_{f.Name}.csv").Select(c => new ReductionRow(c[0], Int(c[1]), Int(c[2]), Bits(c[3], f), Bits(c[4], f))).ToList());
}
