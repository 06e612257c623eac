using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace MnistFunctional.Onnx.Tests;

/// <summary>
/// Windows that same padding clips (so ONNX's pads and count_include_pad = 0 matter) and a global average over a real
/// spatial map: 10×9×3 → Conv same 10×9×5 → AvgPool(2, same) 5×5×5 (the last column's windows hold one pixel of two)
/// → Pool(2, same) 3×3×5 → Conv(6, 3, stride 2, same) 2×2×6 → GlobalAvgPool 6 → Dense(4, Softmax).
/// </summary>
[Network]
public static partial class PoolingNet
{
    public static Architecture Architecture { get; } =
        Input(10, 9, 3)
        >> Conv(5, 3, padding: Same)
        >> AvgPool(2, padding: Same)
        >> Pool(2, padding: Same)
        >> Conv(6, 3, Tanh, stride: 2, padding: Same)
        >> GlobalAvgPool()
        >> Dense(4, Softmax);
}
