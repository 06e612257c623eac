using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace MnistFunctional.Tests.TestNetworks;

/// <summary>
/// Residual connections of every shape the generator handles, for gradient checks and torch agreement: a residual on the
/// caller's input (Add1), one whose input is a ReLU convolution also read by a max pooling in the block (no fused
/// derivative there, Add2), a strided block with a strided 1×1 projection and Tanh after the addition (Add3), a residual
/// nested in another's block beside a Dropout (Add4 inside Add5: the outer input has three readers), and one over Dense
/// layers with ReLU after the addition (Add6).
/// Shapes 8×8×2 → 8×8×2 → 8×8×4 → 8×8×4 → 4×4×6 → 4×4×6 → 6 → 5 → 5 → 3.
/// </summary>
[Network]
public static partial class ResidualNet
{
    public static Architecture Architecture { get; } =
        Input(8, 8, 2)
        >> Residual(Conv(3, 3, Tanh, padding: Same) >> Conv(2, 3, Linear, padding: Same))
        >> Conv(4, 3, ReLU, padding: Same)
        >> Residual(Pool(3, stride: 1, padding: Same) >> Conv(4, 1, Tanh))
        >> Residual(Conv(6, 3, Tanh, stride: 2, padding: Same) >> Conv(6, 3, Sigmoid, padding: Same), Conv(6, 1, Linear, stride: 2), activation: Tanh)
        >> Residual(Residual(Conv(6, 3, Tanh, padding: Same)) >> Dropout(0.25) >> Conv(6, 1, Linear))
        >> GlobalAvgPool()
        >> Dense(5, Tanh)
        >> Residual(Dense(4, Tanh) >> Dense(5, Linear), activation: ReLU)
        >> Dense(3, Softmax);
}
