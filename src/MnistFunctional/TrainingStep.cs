namespace MnistFunctional;

/// <summary>The score of one batch and the gradients of its mean loss.</summary>
public sealed record TrainingStep<TGradients>(BatchScore Score, TGradients Gradients);
