using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using LossAnalyzers.PackageTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace LossAnalyzers.PackageTests;

/// <summary>
/// A user's console project referencing LossAnalyzers from the packed feed: warnings locally, errors in CI, opt-out,
/// .editorconfig/.globalconfig severities win, and dotnet format fixes every site.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class ConsumerTests
{
    private static readonly Dictionary<string, string?> NoCI = new();

    private readonly PackageFixture fixture;
    private readonly ITestOutputHelper output;

    public ConsumerTests(PackageFixture fixture, ITestOutputHelper output)
    {
        this.fixture = fixture;
        this.output = output;
        output.WriteLine($"pack (fixture, once): {fixture.PackTime.TotalSeconds:F1} s");
    }

    [Fact]
    public void LocalBuild_ReportsEveryRuleAsAWarningAtItsLine()
    {
        var consumer = fixture.CreateConsumer("local", MisuseProgram.Source);

        var build = Log(consumer.Build(NoCI));

        Assert.True(build.ExitCode == 0, build.ToString());
        var diagnostics = BuildDiagnostics.Parse(build.Output);
        Assert.Equal(MisuseProgram.ExpectedDiagnostics(), BuildDiagnostics.Loss(diagnostics, "warning", ConsumerProject.ProgramFileName));
        Assert.Empty(BuildDiagnostics.Loss(diagnostics, "error", ConsumerProject.ProgramFileName));
    }

    [Fact]
    public void CIBuild_FailsWithEveryRuleAsAnError_AndPassesWithTheOptOut()
    {
        var consumer = fixture.CreateConsumer("ci", MisuseProgram.Source);
        var ci = new Dictionary<string, string?> { ["CI"] = "true" };

        var enforced = Log(consumer.Build(ci));
        Assert.True(enforced.ExitCode != 0, enforced.ToString());
        var diagnostics = BuildDiagnostics.Parse(enforced.Output);
        Assert.Equal(MisuseProgram.ExpectedDiagnostics(), BuildDiagnostics.Loss(diagnostics, "error", ConsumerProject.ProgramFileName));
        Assert.Empty(BuildDiagnostics.Loss(diagnostics, "warning", ConsumerProject.ProgramFileName));

        // Same project, same CI environment: the opt-out property brings the warnings back (and recompiles).
        var optedOut = Log(consumer.Build(ci, "-p:LossAnalyzersEnforceInCI=false"));
        Assert.True(optedOut.ExitCode == 0, optedOut.ToString());
        diagnostics = BuildDiagnostics.Parse(optedOut.Output);
        Assert.Equal(MisuseProgram.ExpectedDiagnostics(), BuildDiagnostics.Loss(diagnostics, "warning", ConsumerProject.ProgramFileName));
        Assert.Empty(BuildDiagnostics.Loss(diagnostics, "error", ConsumerProject.ProgramFileName));

        // And back to enforcement: an incremental build must not keep the opted-out result.
        var again = Log(consumer.Build(ci));
        Assert.True(again.ExitCode != 0, again.ToString());
    }

    [Theory]
    [InlineData("CI", "TRUE")]
    [InlineData("TF_BUILD", "True")]
    [InlineData("GITHUB_ACTIONS", "true")]
    [InlineData("ContinuousIntegrationBuild", "true")]
    public void CIBuild_IsRecognisedFromEachMarker(string variable, string value)
    {
        var consumer = fixture.CreateConsumer("marker-" + variable, MisuseProgram.Source);

        var build = Log(consumer.Build(new Dictionary<string, string?> { [variable] = value }));

        Assert.True(build.ExitCode != 0, build.ToString());
        Assert.Equal(
            MisuseProgram.ExpectedDiagnostics(),
            BuildDiagnostics.Loss(BuildDiagnostics.Parse(build.Output), "error", ConsumerProject.ProgramFileName));
    }

    [Fact]
    public void CIBuild_FalseMarkers_StayWarnings_AndTheSarif21LogHasEveryRule()
    {
        var consumer = fixture.CreateConsumer("false-markers", MisuseProgram.Source);

        // As documented in docs/package.md: on the command line the comma must be escaped (%2C), or MSBuild splits it
        // into a second property (version=2.1 would set the assembly Version, and the log would be SARIF 1.0).
        var build = Log(consumer.Build(
            new Dictionary<string, string?>
            {
                ["CI"] = "false",
                ["TF_BUILD"] = "False",
                ["GITHUB_ACTIONS"] = "false",
                ["ContinuousIntegrationBuild"] = "false",
            },
            "-p:ErrorLog=loss.sarif%2Cversion=2.1"));

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal(
            MisuseProgram.ExpectedDiagnostics(),
            BuildDiagnostics.Loss(BuildDiagnostics.Parse(build.Output), "warning", ConsumerProject.ProgramFileName));

        using var sarif = JsonDocument.Parse(File.ReadAllText(Path.Combine(consumer.Directory, "loss.sarif")));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("ruleId").GetString() + ":" + r.GetProperty("level").GetString())
            .Where(r => r.StartsWith("LOSS", StringComparison.Ordinal))
            .OrderBy(r => r, StringComparer.Ordinal);
        Assert.Equal(MisuseProgram.RuleIds.Select(id => id + ":warning"), results);
    }

    [Fact]
    public void CIBuild_EditorConfigSeveritiesWin()
    {
        var consumer = fixture.CreateConsumer("editorconfig", MisuseProgram.Source);
        consumer.WriteFile(".editorconfig", """
            root = true

            [*.cs]
            dotnet_diagnostic.LOSS001.severity = none
            dotnet_diagnostic.LOSS002.severity = suggestion
            dotnet_diagnostic.LOSS003.severity = warning

            """);

        var build = Log(consumer.Build(new Dictionary<string, string?> { ["CI"] = "true" }));

        // LOSS004 has no user severity: enforced. The others keep what .editorconfig says.
        Assert.True(build.ExitCode != 0, build.ToString());
        var diagnostics = BuildDiagnostics.Parse(build.Output);
        Assert.Equal(MisuseProgram.ExpectedDiagnostics("LOSS004"), BuildDiagnostics.Loss(diagnostics, "error", ConsumerProject.ProgramFileName));
        Assert.Equal(MisuseProgram.ExpectedDiagnostics("LOSS003"), BuildDiagnostics.Loss(diagnostics, "warning", ConsumerProject.ProgramFileName));
    }

    [Fact]
    public void CIBuild_UserGlobalConfigSeveritiesWin()
    {
        var consumer = fixture.CreateConsumer("globalconfig", MisuseProgram.Source);
        consumer.WriteFile(".globalconfig", """
            is_global = true
            dotnet_diagnostic.LOSS001.severity = warning
            dotnet_diagnostic.LOSS002.severity = silent
            dotnet_diagnostic.LOSS003.severity = warning
            dotnet_diagnostic.LOSS004.severity = warning

            """);

        var build = Log(consumer.Build(new Dictionary<string, string?> { ["CI"] = "true" }));

        Assert.True(build.ExitCode == 0, build.ToString());
        var diagnostics = BuildDiagnostics.Parse(build.Output);
        Assert.Equal(MisuseProgram.ExpectedDiagnostics("LOSS001", "LOSS003", "LOSS004"), BuildDiagnostics.Loss(diagnostics, "warning", ConsumerProject.ProgramFileName));
        Assert.Empty(BuildDiagnostics.Loss(diagnostics, "error", ConsumerProject.ProgramFileName));
    }

    [Fact]
    public void DotnetFormat_FixesEverySite_ThenTheBuildIsCleanAndTheLossesAreFinite()
    {
        var consumer = fixture.CreateConsumer("format", MisuseProgram.Source);

        var before = Log(consumer.Build(NoCI));
        Assert.True(before.ExitCode == 0, before.ToString());
        var runBefore = Log(consumer.Run());
        Assert.True(runBefore.ExitCode == 0, runBefore.ToString());
        var lossesBefore = MisuseProgram.ParseOutput(runBefore.Output);
        Assert.True(double.IsNegativeInfinity(lossesBefore["log_probability"]), runBefore.Output);
        Assert.True(double.IsPositiveInfinity(lossesBefore["binary_cross_entropy"]), runBefore.Output);
        Assert.False(double.IsFinite(lossesBefore["per_class_loss"]), runBefore.Output);
        Assert.Equal(-Math.Log10(0.25), lossesBefore["compute_loss"], 12);

        var format = Log(consumer.Format(
            "--diagnostics", "LOSS001", "LOSS002", "LOSS003", "LOSS004", "LOSS005", "LOSS006", "LOSS007", "LOSS008", "--severity", "warn", "--no-restore", "--verbosity", "normal"));
        Assert.True(format.ExitCode == 0, format.ToString());

        var fixedSource = File.ReadAllText(consumer.ProgramPath);
        output.WriteLine(fixedSource);
        Assert.Contains("using StableLoss;", fixedSource, StringComparison.Ordinal);
        Assert.Contains("StableMath.LogSigmoid(z)", fixedSource, StringComparison.Ordinal);
        Assert.Contains("Loss.BinaryCrossEntropyWithLogits(z, y)", fixedSource, StringComparison.Ordinal);
        Assert.DoesNotContain("Math.Log10", fixedSource, StringComparison.Ordinal);

        var after = Log(consumer.Build(NoCI));
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.DoesNotContain(BuildDiagnostics.Parse(after.Output), d => d.Id.StartsWith("LOSS", StringComparison.Ordinal));

        var runAfter = Log(consumer.Run());
        Assert.True(runAfter.ExitCode == 0, runAfter.ToString());
        var lossesAfter = MisuseProgram.ParseOutput(runAfter.Output);
        Assert.Equal(lossesBefore.Keys.OrderBy(k => k), lossesAfter.Keys.OrderBy(k => k));
        Assert.All(lossesAfter, kv => Assert.True(double.IsFinite(kv.Value), kv.Key + "=" + kv.Value));
        Assert.Equal(-800, lossesAfter["log_probability"], 9);                // log σ(-800)
        Assert.Equal(-Math.Log(0.25), lossesAfter["compute_loss"], 12);      // natural log
        Assert.Equal(40, lossesAfter["binary_cross_entropy"], 9);            // BCE(z = 40, y = 0)
        Assert.Equal(1000, lossesAfter["per_class_loss"], 9);                // logsumexp(z) - z[1]
    }

    private ProcessResult Log(ProcessResult result)
    {
        output.WriteLine($"$ {result.CommandLine}  -> exit {result.ExitCode} in {result.Elapsed.TotalSeconds:F1} s");
        foreach (var d in BuildDiagnostics.Parse(result.Output).Where(d => d.Id.StartsWith("LOSS", StringComparison.Ordinal)))
        {
            output.WriteLine("    " + d);
        }

        return result;
    }
}
