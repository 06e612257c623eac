using System.Diagnostics;
using MnistFunctional.Training;

namespace Digits.Shell;

/// <summary>
/// Keras-style training output: "Epoch 3/10", a live progress bar on a terminal, and one line per epoch with
/// loss, accuracy, val_loss, val_accuracy and time. When output is redirected only the epoch lines are written.
/// </summary>
internal sealed class KerasProgress(TextWriter output, bool interactive) : ITrainingObserver
{
    private const int BarWidth = 20;
    private readonly Stopwatch sinceRedraw = new();

    public void EpochStarted(int epoch, int epochs, int batches)
    {
        output.WriteLine($"Epoch {epoch + 1}/{epochs}");
        sinceRedraw.Restart();
    }

    public void BatchDone(int epoch, int batch, int batches, double loss, double accuracy)
    {
        if (!interactive || (batch < batches && sinceRedraw.ElapsedMilliseconds < 100))
        {
            return;
        }

        sinceRedraw.Restart();
        var filled = batch * BarWidth / batches;
        output.Write($"\r{Counter(batch, batches)} {new string('━', filled)}{new string('─', BarWidth - filled)} - accuracy: {accuracy:F4} - loss: {loss:F4}");
    }

    public void EpochDone(EpochMetrics metrics, int epochs)
    {
        var batches = interactive ? "\r" : string.Empty;
        output.WriteLine($"{batches}{metrics.Seconds:F0}s - accuracy: {metrics.Accuracy:F4} - loss: {metrics.Loss:F4} - val_accuracy: {metrics.ValidationAccuracy:F4} - val_loss: {metrics.ValidationLoss:F4}".PadRight(BarWidth + 60));
    }

    private static string Counter(int batch, int batches) => $"{batch.ToString().PadLeft(batches.ToString().Length)}/{batches}";
}
