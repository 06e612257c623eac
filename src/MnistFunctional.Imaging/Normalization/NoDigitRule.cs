namespace MnistFunctional.Imaging.Normalization;

/// <summary>
/// Tells pictures that hold no digit from those that do, after the background is gone: isolated specks (a stray dark
/// pixel in a corner), scattered noise (salt and pepper: many pieces of ink, none of them a stroke) and textures
/// that fill the digit's whole box (dense noise, which connects into one piece). Each rule returns why the picture
/// is rejected, or null.
/// </summary>
public static class NoDigitRule
{
    /// <summary>The pieces of ink left after the speck filter, in a picture of <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static string? Pieces(InkPieces pieces, int width, int height, NormalizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var smallest = Math.Max(options.MinimumPiecePixels, options.MinimumPieceFraction * Math.Min(width, height));
        if (pieces.LargestPieceSide < smallest)
        {
            return FormattableString.Invariant($"only specks: the largest piece of ink is {pieces.LargestPieceSide} px across, under {smallest:0.#}");
        }

        return pieces.Count > options.MaximumPieces
            ? FormattableString.Invariant($"scattered noise: {pieces.Count} pieces of ink, more than {options.MaximumPieces}")
            : null;
    }

    /// <summary>
    /// The digit scaled into its <paramref name="boxSize"/>-pixel box (<paramref name="width"/> × <paramref name="height"/>,
    /// one side equal to the box): a digit leaves part of the square around it empty (a 1 most of it, a bold 0 its
    /// middle); a texture of noise fills it.
    /// </summary>
    public static string? Texture(ReadOnlySpan<float> patch, int width, int height, int boxSize, NormalizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var square = (double)boxSize * boxSize;
        var inked = 0;
        foreach (var value in patch)
        {
            inked += value >= options.TextureInk ? 1 : 0;
        }

        var empty = 1 - (inked / square);
        return empty < options.MinimumEmptyFraction
            ? FormattableString.Invariant($"a texture, not strokes: only {empty:P0} of the digit's box is empty, under {options.MinimumEmptyFraction:P0}")
            : null;
    }
}
