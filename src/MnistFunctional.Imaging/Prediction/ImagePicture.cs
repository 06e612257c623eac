using MnistFunctional.Imaging.Reading;

namespace MnistFunctional.Imaging.Prediction;

/// <summary>What a grid shows of one file: the original as a thumbnail and the 28×28 the model saw (none when no digit was found).</summary>
public sealed record ImagePicture(RgbaImage Original, MnistImage? Seen);
