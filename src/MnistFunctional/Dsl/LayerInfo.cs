namespace MnistFunctional.Dsl;

/// <summary>One layer with its inferred output shape and parameter count.</summary>
public sealed record LayerInfo(int Index, Layer Layer, Shape Output, int ParameterCount);
