using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace LossAnalyzers.Tests.Infrastructure;

/// <summary>The sources the robustness and printing tests run over.</summary>
internal static class TestCorpus
{
    /// <summary>Every sample file and every C# source embedded in the rule tests' raw string literals.</summary>
    public static List<(string Name, string Text)> Sources()
    {
        var root = Repository.Root();
        var corpus = new List<(string, string)>();
        foreach (var file in Directory.GetFiles(Path.Combine(root, "samples"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                     .OrderBy(f => f, StringComparer.Ordinal))
        {
            corpus.Add((Path.GetRelativePath(root, file), File.ReadAllText(file)));
        }

        foreach (var file in Directory.GetFiles(Path.Combine(root, "tests", "LossAnalyzers.Tests", "Rules"), "*.cs").OrderBy(f => f, StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            var index = 0;
            while ((index = text.IndexOf("\"\"\"", index, StringComparison.Ordinal)) >= 0)
            {
                var end = text.IndexOf("\"\"\"", index + 3, StringComparison.Ordinal);
                if (end < 0)
                {
                    break;
                }

                var literal = text.Substring(index + 3, end - index - 3);
                // strip test markup {|ID:...|} and [| |] so the sources are plain C#
                literal = System.Text.RegularExpressions.Regex.Replace(literal, @"\{\|[A-Za-z0-9#]+:", string.Empty).Replace("|}", string.Empty)
                    .Replace("[|", string.Empty).Replace("|]", string.Empty);
                corpus.Add((Path.GetFileName(file), literal));
                index = end + 3;
            }
        }

        return corpus;
    }
}
