namespace MnistFunctional.Dsl;

/// <summary>The input of a network: images of <paramref name="Height"/>×<paramref name="Width"/>×<paramref name="Channels"/>.</summary>
public sealed record InputLayer(int Height, int Width, int Channels) : Layer
{
    public override string CanonicalText => $"Input({Height},{Width},{Channels})";
}
