using MnistFunctional.Imaging.Prediction;

namespace MnistFunctional.Plotting;

/// <summary>One cell of a prediction grid: the file's name, its pictures, and the verdict written under them (e.g. "7  99.8%").</summary>
public sealed record PredictionTile(string File, ImagePicture Picture, string Verdict);
