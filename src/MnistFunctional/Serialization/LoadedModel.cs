namespace MnistFunctional.Serialization;

/// <summary>Parameters loaded from a model file, with what the file says about them and the network's state (empty without stateful layers).</summary>
public sealed record LoadedModel<TParameters>(TParameters Parameters, ModelFileInfo Info)
{
    /// <summary>The saved state (BatchNorm's moving statistics), which inference needs beside the parameters.</summary>
    public Tensors.NetworkState State { get; init; } = Tensors.NetworkState.Empty;
}
