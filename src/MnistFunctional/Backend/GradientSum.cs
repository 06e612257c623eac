using System.Numerics.Tensors;

namespace MnistFunctional.Backend;

/// <summary>Adds a batch slice's partial gradient into the total; callers add slices in slice order (fixed reduction order).</summary>
public static class GradientSum
{
    public static void AddInto(Span<float> total, ReadOnlySpan<float> part) => TensorPrimitives.Add(total, part, total);
}
