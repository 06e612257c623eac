using MnistFunctional;
using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace Digits.Networks;

/// <summary>
/// A small Fashion-MNIST CNN: same-padded convolutions each followed by BatchNorm, pooled to 14×14 before the costly
/// convolutions and to 7×7 before the widest, global average pooling, Dropout before the classifier.
/// </summary>
[Network]
public static partial class FashionNet
{
    public static Architecture Architecture { get; } =
        Input(28, 28, 1)
        >> Conv(32, 3, padding: Same) >> BatchNorm() >> Pool(2)
        >> Conv(64, 3, padding: Same) >> BatchNorm() >> Pool(2)
        >> Conv(64, 3, padding: Same) >> BatchNorm()
        >> Conv(64, 3, Linear, padding: Same) >> BatchNorm()
        >> Conv(128, 3, padding: Same) >> BatchNorm()
        >> GlobalAvgPool()
        >> Dense(128) >> Dropout(0.3)
        >> Dense(10, Softmax);
}
