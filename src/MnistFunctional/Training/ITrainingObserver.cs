namespace MnistFunctional.Training;

/// <summary>Progress reports from the training loop to the shell (console, logs); all optional.</summary>
public interface ITrainingObserver
{
    void EpochStarted(int epoch, int epochs, int batches)
    {
    }

    void BatchDone(int epoch, int batch, int batches, double loss, double accuracy)
    {
    }

    void EpochDone(EpochMetrics metrics, int epochs)
    {
    }
}
