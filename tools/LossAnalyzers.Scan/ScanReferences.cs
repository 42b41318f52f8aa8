using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Scan;

/// <summary>
/// What scanned code compiles against: the running runtime's own assemblies (TRUSTED_PLATFORM_ASSEMBLIES, the ones in
/// the shared framework directory), TorchSharp's, System.Numerics.Tensors', MathNet.Numerics' and NumSharp's metadata (the
/// packages corpus repositories build against), and StableLoss.
/// </summary>
public static class ScanReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyAll = new(Build);

    public static ImmutableArray<MetadataReference> All => LazyAll.Value;

    private static ImmutableArray<MetadataReference> Build()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var framework = trusted
            .Where(p => string.Equals(Path.GetDirectoryName(p), runtimeDirectory, StringComparison.Ordinal))
            .Where(p => !Path.GetFileName(p).Equals("System.Numerics.Tensors.dll", StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => p, StringComparer.Ordinal);
        return framework
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(global::StableLoss.Loss).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(PackageFile("TorchSharpDirectory", "torchsharp", "0.107.0", "TorchSharp.dll")))
            .Append(MetadataReference.CreateFromFile(PackageFile("TensorsDirectory", "system.numerics.tensors", "10.0.0", "System.Numerics.Tensors.dll")))
            .Append(MetadataReference.CreateFromFile(PackageFile("MathNetDirectory", "mathnet.numerics", "5.0.0", "MathNet.Numerics.dll", "net6.0")))
            .Append(MetadataReference.CreateFromFile(PackageFile("NumSharpDirectory", "numsharp", "0.81.0", "NumSharp.dll")))
            .ToImmutableArray();
    }

    /// <summary>lib/<paramref name="framework"/>/<paramref name="file"/> of a restored package: where the build said it was, else
    /// the NuGet cache.</summary>
    private static string PackageFile(string key, string id, string version, string file, string framework = "net8.0")
    {
        var candidates = new[]
        {
            typeof(ScanReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value,
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } cache ? Path.Combine(cache, id, version) : null,
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages", id, version),
        };
        foreach (var directory in candidates)
        {
            if (!string.IsNullOrEmpty(directory) && File.Exists(Path.Combine(directory, "lib", framework, file)))
            {
                return Path.Combine(directory, "lib", framework, file);
            }
        }

        throw new InvalidOperationException($"{file} ({id} {version}) was not found; restore tools/LossAnalyzers.Scan.");
    }
}
