using Microsoft.CodeAnalysis;
using MnistFunctional.Tests.Snapshots;

namespace MnistFunctional.Generators.Tests;

/// <summary>Snapshots of the code generated for the real declarations of the seed model and TinyNet.</summary>
public class GeneratedSourceTests
{
    [Fact]
    public void Seed_model_generates_code_that_compiles()
    {
        var run = GeneratorHarness.Run(("MnistCnn.cs", GeneratorHarness.Declaration("MnistCnn.cs")));

        var (hintName, text) = Assert.Single(run.Sources);
        Assert.Equal("MnistFunctional.Models.MnistCnn.g.cs", hintName);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        // The library already contains MnistCnn, so this compilation's copy shadows it (CS0436); nothing else may warn.
        Assert.DoesNotContain(Warnings(run), diagnostic => diagnostic.Id != "CS0436");
        ReadableSnapshot.Match(text);
    }

    [Fact]
    public void TinyNet_generates_code_that_compiles()
    {
        var run = GeneratorHarness.Run(("TinyNet.cs", GeneratorHarness.Declaration("TinyNet.cs")));

        var (hintName, text) = Assert.Single(run.Sources);
        Assert.Equal("MnistFunctional.Tests.TestNetworks.TinyNet.g.cs", hintName);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.Empty(Warnings(run));
        ReadableSnapshot.Match(text);
    }

    [Fact]
    public void Network_in_the_global_namespace_generates_code_that_compiles()
    {
        var run = GeneratorHarness.Run(
            """
            using MnistFunctional;
            using MnistFunctional.Dsl;
            using static MnistFunctional.Dsl.Layers;

            [Network]
            public static partial class Global
            {
                public static readonly Architecture Architecture =
                    Input(4, 4, 2) >> Flatten() >> Dense(5, Tanh) >> Dense(2, Softmax);
            }
            """);

        var (hintName, _) = Assert.Single(run.Sources);
        Assert.Equal("Global.g.cs", hintName);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.Empty(Warnings(run));
    }

    private static IEnumerable<Diagnostic> Warnings(GeneratorRun run) =>
        run.OutputCompilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Warning);
}
