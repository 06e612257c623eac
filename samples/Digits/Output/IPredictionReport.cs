using MnistFunctional.Imaging.Prediction;

namespace Digits.Output;

/// <summary>
/// One of <c>digits predict</c>'s output formats, written as the files are done: <see cref="Start"/> once, then
/// <see cref="Rows"/> for each batch of files as it comes (completion order; file order within a batch), then
/// <see cref="End"/> with every file. The caller writes each piece out and flushes it.
/// </summary>
internal interface IPredictionReport
{
    string Start();

    string Rows(FolderPrediction batch);

    /// <param name="all">Every file of the run, in file order.</param>
    string End(FolderPrediction all);
}
