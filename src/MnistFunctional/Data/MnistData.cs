namespace MnistFunctional.Data;

/// <summary>The MNIST training set (60,000 examples) and the official test set (10,000 examples).</summary>
public sealed record MnistData(Dataset Train, Dataset Test);
