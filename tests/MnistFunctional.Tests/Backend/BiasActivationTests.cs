using MnistFunctional.Backend;
using MnistFunctional.Dsl;

namespace MnistFunctional.Tests.Backend;

/// <summary>Fused bias + activation and the vectorised ReLU derivative against plain loops, on odd sizes.</summary>
public class BiasActivationTests
{
    [Theory]
    [InlineData(32, 7, Activation.ReLU)]
    [InlineData(16, 3, Activation.Linear)]
    [InlineData(10, 5, Activation.ReLU)]
    [InlineData(3, 9, Activation.Tanh)]
    public void Adds_the_bias_to_every_column_then_applies_f(int rows, int columns, Activation activation)
    {
        var values = TestData.Uniform(rows, columns, 3).Map(v => v - 0.5f).AsColumnMajorArray();
        var bias = TestData.Uniform(rows, 1, 4).Map(v => v - 0.5f).AsColumnMajorArray();
        var expected = values.Select((v, i) => Reference(activation, v + bias[i % rows])).ToArray();

        BiasActivation.Apply(values, bias, activation);

        // ReLU and Linear are exact; TensorPrimitives.Tanh may differ from MathF.Tanh in the last bit.
        Assert.All(values.Zip(expected), pair => Assert.Equal(pair.Second, pair.First, activation == Activation.Tanh ? 1e-6f : 0f));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(160)]
    public void Relu_backward_in_place_keeps_the_gradient_where_the_output_is_positive(int length)
    {
        var output = TestData.Uniform(length, 1, 5).Map(v => v < 0.5f ? 0f : v).AsColumnMajorArray();
        var gradient = TestData.Uniform(length, 1, 6).Map(v => v - 0.5f).AsColumnMajorArray();
        var expected = gradient.Select((g, i) => output[i] > 0f ? g : 0f).ToArray();

        ActivationFunctions.Backward(Activation.ReLU, output, gradient, gradient);

        Assert.Equal(expected, gradient);
    }

    private static float Reference(Activation activation, float z) => activation switch
    {
        Activation.ReLU => MathF.Max(z, 0f),
        Activation.Tanh => MathF.Tanh(z),
        _ => z,
    };
}
