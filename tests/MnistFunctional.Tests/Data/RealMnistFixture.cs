using MnistFunctional.Data;

namespace MnistFunctional.Tests.Data;

/// <summary>Loads the real MNIST once for all the tests of a class.</summary>
public sealed class RealMnistFixture
{
    public RealMnistFixture() => Data = Mnist.Load(RealMnist.Directory);

    public MnistData Data { get; }
}
