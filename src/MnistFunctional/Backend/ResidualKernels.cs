using System.Numerics.Tensors;
using MnistFunctional.Dsl;

namespace MnistFunctional.Backend;

/// <summary>
/// A residual's addition: y = f(block + shortcut), element by element over a batch slice (both operands and the output
/// hold the same examples in the same layout); backward, the gradient at y times f'(·), in place, which both the block
/// and the shortcut then receive.
/// </summary>
public static class ResidualKernels
{
    /// <summary>output = f(block + shortcut); the three spans have the same length (output may not overlap the operands).</summary>
    public static void Forward(ReadOnlySpan<float> block, ReadOnlySpan<float> shortcut, Activation activation, Span<float> output)
    {
        if (block.Length != shortcut.Length || block.Length != output.Length)
        {
            throw new ArgumentException($"A residual adds operands of one length: block {block.Length}, shortcut {shortcut.Length}, output {output.Length}.");
        }

        TensorPrimitives.Add(block, shortcut, output);
        ActivationFunctions.Apply(activation, output);
    }

    /// <summary>gradient ← gradient · f'(z), in place, from the kept output y = f(z) (nothing to do for Linear).</summary>
    public static void Backward(Activation activation, ReadOnlySpan<float> output, Span<float> gradient) =>
        ActivationFunctions.Backward(activation, output, gradient, gradient);
}
