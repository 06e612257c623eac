namespace MnistFunctional.Torch.Tests;

/// <summary>The layout conversions: HWIO ↔ OIHW conv kernels and (inputs, units) ↔ (units, inputs) dense kernels.</summary>
public class TorchLayoutTests
{
    [Fact]
    public void A_conv_kernel_value_moves_from_HWIO_to_OIHW()
    {
        const int k = 3, inputs = 2, filters = 4;
        var hwio = Enumerable.Range(0, k * k * inputs * filters).Select(i => (float)i).ToArray();

        var oihw = TorchLayout.ConvKernelToTorch(hwio, k, inputs, filters);

        // [y=1, x=2, i=1, o=3] in HWIO is [o=3, i=1, y=1, x=2] in OIHW.
        Assert.Equal(hwio[(((1 * k) + 2) * inputs + 1) * filters + 3], oihw[(((3 * inputs) + 1) * k + 1) * k + 2]);
        Assert.Equal(hwio, TorchLayout.ConvKernelFromTorch(oihw, k, inputs, filters));
    }

    [Fact]
    public void A_dense_kernel_is_transposed_both_ways()
    {
        var kernel = Enumerable.Range(0, 6 * 5).Select(i => (float)i).ToArray(); // (6 inputs, 5 units)

        var weight = TorchLayout.DenseKernelToTorch(kernel, inputs: 6, units: 5);

        Assert.Equal(kernel[(4 * 5) + 2], weight[(2 * 6) + 4]); // kernel[input 4, unit 2] = weight[unit 2, input 4]
        Assert.Equal(kernel, TorchLayout.DenseKernelFromTorch(weight, inputs: 6, units: 5));
    }

    [Fact]
    public void A_wrong_length_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TorchLayout.ConvKernelToTorch(new float[10], 3, 1, 2));
        Assert.Throws<ArgumentException>(() => TorchLayout.DenseKernelFromTorch(new float[10], 3, 4));
    }

    [Fact]
    public void Parameters_round_trip_through_torch()
    {
        var parameters = MixedNet.Initialize(21);
        using var torchNet = TorchNetwork.Build(MixedNet.Architecture);

        torchNet.Load(parameters);
        var back = torchNet.ReadParameters<MixedNet.Parameters>();

        Assert.All(parameters.Tensors.Zip(back.Tensors), pair => Assert.Equal(pair.First.Data, pair.Second.Data));
    }

    [Fact]
    public void Parameters_of_another_architecture_are_refused()
    {
        using var torchNet = TorchNetwork.Build(MixedNet.Architecture);

        var error = Assert.Throws<ArgumentException>(() => torchNet.Load(Models.MnistCnn.Initialize(1)));

        Assert.Contains("Conv3.kernel", error.Message, StringComparison.Ordinal);
    }
}
