namespace MnistFunctional.Dsl;

/// <summary>
/// The DSL's vocabulary. Import it with <c>using static MnistFunctional.Dsl.Layers;</c> and write
/// <c>Input(28, 28, 1) &gt;&gt; Conv(32, 3) &gt;&gt; Pool(2) &gt;&gt; Flatten() &gt;&gt; Dense(10, Softmax)</c>.
/// The source generator reads these calls at compile time, so their arguments must be constants.
/// </summary>
public static class Layers
{
    public const Activation Linear = Activation.Linear;
    public const Activation ReLU = Activation.ReLU;
    public const Activation Softmax = Activation.Softmax;
    public const Activation Tanh = Activation.Tanh;
    public const Activation Sigmoid = Activation.Sigmoid;
    public const Padding Valid = Padding.Valid;
    public const Padding Same = Padding.Same;

    public static InputLayer Input(int height, int width, int channels) => new(height, width, channels);

    public static ConvLayer Conv(int filters, int kernel, Activation activation = Activation.ReLU, int stride = 1, Padding padding = Padding.Valid) =>
        new(filters, kernel, activation, stride, padding);

    /// <summary>Max pooling; the stride defaults to the window (Keras's <c>strides=None</c>).</summary>
    public static PoolLayer Pool(int window, int? stride = null, Padding padding = Padding.Valid) => new(window, stride ?? window, padding);

    /// <summary>Average pooling; the stride defaults to the window.</summary>
    public static AvgPoolLayer AvgPool(int window, int? stride = null, Padding padding = Padding.Valid) => new(window, stride ?? window, padding);

    public static GlobalAvgPoolLayer GlobalAvgPool() => new();

    public static FlattenLayer Flatten() => new();

    /// <summary>Zeroes a fraction <paramref name="rate"/> of its inputs in training (scaling the rest); the identity in inference.</summary>
    public static DropoutLayer Dropout(double rate) => new(rate);

    /// <summary>
    /// Batch normalisation over the channels (Keras's BatchNormalization): batch statistics in training, moving statistics
    /// (the network's State) in inference.
    /// </summary>
    public static BatchNormLayer BatchNorm(double momentum = 0.99, double epsilon = 0.001) => new(momentum, epsilon);

    public static DenseLayer Dense(int units, Activation activation = Activation.ReLU) => new(units, activation);

    /// <summary>
    /// <c>activation(block(x) + x)</c>, or <c>activation(block(x) + projection(x))</c>: the block (and the projection) is a
    /// chain without Input, e.g. <c>Residual(Conv(32, 3, padding: Same) &gt;&gt; Conv(32, 3, Linear, padding: Same))</c> or, when
    /// the block changes the shape, <c>Residual(Conv(64, 3, stride: 2, padding: Same) &gt;&gt; Conv(64, 3, Linear, padding: Same),
    /// Conv(64, 1, Linear, stride: 2))</c>. The activation after the addition is Linear (none) unless given.
    /// </summary>
    public static ResidualLayer Residual(Architecture block, Architecture? projection = null, Activation activation = Activation.Linear) =>
        new(block, projection, activation);
}
