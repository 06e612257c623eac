using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    /// <summary>gradient[i] = output[i] &gt; 0 ? upstream[i] : 0, vectorised; gradient may be upstream itself (in place).</summary>
    private static void ReluBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> upstream, Span<float> gradient)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref var y = ref MemoryMarshal.GetReference(output);
            ref var u = ref MemoryMarshal.GetReference(upstream);
            ref var g = ref MemoryMarshal.GetReference(gradient);
            for (; i <= gradient.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var positive = Vector512.GreaterThan(Vector512.LoadUnsafe(ref y, (nuint)i), Vector512<float>.Zero);
                Vector512.BitwiseAnd(Vector512.LoadUnsafe(ref u, (nuint)i), positive).StoreUnsafe(ref g, (nuint)i);
            }
        }

        for (; i < gradient.Length; i++)
        {
            gradient[i] = output[i] > 0f ? upstream[i] : 0f;
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
                ReluBackward(output, upstream, gradient);
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
