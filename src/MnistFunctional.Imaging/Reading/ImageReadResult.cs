namespace MnistFunctional.Imaging.Reading;

/// <summary>What reading one file gave: a <see cref="DecodedImage"/> or an <see cref="UnreadableImage"/> with the reason.</summary>
public abstract record ImageReadResult;
