using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.ExceptionServices;
using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Imaging.Reading;
using MnistFunctional.Tensors;

namespace MnistFunctional.Imaging.Prediction;

/// <summary>
/// Predicts the digit in every file of a folder. Files are read and prepared in parallel (one worker per core,
/// taking the files in file order) and run ahead of the output by at most two batches; the results are handed out
/// as the files are done, so a slow file holds back no other file's result. Each image goes through the model on
/// its own, so its figures do not depend on which files happened to be done with it.
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
        FolderPrediction.InFileOrder(PredictBatches(folder, network, parameters, options, progress));

    /// <summary>As the network overload, for any model given as a function from a (784 × batch) matrix to its (classes × batch) probabilities.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static FolderPrediction Predict(
        string folder,
        Func<Matrix<float>, Matrix<float>> model,
        FolderPredictionOptions? options = null,
        Action<int, int>? progress = null) =>
        FolderPrediction.InFileOrder(PredictBatches(folder, model, options, progress));

    /// <summary>
    /// As <see cref="Predict{TParameters, TGradients}"/>, as the files are done (for output that streams): each batch
    /// holds the files done since the previous one (at most <see cref="FolderPredictionOptions.BatchSize"/>, in file
    /// order within the batch), so the batches come in completion order — about file order, as the workers take the
    /// files in file order, but a slow file comes when it is done, after files listed behind it.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IEnumerable<FolderPrediction> PredictBatches<TParameters, TGradients>(
        string folder,
        INetwork<TParameters, TGradients> network,
        TParameters parameters,
        FolderPredictionOptions? options = null,
        Action<int, int>? progress = null,
        NetworkState? state = null)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients> =>
        PredictBatches(folder, DigitClassifier.Model(network, parameters, state), options, progress); // one model for the run, so its buffers are reused

    /// <summary>As <see cref="Predict(string, Func{Matrix{float}, Matrix{float}}, FolderPredictionOptions?, Action{int, int}?)"/>, as the files are done.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IEnumerable<FolderPrediction> PredictBatches(
        string folder,
        Func<Matrix<float>, Matrix<float>> model,
        FolderPredictionOptions? options = null,
        Action<int, int>? progress = null) =>
        PredictBatches(folder, ImageFolder.List(folder, (options ?? FolderPredictionOptions.Default).Recursive), model, options, progress);

    /// <summary>As the overload that lists the folder, for the files <see cref="ImageFolder.List"/> listed already.</summary>
    public static IEnumerable<FolderPrediction> PredictBatches(
        string folder,
        ImmutableArray<FolderEntry> files,
        Func<Matrix<float>, Matrix<float>> model,
        FolderPredictionOptions? options = null,
        Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Batches(folder, files, model, Checked(options), progress);
    }

    private static FolderPredictionOptions Checked(FolderPredictionOptions? options)
    {
        options ??= FolderPredictionOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1);
        return options;
    }

    private static IEnumerable<FolderPrediction> Batches(
        string folder,
        ImmutableArray<FolderEntry> files,
        Func<Matrix<float>, Matrix<float>> model,
        FolderPredictionOptions options,
        Action<int, int>? progress)
    {
        var reader = new ImageFileReader(options.Reading);
        var gate = new MemoryGate(options.DecodeMemoryMegabytes * 1_000_000L);
        using var done = new BlockingCollection<Prepared>();
        using var ahead = new SemaphoreSlim(2 * options.BatchSize);
        using var stop = new CancellationTokenSource();
        // Each reader is a thread of its own, not thread-pool work: Parallel.ForEach's workers start late and hand their
        // place back to the pool every so often, so in a busy pool (a server, a test run) the reader of the small files
        // waited while the other finished a slow file, holding back their output (seen in CI).
        var taken = -1;
        var readers = Enumerable.Range(0, Math.Min(options.Workers, Math.Max(files.Length, 1))).Select(_ => Task.Factory.StartNew(
            () =>
            {
                for (var i = Interlocked.Increment(ref taken); i < files.Length; i = Interlocked.Increment(ref taken))
                {
                    ahead.Wait(stop.Token);
                    done.Add(PrepareSafely(reader, gate, folder, i, files[i], i < options.Pictures, options));
                }
            },
            stop.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        var workers = Task.WhenAll(readers).ContinueWith(
            all =>
            {
                done.CompleteAdding();
                return all;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap(); // ends as the readers did, once the consumer has been told no more will come
        try
        {
            var handed = 0;
            while (handed < files.Length)
            {
                if (!done.TryTake(out var first, Timeout.Infinite))
                {
                    workers.GetAwaiter().GetResult(); // the workers stopped early: rethrow why
                    throw new InvalidOperationException($"The readers stopped after {handed} of {files.Length} files without saying why.");
                }

                // Whatever else is done by now goes out with it: a slow file holds back no one's output but its own.
                var batch = new List<Prepared> { first };
                while (batch.Count < options.BatchSize && done.TryTake(out var next))
                {
                    batch.Add(next);
                }

                yield return Predict(model, [.. batch.OrderBy(p => p.Index)]);
                ahead.Release(batch.Count);
                handed += batch.Count;
                progress?.Invoke(handed, files.Length);
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
        }
    }

    /// <summary>
    /// Each image goes through the model alone: the generated code's figures depend (in the last bits) on the batch an
    /// image is in, and these batches depend on timing, so a batch of one is what keeps a file's figures the same in
    /// every run. The model is not the bottleneck here (tens of microseconds per image against milliseconds of decoding).
    /// </summary>
    private static FolderPrediction Predict(Func<Matrix<float>, Matrix<float>> model, Prepared[] batch)
    {
        foreach (var failed in batch.Where(p => p.Failure is not null))
        {
            failed.Failure!.Throw();
        }

        var predicted = ImmutableArray.CreateBuilder<PredictedImage>();
        var skipped = ImmutableArray.CreateBuilder<SkippedImage>();
        foreach (var item in batch)
        {
            if (item.Input is null)
            {
                skipped.Add(new SkippedImage(item.File, item.Problem!, item.Picture));
            }
            else
            {
                predicted.Add(new PredictedImage(item.File, DigitClassifier.Predict(model, [item.Input])[0], item.Picture));
            }
        }

        return new FolderPrediction(predicted.ToImmutable(), skipped.ToImmutable());
    }

    /// <summary>A bug in preparing one file is carried to the consumer, which rethrows it, rather than left to hang the batch.</summary>
    private static Prepared PrepareSafely(ImageFileReader reader, MemoryGate gate, string folder, int index, FolderEntry entry, bool keepPicture, FolderPredictionOptions options)
    {
        try
        {
            return Prepare(reader, gate, folder, entry, keepPicture, options) with { Index = index };
        }
        catch (Exception error)
        {
            return new Prepared(entry.File, null, null, null, ExceptionDispatchInfo.Capture(error)) { Index = index };
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

    private sealed record Prepared(string File, MnistImage? Input, string? Problem, ImagePicture? Picture, ExceptionDispatchInfo? Failure = null)
    {
        /// <summary>The file's place in the folder's listing.</summary>
        public int Index { get; init; }
    }
}
