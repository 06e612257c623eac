using MnistFunctional.Imaging;
using MnistFunctional.Imaging.Prediction;
using MnistFunctional.Imaging.Reading;

namespace Digits.Serve;

/// <summary>
/// Predicts uploaded images the way <c>digits predict</c> predicts files: the same reader, limits and
/// normalisation (<see cref="ImageFileReader"/>, <see cref="PreparedImage"/>); the images of concurrent requests go
/// through the model together, in batches made by a <see cref="MicroBatcher{TItem, TResult}"/>. At most
/// <c>decoders</c> images are decoded at once, which bounds the memory hostile or huge uploads can take.
/// </summary>
internal sealed class UploadPredictor : IAsyncDisposable
{
    private readonly ImageFileReader reader;
    private readonly MicroBatcher<MnistImage, DigitPrediction> batcher;
    private readonly SemaphoreSlim decoding;

    /// <param name="classify">The model on a batch of images (one call per batch).</param>
    public UploadPredictor(
        Func<IReadOnlyList<MnistImage>, IReadOnlyList<DigitPrediction>> classify,
        ImageReadOptions? reading = null,
        MicroBatchOptions? batching = null,
        int decoders = 0)
    {
        reader = new ImageFileReader(reading);
        batcher = new MicroBatcher<MnistImage, DigitPrediction>(classify, batching);
        decoding = new SemaphoreSlim(decoders > 0 ? decoders : Environment.ProcessorCount);
    }

    /// <summary>Images waiting for a batch.</summary>
    public int Queued => batcher.Queued;

    /// <summary>Batches the model has run.</summary>
    public long Batches => batcher.Batches;

    /// <exception cref="BatcherUnavailableException">The queue is full or the server is shutting down.</exception>
    public async Task<UploadPrediction> PredictAsync(byte[] file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ImageReadResult read;
        await decoding.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            read = reader.Decode(file);
        }
        finally
        {
            decoding.Release();
        }

        var prepared = PreparedImage.From(read);
        if (prepared.Input is not { } input)
        {
            return new UploadPrediction(null, null, prepared.Problem, read is UnreadableImage { TooLarge: true });
        }

        return new UploadPrediction(await batcher.SubmitAsync(input, cancellationToken).ConfigureAwait(false), input, null);
    }

    public async ValueTask DisposeAsync()
    {
        await batcher.DisposeAsync().ConfigureAwait(false);
        decoding.Dispose();
    }
}
