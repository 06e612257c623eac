using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace MnistFunctional.Tests.TestNetworks;

/// <summary>
/// Every layer kind and activation in one small network, for gradient checks: a strided conv, a pool that
/// drops a row and a column (3 → 1), and Linear/ReLU/Tanh/Sigmoid activations.
/// </summary>
[Network]
public static partial class GradCheckNet
{
    public static Architecture Architecture { get; } =
        Input(9, 9, 2)
        >> Conv(3, 3, Tanh)
        >> Conv(4, 2, Sigmoid, stride: 2)
        >> Pool(2)
        >> Flatten()
        >> Dense(5, Linear)
        >> Dense(4, ReLU)
        >> Dense(3, Softmax);
}
