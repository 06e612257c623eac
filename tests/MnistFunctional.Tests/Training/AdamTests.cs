using MnistFunctional.Tests.TestNetworks;
using MnistFunctional.Training;

namespace MnistFunctional.Tests.Training;

public class AdamTests
{
    [Fact]
    public void First_step_moves_each_weight_by_the_learning_rate_against_its_gradient_sign()
    {
        // After one step m̂ = g and v̂ = g², so the update is lr·g/(|g| + ε) ≈ lr·sign(g).
        var parameters = TinyNet.Initialize(1);
        var gradients = TinyNet.Gradients.FromArrays([.. parameters.Tensors.Select(t => t.Data.Select((_, i) => (i % 3) - 1f).ToArray())]);
        var state = AdamState.Initial(parameters.Tensors.Select(t => t.Data.Length));

        var (next, nextState) = Adam.Step(AdamOptions.Keras, parameters, gradients, state);

        Assert.Equal(1, nextState.Step);
        for (var t = 0; t < parameters.Tensors.Length; t++)
        {
            for (var i = 0; i < parameters.Tensors[t].Data.Length; i++)
            {
                var g = gradients.Tensors[t].Data[i];
                Assert.Equal(parameters.Tensors[t].Data[i] - (0.001f * Math.Sign(g)), next.Tensors[t].Data[i], 6);
            }
        }
    }

    [Fact]
    public void Step_leaves_its_inputs_unchanged()
    {
        var parameters = TinyNet.Initialize(2);
        var before = parameters.Tensors.Select(t => (float[])t.Data.Clone()).ToArray();
        var gradients = TinyNet.Gradients.FromArrays([.. parameters.Tensors.Select(t => Enumerable.Repeat(0.5f, t.Data.Length).ToArray())]);
        var state = AdamState.Initial(parameters.Tensors.Select(t => t.Data.Length));

        Adam.Step(AdamOptions.Keras, parameters, gradients, state);

        Assert.Equal(before, parameters.Tensors.Select(t => t.Data).ToArray());
        Assert.All(state.FirstMoments, m => Assert.All(m, value => Assert.Equal(0f, value)));
    }
}
