using System.Numerics.Tensors;
using MnistFunctional.Dsl;

namespace MnistFunctional.Backend;

/// <summary>Element-wise activations and their derivatives, expressed through the layer's output y = f(z).</summary>
public static class ActivationFunctions
{
    /// <summary>Applies f in place to every element (not Softmax, which works per example).</summary>
    public static void Apply(Activation activation, Span<float> values)
    {
        switch (activation)
        {
            case Activation.Linear:
                break;
            case Activation.ReLU:
                TensorPrimitives.Max(values, 0f, values);
                break;
            case Activation.Tanh:
                TensorPrimitives.Tanh(values, values);
                break;
            case Activation.Sigmoid:
                TensorPrimitives.Sigmoid(values, values);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Softmax is applied by the softmax cross-entropy head.");
        }
    }

    /// <summary>gradient[i] = upstream[i] · f'(z[i]), using only the output y[i] = f(z[i]).</summary>
    public static void Backward(Activation activation, ReadOnlySpan<float> output, ReadOnlySpan<float> upstream, Span<float> gradient)
    {
        switch (activation)
        {
            case Activation.Linear:
                upstream.CopyTo(gradient);
                break;
            case Activation.ReLU:
                for (var i = 0; i < gradient.Length; i++)
                {
                    gradient[i] = output[i] > 0f ? upstream[i] : 0f;
                }

                break;
            case Activation.Tanh:
                for (var i = 0; i < gradient.Length; i++)
                {
                    gradient[i] = upstream[i] * (1f - (output[i] * output[i]));
                }

                break;
            case Activation.Sigmoid:
                for (var i = 0; i < gradient.Length; i++)
                {
                    gradient[i] = upstream[i] * output[i] * (1f - output[i]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Softmax is differentiated together with cross-entropy.");
        }
    }
}
