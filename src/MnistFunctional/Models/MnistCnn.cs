using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace MnistFunctional.Models;

/// <summary>The seed model: the classic Keras MNIST CNN, 93,322 parameters.</summary>
[Network]
public static partial class MnistCnn
{
    public static Architecture Architecture { get; } =
        Input(28, 28, 1)
        >> Conv(32, 3) >> Pool(2)
        >> Conv(64, 3) >> Pool(2)
        >> Conv(64, 3)
        >> Flatten()
        >> Dense(64)
        >> Dense(10, Softmax);
}
