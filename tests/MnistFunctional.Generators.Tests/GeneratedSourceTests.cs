using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MnistFunctional.Tests.Snapshots;
using Snapshooter;

namespace MnistFunctional.Generators.Tests;

/// <summary>
/// The code generated for the real declarations of the seed model and TinyNet compiles cleanly; its parts are
/// snapshot one feature (one generated member) at a time, so a change shows where it lands.
/// </summary>
public class GeneratedSourceTests
{
    /// <summary>Generated members by feature: the typed layer outputs, records, workspace and each path.</summary>
    public static TheoryData<string, string> Features => new()
    {
        { "MnistCnn.cs", "Conv1Output" },
        { "MnistCnn.cs", "Dense2Output" },
        { "MnistCnn.cs", "Parameters" },
        { "MnistCnn.cs", "Workspace" },
        { "MnistCnn.cs", "Initialize" },
        { "MnistCnn.cs", "Conv2Forward" },
        { "MnistCnn.cs", "Flatten1Forward" },
        { "MnistCnn.cs", "Dense2Forward" },
        { "MnistCnn.cs", "ForwardSlice" },
        { "MnistCnn.cs", "Backward" },
        { "MnistCnn.cs", "BackwardSlice" },
        { "MnistCnn.cs", "Predict" },
        { "MnistCnn.cs", "PredictSlice" },
        { "MnistCnn.cs", "Definition" },
        { "TinyNet.cs", "Workspace" },
        { "TinyNet.cs", "ForwardSlice" },
        { "TinyNet.cs", "BackwardSlice" },
        { "TinyNet.cs", "PredictSlice" },
        { "BatchNormNet.cs", "State" },
        { "BatchNormNet.cs", "InitialState" },
        { "BatchNormNet.cs", "Workspace" },
        { "BatchNormNet.cs", "BatchNorm1Forward" },
        { "BatchNormNet.cs", "Forward" },
        { "BatchNormNet.cs", "ForwardSlice2" },
        { "BatchNormNet.cs", "UpdatedState" },
        { "BatchNormNet.cs", "Backward" },
        { "BatchNormNet.cs", "BackwardSlice" },
        { "BatchNormNet.cs", "PredictSlice" },
        { "BatchNormNet.cs", "Definition" },
        { "ResidualNet.cs", "Add3Forward" },
        { "ResidualNet.cs", "Workspace" },
        { "ResidualNet.cs", "ForwardSlice" },
        { "ResidualNet.cs", "BackwardSlice" },
        { "ResidualNet.cs", "PredictSlice" },
    };

    [Theory]
    [MemberData(nameof(Features))]
    public void Generated_feature_matches_its_snapshot(string declaration, string member)
    {
        var run = GeneratorHarness.Run((declaration, GeneratorHarness.Declaration(declaration)));
        var root = CSharpSyntaxTree.ParseText(Assert.Single(run.Sources).Text).GetRoot();

        var members = root.DescendantNodes().OfType<MemberDeclarationSyntax>().Where(node => NameOf(node) == member).ToList();

        Assert.NotEmpty(members);
        ReadableSnapshot.Match(
            string.Join("\n", members.Select(node => node.ToFullString())),
            SnapshotNameExtension.Create(Path.GetFileNameWithoutExtension(declaration), member));
    }

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
        Assert.DoesNotContain(text.Split('\n'), line => line.Length > 300);
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
        Assert.DoesNotContain(text.Split('\n'), line => line.Length > 300);
    }

    [Fact]
    public void ResidualNet_generates_code_that_compiles()
    {
        var run = GeneratorHarness.Run(("ResidualNet.cs", GeneratorHarness.Declaration("ResidualNet.cs")));

        var (hintName, text) = Assert.Single(run.Sources);
        Assert.Equal("MnistFunctional.Tests.TestNetworks.ResidualNet.g.cs", hintName);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.Empty(Warnings(run));
        Assert.DoesNotContain(text.Split('\n'), line => line.Length > 300);
    }

    [Fact]
    public void BatchNormNet_generates_code_that_compiles()
    {
        var run = GeneratorHarness.Run(("BatchNormNet.cs", GeneratorHarness.Declaration("BatchNormNet.cs")));

        var (_, text) = Assert.Single(run.Sources);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.Empty(Warnings(run));
        Assert.DoesNotContain(text.Split('\n'), line => line.Length > 300);
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

    private static string? NameOf(MemberDeclarationSyntax member) => member switch
    {
        BaseTypeDeclarationSyntax type => type.Identifier.ValueText,
        MethodDeclarationSyntax method => method.Identifier.ValueText,
        _ => null,
    };

    private static IEnumerable<Diagnostic> Warnings(GeneratorRun run) =>
        run.OutputCompilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Warning);
}
