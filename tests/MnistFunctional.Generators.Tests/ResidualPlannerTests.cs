extern alias Generator;

using Generator::MnistFunctional.Generators.Planning;
using static Generator::MnistFunctional.Dsl.Layers;
using Architecture = Generator::MnistFunctional.Dsl.Architecture;

namespace MnistFunctional.Generators.Tests;

/// <summary>The planner's decisions for residual connections, checked as values.</summary>
public class ResidualPlannerTests
{
    [Fact]
    public void A_residual_input_read_twice_gets_its_gradient_from_both_readers_and_no_fused_derivative()
    {
        // 0 Input, 1 Conv1 (the residual's input), 2 Pool1, 3 Conv2, 4 Add1, 5 GlobalAvgPool1, 6 Dense1
        var plan = Plan(Input(8, 8, 2) >> Conv(4, 3, ReLU, padding: Same) >> Residual(Pool(2, stride: 1, padding: Same) >> Conv(4, 1, Tanh)) >> GlobalAvgPool() >> Dense(3, Softmax));

        Assert.False(plan.TrainingOf(1).ActivationDerivativeApplied);
        Assert.False(plan.TrainingOf(2).AppliesBelowActivationDerivative);
        Assert.True(plan.TrainingOf(2).AccumulatesInputGradient);
        Assert.True(plan.TrainingOf(3).GradientAliasesAddition);
        Assert.False(plan.TrainingOf(3).AccumulatesInputGradient);
        Assert.Equal(ShortcutGradient.Copy, plan.TrainingOf(4).Shortcut);
        Assert.Equal(new PredictStep(4, PredictKernel.Add, -1, InputSlot: 2, OutputSlot: 1, BetweenSlot: -1, ShortcutSlot: 0), plan.Predict[3]);
        Assert.Equal(3, plan.PredictBuffers);
    }

    [Fact]
    public void Nested_residuals_add_the_inner_shortcut_gradient_and_a_residual_on_the_input_needs_none()
    {
        // 0 Input, 1 Conv1, 2 Add1, 3 Conv2, 4 Add2, 5 Conv3, 6 Add3, 7 Flatten1, 8 Dense1
        var plan = Plan(Input(4, 4, 2) >> Residual(Conv(2, 3, padding: Same)) >> Residual(Residual(Conv(2, 3, padding: Same)) >> Conv(2, 1)) >> Flatten() >> Dense(3, Softmax));

        Assert.Equal(ShortcutGradient.None, plan.TrainingOf(2).Shortcut);
        Assert.True(plan.TrainingOf(2).ShortcutReadsCallerInput);
        Assert.False(plan.TrainingOf(1).NeedsInputGradient);
        Assert.Equal(ShortcutGradient.Add, plan.TrainingOf(4).Shortcut);
        Assert.Equal(ShortcutGradient.Copy, plan.TrainingOf(6).Shortcut);
        Assert.True(plan.TrainingOf(3).AccumulatesInputGradient);
        Assert.Equal(-1, plan.Predict[1].ShortcutSlot);
    }

    [Fact]
    public void Predict_takes_a_fourth_buffer_only_when_a_fused_pair_runs_while_the_residual_input_waits()
    {
        var plain = Plan(Input(8, 8, 4) >> Residual(Conv(4, 3, padding: Same) >> Conv(4, 3, padding: Same)) >> Flatten() >> Dense(3, Softmax));
        var fused = Plan(Input(8, 8, 4) >> Conv(8, 3, padding: Same) >> Residual(Conv(8, 3, padding: Same) >> Conv(8, 3, padding: Same) >> Pool(2), Conv(8, 1, stride: 2)) >> Flatten() >> Dense(3, Softmax));

        Assert.Equal(3, plain.PredictBuffers);
        Assert.Equal(4, fused.PredictBuffers);
        var pair = fused.Predict.Single(step => step.Kernel == PredictKernel.ConvPool);
        var residualInput = fused.Predict[0].OutputSlot; // Conv1's output waits for Add1 while the pair runs
        Assert.Equal(4, new[] { pair.InputSlot, pair.OutputSlot, pair.BetweenSlot, residualInput }.Distinct().Count());
    }

    private static NetworkPlan Plan(Architecture architecture) => NetworkPlannerTests.Plan(architecture);
}
