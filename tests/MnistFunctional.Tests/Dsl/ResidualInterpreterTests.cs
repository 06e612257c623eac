using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace MnistFunctional.Tests.Dsl;

/// <summary>Residual(block[, projection]) as the chain interpreter describes it: flat, Keras-named, with sources and shortcuts.</summary>
public class ResidualInterpreterTests
{
    private static readonly Architecture Projected =
        Input(8, 8, 3)
        >> Conv(16, 3, padding: Same)
        >> Residual(Conv(16, 3, padding: Same) >> Conv(16, 3, Linear, padding: Same), activation: ReLU)
        >> Residual(Conv(32, 3, stride: 2, padding: Same) >> Conv(32, 3, Linear, padding: Same), Conv(32, 1, Linear, stride: 2))
        >> GlobalAvgPool()
        >> Dense(10, Softmax);

    [Fact]
    public void Block_and_projection_layers_are_layers_of_the_network_followed_by_the_addition()
    {
        var layers = Projected.Describe();

        Assert.Equal(
            ["Input", "Conv1", "Conv2", "Conv3", "Add1", "Conv4", "Conv5", "Conv6", "Add2", "GlobalAvgPool1", "Dense1"],
            layers.Select(layer => layer.Name));
        Assert.Equal([-1, 0, 1, 2, 3, 4, 5, 4, 6, 8, 9], layers.Select(layer => layer.Source));
        Assert.Equal((1, 7), (layers[4].Shortcut, layers[8].Shortcut));
        Assert.All(layers.Where(layer => layer.Layer is not ResidualLayer), layer => Assert.Equal(-1, layer.Shortcut));
        Assert.Equal(Shape.Image(4, 4, 32), layers[8].Output);
        Assert.Equal(["Conv6.kernel (1, 1, 16, 32)", "Conv6.bias (32)"], layers[7].Tensors.Select(tensor => tensor.ToString()));
        Assert.Equal(Shape.Image(8, 8, 16), layers[7].Input);
        Assert.Equal(0, layers[8].ParameterCount);
        Assert.Equal(448 + (2 * 2_320) + 4_640 + 9_248 + 544 + 330, layers.Sum(layer => layer.ParameterCount));
    }

    [Fact]
    public void Canonical_text_nests_the_block_and_names_the_projection_and_a_non_linear_activation()
    {
        Assert.Equal(
            "Residual(Conv(8,3,ReLU,1,Same) >> Conv(8,3,Linear,1,Same))",
            Residual(Conv(8, 3, padding: Same) >> Conv(8, 3, Linear, padding: Same)).CanonicalText);
        Assert.Equal(
            "Residual(Conv(8,3,ReLU,2,Same), projection: Conv(8,1,Linear,2,Valid), activation: ReLU)",
            Residual(Conv(8, 3, stride: 2, padding: Same), Conv(8, 1, Linear, stride: 2), ReLU).CanonicalText);
        Assert.Equal(Residual(Conv(8, 3)), Residual(Conv(8, 3)));
        Assert.NotEqual(Residual(Conv(8, 3)), Residual(Conv(8, 3), activation: ReLU));
    }

    [Fact]
    public void A_block_that_changes_the_shape_without_a_projection_is_a_mismatch_at_the_residual()
    {
        var architecture = Input(8, 8, 4) >> Residual(Conv(8, 3, stride: 2, padding: Same)) >> GlobalAvgPool() >> Dense(3, Softmax);

        var error = architecture.InferShapes().Error!;

        Assert.Equal((2, ShapeRules.ResidualShapeMismatch), (error.LayerIndex, error.Id));
        Assert.Contains("(4, 4, 8) to its input (8, 8, 4)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Residual(block, Conv(8, 1, Linear, stride: 2))", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_projection_that_misses_the_block_shape_is_a_mismatch_too()
    {
        var architecture = Input(8, 8, 4) >> Residual(Conv(8, 3, stride: 2, padding: Same), Conv(8, 1)) >> GlobalAvgPool() >> Dense(3, Softmax);

        var error = architecture.InferShapes().Error!;

        Assert.Equal((3, ShapeRules.ResidualShapeMismatch), (error.LayerIndex, error.Id));
        Assert.Contains("projection's output (8, 8, 8)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_inside_a_block_name_the_inner_layer_by_its_flat_index()
    {
        var architecture = Input(8, 8, 4) >> Conv(4, 3) >> Residual(Conv(4, 3, padding: Same) >> Pool(9)) >> Flatten() >> Dense(3, Softmax);

        var error = architecture.InferShapes().Error!;

        Assert.Equal((3, ShapeRules.WindowLargerThanInput), (error.LayerIndex, error.Id));
    }

    [Fact]
    public void Flatten_may_not_begin_or_end_a_branch_and_Softmax_may_not_follow_the_addition()
    {
        var begins = (Input(4, 4, 1) >> Residual(Flatten() >> Dense(16), GlobalAvgPool()) >> Dense(2, Softmax)).InferShapes().Error!;
        var softmax = (Input(4, 4, 1) >> Flatten() >> Residual(Dense(16), activation: Softmax) >> Dense(2, Softmax)).InferShapes().Error!;

        Assert.Equal((1, ShapeRules.UnsupportedExpression), (begins.LayerIndex, begins.Id));
        Assert.Equal((3, ShapeRules.SoftmaxNotLast), (softmax.LayerIndex, softmax.Id));
    }
}
