using System.Collections.Immutable;
using MnistFunctional.Imaging.Prediction;

namespace Digits.Serve;

/// <summary>Everything <c>digits serve</c> was asked to do.</summary>
internal sealed record ServeSettings(string Model, ImmutableArray<string> Urls)
{
    /// <summary>The largest image file a request may carry; a larger body is refused with 413.</summary>
    public long MaxUploadBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Images with more pixels are refused (413) from their header, before decoding, as <c>predict</c> does.</summary>
    public double MaxMegapixels { get; init; } = 40;

    public MicroBatchOptions Batching { get; init; } = MicroBatchOptions.Default;

    /// <summary>Further model files read together with <see cref="Model"/> (the mean of their probabilities).</summary>
    public ImmutableArray<string> MoreModels { get; init; } = [];

    /// <summary>How each normalised picture is read: once as it is by default.</summary>
    public TestTimeAugmentation Tta { get; init; } = TestTimeAugmentation.None;

    /// <summary>Every model file read: <see cref="Model"/>, then <see cref="MoreModels"/>.</summary>
    public ImmutableArray<string> Models => [Model, .. MoreModels];
}
