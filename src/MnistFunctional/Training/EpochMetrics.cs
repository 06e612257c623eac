namespace MnistFunctional.Training;

/// <summary>One epoch's figures, with Keras's names: loss, accuracy, val_loss, val_accuracy, and its time.</summary>
public sealed record EpochMetrics(int Epoch, double Loss, double Accuracy, double ValidationLoss, double ValidationAccuracy, double Seconds);
