using System;
using System.Linq;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.Tests.Infrastructure;

/// <summary>What the package ships, for tests that drive the fixers themselves (no testing library).</summary>
internal static class Shipped
{
    /// <summary>One instance of every code fix provider, in rule-ID order.</summary>
    public static readonly CodeFixProvider[] Fixers = typeof(LossAnalyzers.CodeFixes.FixSupport).Assembly.GetTypes()
        .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .OrderBy(f => f.FixableDiagnosticIds[0], StringComparer.Ordinal)
        .ToArray();
}
