using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace MnistFunctional.Tests.TestNetworks;

/// <summary>
/// BatchNorm inside residual blocks, as Keras's ResNets place it: in an identity block (Add1), in both a strided block
/// and its projection (Add2), and first in a block, where it reads the residual's input beside the addition (Add3). The projection is Tanh: a
/// Linear convolution's bias before a BatchNorm has no gradient at all (the batch mean takes it out again).
/// Shapes 8×8×2 → 8×8×4 → 4×4×6 → 6 → 3.
/// </summary>
[Network]
public static partial class ResidualBatchNormNet
{
    public static Architecture Architecture { get; } =
        Input(8, 8, 2)
        >> Conv(4, 3, Tanh, padding: Same)
        >> BatchNorm()
        >> Residual(Conv(4, 3, Tanh, padding: Same) >> BatchNorm() >> Conv(4, 3, Linear, padding: Same), activation: Tanh)
        >> Residual(Conv(6, 3, Tanh, stride: 2, padding: Same) >> BatchNorm(), Conv(6, 1, Tanh, stride: 2) >> BatchNorm())
        >> Residual(BatchNorm() >> Conv(6, 1, Tanh))
        >> GlobalAvgPool()
        >> Dense(3, Softmax);
}
