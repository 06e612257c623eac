using System.Collections.Immutable;
using MnistFunctional.Imaging.Prediction;

namespace Digits.Commands;

/// <summary>Everything <c>digits predict</c> was asked to do.</summary>
/// <param name="Model">The model file (the first of the ensemble when <paramref name="MoreModels"/> has any).</param>
/// <param name="MoreModels">Further model files read together with <paramref name="Model"/>: the mean of their probabilities.</param>
/// <param name="Tta">How each normalised picture is read (none by default: once, as it is).</param>
internal sealed record PredictRequest(
    string Folder,
    string Model,
    PredictFormat Format = PredictFormat.Text,
    string? Grid = null,
    bool Recursive = false,
    bool Raw = false,
    double MaxMegapixels = 40,
    bool Onnx = false,
    string? OnnxFile = null,
    ImmutableArray<string> MoreModels = default,
    TestTimeAugmentation? Tta = null)
{
    /// <summary>Every model file read: <see cref="Model"/>, then <see cref="MoreModels"/>.</summary>
    public ImmutableArray<string> Models => [Model, .. MoreModels.IsDefault ? [] : MoreModels];

    public TestTimeAugmentation Reading => Tta ?? TestTimeAugmentation.None;
}
