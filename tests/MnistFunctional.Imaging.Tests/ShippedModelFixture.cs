using MnistFunctional.Models;
using MnistFunctional.Serialization;
using MnistFunctional.Tests.Data;

namespace MnistFunctional.Imaging.Tests;

/// <summary>The model the repository ships (data/models/mnist-cnn.safetensors), loaded once for a test class.</summary>
public sealed class ShippedModelFixture
{
    public ShippedModelFixture() => Parameters = ModelFile.Load<MnistCnn.Parameters>(FilePath, MnistCnn.Architecture);

    public static string FilePath => Path.Combine(RealMnist.RepositoryRoot, "data", "models", "mnist-cnn.safetensors");

    public MnistCnn.Parameters Parameters { get; }
}
