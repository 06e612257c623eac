using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace MnistFunctional.Tests.TestNetworks;

/// <summary>The small second network: 8×8×1 → Conv(4,3) → Pool(2) → Flatten → Dense(3, Softmax).</summary>
[Network]
public static partial class TinyNet
{
    public static Architecture Architecture { get; } =
        Input(8, 8, 1) >> Conv(4, 3) >> Pool(2) >> Flatten() >> Dense(3, Softmax);
}
