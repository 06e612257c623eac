namespace MnistFunctional.Imaging.Normalization;

/// <summary>The ink kept as the digit after the specks are cleared.</summary>
/// <param name="Box">The bounding box of all kept pieces.</param>
/// <param name="Count">How many 8-connected pieces were kept.</param>
/// <param name="LargestPieceSide">The longer side of the heaviest piece's bounding box, in pixels.</param>
public readonly record struct InkPieces(PixelBox Box, int Count, int LargestPieceSide);
