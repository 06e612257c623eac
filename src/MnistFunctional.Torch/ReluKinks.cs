using MnistFunctional.Dsl;

namespace MnistFunctional.Torch;

/// <summary>
/// Where two computations of the same pass put an element on different sides of a ReLU kink. Such an element's input
/// lies within the computations' rounding of 0 (its output is that small on the side that passes it), yet its whole
/// gradient goes one way in one and the other way in the other: one element can move a kernel gradient by ~1/√n of its
/// size (n terms summed). <see cref="TorchNetwork.Backward"/> can pin a pass to another's sides.
/// </summary>
public static class ReluKinks
{
    /// <summary>Whether the layer's output is a ReLU's (Conv, Dense or a residual's addition with ReLU).</summary>
    public static bool EndsInRelu(LayerInfo layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return layer.Layer is ConvLayer { Activation: Activation.ReLU } or DenseLayer { Activation: Activation.ReLU } or ResidualLayer { Activation: Activation.ReLU };
    }

    /// <summary>
    /// The elements of ReLU outputs that are positive in one of <paramref name="reference"/> and <paramref name="other"/>
    /// and 0 in the other (every layer's output, the input excluded, same layout), with the largest value on the passing side.
    /// </summary>
    public static KinkCrossings Crossed(IReadOnlyList<LayerInfo> layers, IReadOnlyList<float[]> reference, IReadOnlyList<float[]> other)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(other);
        var crossed = KinkCrossings.None;
        foreach (var layer in layers.Where(layer => layer.Index > 0 && EndsInRelu(layer)))
        {
            var (r, o) = (reference[layer.Index - 1], other[layer.Index - 1]);
            for (var i = 0; i < r.Length; i++)
            {
                if (r[i] > 0 != o[i] > 0)
                {
                    var value = MathF.Max(r[i], o[i]);
                    crossed = new(crossed.Count + 1, value > crossed.Largest ? value : crossed.Largest, value > crossed.Largest ? layer.Name : crossed.Layer);
                }
            }
        }

        return crossed;
    }
}
