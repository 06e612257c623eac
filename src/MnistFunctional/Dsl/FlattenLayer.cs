namespace MnistFunctional.Dsl;

/// <summary>Flattens an H×W×C input into a vector in channels-last (Keras) order.</summary>
public sealed record FlattenLayer : Layer
{
    public override string CanonicalText => "Flatten()";
}
