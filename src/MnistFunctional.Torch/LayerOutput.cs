namespace MnistFunctional.Torch;

/// <summary>
/// One layer's output for a whole batch, in our layout: example after example, each channels-last (H, W, C) —
/// the column-major storage of the MathNet backend's (features × batch) matrix.
/// </summary>
public sealed record LayerOutput(string Name, float[] Values);
