using MnistFunctional.Imaging.Normalization;
using MnistFunctional.Imaging.Reading;

namespace MnistFunctional.Imaging.Prediction;

/// <summary>
/// A read image made ready for the model: the 28×28 <see cref="Input"/> it sees, or the <see cref="Problem"/> that
/// leaves nothing to predict (the reader's reason, or <see cref="SkippedImage.NoDigitFound"/>). The one step between
/// reading and predicting that <c>digits predict</c> and <c>digits serve</c> share.
/// </summary>
public sealed record PreparedImage(MnistImage? Input, string? Problem)
{
    /// <summary>Normalises a decoded image MNIST-style (or, with <paramref name="raw"/>, the seed's naive way).</summary>
    public static PreparedImage From(ImageReadResult read, bool raw = false, NormalizationOptions? normalization = null) => read switch
    {
        DecodedImage decoded => (raw ? MnistNormalizer.Raw(decoded.Gray) : MnistNormalizer.Normalize(decoded.Gray, normalization)?.Image) is { } input
            ? new PreparedImage(input, null)
            : new PreparedImage(null, SkippedImage.NoDigitFound),
        UnreadableImage unreadable => new PreparedImage(null, unreadable.Reason),
        _ => throw new ArgumentException($"Unknown read result {read?.GetType().Name ?? "null"}.", nameof(read)),
    };
}
