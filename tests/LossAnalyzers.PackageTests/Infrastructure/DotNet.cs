using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace LossAnalyzers.PackageTests.Infrastructure;

/// <summary>The result of one process run: exit code, interleaved stdout/stderr, duration and the command line.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"$ {CommandLine}{Environment.NewLine}exit code {ExitCode} after {Elapsed.TotalSeconds:F1} s{Environment.NewLine}{Output}";
}

/// <summary>
/// Starts <c>dotnet</c> with an environment that is decided on purpose, never inherited by accident: the CI markers
/// (CI, TF_BUILD, GITHUB_ACTIONS, ContinuousIntegrationBuild, in any letter case, since MSBuild properties are
/// case-insensitive) are removed unless the caller sets them, MSBuild variables that <c>dotnet test</c> leaks into the
/// test host are removed, and build servers and node reuse are off, so that no process outlives the test.
/// </summary>
public static class DotNet
{
    /// <summary>Environment variables that make a build count as a CI build.</summary>
    public static readonly IReadOnlyList<string> CIVariables = ["CI", "TF_BUILD", "GITHUB_ACTIONS", "ContinuousIntegrationBuild"];

    private static readonly string[] RemovedPrefixes = ["MSBUILD", "NUGET_FALLBACK_PACKAGES", "VSTEST_", "DOTNET_WATCH"];

    public static string HostPath { get; } = FindHost();

    public static ProcessResult Run(
        string workingDirectory,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null)
    {
        var args = arguments.ToList();
        var psi = new ProcessStartInfo(HostPath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var env = psi.Environment;
        foreach (var key in env.Keys.ToList())
        {
            if (CIVariables.Any(v => string.Equals(v, key, StringComparison.OrdinalIgnoreCase)) ||
                RemovedPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                env.Remove(key);
            }
        }

        env["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        env["DOTNET_NOLOGO"] = "1";
        env["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        env["DOTNET_CLI_UI_LANGUAGE"] = "en";
        env["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        env["MSBUILDDISABLENODEREUSE"] = "1";
        env["MSBUILDTERMINALLOGGER"] = "off";
        // An environment variable is an MSBuild property: keeps the compiler server off in processes (dotnet format's
        // restore) that have no --disable-build-servers switch.
        env["UseSharedCompilation"] = "false";

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                if (value is null)
                {
                    env.Remove(key);
                }
                else
                {
                    env[key] = value;
                }
            }
        }

        var commandLine = "dotnet " + string.Join(" ", args.Select(a => a.Contains(' ') ? "\"" + a + "\"" : a));
        var setVariables = environment?.Where(kv => kv.Value is not null).Select(kv => kv.Key + "=" + kv.Value) ?? [];
        commandLine = string.Join(" ", setVariables.Append(commandLine));

        var output = new StringBuilder();
        var gate = new object();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };

        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var limit = timeout ?? TimeSpan.FromMinutes(3);
        if (!process.WaitForExit((int)limit.TotalMilliseconds))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // exited in the meantime
            }

            process.WaitForExit();
            string partial;
            lock (gate)
            {
                partial = output.ToString();
            }

            throw new TimeoutException($"'{commandLine}' did not finish within {limit.TotalSeconds:F0} s.{Environment.NewLine}{partial}");
        }

        process.WaitForExit(); // drains the asynchronous output readers
        stopwatch.Stop();
        lock (gate)
        {
            return new ProcessResult(commandLine, process.ExitCode, output.ToString(), stopwatch.Elapsed);
        }
    }

    private static string FindHost()
    {
        // Set by the .NET CLI for the processes it starts (dotnet test -> test host): the same dotnet that runs us.
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
        {
            return fromCli;
        }

        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        return "dotnet";
    }
}
