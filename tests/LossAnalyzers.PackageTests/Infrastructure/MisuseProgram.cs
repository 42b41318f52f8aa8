using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace LossAnalyzers.PackageTests.Infrastructure;

/// <summary>
/// The consumer's Program.cs: one misuse per rule, each marked with a trailing <c>// LOSSnnn</c> comment on the line
/// where the diagnostic is expected, and a Main that prints each loss for inputs where the misuse overflows.
/// </summary>
public static class MisuseProgram
{
    public const string Source = """
        using System;
        using System.Globalization;

        namespace Consumer;

        public static class Model
        {
            public static double LogProbability(double z)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                double logp = Math.Log(p); // LOSS001
                return logp;
            }

            public static double ComputeLoss(double p, double y)
            {
                double q = Math.Clamp(p, 1e-12, 1 - 1e-12);
                return -(y * Math.Log10(q) + (1 - y) * Math.Log(1 - q)); // LOSS002
            }

            public static double BinaryCrossEntropy(double z, double y)
            {
                double p = 1.0 / (1.0 + Math.Exp(-z));
                return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p)); // LOSS003
            }

            public static double PerClassLoss(double[] z, double[] y)
            {
                double max = double.NegativeInfinity;
                for (int k = 0; k < z.Length; k++) max = Math.Max(max, z[k]);
                double sum = 0;
                for (int k = 0; k < z.Length; k++) sum += Math.Exp(z[k] - max);
                var p = new double[z.Length];
                for (int k = 0; k < z.Length; k++) p[k] = Math.Exp(z[k] - max) / sum;

                double loss = 0;
                for (int k = 0; k < z.Length; k++)
                {
                    loss += -(y[k] * Math.Log(p[k]) + (1 - y[k]) * Math.Log(1 - p[k])); // LOSS004
                }

                return loss;
            }
        }

        public static class Program
        {
            public static void Main()
            {
                Print("log_probability", Model.LogProbability(-800));
                Print("compute_loss", Model.ComputeLoss(0.25, 1));
                Print("binary_cross_entropy", Model.BinaryCrossEntropy(40, 0));
                Print("per_class_loss", Model.PerClassLoss(new[] { 1000.0, 0.0, -1000.0 }, new[] { 0.0, 1.0, 0.0 }));
            }

            private static void Print(string name, double value) =>
                Console.WriteLine(name + "=" + value.ToString("R", CultureInfo.InvariantCulture));
        }

        """;

    public static readonly IReadOnlyList<string> RuleIds = ["LOSS001", "LOSS002", "LOSS003", "LOSS004"];

    /// <summary>"LOSSnnn@line" for every marker, sorted like <see cref="BuildDiagnostics.Loss"/>.</summary>
    public static IReadOnlyList<string> ExpectedDiagnostics(params string[] ids)
    {
        var wanted = ids.Length == 0 ? RuleIds : ids;
        var lines = Source.Split('\n');
        var result = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var id in wanted)
            {
                if (lines[i].TrimEnd().EndsWith("// " + id, StringComparison.Ordinal))
                {
                    result.Add(id + "@" + (i + 1));
                }
            }
        }

        if (result.Count != wanted.Count)
        {
            throw new InvalidOperationException("Every rule needs exactly one marker in the sample.");
        }

        return result.OrderBy(s => s, StringComparer.Ordinal).ToList();
    }

    /// <summary>The name=value lines that Main prints.</summary>
    public static IReadOnlyDictionary<string, double> ParseOutput(string output) =>
        output.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split('=', 2))
            .Where(p => double.TryParse(p[1], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .ToDictionary(p => p[0], p => double.Parse(p[1], NumberStyles.Float, CultureInfo.InvariantCulture));
}
