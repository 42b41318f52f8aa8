using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// The <c>[Logits]</c>/<c>[Probability]</c> contracts are read from metadata: a model library compiled on its own (emitted to
/// an image, referenced as metadata, no source in the test compilation) teaches the analyzer what its methods return.
/// </summary>
public class ContractAttributeTests
{
    private const string ModelLibrary = """
        using StableLoss.Annotations;

        namespace Vendor.Models
        {
            public sealed class Churn
            {
                [return: Probability]
                public double Predict(double[] features) => 0.5;

                [return: Logits]
                public double Score(double[] features) => 0.0;

                [Logits]
                public double LastScore { get; set; }
            }
        }
        """;

    private static async Task<MetadataReference> CompileModelLibraryAsync()
    {
        // the same .NET 8 reference assemblies the test sources compile against
        var framework = await TestReferences.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var compilation = CSharpCompilation.Create(
            "Vendor.Models",
            new[] { CSharpSyntaxTree.ParseText(ModelLibrary) },
            framework.Add(TestReferences.StableLoss),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private static async Task VerifyAsync(string source)
    {
        var test = new LossTest<LossAnalyzers.CodeFixes.ProbabilityAsLogitsCodeFixProvider> { TestCode = source };
        test.TestState.AdditionalReferences.Add(await CompileModelLibraryAsync());
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task ProbabilityReturnFromMetadata_IntoALogitsApi_IsLoss007() => VerifyAsync("""
        using StableLoss;
        using Vendor.Models;

        public static class Training
        {
            public static double Cost(Churn model, double[] x, double y) =>
                Loss.BinaryCrossEntropyWithLogits({|LOSS007:model.Predict(x)|}, y);
        }
        """);

    [Fact]
    public Task LogitsReturnFromMetadata_IntoBinaryCrossEntropy_IsLoss008() => VerifyAsync("""
        using StableLoss;
        using Vendor.Models;

        public static class Training
        {
            public static double Cost(Churn model, double[] x, double y) =>
                {|LOSS008:Loss.BinaryCrossEntropy(model.Score(x), y)|};
        }
        """);

    [Fact]
    public Task LogitsPropertyFromMetadata_LoggedAsAProbability_IsLoss008Not001() => VerifyAsync("""
        using System;
        using Vendor.Models;

        public static class Training
        {
            public static double Cost(Churn model, double y)
            {
                var p = model.LastScore;
                return {|LOSS008:-(y * Math.Log(p) + (1 - y) * Math.Log(1 - p))|};
            }
        }
        """);

    [Fact]
    public Task ProbabilityReturnFromMetadata_LoggedUnguarded_IsLoss001() => VerifyAsync("""
        using System;
        using Vendor.Models;

        public static class Training
        {
            public static double Surprise(Churn model, double[] x) => -{|LOSS001:Math.Log(model.Predict(x))|};
        }
        """);

    [Fact]
    public Task ContractsFromMetadata_UsedAsDeclared_Silent() => VerifyAsync("""
        using StableLoss;
        using Vendor.Models;

        public static class Training
        {
            public static double Cost(Churn model, double[] x, double y) =>
                Loss.BinaryCrossEntropyWithLogits(model.Score(x), y) + Loss.BinaryCrossEntropy(model.Predict(x), y);
        }
        """);

    [Fact]
    public void StableLossDeclaresItsOwnContracts()
    {
        var stableLoss = typeof(StableLoss.Loss).Assembly;
        var withLogits = typeof(StableLoss.Loss).GetMethod(nameof(StableLoss.Loss.BinaryCrossEntropyWithLogits), new[] { typeof(double), typeof(double) })!;
        Assert.NotNull(withLogits.GetParameters()[0].GetCustomAttributes(typeof(StableLoss.Annotations.LogitsAttribute), false).SingleOrDefault());
        var bce = typeof(StableLoss.Loss).GetMethod(nameof(StableLoss.Loss.BinaryCrossEntropy), new[] { typeof(double), typeof(double), typeof(double) })!;
        Assert.NotNull(bce.GetParameters()[0].GetCustomAttributes(typeof(StableLoss.Annotations.ProbabilityAttribute), false).SingleOrDefault());
        var sigmoid = typeof(StableLoss.StableMath).GetMethod(nameof(StableLoss.StableMath.Sigmoid), new[] { typeof(double) })!;
        Assert.NotNull(sigmoid.ReturnParameter.GetCustomAttributes(typeof(StableLoss.Annotations.ProbabilityAttribute), false).SingleOrDefault());
        Assert.Equal("StableLoss", stableLoss.GetName().Name);
    }
}
