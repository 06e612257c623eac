using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MnistFunctional.Generators.Tests;

/// <summary>
/// One run of the generator over a test compilation. <see cref="Driver"/> keeps the run's cache, so running it
/// again on an edited compilation shows which pipeline steps were reused.
/// </summary>
internal sealed record GeneratorRun(
    CSharpCompilation Input,
    GeneratorDriver Driver,
    GeneratorDriverRunResult Result,
    Compilation OutputCompilation)
{
    /// <summary>Generated files by hint name, in the order the generator added them.</summary>
    public ImmutableArray<(string HintName, string Text)> Sources =>
        [.. Result.Results.SelectMany(result => result.GeneratedSources).Select(source => (source.HintName, source.SourceText.ToString()))];

    /// <summary>What the generator reported (its MNF diagnostics, or a crash as CS8785).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

    /// <summary>Errors of the user code plus generated code, as the compiler would report them.</summary>
    public ImmutableArray<Diagnostic> CompilationErrors =>
        [.. OutputCompilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)];

    /// <summary>Steps tracked under <paramref name="trackingName"/> in this run.</summary>
    public ImmutableArray<IncrementalGeneratorRunStep> TrackedSteps(string trackingName) =>
        Result.Results.Single().TrackedSteps.TryGetValue(trackingName, out var steps) ? steps : [];
}
