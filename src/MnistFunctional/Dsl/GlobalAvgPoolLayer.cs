namespace MnistFunctional.Dsl;

/// <summary>The mean of each channel over all positions, as Keras's GlobalAveragePooling2D: H×W×C → a vector of C.</summary>
public sealed record GlobalAvgPoolLayer : Layer
{
    public override string CanonicalText => "GlobalAvgPool()";
}
