using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using LossAnalyzers.PackageTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace LossAnalyzers.PackageTests;

[Collection(PackageCollection.Name)]
public sealed class PackageLayoutTests
{
    private readonly PackageFixture fixture;
    private readonly ITestOutputHelper output;

    public PackageLayoutTests(PackageFixture fixture, ITestOutputHelper output)
    {
        this.fixture = fixture;
        this.output = output;
        output.WriteLine($"pack (fixture, once): {fixture.PackTime.TotalSeconds:F1} s");
    }

    [Fact]
    public void LossAnalyzersPackage_ContainsExactlyAnalyzersLibPropsAndReadme()
    {
        var entries = PayloadEntries(fixture.LossAnalyzersPackage);
        output.WriteLine(string.Join(Environment.NewLine, entries));

        Assert.Equal(
            new[]
            {
                "README.md",
                "analyzers/dotnet/cs/LossAnalyzers.CodeFixes.dll",
                "analyzers/dotnet/cs/LossAnalyzers.dll",
                "build/LossAnalyzers.props",
                "buildTransitive/LossAnalyzers.props",
                "lib/net8.0/StableLoss.dll",
                "lib/net8.0/StableLoss.xml",
                "lib/netstandard2.0/StableLoss.dll",
                "lib/netstandard2.0/StableLoss.xml",
            },
            entries);
    }

    [Fact]
    public void LossAnalyzersPackage_LibAssembliesTargetTheirFolderFramework()
    {
        using var zip = ZipFile.OpenRead(fixture.LossAnalyzersPackage);
        Assert.Equal(".NETStandard,Version=v2.0", TargetFrameworkOf(zip, "lib/netstandard2.0/StableLoss.dll"));
        Assert.Equal(".NETCoreApp,Version=v8.0", TargetFrameworkOf(zip, "lib/net8.0/StableLoss.dll"));
        Assert.Equal(".NETStandard,Version=v2.0", TargetFrameworkOf(zip, "analyzers/dotnet/cs/LossAnalyzers.dll"));
        Assert.Equal(".NETStandard,Version=v2.0", TargetFrameworkOf(zip, "analyzers/dotnet/cs/LossAnalyzers.CodeFixes.dll"));
    }

    [Fact]
    public void LossAnalyzersPackage_Nuspec_IsARuntimeDependencyWithMetadataAndSystemMemoryForNetStandard()
    {
        var metadata = NuspecMetadata(fixture.LossAnalyzersPackage);

        Assert.Equal("LossAnalyzers", Value(metadata, "id"));
        Assert.Equal(fixture.Version, Value(metadata, "version"));
        Assert.Null(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "developmentDependency"));

        var license = Child(metadata, "license");
        Assert.Equal("expression", (string?)license.Attribute("type"));
        Assert.Equal("MIT", license.Value);
        Assert.Equal("README.md", Value(metadata, "readme"));
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")));
        var tags = Value(metadata, "tags").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("roslyn", tags);
        Assert.Contains("analyzers", tags);
        Assert.Equal("https://github.com/lossanalyzers/LossAnalyzers", (string?)Child(metadata, "repository").Attribute("url"));

