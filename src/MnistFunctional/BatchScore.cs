namespace MnistFunctional;

/// <summary>Mean loss over a batch and how many of its examples were classified correctly.</summary>
public readonly record struct BatchScore(float Loss, int Correct, int Count);
