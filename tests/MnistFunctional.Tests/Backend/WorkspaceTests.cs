using MnistFunctional.Backend;
using MnistFunctional.Models;
using MnistFunctional.Tests.TestNetworks;

namespace MnistFunctional.Tests.Backend;

/// <summary>Forward/Backward into a reused workspace give bit-for-bit the values of the allocating API; Predict agrees with Forward.</summary>
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

            foreach (var (actual, wanted) in gradients.Tensors.Zip(expected.Tensors))
            {
                Assert.Equal(wanted.Data, actual.Data);
            }
        }
    }

    [Fact]
    public void Backward_uses_a_recorded_pooling_routing_only_for_the_activations_it_belongs_to()
    {
        // pool1's forward records where its gradients go; a workspace whose last forward saw another batch must find
        // the routing from the activations it is given instead.
        var parameters = MnistCnn.Initialize(7);
        var (own, other) = (new MnistCnn.Workspace(5), new MnistCnn.Workspace(5));
        var labels = TestData.Labels(5, 10, 1);
        var activations = MnistCnn.Forward(parameters, new MnistCnn.InputBatch(TestData.Uniform(784, 5, 1)), own);
        MnistCnn.Forward(parameters, new MnistCnn.InputBatch(TestData.Uniform(784, 5, 2)), other);

        var expected = MnistCnn.Backward(parameters, activations, labels, own);
        var gradients = MnistCnn.Backward(parameters, activations, labels, other);

        foreach (var (actual, wanted) in gradients.Tensors.Zip(expected.Tensors))
        {
            Assert.Equal(wanted.Data, actual.Data);
        }
    }

    [Theory]
    [InlineData(21, 1)] // several chunks per slice, the last one short; both Winograd kernels
    [InlineData(21, 3)]
    [InlineData(5, 2)] // below conv3's Winograd batch
    [InlineData(1, 1)] // one image: conv2 + pool2 still Winograd, conv3 by im2col
    public void Predict_agrees_with_forward_to_rounding_and_repeats_bit_for_bit(int batch, int slices)
    {
        var parameters = MnistCnn.Initialize(13);
        var input = new MnistCnn.InputBatch(TestData.Uniform(784, batch, 8));
        var forward = Storage.Of(MnistCnn.Forward(parameters, input).Dense2.Values);
        var logits = Storage.Of(MnistCnn.Forward(parameters, input).Dense2.Logits);

        var workspace = new MnistCnn.Workspace(batch, slices);
        var predicted = (float[])Storage.Of(MnistCnn.Predict(parameters, input, workspace)).Clone();
        var predictedLogits = (float[])Storage.Of(workspace.Dense2.Logits).Clone();
        var again = Storage.Of(MnistCnn.Predict(parameters, input, new MnistCnn.Workspace(batch, slices)));

        Assert.Equal(predicted, again);
        Assert.Equal(Storage.Of(MnistCnn.Predict(parameters, input, new MnistCnn.Workspace(batch))), Storage.Of(MnistCnn.Predict(parameters, input)));
        // The Winograd convolution rounds differently from im2col: logits agree to ~1e-6 of their scale, not bit for bit.
        var scale = logits.Max(MathF.Abs);
        Assert.All(predictedLogits.Zip(logits), pair => Assert.Equal(pair.Second, pair.First, 1e-5f * scale));
        Assert.All(predicted.Zip(forward), pair => Assert.Equal(pair.Second, pair.First, 1e-5f));
    }

    [Fact]
    public void Predict_gives_the_same_bits_whichever_slice_takes_a_chunk()
    {
        // 70 images: chunks of 8 for 2 and for 4 slices (the last one of 6), taken by whichever slice comes first.
        const int Batch = 70;
        var parameters = MnistCnn.Initialize(21);
        var input = new MnistCnn.InputBatch(TestData.Uniform(784, Batch, 4));
        var two = (float[])Storage.Of(MnistCnn.Predict(parameters, input, new MnistCnn.Workspace(Batch, 2))).Clone();
        var workspace = new MnistCnn.Workspace(Batch, 4);

        for (var call = 0; call < 20; call++)
        {
            Assert.Equal(two, Storage.Of(MnistCnn.Predict(parameters, input, workspace)));
        }

        Assert.All(Enumerable.Range(0, Batch), image => Assert.Equal(1f, two.Skip(image * 10).Take(10).Sum(), 1e-5f));
    }

    [Fact]
    public void Predict_allocates_buffers_for_a_chunk_of_images_not_for_the_whole_batch()
    {
        var parameters = MnistCnn.Initialize(2);
        var input = TestData.Uniform(784, 1000, 3);
        MnistCnn.Network.Predict(parameters, TestData.Uniform(784, 2, 4)); // compile and warm up first

        var before = GC.GetAllocatedBytesForCurrentThread();
        MnistCnn.Network.Predict(parameters, input);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The workspace's input copy (3.1 MB), the outputs and per-slice buffers; im2col columns for the whole batch
        // (139 KB per image) would be 139 MB.
        Assert.InRange(allocated, 0, 16_000_000);
    }

    [Fact]
    public void Predict_of_a_network_with_both_Winograd_kernels_and_smooth_activations_agrees_with_forward()
    {
        const int Batch = 20; // from conv3's Winograd batch on
        var parameters = WinogradNet.Initialize(4);
        var input = new WinogradNet.InputBatch(TestData.Uniform(WinogradNet.InputBatch.Size, Batch, 6));
        var forward = WinogradNet.Forward(parameters, input);
        var workspace = new WinogradNet.Workspace(Batch);

        var predicted = Storage.Of(WinogradNet.Predict(parameters, input, workspace));

        var logits = Storage.Of(forward.Dense1.Logits);
        var scale = logits.Max(MathF.Abs);
        Assert.All(Storage.Of(workspace.Dense1.Logits).Zip(logits), pair => Assert.Equal(pair.Second, pair.First, 1e-5f * scale));
        Assert.All(predicted.Zip(Storage.Of(forward.Dense1.Values)), pair => Assert.Equal(pair.Second, pair.First, 1e-5f));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Predict_of_same_padding_and_average_pooling_equals_forward_and_the_typed_layer_functions(int slices)
    {
        const int Batch = 19; // several chunks per slice, the last one short
        var parameters = PaddingNet.Initialize(6);
        var input = new PaddingNet.InputBatch(TestData.Uniform(PaddingNet.InputBatch.Size, Batch, 10));
        var forward = PaddingNet.Forward(parameters, input, new PaddingNet.Workspace(Batch, slices));

        var predicted = Storage.Of(PaddingNet.Predict(parameters, input, new PaddingNet.Workspace(Batch, slices)));
        var conv3 = PaddingNet.Conv3Forward(parameters, PaddingNet.AvgPool1Forward(PaddingNet.Conv2Forward(parameters, PaddingNet.Pool1Forward(PaddingNet.Conv1Forward(parameters, input)))));
        var typed = PaddingNet.Dense2Forward(parameters, PaddingNet.Dense1Forward(parameters, PaddingNet.GlobalAvgPool1Forward(PaddingNet.AvgPool2Forward(conv3))));

        // No Winograd kernel applies (padded, strided or not 16-channel): every path runs the same kernels.
        Assert.Equal(Storage.Of(forward.Dense2.Values), predicted);
        Assert.Equal(Storage.Of(forward.Dense2.Values), Storage.Of(typed.Values));
        Assert.Equal(Storage.Of(forward.GlobalAvgPool1.Values), Storage.Of(PaddingNet.GlobalAvgPool1Forward(PaddingNet.AvgPool2Forward(conv3)).Values));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_forward_in_chunks_of_images_agrees_with_each_layer_over_the_whole_batch(int slices)
    {
        const int Batch = 21; // several chunks per slice, the last one short
        Assert.True(Batch / slices > ForwardChunk.Images);
        var parameters = MnistCnn.Initialize(5);
        var input = new MnistCnn.InputBatch(TestData.Uniform(784, Batch, 9));
        float[][] Outputs(MnistCnn.Activations a) =>
            [.. new[] { a.Conv1.Values, a.Pool1.Values, a.Conv2.Values, a.Pool2.Values, a.Conv3.Values, a.Dense1.Values, a.Dense2.Values }.Select(m => (float[])Storage.Of(m).Clone())];

        var chunked = Outputs(MnistCnn.Forward(parameters, input, new MnistCnn.Workspace(Batch, slices)));
        var again = Outputs(MnistCnn.Forward(parameters, input, new MnistCnn.Workspace(Batch, slices)));

        var conv1 = MnistCnn.Conv1Forward(parameters, input);
        var pool1 = MnistCnn.Pool1Forward(conv1);
        var conv2 = MnistCnn.Conv2Forward(parameters, pool1);
        var pool2 = MnistCnn.Pool2Forward(conv2);
        var conv3 = MnistCnn.Conv3Forward(parameters, pool2);
        var dense1 = MnistCnn.Dense1Forward(parameters, MnistCnn.Flatten1Forward(conv3));
        var dense2 = MnistCnn.Dense2Forward(parameters, dense1);
        float[][] whole = [.. new[] { conv1.Values, pool1.Values, conv2.Values, pool2.Values, conv3.Values, dense1.Values, dense2.Values }.Select(m => Storage.Of(m))];

        Assert.Equal(chunked, again);
        Assert.Equal(whole[..4], chunked[..4]); // conv1, pool1, conv2, pool2: the same sums whatever the chunk
        // A product's summation blocks depend on its column count (Gemm.SumBlock): conv3 and the dense layers over a
        // short last chunk may round differently in the last bit.
        foreach (var (expected, actual) in whole.Zip(chunked))
        {
            Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First, pair.Second, 1e-6f));
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
