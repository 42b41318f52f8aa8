using System.Threading.Tasks;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// A map through the natural log's method group — <c>a.Map(Math.Log)</c> on a project's own matrix, <c>v.Map(MathF.Log)</c> —
/// is the log of every element: from-scratch networks write their cost that way over a small matrix class with operators
/// (<c>-(Y * A.Map(Math.Log) + (1 - Y) * (1 - A).Map(Math.Log)).Sum() / m</c>). Reported without a fix (no library call to
/// write); a lambda's own log call is analysed where it is, a map in place is not a log of anything new.
/// </summary>
public class MapOfLogTests
{
    private const string MatrixType = """

        public sealed class Mat
        {
            public double[] V;
            public Mat(int n) { V = new double[n]; }
            public int Count => V.Length;
            public Mat Map(System.Func<double, double> f)
            {
                var m = new Mat(V.Length);
                for (int i = 0; i < V.Length; i++) m.V[i] = f(V[i]);
                return m;
            }
            public void MapInPlace(System.Func<double, double> f)
            {
                for (int i = 0; i < V.Length; i++) V[i] = f(V[i]);
            }
            public static Mat operator *(Mat a, Mat b) { var m = new Mat(a.Count); for (int i = 0; i < a.Count; i++) m.V[i] = a.V[i] * b.V[i]; return m; }
            public static Mat operator +(Mat a, Mat b) { var m = new Mat(a.Count); for (int i = 0; i < a.Count; i++) m.V[i] = a.V[i] + b.V[i]; return m; }
            public static Mat operator -(double s, Mat b) { var m = new Mat(b.Count); for (int i = 0; i < b.Count; i++) m.V[i] = s - b.V[i]; return m; }
            public double Sum() { double s = 0; foreach (var v in V) s += v; return s; }
        }
        """;

    [Fact]
    public Task BernoulliCostOverMappedLogs_Reported() => VerifyCS.Diagnostics("""
        using System;

        public static class Network
        {
            public static double Cost(Mat a, Mat y) =>
                -(y * {|LOSS001:a.Map(Math.Log)|} + (1.0 - y) * {|LOSS001:(1.0 - a).Map(Math.Log)|}).Sum() / a.Count;
        }
        """ + MatrixType);

    [Fact]
    public Task BernoulliCostOverMappedLogsHeldInLocals_Reported() => VerifyCS.Diagnostics("""
        using System;

        public static class Network
        {
            public static double Cost(Mat a, Mat y)
            {
                var logA = {|LOSS001:a.Map(Math.Log)|};
                var logNotA = {|LOSS001:(1.0 - a).Map(Math.Log)|};
                return -(y * logA + (1.0 - y) * logNotA).Sum() / a.Count;
            }
        }
        """ + MatrixType);

    [Fact]
    public Task CategoricalCostOverAMappedLog_Reported() => VerifyCS.Diagnostics("""
        using System;

        public static class Network
        {
            public static double Cost(Mat a, Mat y) => -(y * {|LOSS001:a.Map(Math.Log)|}).Sum() / a.Count;
        }
        """ + MatrixType);

    /// <summary>The matrix a sigmoid was mapped over, logged by the same map in a BCE: LOSS003 on the BCE (no fix to write).</summary>
    [Fact]
    public Task SigmoidMappedThenLoggedByMap_Loss003() => VerifyCS.Diagnostics("""
        using System;

        public static class Network
        {
            static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

            public static double Cost(Mat z, Mat y)
            {
                var a = z.Map(Sigmoid);
                return -({|LOSS003:y * a.Map(Math.Log) + (1.0 - y) * (1.0 - a).Map(Math.Log)|}).Sum();
            }
        }
        """ + MatrixType);

    /// <summary>Generic math: a vector of <c>T</c> mapped through <c>T.Log</c> (and a float one through <c>MathF.Log</c>).</summary>
    [Fact]
    public Task GenericAndFloatMapsOfTheLog_Reported() => VerifyCS.Diagnostics("""
        using System;
        using System.Numerics;

        public sealed class Vec<T> where T : IFloatingPointIeee754<T>
        {
            public T[] V = Array.Empty<T>();
            public Vec<T> Map(Func<T, T> f)
            {
                var m = new Vec<T> { V = new T[V.Length] };
                for (int i = 0; i < V.Length; i++) m.V[i] = f(V[i]);
                return m;
            }
            public static Vec<T> operator *(Vec<T> a, Vec<T> b)
            {
                var m = new Vec<T> { V = new T[a.V.Length] };
                for (int i = 0; i < a.V.Length; i++) m.V[i] = a.V[i] * b.V[i];
                return m;
            }
            public T Sum() { T s = T.Zero; foreach (var v in V) s += v; return s; }
        }

        public static class Costs<T> where T : IFloatingPointIeee754<T>
        {
            public static T Cross(Vec<T> q, Vec<T> t) => -(t * {|LOSS001:q.Map(T.Log)|}).Sum();
        }

        public static class FloatCosts
        {
            public static float Cross(Vec<float> q, Vec<float> t) => -(t * {|LOSS001:q.Map(MathF.Log)|}).Sum();
        }
        """);

    // ---------------------------------------------------------------- negatives

    /// <summary>A log transform of features, and an entropy (weights equal to the probability): no loss, silent.</summary>
    [Fact]
    public Task LogTransformAndEntropy_Silent() => VerifyCS.Diagnostics("""
        using System;

        public static class Features
        {
            public static Mat LogScale(Mat m) => m.Map(Math.Log);

            public static double Entropy(Mat p) => -(p * p.Map(Math.Log)).Sum();
        }
        """ + MatrixType);

    /// <summary>A map in place returns nothing: not classified as a log (its log is of the matrix itself, now overwritten).</summary>
    [Fact]
    public Task MapInPlace_Silent() => VerifyCS.Diagnostics("""
        using System;

        public static class Network
        {
            public static double Cost(Mat a, Mat y)
            {
                var logA = new Mat(a.Count);
                a.MapInPlace(Math.Log);
                return -(y * a).Sum();
            }
        }
        """ + MatrixType);

    /// <summary>A map through another method group (a square root) is not a log.</summary>
    [Fact]
    public Task MapOfAnotherFunction_Silent() => VerifyCS.Diagnostics("""
        using System;

        public static class Network
        {
            public static double Cost(Mat a, Mat y) => -(y * a.Map(Math.Sqrt) + (1.0 - y) * (1.0 - a).Map(Math.Sqrt)).Sum();
        }
        """ + MatrixType);

    /// <summary>A lambda's own log call is what is analysed (here a probability parameter of a loss by its names, with the
    /// clamp fix inside the lambda): the map around it is not a second diagnostic.</summary>
    [Fact]
    public Task LambdaMap_OneDiagnostic_OnTheLambdasLog() => VerifyCS.Diagnostics("""
        using System;
        using System.Linq;

        public static class Losses
        {
            public static double NllLoss(double[] probabilities) => -probabilities.Select(p => {|LOSS001:Math.Log(p)|}).Sum();
        }
        """);

    [Fact]
    public Task Broken_UnresolvedLogGroup_NoException() => VerifyCS.DiagnosticsIgnoringCompilerErrors("""
        using System;

        public static class Network
        {
            public static double Cost(Mat a, Mat y) => -(y * a.Map(Math.Lg) + (1.0 - y) * (1.0 - a).Map(Math.Log)).Sum();
        }
        """ + MatrixType);
}
