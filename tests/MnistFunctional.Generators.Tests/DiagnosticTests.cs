using Microsoft.CodeAnalysis;
using MnistFunctional.Dsl;

namespace MnistFunctional.Generators.Tests;

/// <summary>
/// One test per diagnostic ID. Each declaration is valid C#, so the generator's diagnostic is the only error, and it
/// must point exactly at the marked <c>[|…|]</c> span. A network with an error generates no code.
/// </summary>
public class DiagnosticTests
{
    [Fact]
    public void MNF001_non_constant_layer_argument_points_at_the_argument() =>
        AssertReports(ShapeRules.NonConstantArgument, Network(
            "Input(28, 28, 1) >> Conv([|filters|], 3) >> Flatten() >> Dense(10, Softmax)",
            "private static int filters = 32;"));

    [Fact]
    public void MNF002_size_not_positive_points_at_the_layer() =>
        AssertReports(ShapeRules.SizeNotPositive, Network(
            "Input(28, 28, 1) >> Flatten() >> [|Dense(0)|] >> Dense(10, Softmax)"));

    [Fact]
    public void MNF002_pool_stride_not_positive_points_at_the_layer() =>
        AssertReports(ShapeRules.SizeNotPositive, Network(
            "Input(28, 28, 1) >> [|Pool(2, stride: 0)|] >> Flatten() >> Dense(10, Softmax)"));

    [Theory]
    [InlineData("Input(28, 28, 1) >> [|Conv(32, 30)|] >> Flatten() >> Dense(10, Softmax)")]
    [InlineData("Input(28, 28, 1) >> Conv(32, 3) >> Pool(2) >> Conv(64, 3) >> Pool(2) >> [|Conv(64, 9)|] >> Flatten() >> Dense(64) >> Dense(10, Softmax)")]
    [InlineData("Input(8, 8, 1) >> Conv(4, 3) >> [|Pool(7)|] >> Flatten() >> Dense(3, Softmax)")]
    [InlineData("Input(8, 8, 1) >> Conv(4, 3) >> [|AvgPool(7, stride: 1)|] >> Flatten() >> Dense(3, Softmax)")]
    public void MNF003_window_larger_than_input_points_at_the_layer(string architecture) =>
        AssertReports(ShapeRules.WindowLargerThanInput, Network(architecture));

    [Fact]
    public void MNF004_dense_on_an_image_points_at_the_dense_layer() =>
        AssertReports(ShapeRules.DenseNeedsFlatten, Network(
            "Input(28, 28, 1) >> Conv(8, 3) >> [|Dense(10, Softmax)|]"));

    [Fact]
    public void MNF005_image_layer_on_a_vector_points_at_the_layer() =>
        AssertReports(ShapeRules.NeedsImageInput, Network(
            "Input(28, 28, 1) >> Flatten() >> [|Pool(2)|] >> Dense(10, Softmax)"));

    [Theory]
    [InlineData("Input(28, 28, 1) >> Flatten() >> [|Dense(64, Softmax)|] >> Dense(10, Softmax)")]
    [InlineData("Input(28, 28, 1) >> [|Conv(8, 3, Softmax)|] >> Flatten() >> Dense(10, Softmax)")]
    public void MNF006_softmax_before_the_last_layer_points_at_the_layer(string architecture) =>
        AssertReports(ShapeRules.SoftmaxNotLast, Network(architecture));

    [Theory]
    [InlineData("[|Conv(32, 3)|] >> Flatten() >> Dense(10, Softmax)")]
    [InlineData("Input(28, 28, 1) >> Flatten() >> [|Input(4, 4, 1)|] >> Dense(10, Softmax)")]
    public void MNF007_input_not_first_points_at_the_layer(string architecture) =>
        AssertReports(ShapeRules.InputNotFirst, Network(architecture));

    [Fact]
    public void MNF008_non_partial_type_points_at_its_name() =>
        AssertReports(ShapeRules.NotPartial, MarkedSource.Parse(
            """
            using MnistFunctional;
            using MnistFunctional.Dsl;
            using static MnistFunctional.Dsl.Layers;

            [Network]
            public static class [|Net|]
            {
                public static Architecture Architecture { get; } = Input(8, 8, 1) >> Flatten() >> Dense(3, Softmax);
            }
            """));

    [Fact]
    public void MNF008_nested_type_points_at_its_name() =>
        AssertReports(ShapeRules.NotPartial, MarkedSource.Parse(
            """
            using MnistFunctional;
            using MnistFunctional.Dsl;
            using static MnistFunctional.Dsl.Layers;

            public static partial class Outer
            {
                [Network]
                public static partial class [|Net|]
                {
                    public static Architecture Architecture { get; } = Input(8, 8, 1) >> Flatten() >> Dense(3, Softmax);
                }
            }
            """));

