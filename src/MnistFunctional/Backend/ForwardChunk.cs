namespace MnistFunctional.Backend;

/// <summary>
/// How many images a generated forward pass takes through every layer before it starts on the next ones. Layer by
/// layer over a whole slice, a large batch streams each activation through memory (conv1's output alone is 86 KB
/// per image); a few images at a time stay in the core's cache from one layer to the next. Every image is computed
/// on its own; only where a product's summation blocks depend on its column count (<see cref="Gemm.SumBlock"/>:
/// conv3 and dense layers over a short last chunk) can a value differ in the last bit from a layer-by-layer pass —
/// as values already could between batch sizes — and never between runs.
/// </summary>
public static class ForwardChunk
{
    public const int Images = 8;
}
