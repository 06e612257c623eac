using MnistFunctional.Dsl;

namespace Digits.Bench;

/// <summary>
/// The floating-point work of one training image, counted as the products a step must do (2 FLOPs per
/// multiply-add): each convolution and dense layer's forward product, its weight gradient and its input gradient —
/// except where no earlier layer has parameters, whose input needs no gradient. Pooling, activations, the loss and
/// Adam are left out: together they are about 1% of the products for the seed model. This is the yardstick of
/// "share of the peak", the same for every backend, whatever kernels (Winograd, im2col) a backend really runs.
/// </summary>
internal static class TrainingFlops
{
    public static double PerImage(Architecture architecture)
    {
        var total = 0.0;
        var inputNeedsGradient = false;
        foreach (var layer in architecture.Describe())
        {
            var passes = inputNeedsGradient ? 3 : 2; // forward + weight gradient (+ input gradient)
            total += passes * ForwardFlops(layer.Layer, layer.Input, layer.Output);
            inputNeedsGradient |= layer.ParameterCount > 0;
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
