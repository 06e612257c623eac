namespace MnistFunctional.Training;

/// <summary>Adam's hyper-parameters; the defaults are Keras's (lr 0.001, β1 0.9, β2 0.999, ε 1e-7).</summary>
public sealed record AdamOptions(float LearningRate = 0.001f, float Beta1 = 0.9f, float Beta2 = 0.999f, float Epsilon = 1e-7f)
{
    public static AdamOptions Keras { get; } = new();
}
