extern alias Generator;

using Microsoft.CodeAnalysis;
using NetworkGenerator = Generator::MnistFunctional.Generators.NetworkGenerator;

namespace MnistFunctional.Generators.Tests;

/// <summary>
/// The generator must be incremental: an edit that does not touch a network reuses its model and its generated
/// file, which only works when the pipeline carries value-equatable models and nothing from the compilation.
/// </summary>
public class CacheabilityTests
{
    private const string Unrelated =
        """
        namespace Elsewhere;

        public static class Unrelated
        {
            public static int Answer => 42;
        }
        """;

    private const string BrokenNetwork =
        """
        using MnistFunctional;
        using MnistFunctional.Dsl;
        using static MnistFunctional.Dsl.Layers;

        namespace Samples;

        [Network]
        public static partial class Broken
        {
            public static Architecture Architecture { get; } = Input(8, 8, 1) >> Conv(4, 9) >> Flatten() >> Dense(3, Softmax);
        }
        """;

    private static readonly IncrementalStepRunReason[] Reused = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    [Fact]
    public void Adding_an_unrelated_file_reuses_every_network_model_and_output()
    {
        var first = GeneratorHarness.Run(
            ("TinyNet.cs", GeneratorHarness.Declaration("TinyNet.cs")),
            ("MnistCnn.cs", GeneratorHarness.Declaration("MnistCnn.cs")),
            ("Broken.cs", BrokenNetwork));

        var second = GeneratorHarness.RunAgain(first.Driver, first.Input.AddSyntaxTrees(GeneratorHarness.Parse("Unrelated.cs", Unrelated)));

        var steps = second.TrackedSteps(NetworkGenerator.TrackingNames.Networks);
        var outputs = steps.SelectMany(step => step.Outputs).ToList();
        Assert.Equal(3, outputs.Count);
        Assert.All(outputs, output => Assert.Contains(output.Reason, Reused));
        Assert.Equal(
            first.TrackedSteps(NetworkGenerator.TrackingNames.Networks).SelectMany(step => step.Outputs).Select(output => output.Value),
            outputs.Select(output => output.Value));

        // With the models reused, no file is regenerated and no diagnostic is recomputed.
        var sourceOutputs = second.Result.Results.Single().TrackedOutputSteps.SelectMany(pair => pair.Value).SelectMany(step => step.Outputs).ToList();
        Assert.NotEmpty(sourceOutputs);
        Assert.All(sourceOutputs, output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        Assert.Equal(first.Sources.ToList(), second.Sources.ToList());
        Assert.Equal(first.GeneratorDiagnostics.Select(diagnostic => diagnostic.ToString()), second.GeneratorDiagnostics.Select(diagnostic => diagnostic.ToString()));
    }

    [Fact]
    public void Editing_one_network_regenerates_only_that_network()
    {
        var first = GeneratorHarness.Run(
            ("TinyNet.cs", GeneratorHarness.Declaration("TinyNet.cs")),
            ("MnistCnn.cs", GeneratorHarness.Declaration("MnistCnn.cs")));
        var tiny = first.Input.SyntaxTrees.Single(tree => tree.FilePath == "TinyNet.cs");
        var edited = GeneratorHarness.Parse("TinyNet.cs", tiny.ToString().Replace("Dense(3, Softmax)", "Dense(5, Softmax)", StringComparison.Ordinal));

        var second = GeneratorHarness.RunAgain(first.Driver, first.Input.ReplaceSyntaxTree(tiny, edited));

        var reasons = second.TrackedSteps(NetworkGenerator.TrackingNames.Networks)
            .SelectMany(step => step.Outputs)
            .Select(output => output.Reason)
            .ToList();
        Assert.Equal(2, reasons.Count);
        Assert.Single(reasons, IncrementalStepRunReason.Modified);
        Assert.Single(reasons, reason => Reused.Contains(reason));
        Assert.Contains("public const int Classes = 5;", second.Sources.Single(source => source.HintName.EndsWith("TinyNet.g.cs", StringComparison.Ordinal)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Pipeline_values_hold_no_symbols_compilations_syntax_or_locations()
    {
        var run = GeneratorHarness.Run(
            ("TinyNet.cs", GeneratorHarness.Declaration("TinyNet.cs")),
            ("Broken.cs", BrokenNetwork));

        var values = run.TrackedSteps(NetworkGenerator.TrackingNames.Networks)
            .SelectMany(step => step.Outputs)
            .Select(output => output.Value)
            .ToList();
        var reachable = PipelineValueWalker.Reachable(values);

        Assert.Equal(2, values.Count);
        Assert.DoesNotContain(reachable, value => PipelineValueWalker.IsBanned(value.GetType()));
        // Guard against a walk that stops at the top: it must reach the layers and the diagnostic inside the arrays.
        Assert.Contains(reachable, value => value.GetType().Name == "LayerModel");
        Assert.Contains(reachable, value => value.GetType().Name == "DiagnosticInfo");
    }
}
