using MnistFunctional;
using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace Digits.Networks;

/// <summary>
/// A small Fashion-MNIST CNN with every kind the DSL has beyond the seed model's: same-padded 3×3 convolutions each
/// followed by BatchNorm, pooled to 14×14 before the costly convolution and to 7×7 before a residual block (two
/// convolutions with BatchNorm, ReLU after the addition), global average pooling, and Dropout before the classifier.
/// </summary>
[Network]
public static partial class FashionNet
{
    public static Architecture Architecture { get; } =
        Input(28, 28, 1)
        >> Conv(32, 3, padding: Same) >> BatchNorm() >> Pool(2)
        >> Conv(64, 3, padding: Same) >> BatchNorm() >> Pool(2)
        >> Residual(Conv(64, 3, padding: Same) >> BatchNorm() >> Conv(64, 3, Linear, padding: Same) >> BatchNorm(), activation: ReLU)
        >> GlobalAvgPool()
        >> Dense(128) >> Dropout(0.3)
        >> Dense(10, Softmax);
}
