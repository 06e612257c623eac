namespace MnistFunctional.Generators.Planning
{
    /// <summary>
    /// How one layer runs on the training path (Forward keeps every output for Backward).
    /// </summary>
    /// <param name="Layer">The layer's index.</param>
    /// <param name="ReadsCallerInput">Its input is the caller's input batch (the input, or a Flatten of it), not a workspace buffer.</param>
    /// <param name="AliasesInput">Its output is its input's storage read with another shape (Flatten): no buffer, no work.</param>
    /// <param name="OwnsOutput">Its output lives in a workspace buffer (not a view of the caller's input).</param>
    /// <param name="HasGradient">Backward computes this layer's output gradient (it lies above the first layer with parameters).</param>
    /// <param name="NeedsInputGradient">Backward must produce the gradient of this layer's input (some layer below has parameters).</param>
    /// <param name="AppliesBelowActivationDerivative">
    /// A pooling over a ReLU convolution: routing the gradient also applies ReLU's derivative (one pass instead of two).
    /// </param>
    /// <param name="ActivationDerivativeApplied">A convolution whose output gradient the pooling above already multiplied by the derivative.</param>
    /// <param name="AccumulatesInputGradient">
    /// Its input has a later reader (a residual's input), which wrote the input's gradient first: this layer's share goes
    /// to the input's branch buffer and is then added in.
    /// </param>
    /// <param name="GradientAliasesAddition">A residual block's last layer: its output gradient is the addition's (the same buffer).</param>
    /// <param name="Shortcut">A residual's addition: what Backward does for the shortcut's side.</param>
    /// <param name="ShortcutReadsCallerInput">A residual's addition whose shortcut is the caller's input batch (or a Flatten of it).</param>
    internal sealed record TrainingStep(
        int Layer,
        bool ReadsCallerInput,
        bool AliasesInput,
        bool OwnsOutput,
        bool HasGradient,
        bool NeedsInputGradient,
        bool AppliesBelowActivationDerivative,
        bool ActivationDerivativeApplied,
        bool AccumulatesInputGradient = false,
        bool GradientAliasesAddition = false,
        ShortcutGradient Shortcut = ShortcutGradient.None,
        bool ShortcutReadsCallerInput = false);
}