        var groups = Child(metadata, "dependencies").Elements().Where(e => e.Name.LocalName == "group")
            .ToDictionary(g => (string)g.Attribute("targetFramework")!, g => g.Elements().Select(d => (string)d.Attribute("id")!).OrderBy(s => s).ToList());
        Assert.Equal(new[] { ".NETStandard2.0", "net8.0" }, groups.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(new[] { "System.Memory" }, groups[".NETStandard2.0"]);
        Assert.Empty(groups["net8.0"]);

        // Nothing of the dependency may be hidden from consumers (no PrivateAssets-style exclusion of runtime/compile).
        var memory = Child(metadata, "dependencies").Descendants().Single(e => e.Name.LocalName == "dependency");
        var exclude = ((string?)memory.Attribute("exclude") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain("Runtime", exclude);
        Assert.DoesNotContain("Compile", exclude);
    }

    [Fact]
    public void LossAnalyzersPackage_BuildPropsImportsTheBuildTransitiveProps()
    {
        using var zip = ZipFile.OpenRead(fixture.LossAnalyzersPackage);
        var build = XDocument.Load(zip.GetEntry("build/LossAnalyzers.props")!.Open());
        var import = Assert.Single(build.Root!.Elements(), e => e.Name.LocalName == "Import");
        Assert.Equal(@"$(MSBuildThisFileDirectory)..\buildTransitive\LossAnalyzers.props", (string?)import.Attribute("Project"));

        var transitive = XDocument.Load(zip.GetEntry("buildTransitive/LossAnalyzers.props")!.Open());
        var enforced = transitive.Descendants().Where(e => e.Name.LocalName == "LossAnalyzersEnforcedDiagnostic")
            .SelectMany(e => ((string)e.Attribute("Include")!).Split(';')).ToList();
        Assert.Equal(enforced.Distinct().Count(), enforced.Count);

        // Every rule the analyzers release (release-tracking files) is enforced in CI: adding LOSS00n to the analyzers
        // without adding it to the props' list fails here.
        var released = ReleasedRuleIds(fixture.RepoRoot);
        Assert.Superset(new HashSet<string>(MisuseProgram.RuleIds), new HashSet<string>(released));
        Assert.Subset(new HashSet<string>(enforced), new HashSet<string>(released));
    }

    private static List<string> ReleasedRuleIds(string repoRoot)
    {
        var dir = Path.Combine(repoRoot, "src", "LossAnalyzers");
        return Directory.GetFiles(dir, "AnalyzerReleases.*.md")
            .SelectMany(File.ReadAllLines)
            .Select(l => l.Split('|')[0].Trim())
            .Where(id => id.Length == 7 && id.StartsWith("LOSS", StringComparison.Ordinal) && id[4..].All(char.IsDigit))
            .Distinct()
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToList();
    }

    [Fact]
    public void StableLossPackage_PacksOnItsOwn()
    {
        Assert.Equal(
            new[]
            {
                "lib/net8.0/StableLoss.dll",
                "lib/net8.0/StableLoss.xml",
                "lib/netstandard2.0/StableLoss.dll",
                "lib/netstandard2.0/StableLoss.xml",
            },
            PayloadEntries(fixture.StableLossPackage).Where(e => e.StartsWith("lib/", StringComparison.Ordinal)));

        var metadata = NuspecMetadata(fixture.StableLossPackage);
        Assert.Equal("StableLoss", Value(metadata, "id"));
        var netstandard = Child(metadata, "dependencies").Elements()
            .Single(g => (string?)g.Attribute("targetFramework") == ".NETStandard2.0");
        Assert.Equal(new[] { "System.Memory" }, netstandard.Elements().Select(d => (string)d.Attribute("id")!));
    }

    /// <summary>The package's payload, without the OPC/NuGet bookkeeping entries.</summary>
    private static List<string> PayloadEntries(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return zip.Entries
            .Select(e => e.FullName)
            .Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal) &&
                        !n.StartsWith("package/", StringComparison.Ordinal) &&
                        n != "[Content_Types].xml" &&
                        n != ".signature.p7s" &&
                        !(n.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase) && !n.Contains('/')))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
    }

    private static XElement NuspecMetadata(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var nuspec = zip.Entries.Single(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        using var stream = nuspec.Open();
        var doc = XDocument.Load(stream);
        return Child(doc.Root!, "metadata");
    }

    private static XElement Child(XElement parent, string localName) =>
        parent.Elements().SingleOrDefault(e => e.Name.LocalName == localName)
        ?? throw new Xunit.Sdk.XunitException($"<{localName}> missing in <{parent.Name.LocalName}>");

    private static string Value(XElement parent, string localName) => Child(parent, localName).Value;

    private static string TargetFrameworkOf(ZipArchive zip, string entryName)
    {
        var entry = zip.GetEntry(entryName) ?? throw new Xunit.Sdk.XunitException(entryName + " missing");
        using var buffer = new MemoryStream();
        using (var s = entry.Open())
        {
            s.CopyTo(buffer);
        }

        buffer.Position = 0;
        using var pe = new PEReader(buffer);
        var md = pe.GetMetadataReader();
        foreach (var handle in md.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = md.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var ctor = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (ctor.Parent.Kind != HandleKind.TypeReference ||
                md.GetString(md.GetTypeReference((TypeReferenceHandle)ctor.Parent).Name) != "TargetFrameworkAttribute")
            {
                continue;
            }

            // blob: prolog (2 bytes), then the first fixed argument, a SerString
            var blob = md.GetBlobReader(attribute.Value);
            blob.ReadUInt16();
            return blob.ReadSerializedString() ?? string.Empty;
        }

        return string.Empty;
    }
}
