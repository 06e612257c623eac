namespace Digits.Commands;

/// <summary>Everything <c>digits predict</c> was asked to do.</summary>
internal sealed record PredictRequest(
    string Folder,
    string Model,
    PredictFormat Format = PredictFormat.Text,
    string? Grid = null,
    bool Recursive = false,
    bool Raw = false,
    double MaxMegapixels = 40,
    bool Onnx = false,
    string? OnnxFile = null);
