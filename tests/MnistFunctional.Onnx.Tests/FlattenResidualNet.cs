using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace MnistFunctional.Onnx.Tests;

/// <summary>
/// A residual over a flattened image: ONNX flattens C·H·W where Keras flattens H·W·C, so the export must put the
/// shortcut back in Keras's order before the addition (the block's first Dense permutes its kernel rows instead).
/// </summary>
[Network]
public static partial class FlattenResidualNet
{
    public static Architecture Architecture { get; } =
        Input(4, 4, 3)
        >> Conv(2, 3, Tanh, padding: Same)
        >> Flatten()
        >> Residual(Dense(32, Tanh) >> Dropout(0.5) >> Dense(32, Linear), activation: Tanh)
        >> Dense(5, Softmax);
}
