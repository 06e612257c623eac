namespace MnistFunctional.Dsl;

/// <summary>
/// Max pooling over square windows of side <paramref name="Window"/>, moved by <paramref name="Stride"/>, as Keras's
/// MaxPooling2D: valid padding drops what the last window does not reach; same padding gives ⌈in / stride⌉ outputs,
/// windows at the border covering only the elements inside.
/// </summary>
public sealed record PoolLayer(int Window, int Stride, Padding Padding = Padding.Valid) : Layer
{
    /// <summary>Keras's default pooling: stride = window, valid padding.</summary>
    public PoolLayer(int window)
        : this(window, window)
    {
    }

    /// <summary><c>Pool(2)</c> for Keras's default (the seed model's text, kept in its model file); else <c>Pool(3,2,Same)</c>.</summary>
    public override string CanonicalText => PoolText.Of("Pool", Window, Stride, Padding);
}
