using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.ExceptionServices;
using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Imaging.Reading;
using MnistFunctional.Tensors;

namespace MnistFunctional.Imaging.Prediction;

/// <summary>
/// Predicts the digit in every file of a folder. Files are read and prepared in parallel (one worker per core)
/// and run ahead of the model by up to two batches, so a slow file holds up only the output of its own batch;
/// each batch of <see cref="FolderPredictionOptions.BatchSize"/> consecutive files goes through the model at
/// once (fixed batches: the same folder always gives the same figures) and is handed out as soon as it is done.
/// Decoding shares a memory budget (<see cref="FolderPredictionOptions.DecodeMemoryMegabytes"/>), so peak memory
/// does not grow with how many large pictures the folder holds. A file that cannot be used is skipped with its
/// reason while the rest go on.
/// </summary>
public static class FolderPredictor
{
    /// <param name="progress">Called after each batch with the files done so far and the total.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static FolderPrediction Predict<TParameters, TGradients>(
        string folder,
        INetwork<TParameters, TGradients> network,
        TParameters parameters,
        FolderPredictionOptions? options = null,
        Action<int, int>? progress = null)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients> =>
        Collect(PredictBatches(folder, network, parameters, options, progress));

    /// <summary>As the network overload, for any model given as a function from a (784 × batch) matrix to its (classes × batch) probabilities.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static FolderPrediction Predict(
        string folder,
        Func<Matrix<float>, Matrix<float>> model,
        FolderPredictionOptions? options = null,
        Action<int, int>? progress = null) =>
        Collect(PredictBatches(folder, model, options, progress));

    /// <summary>As <see cref="Predict{TParameters, TGradients}"/>, one batch at a time in file order, each as soon as it is done (for output that streams).</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IEnumerable<FolderPrediction> PredictBatches<TParameters, TGradients>(
        string folder,
        INetwork<TParameters, TGradients> network,
        TParameters parameters,
        FolderPredictionOptions? options = null,
        Action<int, int>? progress = null,
        NetworkState? state = null)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        ArgumentNullException.ThrowIfNull(network);
        return PredictBatches(folder, images => DigitClassifier.Predict(network, parameters, images, state), options, progress);
    }

    /// <summary>As <see cref="Predict(string, Func{Matrix{float}, Matrix{float}}, FolderPredictionOptions?, Action{int, int}?)"/>, one batch at a time in file order.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IEnumerable<FolderPrediction> PredictBatches(
        string folder,
        Func<Matrix<float>, Matrix<float>> model,
        FolderPredictionOptions? options = null,
        Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return PredictBatches(folder, images => DigitClassifier.Predict(model, images), options, progress);
    }

    private static IEnumerable<FolderPrediction> PredictBatches(
        string folder,
        Func<IReadOnlyList<MnistImage>, ImmutableArray<DigitPrediction>> classify,
        FolderPredictionOptions? options,
        Action<int, int>? progress)
    {
        options ??= FolderPredictionOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        var files = ImageFolder.List(folder, options.Recursive);
        return Batches(folder, files, classify, options, progress);
    }

    private static FolderPrediction Collect(IEnumerable<FolderPrediction> batches)
    {
        var predicted = ImmutableArray.CreateBuilder<PredictedImage>();
        var skipped = ImmutableArray.CreateBuilder<SkippedImage>();
        foreach (var batch in batches)
        {
            predicted.AddRange(batch.Predictions);
            skipped.AddRange(batch.Skipped);
        }

        return new FolderPrediction(predicted.ToImmutable(), skipped.ToImmutable());
    }

    private static IEnumerable<FolderPrediction> Batches(
        string folder,
        ImmutableArray<FolderEntry> files,
        Func<IReadOnlyList<MnistImage>, ImmutableArray<DigitPrediction>> classify,
        FolderPredictionOptions options,
        Action<int, int>? progress)
    {
        var size = options.BatchSize;
        var batchCount = (files.Length + size - 1) / size;
        var slots = new Prepared?[files.Length];
        var pending = Enumerable.Range(0, batchCount).Select(b => new CountdownEvent(Math.Min(size, files.Length - (b * size)))).ToArray();
        var reader = new ImageFileReader(options.Reading);
        var gate = new MemoryGate(options.DecodeMemoryMegabytes * 1_000_000L);
        using var ahead = new SemaphoreSlim(2 * size);
        using var stop = new CancellationTokenSource();
        var workers = Task.Run(() => Parallel.ForEach(
            Partitioner.Create(Enumerable.Range(0, files.Length), EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = stop.Token },
            i =>
            {
                ahead.Wait(stop.Token);
                slots[i] = PrepareSafely(reader, gate, folder, files[i], i < options.Pictures, options);
                pending[i / size].Signal();
            }));
        try
        {
            for (var b = 0; b < batchCount; b++)
            {
                WaitHandle.WaitAny([pending[b].WaitHandle, ((IAsyncResult)workers).AsyncWaitHandle]);
                if (!pending[b].IsSet)
                {
                    workers.GetAwaiter().GetResult(); // the workers stopped early: rethrow why
                }

                var batch = slots.AsSpan(b * size, pending[b].InitialCount).ToArray().Select(p => p!).ToArray();
                slots.AsSpan(b * size, batch.Length).Clear();
                yield return Predict(classify, batch);
                ahead.Release(batch.Length);
                progress?.Invoke(Math.Min(files.Length, (b + 1) * size), files.Length);
            }
        }
        finally
        {
            stop.Cancel();
            try
            {
                workers.Wait();
            }
            catch (AggregateException error) when (error.InnerExceptions.All(e => e is OperationCanceledException))
            {
                // The caller stopped early; the workers were told to stop.
            }

            foreach (var countdown in pending)
            {
                countdown.Dispose();
            }
        }
    }

    private static FolderPrediction Predict(Func<IReadOnlyList<MnistImage>, ImmutableArray<DigitPrediction>> classify, Prepared[] batch)
    {
        foreach (var failed in batch.Where(p => p.Failure is not null))
        {
            failed.Failure!.Throw();
        }

        var ready = batch.Where(p => p.Input is not null).ToArray();
        var predictions = classify([.. ready.Select(p => p.Input!)]);
        var predicted = ImmutableArray.CreateBuilder<PredictedImage>();
        var skipped = ImmutableArray.CreateBuilder<SkippedImage>();
        var next = 0;
        foreach (var item in batch)
        {
            if (item.Input is null)
            {
                skipped.Add(new SkippedImage(item.File, item.Problem!, item.Picture));
            }
            else
            {
                predicted.Add(new PredictedImage(item.File, predictions[next++], item.Picture));
            }
        }

        return new FolderPrediction(predicted.ToImmutable(), skipped.ToImmutable());
    }

    /// <summary>A bug in preparing one file is carried to the consumer, which rethrows it, rather than left to hang the batch.</summary>
    private static Prepared PrepareSafely(ImageFileReader reader, MemoryGate gate, string folder, FolderEntry entry, bool keepPicture, FolderPredictionOptions options)
    {
        try
        {
            return Prepare(reader, gate, folder, entry, keepPicture, options);
        }
        catch (Exception error)
        {
            return new Prepared(entry.File, null, null, null, ExceptionDispatchInfo.Capture(error));
        }
    }

    private static Prepared Prepare(ImageFileReader reader, MemoryGate gate, string folder, FolderEntry entry, bool keepPicture, FolderPredictionOptions options)
    {
        if (entry.Problem is { } listed)
        {
            return new Prepared(entry.File, null, listed, null);
        }

        var loaded = reader.Load(Path.Combine(folder, entry.File));
        if (loaded is not ProbedImage probed)
        {
            return new Prepared(entry.File, null, ((UnreadableImage)loaded).Reason, null);
        }

        // Decoding and normalising hold the pixels: within the shared budget, whatever the folder holds.
        using var permit = gate.Enter(probed.DecodeBytes);
        var result = reader.Decode(probed, keepPicture ? options.ThumbnailSize : 0);
        var prepared = PreparedImage.From(result, options.Raw, options.Normalization);
        var picture = result is DecodedImage { Thumbnail: { } thumbnail } ? new ImagePicture(thumbnail, prepared.Input) : null;
        return new Prepared(entry.File, prepared.Input, prepared.Problem, picture);
    }

    private sealed record Prepared(string File, MnistImage? Input, string? Problem, ImagePicture? Picture, ExceptionDispatchInfo? Failure = null);
}
