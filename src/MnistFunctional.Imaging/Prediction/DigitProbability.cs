namespace MnistFunctional.Imaging.Prediction;

/// <summary>One class of a prediction and the probability the model gave it.</summary>
public readonly record struct DigitProbability(int Digit, float Probability);
