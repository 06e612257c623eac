namespace MnistFunctional.Dsl;

/// <summary>Padding of a convolution or pooling, with Keras's meaning.</summary>
public enum Padding
{
    /// <summary>No padding: ⌊(in − window) / stride⌋ + 1 outputs.</summary>
    Valid = 0,

    /// <summary>TensorFlow/Keras "same": ⌈in / stride⌉ outputs, the zero padding split with the smaller half before.</summary>
    Same = 1,
}
