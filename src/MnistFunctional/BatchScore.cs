namespace MnistFunctional;

/// <summary>Mean loss over a batch, the predicted class of each example, and how many were right.</summary>
public readonly record struct BatchScore(float Loss, int Correct, int Count, int[] Predicted);
