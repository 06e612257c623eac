using MnistFunctional.Dsl;

namespace Digits.Bench;

/// <summary>
/// The floating-point work of one training image, counted as the products a step must do (2 FLOPs per
/// multiply-add): each convolution and dense layer's forward product, its weight gradient and its input gradient —
/// except the first layer's, whose input needs none. Pooling, activations, the loss and Adam are left out: together
/// they are about 1% of the products for the seed model. This is the yardstick of "share of the peak", the same for
/// every backend, whatever kernels (Winograd, im2col) a backend really runs.
/// </summary>
internal static class TrainingFlops
{
    public static double PerImage(Architecture architecture)
    {
        var layers = architecture.Describe();
        var total = 0.0;
        for (var i = 1; i < layers.Length; i++)
        {
            var forward = ForwardFlops(layers[i].Layer, layers[i - 1].Output, layers[i].Output);
            var passes = i == 1 ? 2 : 3; // forward + weight gradient (+ input gradient)
            total += passes * forward;
        }

        return total;
    }

    private static double ForwardFlops(Layer layer, Shape input, Shape output) => layer switch
    {
        ConvLayer conv => 2.0 * conv.Kernel * conv.Kernel * input.Channels * conv.Filters * output.Height * output.Width,
        DenseLayer dense => 2.0 * input.Size * dense.Units,
        _ => 0,
    };
}
