namespace MnistFunctional.Imaging.Prediction;

/// <summary>A file of the folder and the model's prediction for it; <see cref="File"/> is relative to the folder, with forward slashes.</summary>
public sealed record PredictedImage(string File, DigitPrediction Prediction, ImagePicture? Picture);
