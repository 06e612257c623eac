namespace MnistFunctional.Tensors;

/// <summary>
/// A named float32 tensor in row-major (C) order with its shape, e.g. <c>Conv1.kernel</c> (3, 3, 1, 32) in
/// Keras layout. <see cref="Data"/> is the backend's own storage; treat it as read-only.
/// </summary>
public sealed record NamedTensor(string Name, int[] Shape, float[] Data)
{
    public string ShapeText => $"({string.Join(", ", Shape)})";
}
