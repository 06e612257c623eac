using Microsoft.CodeAnalysis;

namespace MnistFunctional.Generators.Tests;

/// <summary>
/// Beyond the two snapshots: every combination of layer kinds the DSL allows must generate code that compiles
/// without warnings, whatever the position of the first layer with parameters.
/// </summary>
public class ArchitectureVariantTests
{
    [Theory]
    [InlineData("Input(4, 4, 2) >> Flatten() >> Dense(3, Softmax)")]
    [InlineData("Input(6, 6, 1) >> Pool(2) >> Flatten() >> Dense(3, Softmax)")]
    [InlineData("Input(9, 9, 3) >> Conv(4, 3, stride: 2) >> Conv(2, 2, Tanh) >> Flatten() >> Dense(6, Sigmoid) >> Dense(4, Linear) >> Dense(2, Softmax)")]
    [InlineData("Input(8, 8, 1) >> Conv(kernel: 3, filters: 4) >> Pool(window: 3) >> Flatten() >> Dense(activation: Softmax, units: 3)")]
    [InlineData("(Input(8, 8, 1) >> Conv(4, 3)) >> Pool(2) >> Flatten() >> Dense(3, Softmax)")]
    public void Valid_architecture_generates_code_that_compiles(string architecture)
    {
        var run = GeneratorHarness.Run(
            $$"""
            using MnistFunctional;
            using MnistFunctional.Dsl;
            using static MnistFunctional.Dsl.Layers;

            namespace Samples;

            [Network]
            internal static partial class Net
            {
                private const int Unused = 0;

                public static Architecture Architecture { get; } =
                    {{architecture}};
            }
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.Sources);
        Assert.Empty(run.OutputCompilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }
}