    [Theory]
    [InlineData("")]
    [InlineData("public static Architecture Architecture { get; } = Input(8, 8, 1) >> Flatten() >> Dense(3, Softmax);\n    public static readonly Architecture Other = Input(8, 8, 1) >> Flatten() >> Dense(3, Softmax);")]
    public void MNF009_no_single_architecture_member_points_at_the_type_name(string members) =>
        AssertReports(ShapeRules.NoArchitecture, MarkedSource.Parse(
            $$"""
            using MnistFunctional;
            using MnistFunctional.Dsl;
            using static MnistFunctional.Dsl.Layers;

            [Network]
            public static partial class [|Net|]
            {
                {{members}}
            }
            """));

    [Theory]
    [InlineData("Input(28, 28, 1) >> Flatten() >> [|Dense(10)|]")]
    [InlineData("Input(28, 28, 1) >> Flatten() >> [|Dense(10, Linear)|]")]
    [InlineData("Input(28, 28, 1) >> Conv(8, 3) >> [|Flatten()|]")]
    public void MNF010_last_layer_not_softmax_dense_points_at_the_last_layer(string architecture) =>
        AssertReports(ShapeRules.LastNotSoftmaxDense, Network(architecture));

    [Theory]
    [InlineData("Input(28, 28, 1) >> [|Hidden|] >> Flatten() >> Dense(10, Softmax)")]
    [InlineData("Input(28, 28, 1) >> [|new ConvLayer(8, 3)|] >> Flatten() >> Dense(10, Softmax)")]
    [InlineData("Input(28, 28, 1) >> [|MakeConv()|] >> Flatten() >> Dense(10, Softmax)")]
    [InlineData("Input(28, 28, 1) >> Conv(8, 3, [|(Activation)42|]) >> Flatten() >> Dense(10, Softmax)")]
    [InlineData("Input(28, 28, 1) >> Conv(8, 3, padding: [|(Padding)2|]) >> Flatten() >> Dense(10, Softmax)")]
    public void MNF011_unsupported_leaf_or_argument_points_at_it(string architecture) =>
        AssertReports(ShapeRules.UnsupportedExpression, Network(
            architecture,
            "private static readonly ConvLayer Hidden = Conv(8, 3);\n    private static ConvLayer MakeConv() => Conv(8, 3);"));

    [Theory]
    [InlineData("Input(28, 28, 1) >> Flatten() >> [|GlobalAvgPool()|] >> Dense(10, Softmax)")]
    [InlineData("Input(28, 28, 1) >> GlobalAvgPool() >> [|GlobalAvgPool()|] >> Dense(10, Softmax)")]
    public void MNF012_global_average_pooling_of_a_vector_points_at_the_layer(string architecture) =>
        AssertReports(ShapeRules.GlobalPoolOnVector, Network(architecture));

    [Theory]
    [InlineData("Input(28, 28, 1) >> Flatten() >> [|Dropout(1)|] >> Dense(10, Softmax)")]
    [InlineData("Input(28, 28, 1) >> [|Dropout(-0.1)|] >> Flatten() >> Dense(10, Softmax)")]
    public void MNF013_dropout_rate_outside_0_1_points_at_the_layer(string architecture) =>
        AssertReports(ShapeRules.DropoutRateOutOfRange, Network(architecture));

    [Theory]
    [InlineData("Input(8, 8, 1) >> Conv(4, 3) >> [|BatchNorm(1)|] >> Flatten() >> Dense(10, Softmax)")]
    [InlineData("Input(8, 8, 1) >> Conv(4, 3) >> [|BatchNorm(-0.5)|] >> Flatten() >> Dense(10, Softmax)")]
    [InlineData("Input(8, 8, 1) >> Flatten() >> Dense(6) >> [|BatchNorm(epsilon: 0)|] >> Dense(10, Softmax)")]
    [InlineData("Input(8, 8, 1) >> Flatten() >> [|BatchNorm(0.9, -1e-3)|] >> Dense(10, Softmax)")]
    public void MNF014_batch_norm_momentum_outside_0_1_or_epsilon_not_positive_points_at_the_layer(string architecture) =>
        AssertReports(ShapeRules.BatchNormOptionOutOfRange, Network(architecture));

