using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace LossAnalyzers.Tests.Infrastructure;

/// <summary>The assemblies test sources compile against, defined once.</summary>
internal static class TestReferences
{
    /// <summary>.NET 8 reference assemblies, pinned to a Microsoft.NETCore.App.Ref version the package mirror holds.</summary>
    public static readonly ReferenceAssemblies Net80 = new(
        "net8.0",
        new PackageIdentity("Microsoft.NETCore.App.Ref", "8.0.28"),
        Path.Combine("ref", "net8.0"));

    /// <summary>The StableLoss library (net8.0 build), which the fixes call.</summary>
    public static readonly MetadataReference StableLoss =
        MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "StableLoss.dll"));

    /// <summary>TorchSharp 0.107.0, metadata only: test sources compile against it; nothing of it is executed.</summary>
    public static readonly MetadataReference TorchSharp =
        MetadataReference.CreateFromFile(Path.Combine(PackageDirectory("TorchSharpDirectory"), "lib", "net8.0", "TorchSharp.dll"));

    /// <summary>System.Numerics.Tensors 10.0.0 (its net8.0 build), for TensorPrimitives pipelines.</summary>
    public static readonly MetadataReference Tensors =
        MetadataReference.CreateFromFile(Path.Combine(PackageDirectory("TensorsDirectory"), "lib", "net8.0", "System.Numerics.Tensors.dll"));

    /// <summary>
    /// The running .NET's own System assemblies plus StableLoss, TorchSharp and System.Numerics.Tensors: for tests that
    /// build a compilation or an <c>AdhocWorkspace</c> directly, without the testing library's reference packages.
    /// </summary>
    public static readonly Lazy<ImmutableArray<MetadataReference>> Host = new(() =>
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted.Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) ||
                                  Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Where(p => !p.Contains("System.Numerics.Tensors", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(StableLoss)
            .Append(TorchSharp)
            .Append(Tensors)
            .ToImmutableArray();
    });

    private static string PackageDirectory(string key)
    {
        var value = typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value;
        if (string.IsNullOrEmpty(value) || !Directory.Exists(value))
        {
            throw new InvalidOperationException($"The package directory '{key}' was not found ('{value}'); restore the test project.");
        }

        return value;
    }
}
