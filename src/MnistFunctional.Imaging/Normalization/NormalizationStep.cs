using System.Collections.Immutable;

namespace MnistFunctional.Imaging.Normalization;

/// <summary>
/// One picture along the normalisation, for a user to see where a digit went wrong: the first is the picture's
/// luminance (0 black, 1 white), the others are ink as the model sees it (1 ink, 0 background).
/// </summary>
public sealed record NormalizationStep(string Name, int Width, int Height, ImmutableArray<float> Pixels);
