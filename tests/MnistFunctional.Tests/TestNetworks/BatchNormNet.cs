using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace MnistFunctional.Tests.TestNetworks;

/// <summary>BatchNorm per channel after a convolution and per unit after a Dense layer (with its own momentum and epsilon), then Dropout.</summary>
[Network]
public static partial class BatchNormNet
{
    public static Architecture Architecture { get; } =
        Input(8, 8, 1)
        >> Conv(4, 3, Tanh)
        >> BatchNorm()
        >> Pool(2)
        >> Flatten()
        >> Dense(6, ReLU)
        >> BatchNorm(0.9, 1e-5)
        >> Dropout(0.25)
        >> Dense(3, Softmax);
}
