using MnistFunctional;
using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace Digits.Networks;

/// <summary>
/// A small Fashion-MNIST CNN with every kind the DSL has beyond the seed model's: same-padded 3×3 convolutions each
/// followed by BatchNorm, pooled to 14×14 before the costly convolution and to 7×7 before a residual block (two
/// convolutions with BatchNorm, ReLU after the addition), a wider 128-channel convolution at 7×7, global average
/// pooling, and Dropout before the classifier. The 128-channel convolution (half again the cost of an epoch) took the
/// test accuracy of the same recipe (--augment clothing, cosine decay, 30 epochs) from 0.9282 to 0.9321; with random
/// erasing added it reaches 0.9330, the shipped model (docs/results.md).
/// </summary>
[Network]
public static partial class FashionNet
{
    public static Architecture Architecture { get; } =
        Input(28, 28, 1)
        >> Conv(32, 3, padding: Same) >> BatchNorm() >> Pool(2)
        >> Conv(64, 3, padding: Same) >> BatchNorm() >> Pool(2)
        >> Residual(Conv(64, 3, padding: Same) >> BatchNorm() >> Conv(64, 3, Linear, padding: Same) >> BatchNorm(), activation: ReLU)
        >> Conv(128, 3, padding: Same) >> BatchNorm()
        >> GlobalAvgPool()
        >> Dense(128) >> Dropout(0.3)
        >> Dense(10, Softmax);
}
