namespace MnistFunctional.Data;

/// <summary>Where the MNIST directory came from, so the console can say why it looks there.</summary>
public enum MnistSource
{
    /// <summary>Given explicitly (the CLI's --data).</summary>
    Explicit,

    /// <summary>The MNIST_DIR environment variable.</summary>
    Environment,

    /// <summary>The default data/mnist/ directory.</summary>
    Default,
}
