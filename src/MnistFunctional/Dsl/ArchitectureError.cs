namespace MnistFunctional.Dsl;

/// <summary>A broken shape rule: which layer, the diagnostic ID shared with the generator, and why.</summary>
public sealed record ArchitectureError(int LayerIndex, string Id, string Message)
{
    public override string ToString() => $"{Id}: {Message}";
}
