using System;
using System.IO;

namespace LossAnalyzers.Tests.Infrastructure;

/// <summary>The repository the tests run from (for docs pages, release tracking, samples).</summary>
internal static class Repository
{
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LossAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("LossAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
