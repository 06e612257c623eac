using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Imaging.Normalization;
using MnistFunctional.Imaging.Reading;
using MnistFunctional.Tensors;

namespace MnistFunctional.Imaging.Prediction;

/// <summary>
/// Predicts the digit in every file of a folder, batch by batch: files are read and prepared in parallel, each
/// batch goes through the model at once, and a file that cannot be used is skipped with its reason while the
/// rest go on.
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
        where TGradients : ITensorSet<TGradients>
    {
        ArgumentNullException.ThrowIfNull(network);
        return Predict(folder, images => DigitClassifier.Predict(network, parameters, images), options, progress);
    }

    /// <summary>As the network overload, for any model given as a function from a (784 × batch) matrix to its (classes × batch) probabilities.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static FolderPrediction Predict(
        string folder,
        Func<Matrix<float>, Matrix<float>> model,
        FolderPredictionOptions? options = null,
        Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Predict(folder, images => DigitClassifier.Predict(model, images), options, progress);
    }

    private static FolderPrediction Predict(
        string folder,
        Func<IReadOnlyList<MnistImage>, ImmutableArray<DigitPrediction>> classify,
        FolderPredictionOptions? options,
        Action<int, int>? progress)
    {
        options ??= FolderPredictionOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        var files = ImageFolder.List(folder, options.Recursive);
        var reader = new ImageFileReader(options.Reading);
        var predicted = ImmutableArray.CreateBuilder<PredictedImage>();
        var skipped = ImmutableArray.CreateBuilder<SkippedImage>();
        for (var start = 0; start < files.Length; start += options.BatchSize)
        {
            var batch = new Prepared[Math.Min(options.BatchSize, files.Length - start)];
            Parallel.For(0, batch.Length, i => batch[i] = Prepare(reader, folder, files[start + i], start + i < options.Pictures, options));

            var ready = batch.Where(p => p.Input is not null).ToArray();
            var predictions = classify([.. ready.Select(p => p.Input!)]);
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

            progress?.Invoke(start + batch.Length, files.Length);
        }

        return new FolderPrediction(predicted.ToImmutable(), skipped.ToImmutable());
    }

    private static Prepared Prepare(ImageFileReader reader, string folder, string file, bool keepPicture, FolderPredictionOptions options)
    {
        var result = reader.Read(Path.Combine(folder, file), keepPicture ? options.ThumbnailSize : 0);
        var prepared = PreparedImage.From(result, options.Raw, options.Normalization);
        var picture = result is DecodedImage { Thumbnail: { } thumbnail } ? new ImagePicture(thumbnail, prepared.Input) : null;
        return new Prepared(file, prepared.Input, prepared.Problem, picture);
    }

    private sealed record Prepared(string File, MnistImage? Input, string? Problem, ImagePicture? Picture);
}
