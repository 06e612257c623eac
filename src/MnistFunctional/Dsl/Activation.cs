namespace MnistFunctional.Dsl;

/// <summary>The element-wise function a layer applies to its output.</summary>
public enum Activation
{
    Linear = 0,
    ReLU = 1,
    Softmax = 2,
    Tanh = 3,
    Sigmoid = 4,
}
