using System.Collections.Immutable;

namespace MnistFunctional.Imaging.Normalization;

/// <summary>What <see cref="MnistNormalizer.Explain"/> found: the digit or why there is none, and each step's picture.</summary>
/// <param name="Digit">The normalised digit; null when the picture holds no digit.</param>
/// <param name="Rejection">Why there is no digit (null when there is one).</param>
/// <param name="Steps">The pictures of the steps taken, in order.</param>
public sealed record NormalizationTrace(NormalizedDigit? Digit, string? Rejection, ImmutableArray<NormalizationStep> Steps);
