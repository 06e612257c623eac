using MnistFunctional.Dsl;
using static MnistFunctional.Dsl.Layers;

namespace MnistFunctional.Fuzzing;

/// <summary>
/// A network of 10 parameters, so that its model files and checkpoints are a few hundred bytes: afl-fuzz works
/// best on small inputs, and the readers' code paths are the same as for the seed model.
/// </summary>
[Network]
public static partial class FuzzNet
{
    public static Architecture Architecture { get; } = Input(2, 2, 1) >> Flatten() >> Dense(2, Softmax);
}
