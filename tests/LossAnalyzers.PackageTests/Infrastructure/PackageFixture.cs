using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace LossAnalyzers.PackageTests.Infrastructure;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "LossAnalyzers package";
}

/// <summary>
/// Packs <c>LossAnalyzers</c> (and <c>StableLoss</c>) once into a temporary folder feed and makes consumer projects
/// that reference the package from that feed, with a private NuGet packages folder so that a repacked 0.1.0 is never
/// served from a stale cache. Set LOSS_PACKAGE_TESTS_KEEP=1 to keep the temporary folder for inspection.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    private int consumerCount;

    public PackageFixture()
    {
        RepoRoot = FindRepoRoot();
        Root = Path.Combine(Path.GetTempPath(), "LossAnalyzers.PackageTests", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss") + "-" + Guid.NewGuid().ToString("N")[..8]);
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        PackagesFolder = Directory.CreateDirectory(Path.Combine(Root, "nuget-packages")).FullName;

        var clock = Stopwatch.StartNew();
        PackResult = Pack(Path.Combine("src", "LossAnalyzers.Package", "LossAnalyzers.Package.csproj"));
        StableLossPackResult = Pack(Path.Combine("src", "StableLoss", "StableLoss.csproj"));
        PackTime = clock.Elapsed;

        LossAnalyzersPackage = SinglePackage("LossAnalyzers");
        StableLossPackage = SinglePackage("StableLoss");
        var name = Path.GetFileNameWithoutExtension(LossAnalyzersPackage);
        Version = name["LossAnalyzers.".Length..];
    }

    public string RepoRoot { get; }

    public string Root { get; }

    public string Feed { get; }

    /// <summary>NUGET_PACKAGES of every consumer process.</summary>
    public string PackagesFolder { get; }

    public string LossAnalyzersPackage { get; }

    public string StableLossPackage { get; }

    public string Version { get; }

    public ProcessResult PackResult { get; }

    public ProcessResult StableLossPackResult { get; }

    public TimeSpan PackTime { get; }

    /// <summary>A fresh consumer: net10.0 console referencing LossAnalyzers from the temporary feed.</summary>
    public ConsumerProject CreateConsumer(string name, string programSource)
    {
        var number = System.Threading.Interlocked.Increment(ref consumerCount);
        var dir = Directory.CreateDirectory(Path.Combine(Root, "consumers", $"{number:D2}-{name}")).FullName;

        File.WriteAllText(Path.Combine(dir, "nuget.config"), NuGetConfig());
        // Stop MSBuild and NuGet from picking up anything from the folders above the temporary directory.
        File.WriteAllText(Path.Combine(dir, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(dir, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(dir, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(dir, ConsumerProject.ProjectFileName), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <RootNamespace>Consumer</RootNamespace>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="LossAnalyzers" Version="{Version}" />
              </ItemGroup>
            </Project>

            """);
        File.WriteAllText(Path.Combine(dir, ConsumerProject.ProgramFileName), programSource);
        return new ConsumerProject(this, dir);
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("LOSS_PACKAGE_TESTS_KEEP") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temporary folder
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private ProcessResult Pack(string project)
    {
        // The repository's projects restore from the machine's normal packages folder (NUGET_PACKAGES inherited).
        var result = DotNet.Run(
            RepoRoot,
            ["pack", project, "-c", "Release", "-o", Feed, "-nodeReuse:false", "--disable-build-servers"],
            timeout: TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("Packing failed." + Environment.NewLine + result);
        }

        return result;
    }

    private string SinglePackage(string id)
    {
        var matches = Directory.GetFiles(Feed, id + ".*.nupkg")
            .Where(f => char.IsDigit(Path.GetFileName(f)[id.Length + 1]) && !f.EndsWith(".snupkg", StringComparison.Ordinal))
            .ToList();
        if (matches.Count != 1)
        {
            throw new InvalidOperationException($"Expected one {id} package in {Feed}, found: {string.Join(", ", matches)}");
        }

        return matches[0];
    }

    private string NuGetConfig()
    {
        // The machine's global packages folder has the feed layout (id/version/id.version.nupkg): a local source that
        // spares downloads of big third-party packages (TorchSharp, later).
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(machinePackages))
        {
            machinePackages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        var sb = new StringBuilder();
        sb.AppendLine("""<?xml version="1.0" encoding="utf-8"?>""");
        sb.AppendLine("<configuration>");
        sb.AppendLine("  <packageSources>");
        sb.AppendLine("    <clear />");
        sb.AppendLine($"""    <add key="loss-feed" value="{Feed}" />""");
        if (Directory.Exists(machinePackages))
        {
            sb.AppendLine($"""    <add key="machine-packages" value="{machinePackages}" />""");
        }

        sb.AppendLine("""    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />""");
        sb.AppendLine("  </packageSources>");
        // Our packages come from the temporary feed only, never from a cache or nuget.org.
        sb.AppendLine("  <packageSourceMapping>");
        sb.AppendLine("""    <packageSource key="loss-feed"><package pattern="LossAnalyzers" /><package pattern="StableLoss" /></packageSource>""");
        if (Directory.Exists(machinePackages))
        {
            sb.AppendLine("""    <packageSource key="machine-packages"><package pattern="*" /></packageSource>""");
        }

        sb.AppendLine("""    <packageSource key="nuget.org"><package pattern="*" /></packageSource>""");
        sb.AppendLine("  </packageSourceMapping>");
        sb.AppendLine("</configuration>");
        return sb.ToString();
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LossAnalyzers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LossAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A consumer project directory and the commands a user runs in it.</summary>
public sealed class ConsumerProject
{
    public const string ProjectFileName = "Consumer.csproj";
    public const string ProgramFileName = "Program.cs";

    private readonly PackageFixture fixture;

    public ConsumerProject(PackageFixture fixture, string directory)
    {
        this.fixture = fixture;
        Directory = directory;
    }

    public string Directory { get; }

    public string ProgramPath => Path.Combine(Directory, ProgramFileName);

    public void WriteFile(string relativePath, string content) => File.WriteAllText(Path.Combine(Directory, relativePath), content);

    /// <summary><c>dotnet build</c>, as CI (with the given variables) or locally (no CI variable at all).</summary>
    public ProcessResult Build(IReadOnlyDictionary<string, string?>? ciEnvironment = null, params string[] extraArguments) =>
        Dotnet(["build", ProjectFileName, "-nodeReuse:false", "--disable-build-servers", .. extraArguments], ciEnvironment);

    public ProcessResult Format(params string[] arguments) =>
        Dotnet(["format", "analyzers", ProjectFileName, .. arguments], null);

    /// <summary>Runs the built program (Debug) directly with the host, without dotnet run's implicit build.</summary>
    public ProcessResult Run() =>
        Dotnet([Path.Combine("bin", "Debug", "net10.0", "Consumer.dll")], null);

    private ProcessResult Dotnet(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? ciEnvironment)
    {
        var environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = fixture.PackagesFolder };
        if (ciEnvironment is not null)
        {
            foreach (var (key, value) in ciEnvironment)
            {
                environment[key] = value;
            }
        }

        return DotNet.Run(Directory, arguments, environment, TimeSpan.FromMinutes(3));
    }
}
