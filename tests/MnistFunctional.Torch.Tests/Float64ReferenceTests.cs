using MnistFunctional.Backend;
using MnistFunctional.Models;
using MnistFunctional.Tensors;
using MnistFunctional.Tests;
using ScalarType = TorchSharp.torch.ScalarType;

namespace MnistFunctional.Torch.Tests;

/// <summary>
/// The float64 torch network (the reference <c>digits compare</c> measures both float32 backends against), its pinned
/// ReLU sides, and the layer-scaled gradient measure.
/// </summary>
public class Float64ReferenceTests
{
    [Fact]
    public void A_float64_network_computes_the_float32_networks_gradients_and_reads_them_back_as_float32()
    {
        var parameters = MnistCnn.Initialize(5);
        var input = TestData.Uniform(784, 8, seed: 4);
        var labels = TestData.Labels(8, 10, seed: 4);
        var expected = MnistCnn.Network.LossAndGradients(parameters, input, labels);

        using var reference = TorchNetwork.Build(MnistCnn.Architecture, ScalarType.Float64);
        reference.Load(parameters);
        var score = reference.Backward(input, labels);

        Assert.Equal(ScalarType.Float64, reference.Precision);
        Assert.Equal(expected.Score.Loss, score.Loss, 1e-5f);
        GradientAgreementTests.AssertGradientsAgree(expected.Gradients.Tensors, reference.ReadGradients<MnistCnn.Gradients>().Tensors);
        Assert.All(parameters.Tensors.Zip(reference.ReadParameters<MnistCnn.Parameters>().Tensors), pair => Assert.Equal(pair.First.Data, pair.Second.Data));
    }

    [Fact]
    public void Only_float32_and_float64_are_precisions()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TorchNetwork.Build(MnistCnn.Architecture, ScalarType.Float16));
        Assert.Contains("Float32 or Float64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pinned_to_its_own_sides_a_pass_is_unchanged_and_one_element_pinned_across_a_kink_moves_its_filter_most()
    {
        var parameters = MnistCnn.Initialize(5);
        var input = TestData.Uniform(784, 4, seed: 9);
        var labels = TestData.Labels(4, 10, seed: 9);
        var layers = MnistCnn.Network.LayerOutputs(parameters, input).Select(Storage.Of).ToList();
        using var reference = TorchNetwork.Build(MnistCnn.Architecture, ScalarType.Float64);
        reference.Load(parameters);

        reference.Backward(input, labels);
        var free = reference.ReadGradients<MnistCnn.Gradients>().Tensors;
        reference.Backward(input, labels, reluSides: layers);
        var pinned = reference.ReadGradients<MnistCnn.Gradients>().Tensors;
        Assert.All(free.Zip(pinned), pair => Assert.InRange(Differences.MaxAbsDiff(pair.First.Data, pair.Second.Data), 0f, 1e-9f));

        // The first convolution's (26×26×32 per example) smallest positive output of channel 3 that is the max of its pooling
        // window and read by the layers above (rows and columns 0–19: the floor pooling after Conv2 drops the last ones),
        // put on the blocking side: like an input within rounding of the kink, it barely changes the forward pass.
        var conv1 = layers[0].ToArray();
        float At(int example, int row, int column) => conv1[(example * 21632) + (((row * 26) + column) * 32) + 3];
        bool Candidate(int i)
        {
            var (example, position) = (i / 21632, i / 32 % 676);
            var (row, column) = (position / 26, position % 26);
            var (top, left) = (row / 2 * 2, column / 2 * 2);
            var windowMax = new[] { At(example, top, left), At(example, top, left + 1), At(example, top + 1, left), At(example, top + 1, left + 1) }.Max();
            return i % 32 == 3 && row < 20 && column < 20 && conv1[i] > 0 && conv1[i] == windowMax;
        }

        var element = Enumerable.Range(0, conv1.Length).Where(Candidate).MinBy(i => conv1[i]);
        conv1[element] = 0;
        reference.Backward(input, labels, reluSides: [conv1, .. layers.Skip(1)]);
        var moved = reference.ReadGradients<MnistCnn.Gradients>().Tensors;
        // The element's own term leaves filter 3 (HWIO: every 32nd value) and its pooling window's next largest output's enters:
        // filter 3 moves most (the others only by the slightly changed forward pass above).
        var kernel = Array.FindIndex(free.ToArray(), t => t.Name == "Conv1.kernel");
        var change = Enumerable.Range(0, 32).Select(f => Enumerable.Range(0, 9).Max(k => MathF.Abs(free[kernel].Data[(k * 32) + f] - moved[kernel].Data[(k * 32) + f]))).ToList();
        Assert.Equal(3, change.IndexOf(change.Max()));
        Assert.True(change[3] > 1e-4f * Differences.MaxAbs(free[kernel].Data), $"filter 3 moved by {change[3]:E2} only");
    }

    [Fact]
    public void Pinned_sides_must_cover_every_layer()
    {
        using var reference = TorchNetwork.Build(MnistCnn.Architecture, ScalarType.Float64);
        reference.Load(MnistCnn.Initialize(5));
        var error = Assert.Throws<ArgumentException>(() => reference.Backward(TestData.Uniform(784, 2, seed: 1), [1, 2], reluSides: [new float[3]]));
        Assert.Contains("one output per layer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gradient_whose_true_value_is_zero_is_measured_against_its_layers_scale()
    {
        NamedTensor T(string name, params float[] values) => new(name, [values.Length], values);
        IReadOnlyList<NamedTensor> reference = [T("Conv4.kernel", 0.03f, -0.01f), T("Conv4.bias", 1e-17f, -2e-17f), T("Dense1.bias", 0.5f, 0.25f)];
        IReadOnlyList<NamedTensor> other = [T("Conv4.kernel", 0.03f, -0.0100003f), T("Conv4.bias", 3e-8f, -1e-8f), T("Dense1.bias", 0.5f, 0.3f)];

        var errors = Differences.LayerScaled(reference, other);

        Assert.Equal(3e-7f / 0.03f, errors[0], 1e-8f);
        Assert.Equal(3e-8f / 0.03f, errors[1], 1e-8f); // noise against the kernel's scale, not against its own 2e-17
        Assert.Equal(0.1f, errors[2], 1e-6f); // a real difference stays visible
        Assert.True(Differences.Relative(reference[1].Data, other[1].Data) > 1e8f);
    }
}
