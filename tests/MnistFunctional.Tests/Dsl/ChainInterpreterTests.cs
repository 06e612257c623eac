using MnistFunctional.Dsl;
using MnistFunctional.Models;
using static MnistFunctional.Dsl.Layers;

namespace MnistFunctional.Tests.Dsl;

public class ChainInterpreterTests
{
    [Fact]
    public void Seed_model_layers_have_their_names_shapes_tensors_and_Keras_parameter_counts()
    {
        var layers = ChainInterpreter.Interpret(MnistCnn.Architecture.Layers);

        Assert.Null(layers.Error);
        Assert.Equal(
            ["Input", "Conv1", "Pool1", "Conv2", "Pool2", "Conv3", "Flatten1", "Dense1", "Dense2"],
            layers.Layers.Select(layer => layer.Name));
        Assert.Equal([0, 320, 0, 18_496, 0, 36_928, 0, 36_928, 650], layers.Layers.Select(layer => layer.ParameterCount));
        var conv2 = layers.Layers[3];
        Assert.Equal(Shape.Image(13, 13, 32), conv2.Input);
        Assert.Equal(Shape.Image(11, 11, 64), conv2.Output);
        Assert.Equal(["Conv2.kernel (3, 3, 32, 64)", "Conv2.bias (64)"], conv2.Tensors.Select(tensor => tensor.ToString()));
        Assert.Equal(["Dense1.kernel (576, 64)", "Dense1.bias (64)"], layers.Layers[7].Tensors.Select(tensor => tensor.ToString()));
        Assert.Equal("Conv", conv2.Kind);
    }

    [Fact]
    public void A_broken_rule_stops_the_walk_with_the_layers_before_it()
    {
        var architecture = Input(8, 8, 1) >> Conv(4, 3) >> Pool(7) >> Flatten() >> Dense(3, Softmax);

        var result = ChainInterpreter.Interpret(architecture.Layers);

        Assert.Equal(new ArchitectureError(2, ShapeRules.WindowLargerThanInput, result.Error!.Message), result.Error);
        Assert.Equal(["Input", "Conv1"], result.Layers.Select(layer => layer.Name));
    }

    [Fact]
    public void Chain_without_a_final_softmax_dense_is_an_error_at_its_last_layer()
    {
        var architecture = Input(8, 8, 1) >> Conv(4, 3) >> Flatten();

        var error = ChainInterpreter.Interpret(architecture.Layers).Error;

        Assert.Equal((2, ShapeRules.LastNotSoftmaxDense), (error!.LayerIndex, error.Id));
    }

    [Fact]
    public void Same_padding_and_pool_strides_give_Keras_output_shapes_and_keep_the_seed_text()
    {
        var architecture = Input(28, 28, 1) >> Conv(8, 3, padding: Same) >> Conv(8, 3, stride: 2, padding: Same) >> Pool(3, stride: 2, padding: Same)
            >> AvgPool(2) >> AvgPool(2, stride: 1, padding: Same) >> GlobalAvgPool() >> Dense(10, Softmax);

        var layers = architecture.Describe();

        Assert.Equal(
            ["(28, 28, 8)", "(14, 14, 8)", "(7, 7, 8)", "(3, 3, 8)", "(3, 3, 8)", "(8)", "(10)"],
            layers.Skip(1).Select(layer => layer.Output.ToString()));
        Assert.Equal(["GlobalAvgPool1", "Dense1"], layers.TakeLast(2).Select(layer => layer.Name));
        Assert.Equal(
            "Input(28,28,1) >> Conv(8,3,ReLU,1,Same) >> Conv(8,3,ReLU,2,Same) >> Pool(3,2,Same) >> AvgPool(2) >> AvgPool(2,1,Same) >> GlobalAvgPool() >> Dense(10,Softmax)",
            architecture.CanonicalText);
        Assert.Equal("Pool(2)", Pool(2).CanonicalText);
        Assert.Equal(Pool(2), Pool(2, 2, Valid));
    }

    [Fact]
    public void Global_average_pooling_of_a_vector_is_an_error()
    {
        var error = (Input(8, 8, 1) >> Flatten() >> GlobalAvgPool() >> Dense(3, Softmax)).InferShapes().Error;

        Assert.Equal((2, ShapeRules.GlobalPoolOnVector), (error!.LayerIndex, error.Id));
    }
}