    [Theory]
    [InlineData("Input(8, 8, 4) >> [|Residual(Conv(8, 3, stride: 2, padding: Same) >> Conv(8, 3, Linear, padding: Same))|] >> GlobalAvgPool() >> Dense(3, Softmax)")]
    [InlineData("Input(8, 8, 4) >> [|Residual(Conv(8, 3, stride: 2, padding: Same), projection: Conv(8, 1))|] >> GlobalAvgPool() >> Dense(3, Softmax)")]
    [InlineData("Input(8, 8, 4) >> Residual([|Residual(Conv(8, 3, padding: Same))|]) >> GlobalAvgPool() >> Dense(3, Softmax)")]
    public void MNF015_residual_shape_mismatch_points_at_the_residual(string architecture) =>
        AssertReports(ShapeRules.ResidualShapeMismatch, Network(architecture));

    [Theory]
    [InlineData("Input(8, 8, 4) >> Conv(4, 3) >> Residual(Conv(4, 3, padding: Same) >> [|Pool(9)|]) >> Flatten() >> Dense(3, Softmax)", ShapeRules.WindowLargerThanInput)]
    [InlineData("Input(8, 8, 4) >> Residual(Conv(4, 3, padding: Same), Conv([|filters|], 1)) >> Flatten() >> Dense(3, Softmax)", ShapeRules.NonConstantArgument)]
    [InlineData("Input(8, 8, 4) >> Residual([|block|]) >> Flatten() >> Dense(3, Softmax)", ShapeRules.UnsupportedExpression)]
    [InlineData("Input(4, 4, 1) >> Residual([|Flatten()|] >> Dense(16), GlobalAvgPool()) >> Dense(2, Softmax)", ShapeRules.UnsupportedExpression)]
    public void Errors_inside_a_residual_point_at_the_inner_layer(string architecture, string id) =>
        AssertReports(id, Network(architecture, "private static int filters = 4; private static Layer block = Conv(4, 3, padding: Same);"));

    [Theory]
    [InlineData("Input(5, 5, 1) >> Conv(4, 7, padding: Same) >> Pool(9, stride: 2, padding: Same) >> AvgPool(3, padding: Same) >> GlobalAvgPool() >> Dense(3, Softmax)")]
    [InlineData("Input(8, 8, 1) >> Conv(4, 3, Tanh, 1, Valid) >> Pool(3, 1) >> AvgPool(2, null, Valid) >> Flatten() >> Dense(3, Softmax)")]
    public void Same_padding_windows_larger_than_the_input_and_Keras_default_strides_generate(string architecture)
    {
        var run = GeneratorHarness.Run(("Net.cs", Network("[||]" + architecture).Text));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.Single(run.Sources);
    }

    [Theory]
    [InlineData("Input(28, 28, 1) >> Conv(32) >> Flatten() >> Dense(10, Softmax)")]
    [InlineData("Input(28, 28, 1) >> Denze(32) >> Flatten() >> Dense(10, Softmax)")]
    [InlineData("Input(28, 28, 1) >> Flatten() >> Dense(10, Softmax, 3)")]
    [InlineData("Input(28, 28, 1) >> Flatten() >> Dense(10, Softmax) >> ")]
    [InlineData("(Input(8, 8, 1) >> Conv(4, 3)) >> (Pool(2) >> Flatten()) >> Dense(3, Softmax)")]
    public void Code_that_does_not_compile_gets_only_the_compiler_errors(string architecture)
    {
        var run = GeneratorHarness.Run(("Net.cs", Network("[||]" + architecture).Text));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Sources);
        Assert.NotEmpty(run.CompilationErrors);
    }

    [Fact]
    public void Every_diagnostic_ID_has_a_test()
    {
        var ids = typeof(ShapeRules).GetFields()
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!);
        var tested = typeof(DiagnosticTests).GetMethods().Select(method => method.Name.Split('_')[0]).ToHashSet();

        Assert.All(ids, id => Assert.Contains(id, tested));
    }

    /// <summary>A [Network] class with the given architecture expression and extra members, in a namespace.</summary>
    private static MarkedSource Network(string architecture, string members = "") => MarkedSource.Parse(
        $$"""
        using MnistFunctional;
        using MnistFunctional.Dsl;
        using static MnistFunctional.Dsl.Layers;

        namespace Samples;

        [Network]
        public static partial class Net
        {
            {{members}}

            public static Architecture Architecture { get; } =
                {{architecture}};
        }
        """);

    private static void AssertReports(string id, MarkedSource source)
    {
        var run = GeneratorHarness.Run(("Net.cs", source.Text));

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        var where = diagnostic.Location.GetLineSpan();
        Assert.Equal("Net.cs", where.Path);
        Assert.Equal(source.LineSpan, where.Span);
        Assert.Equal(source.Span, diagnostic.Location.SourceSpan);
        Assert.Empty(run.Sources);
        Assert.Empty(run.CompilationErrors);
    }
}
