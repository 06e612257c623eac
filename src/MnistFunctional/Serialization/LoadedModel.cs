namespace MnistFunctional.Serialization;

/// <summary>Parameters loaded from a model file, with what the file says about them.</summary>
public sealed record LoadedModel<TParameters>(TParameters Parameters, ModelFileInfo Info);
