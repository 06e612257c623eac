using MnistFunctional.Backend;
using MnistFunctional.Models;
using MnistFunctional.Tests.TestNetworks;

namespace MnistFunctional.Tests.Backend;

/// <summary>Forward/Backward into a reused workspace give bit-for-bit the values of the allocating API.</summary>
public class WorkspaceTests
{
    [Fact]
    public void Seed_model_workspace_results_equal_the_allocating_ones_across_reuse()
    {
        var parameters = MnistCnn.Initialize(7);
        var workspace = new MnistCnn.Workspace(5);
        foreach (var seed in new[] { 1, 2 })
        {
            var input = new MnistCnn.InputBatch(TestData.Uniform(784, 5, seed));
            var labels = TestData.Labels(5, 10, seed);
            var expected = MnistCnn.Backward(parameters, MnistCnn.Forward(parameters, input), labels);

            var activations = MnistCnn.Forward(parameters, input, workspace);
            var gradients = MnistCnn.Backward(parameters, activations, labels, workspace);

            Assert.Equal(Storage.Of(MnistCnn.Predict(parameters, input)), Storage.Of(activations.Dense2.Values));
            foreach (var (actual, wanted) in gradients.Tensors.Zip(expected.Tensors))
            {
                Assert.Equal(wanted.Data, actual.Data);
            }
        }
    }

    [Fact]
    public void Slices_give_repeatable_gradients_that_agree_with_one_slice()
    {
        var parameters = MnistCnn.Initialize(11);
        var input = new MnistCnn.InputBatch(TestData.Uniform(784, 7, 3));
        var labels = TestData.Labels(7, 10, 3);
        float[][] Gradients(int slices)
        {
            var workspace = new MnistCnn.Workspace(7, slices);
            var g = MnistCnn.Backward(parameters, MnistCnn.Forward(parameters, input, workspace), labels, workspace);
            return [.. g.Tensors.Select(t => (float[])t.Data.Clone())];
        }

        var single = Gradients(1);
        var first = Gradients(3);
        var second = Gradients(3);

        Assert.Equal(first, second); // fixed partition and reduction order: bit-identical, whatever the thread timing
        foreach (var (sliced, whole) in first.Zip(single))
        {
            Assert.All(sliced.Zip(whole), pair => Assert.Equal(pair.Second, pair.First, 1e-6f));
        }
    }

    [Fact]
    public void A_flatten_of_the_input_reads_the_callers_matrix()
    {
        var parameters = GradCheckNet.Initialize(3);
        var input = new GradCheckNet.InputBatch(TestData.Uniform(GradCheckNet.InputBatch.Size, 3, 4));
        var workspace = new GradCheckNet.Workspace(3);

        Assert.Equal(Storage.Of(GradCheckNet.Predict(parameters, input)), Storage.Of(GradCheckNet.Predict(parameters, input, workspace)));
    }

    [Fact]
    public void A_batch_of_another_size_is_refused()
    {
        var input = new TinyNet.InputBatch(TestData.Uniform(TinyNet.InputBatch.Size, 4, 1));

        Assert.Throws<ArgumentException>(() => TinyNet.Forward(TinyNet.Initialize(1), input, new TinyNet.Workspace(3)));
    }
}
