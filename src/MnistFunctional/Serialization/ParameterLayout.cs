using System.Collections.Immutable;
using MnistFunctional.Dsl;
using MnistFunctional.Tensors;

namespace MnistFunctional.Serialization;

/// <summary>
/// The parameter tensors an architecture has, read from the architecture value alone: for each layer with
/// parameters, in order, <c>{Layer}.kernel</c> then <c>{Layer}.bias</c>, in Keras layout — conv kernels
/// (k, k, in, out), dense kernels (in, units), biases (n). The generated parameter records follow the same rule.
/// </summary>
public static class ParameterLayout
{
    /// <summary>The expected tensors of <paramref name="architecture"/>; throws <see cref="ArchitectureException"/> when it is invalid.</summary>
    public static ImmutableArray<TensorSpec> Of(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var layers = architecture.Describe();
        var names = LayerNames.Of(architecture);
        var specs = ImmutableArray.CreateBuilder<TensorSpec>();
        for (var index = 1; index < layers.Length; index++)
        {
            var input = layers[index - 1].Output;
            switch (layers[index].Layer)
            {
                case ConvLayer conv:
                    specs.Add(new TensorSpec(names[index] + ".kernel", [conv.Kernel, conv.Kernel, input.Channels, conv.Filters]));
                    specs.Add(new TensorSpec(names[index] + ".bias", [conv.Filters]));
                    break;
                case DenseLayer dense:
                    specs.Add(new TensorSpec(names[index] + ".kernel", [input.Size, dense.Units]));
                    specs.Add(new TensorSpec(names[index] + ".bias", [dense.Units]));
                    break;
            }
        }

        return specs.ToImmutable();
    }

    /// <summary>
    /// The expected tensors of <paramref name="architecture"/>, after checking that <paramref name="tensors"/> are
    /// exactly those (names and shapes, in order); throws <see cref="ArgumentException"/> naming both lists otherwise.
    /// </summary>
    public static ImmutableArray<TensorSpec> Require(Architecture architecture, IReadOnlyList<NamedTensor> tensors, string parameterName)
    {
        var layout = Of(architecture);
        var actual = tensors.Select(tensor => new TensorSpec(tensor.Name, [.. tensor.Shape])).ToList();
        if (!actual.SequenceEqual(layout))
        {
            throw new ArgumentException(
                $"The parameters' tensors [{string.Join(", ", actual)}] are not those of the architecture {architecture.CanonicalText}: [{string.Join(", ", layout)}].",
                parameterName);
        }

        return layout;
    }
}
