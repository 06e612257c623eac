using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace MnistFunctional.Tests.TestNetworks;

/// <summary>Dropout on an image (before a max pooling) and on a vector, for training-mode checks.</summary>
[Network]
public static partial class DropoutNet
{
    public static Architecture Architecture { get; } =
        Input(8, 8, 1)
        >> Conv(4, 3, Tanh)
        >> Dropout(0.25)
        >> Pool(2)
        >> Flatten()
        >> Dropout(0.5)
        >> Dense(6, Tanh)
        >> Dense(3, Softmax);
}
