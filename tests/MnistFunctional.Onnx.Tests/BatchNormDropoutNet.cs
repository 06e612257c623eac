using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace MnistFunctional.Onnx.Tests;

/// <summary>
/// BatchNorm per channel of an image and per unit of a flattened one (whose per-unit tensors ONNX needs in C·H·W order),
/// then Dropout: 6×5×2 → Conv same 6×5×4 → BatchNorm → Flatten 120 → BatchNorm → Dropout → Dense(3, Softmax).
/// </summary>
[Network]
public static partial class BatchNormDropoutNet
{
    public static Architecture Architecture { get; } =
        Input(6, 5, 2)
        >> Conv(4, 3, Tanh, padding: Same)
        >> BatchNorm()
        >> Flatten()
        >> BatchNorm(0.9, 1e-5)
        >> Dropout(0.5)
        >> Dense(3, Softmax);
}
