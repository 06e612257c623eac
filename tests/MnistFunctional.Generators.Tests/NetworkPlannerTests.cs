extern alias Generator;

using Generator::MnistFunctional.Generators.Model;
using Generator::MnistFunctional.Generators.Planning;
using static Generator::MnistFunctional.Dsl.Layers;
using Architecture = Generator::MnistFunctional.Dsl.Architecture;
using ChainInterpreter = Generator::MnistFunctional.Dsl.ChainInterpreter;

namespace MnistFunctional.Generators.Tests;

/// <summary>The planner's decisions, checked as values (the emitters only print them).</summary>
public class NetworkPlannerTests
{
    private static readonly Architecture Seed =
        Input(28, 28, 1) >> Conv(32, 3) >> Pool(2) >> Conv(64, 3) >> Pool(2) >> Conv(64, 3) >> Flatten() >> Dense(64) >> Dense(10, Softmax);

    [Fact]
    public void Seed_model_predicts_through_fused_and_Winograd_kernels_in_rotating_buffers()
    {
        var plan = Plan(Seed);

        Assert.Equal(
            [
                new PredictStep(1, PredictKernel.ConvPool, FusedPool: 2, InputSlot: -1, OutputSlot: 0, BetweenSlot: 1),
                new PredictStep(3, PredictKernel.WinogradConvPool, FusedPool: 4, InputSlot: 0, OutputSlot: 1, BetweenSlot: 2),
                new PredictStep(5, PredictKernel.WinogradConv, FusedPool: -1, InputSlot: 1, OutputSlot: 2, BetweenSlot: -1),
                new PredictStep(6, PredictKernel.Alias, FusedPool: -1, InputSlot: 2, OutputSlot: -1, BetweenSlot: -1),
                new PredictStep(7, PredictKernel.Layer, FusedPool: -1, InputSlot: 2, OutputSlot: 0, BetweenSlot: -1),
                new PredictStep(8, PredictKernel.Layer, FusedPool: -1, InputSlot: 0, OutputSlot: -1, BetweenSlot: -1),
            ],
            plan.Predict);
        Assert.Equal(26 * 26 * 32, plan.LargestOutput);
        Assert.Equal(3 * 3 * 32 * 11 * 11, plan.ColumnsPerExample);
    }

    [Fact]
    public void Seed_model_training_fuses_ReLU_derivatives_into_pooling_and_skips_the_first_input_gradient()
    {
        var plan = Plan(Seed);

        Assert.Equal(1, plan.FirstParameterized);
        var conv1 = plan.TrainingOf(1);
        Assert.True(conv1.ReadsCallerInput);
        Assert.False(conv1.NeedsInputGradient);
        Assert.True(conv1.ActivationDerivativeApplied);
        Assert.True(plan.TrainingOf(2).AppliesBelowActivationDerivative);
        Assert.True(plan.TrainingOf(3).NeedsInputGradient);
        Assert.False(plan.TrainingOf(5).ActivationDerivativeApplied);
        var flatten = plan.TrainingOf(6);
        Assert.True(flatten.AliasesInput);
        Assert.True(flatten.OwnsOutput);
    }

    [Fact]
    public void Activation_derivative_is_fused_only_for_ReLU()
    {
        var plan = Plan(Input(8, 8, 1) >> Conv(4, 3, Tanh) >> Pool(2) >> Flatten() >> Dense(3, Softmax));

        Assert.False(plan.TrainingOf(1).ActivationDerivativeApplied);
        Assert.False(plan.TrainingOf(2).AppliesBelowActivationDerivative);
        Assert.Equal(PredictKernel.ConvPool, plan.Predict[0].Kernel);
    }

    [Fact]
    public void Flatten_of_the_input_is_a_view_of_the_callers_batch()
    {
        var plan = Plan(Input(4, 4, 2) >> Flatten() >> Dense(5, Tanh) >> Dense(2, Softmax));

        var flatten = plan.TrainingOf(1);
        Assert.False(flatten.OwnsOutput);
        Assert.False(flatten.HasGradient);
        Assert.True(plan.TrainingOf(2).ReadsCallerInput);
        Assert.Equal(2, plan.FirstParameterized);
        Assert.Equal(0, plan.ColumnsPerExample);
        Assert.Equal(new PredictStep(2, PredictKernel.Layer, -1, -1, 0, -1), plan.Predict[1]);
    }

    [Fact]
    public void Convolutions_the_Winograd_kernels_cannot_take_run_on_their_own_kernel()
    {
        // 5x5 kernels, stride 2, and channel counts that are not multiples of 16.
        var plan = Plan(Input(28, 28, 1) >> Conv(16, 5, Tanh) >> Conv(32, 3, stride: 2) >> Conv(24, 3) >> Pool(2) >> Flatten() >> Dense(10, Softmax));

        Assert.Equal(
            [PredictKernel.Layer, PredictKernel.Layer, PredictKernel.ConvPool, PredictKernel.Alias, PredictKernel.Layer],
            plan.Predict.Select(step => step.Kernel));
    }

    [Fact]
    public void BatchNorm_splits_training_into_segments_and_is_a_plain_inference_step()
    {
        // Input, Conv1, BatchNorm1, Pool1, Flatten1, Dense1, BatchNorm2, Dropout1, Dense2
        var plan = Plan(Input(8, 8, 1) >> Conv(4, 3, Tanh) >> BatchNorm() >> Pool(2) >> Flatten() >> Dense(6) >> BatchNorm(0.9, 1e-5) >> Dropout(0.25) >> Dense(3, Softmax));

        Assert.True(plan.HasState);
        Assert.True(plan.HasTrainingMode);
        Assert.Equal([new TrainingSegment(1, 1), new TrainingSegment(3, 5), new TrainingSegment(7, 8)], plan.Segments);
        Assert.Equal(1, plan.FirstParameterized);
        Assert.True(plan.TrainingOf(2).NeedsInputGradient);
        Assert.True(plan.TrainingOf(2).OwnsOutput);
        Assert.False(plan.TrainingOf(3).AppliesBelowActivationDerivative); // the pool is over the BatchNorm, not the convolution
        Assert.Equal(new PredictStep(2, PredictKernel.Layer, -1, InputSlot: 0, OutputSlot: 1, BetweenSlot: -1), plan.Predict[1]);
    }

    [Fact]
    public void BatchNorm_first_makes_no_empty_segment_and_needs_no_input_gradient()
    {
        var plan = Plan(Input(4, 4, 2) >> BatchNorm() >> BatchNorm() >> Flatten() >> Dense(2, Softmax));

        Assert.Equal([new TrainingSegment(3, 4)], plan.Segments);
        Assert.False(plan.TrainingOf(1).NeedsInputGradient);
        Assert.True(plan.TrainingOf(1).ReadsCallerInput);
        Assert.True(plan.TrainingOf(2).NeedsInputGradient);
    }

    [Fact]
    public void Networks_without_BatchNorm_train_in_one_segment()
    {
        var plan = Plan(Seed);

        Assert.False(plan.HasState);
        Assert.Equal([new TrainingSegment(1, 8)], plan.Segments);
    }

    internal static NetworkPlan Plan(Architecture architecture)
    {
        var layers = ChainInterpreter.Interpret(architecture.Layers);
        Assert.Null(layers.Error);
        return NetworkPlanner.Plan(new EquatableArray<LayerModel>(layers.Layers.Select(LayerModel.From)));
    }
}
