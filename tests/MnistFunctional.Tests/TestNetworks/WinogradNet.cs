using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace MnistFunctional.Tests.TestNetworks;

/// <summary>
/// Both Winograd kernels with smooth activations: 13×13×16 → Conv(32,3,Tanh) + Pool(2) fused → Conv(64,3,Sigmoid)
/// on 3×3 outputs → Flatten → Dense(10, Softmax).
/// </summary>
[Network]
public static partial class WinogradNet
{
    public static Architecture Architecture { get; } =
        Input(13, 13, 16) >> Conv(32, 3, Tanh) >> Pool(2) >> Conv(64, 3, Sigmoid) >> Flatten() >> Dense(10, Softmax);
}
