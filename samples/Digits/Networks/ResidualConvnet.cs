using MnistFunctional;
using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace Digits.Networks;

/// <summary>
/// A small ResNet for MNIST, as Keras's ResNet blocks are written: a stem convolution and pooling, an identity block
/// (two same-padded 3×3 convolutions, ReLU after the addition), a strided block whose 1×1 strided projection brings
/// the shortcut to its 7×7×64 output, global average pooling and the softmax head.
/// </summary>
[Network]
public static partial class ResidualConvnet
{
    public static Architecture Architecture { get; } =
        Input(28, 28, 1)
        >> Conv(32, 3, ReLU)
        >> Pool(2)
        >> Residual(Conv(32, 3, ReLU, padding: Same) >> Conv(32, 3, Linear, padding: Same), activation: ReLU)
        >> Residual(Conv(64, 3, ReLU, stride: 2, padding: Same) >> Conv(64, 3, Linear, padding: Same), Conv(64, 1, Linear, stride: 2), activation: ReLU)
        >> GlobalAvgPool()
        >> Dense(10, Softmax);
}
