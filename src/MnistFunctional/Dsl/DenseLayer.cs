namespace MnistFunctional.Dsl;

/// <summary>A fully connected layer of <paramref name="Units"/> outputs.</summary>
public sealed record DenseLayer(int Units, Activation Activation = Activation.ReLU) : Layer
{
    public override string CanonicalText => $"Dense({Units},{Activation})";
}
