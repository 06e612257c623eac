namespace MnistFunctional.Dsl;

/// <summary>Max pooling over square windows of side <paramref name="Window"/>; the stride equals the window.</summary>
public sealed record PoolLayer(int Window) : Layer
{
    public override string CanonicalText => $"Pool({Window})";
}
