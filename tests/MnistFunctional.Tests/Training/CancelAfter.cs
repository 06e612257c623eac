using MnistFunctional.Training;

namespace MnistFunctional.Tests.Training;

/// <summary>Presses "Ctrl+C" after a given number of batches in total, as a user would mid-epoch.</summary>
internal sealed class CancelAfter(int batches, CancellationTokenSource stop) : ITrainingObserver
{
    private int seen;

    public void BatchDone(int epoch, int batch, int total, double loss, double accuracy)
    {
        if (++seen == batches)
        {
            stop.Cancel();
        }
    }
}
