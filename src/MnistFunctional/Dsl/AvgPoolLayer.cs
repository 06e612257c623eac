namespace MnistFunctional.Dsl;

/// <summary>
/// Average pooling over square windows, as Keras's AveragePooling2D (same padding averages only the elements inside
/// the input). Stride and padding as <see cref="PoolLayer"/>.
/// </summary>
public sealed record AvgPoolLayer(int Window, int Stride, Padding Padding = Padding.Valid) : Layer
{
    public override string CanonicalText => PoolText.Of("AvgPool", Window, Stride, Padding);
}
