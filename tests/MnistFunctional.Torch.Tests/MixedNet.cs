using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace MnistFunctional.Torch.Tests;

/// <summary>
/// The second architecture: two input channels, Tanh and Sigmoid convolutions, a stride-2 convolution, a pool
/// that drops a row and a column (5 → 2), and Linear/Tanh/Softmax dense layers.
/// </summary>
[Network]
public static partial class MixedNet
{
    public static Architecture Architecture { get; } =
        Input(13, 13, 2)
        >> Conv(6, 3, Tanh)
        >> Conv(8, 3, Sigmoid, stride: 2)
        >> Pool(2)
        >> Flatten()
        >> Dense(16, Linear)
        >> Dense(12, Tanh)
        >> Dense(5, Softmax);
}
