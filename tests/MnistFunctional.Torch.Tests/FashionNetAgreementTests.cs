using Digits.Networks;
using MnistFunctional.Backend;
using MnistFunctional.Tests;
using ScalarType = TorchSharp.torch.ScalarType;

namespace MnistFunctional.Torch.Tests;

/// <summary>
/// The sample's FashionNet (linked from samples/Digits/Networks: whatever widths it declares) against TorchSharp in
/// training mode with the same dropout masks, at issue 11's bounds, both float32 backends against torch in float64: layer
/// outputs within 1e-4 scaled, gradients within 1e-3 on the same side of every ReLU kink, relative to each layer's gradient scale
/// (a convolution's bias before a BatchNorm has a true gradient of 0). Two float32 computations can put a ReLU input
/// within rounding of 0 on different sides, and that one element moves a kernel gradient by ~1/√n of its size
/// (docs/torchsharp.md): the float32-against-float32 gradient difference is no measure of correctness.
/// </summary>
public class FashionNetAgreementTests
{
    private const int Batch = 6;
    private const float IssueLayerBound = 1e-4f;
    private const float IssueGradientBound = 1e-3f;
    private static readonly DropoutKey Key = new(42, 0, 0, 0);

    [Theory]
    [InlineData(42)]
    [InlineData(7)]
    public void Layers_and_gradients_agree_within_the_issues_bounds(int seed)
    {
        var parameters = FashionNet.Initialize(seed);
        var state = FashionNet.Network.InitialState();
        var input = TestData.Uniform(FashionNet.InputBatch.Size, Batch, seed: seed);
        var labels = TestData.Labels(Batch, FashionNet.Classes, seed: seed);
        var ours = FashionNet.Network.LayerOutputs(parameters, state, input, Key).Select(Storage.Of).ToList();
        var expected = FashionNet.Network.LossAndGradients(parameters, state, input, labels, FashionNet.Network.CreateWorkspace(Batch), Key);

        using var torchNet = TorchNetwork.Build(FashionNet.Architecture);
        torchNet.Load(parameters);
        torchNet.LoadState(state);
        var theirs = torchNet.LayerOutputs(input, Key).Skip(1).Select(l => l.Values).ToList();
        torchNet.Backward(input, labels, Key);
        var torchGradients = torchNet.ReadGradients<FashionNet.Gradients>().Tensors;

        using var reference = TorchNetwork.Build(FashionNet.Architecture, ScalarType.Float64);
        reference.Load(parameters);
        reference.LoadState(state);
        reference.Backward(input, labels, Key, ours);
        var forOurs = reference.ReadGradients<FashionNet.Gradients>().Tensors;
        reference.Backward(input, labels, Key, theirs);
        var forTorch = reference.ReadGradients<FashionNet.Gradients>().Tensors;

        var exact = reference.LayerOutputs(input, Key).Skip(1).Select(l => l.Values).ToList();
        Assert.All(exact.Zip(ours), pair => Assert.InRange(Differences.Scaled(pair.First, pair.Second), 0f, IssueLayerBound));
        Assert.All(exact.Zip(theirs), pair => Assert.InRange(Differences.Scaled(pair.First, pair.Second), 0f, IssueLayerBound));
        AssertWithin(IssueGradientBound, "mathnet", Differences.LayerScaled(forOurs, expected.Gradients.Tensors), forOurs);
        AssertWithin(IssueGradientBound, "torch", Differences.LayerScaled(forTorch, torchGradients), forTorch);
        // Ours is much closer than the issue asks: every difference is float32 rounding.
        AssertWithin(Tolerances.Gradient, "mathnet", Differences.LayerScaled(forOurs, expected.Gradients.Tensors), forOurs);
    }

    private static void AssertWithin(float bound, string backend, IReadOnlyList<float> errors, IReadOnlyList<MnistFunctional.Tensors.NamedTensor> names)
    {
        var failures = errors.Select((e, i) => (names[i].Name, Error: e)).Where(r => !(r.Error <= bound)).Select(r => $"{r.Name}: {r.Error:E2}").ToList();
        Assert.True(failures.Count == 0, $"{backend} gradients beyond {bound:E0} of float64: " + string.Join(", ", failures));
    }
}
