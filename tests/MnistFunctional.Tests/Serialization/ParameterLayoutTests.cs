using MnistFunctional.Dsl;
using MnistFunctional.Models;
using MnistFunctional.Serialization;
using MnistFunctional.Tests.TestNetworks;

namespace MnistFunctional.Tests.Serialization;

public class ParameterLayoutTests
{
    [Fact]
    public void Layout_read_from_the_architecture_is_that_of_the_generated_seed_model_parameters()
    {
        var generated = MnistCnn.Initialize(0).Tensors.Select(tensor => new TensorSpec(tensor.Name, [.. tensor.Shape]));

        Assert.Equal(generated, ParameterLayout.Of(MnistCnn.Architecture));
        Assert.Equal(93_322, ParameterLayout.Of(MnistCnn.Architecture).Sum(spec => spec.ElementCount));
    }

    [Fact]
    public void Layout_read_from_the_architecture_is_that_of_the_generated_tiny_net_parameters()
    {
        var generated = TinyNet.Initialize(0).Tensors.Select(tensor => new TensorSpec(tensor.Name, [.. tensor.Shape]));

        Assert.Equal(generated, ParameterLayout.Of(TinyNet.Architecture));
        Assert.Equal(
            ["Conv1.kernel (3, 3, 1, 4)", "Conv1.bias (4)", "Dense1.kernel (36, 3)", "Dense1.bias (3)"],
            ParameterLayout.Of(TinyNet.Architecture).Select(spec => spec.ToString()));
    }
}
