using MnistFunctional.Imaging;
using MnistFunctional.Imaging.Prediction;

namespace Digits.Serve;

/// <summary>
/// What became of one uploaded image: the model's <see cref="Prediction"/> and the 28×28 it <see cref="Seen"/>,
/// or the <see cref="Problem"/> that left nothing to predict (<see cref="TooLarge"/> when it was refused for size).
/// </summary>
internal sealed record UploadPrediction(DigitPrediction? Prediction, MnistImage? Seen, string? Problem, bool TooLarge = false);
