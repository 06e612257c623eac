namespace MnistFunctional.Training;

/// <summary>The loss became NaN or infinite: training cannot go on.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
