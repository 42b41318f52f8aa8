using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.Tests.Infrastructure;

/// <summary>
/// The diagnostic provider <c>dotnet format analyzers</c> gives Fix All (dotnet/sdk, <c>SolutionCodeFixApplier</c>):
/// every diagnostic of the project, whatever its ID.
/// </summary>
internal sealed class EveryDiagnostic(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
{
    public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
        Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

    public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
        Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

    public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
        Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
}
