using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace MnistFunctional.Tests.TestNetworks;

/// <summary>
/// Same padding and the pooling kinds, for gradient checks: same-padded convolutions (one strided), an overlapping
/// same-padded max pooling, average poolings (overlapping; same-padded with a clipped window) and a global average
/// pooling straight into Dense. Shapes 9×9×2 → 9×9×4 → 5×5×4 → 3×3×6 → 2×2×6 → 2×2×8 → 1×1×8 → 8 → 5 → 3.
/// </summary>
[Network]
public static partial class PaddingNet
{
    public static Architecture Architecture { get; } =
        Input(9, 9, 2)
        >> Conv(4, 3, Tanh, padding: Same)
        >> Pool(3, stride: 2, padding: Same)
        >> Conv(6, 2, Sigmoid, stride: 2, padding: Same)
        >> AvgPool(2, stride: 1)
        >> Conv(8, 3, ReLU, padding: Same)
        >> AvgPool(2, padding: Same)
        >> GlobalAvgPool()
        >> Dense(5, Tanh)
        >> Dense(3, Softmax);
}
