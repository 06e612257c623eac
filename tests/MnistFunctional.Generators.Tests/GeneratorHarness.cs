extern alias Generator;

using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MnistFunctional.Dsl;
using NetworkGenerator = Generator::MnistFunctional.Generators.NetworkGenerator;

namespace MnistFunctional.Generators.Tests;

/// <summary>
/// Compiles C# source the way a user project that references MnistFunctional would, and runs
/// <see cref="NetworkGenerator"/> over it with step tracking on.
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    // Building ~200 metadata references is the slow part of a run: do it once per test process.
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>Compiles <paramref name="sources"/> (path, text) and runs the generator once.</summary>
    public static GeneratorRun Run(params (string Path, string Text)[] sources) => Run(Compile(sources));

    /// <summary>Compiles one source named <c>Network.cs</c> and runs the generator once.</summary>
    public static GeneratorRun Run(string source) => Run(("Network.cs", source));

    /// <summary>Runs <paramref name="generator"/> (by default the project's own) once over <paramref name="compilation"/>.</summary>
    public static GeneratorRun Run(CSharpCompilation compilation, IIncrementalGenerator? generator = null)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [(generator ?? new NetworkGenerator()).AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        return RunAgain(driver, compilation);
    }

    /// <summary>Runs an existing driver (with its cache from earlier runs) on a possibly edited compilation.</summary>
    public static GeneratorRun RunAgain(GeneratorDriver driver, CSharpCompilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new GeneratorRun(compilation, driver, driver.GetRunResult(), output);
    }

    public static CSharpCompilation Compile(params (string Path, string Text)[] sources) =>
        CSharpCompilation.Create(
            "UserNetworks",
            sources.Select(source => Parse(source.Path, source.Text)),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static SyntaxTree Parse(string path, string text) =>
        CSharpSyntaxTree.ParseText(text, ParseOptions, path: path);

    /// <summary>Reads a declaration the test project copies next to itself (see the csproj's Declarations items).</summary>
    public static string Declaration(string fileName) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Declarations", fileName));

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The framework as this test host runs it, plus what a user project of the library sees.
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Concat(
            [
                typeof(Architecture).Assembly.Location,
                typeof(Matrix<float>).Assembly.Location,
                typeof(ImmutableArray).Assembly.Location,
            ]);
        return [.. paths.Distinct(StringComparer.Ordinal).Select(path => MetadataReference.CreateFromFile(path))];
    }
}
