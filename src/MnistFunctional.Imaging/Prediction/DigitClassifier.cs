using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Dsl;
using MnistFunctional.Tensors;

namespace MnistFunctional.Imaging.Prediction;

/// <summary>Runs a 28×28×1 network on normalised images, one batch at a time.</summary>
public static class DigitClassifier
{
    /// <param name="state">The network's state (BatchNorm's moving statistics, saved in its model file); null for a network without any.</param>
    /// <param name="workspace">One the network made for at least this many images, reused so the model allocates nothing (one caller at a time); null for a fresh one.</param>
    /// <exception cref="ArgumentException">The network does not take 28×28×1 inputs.</exception>
    public static ImmutableArray<DigitPrediction> Predict<TParameters, TGradients>(
        INetwork<TParameters, TGradients> network, TParameters parameters, IReadOnlyList<MnistImage> images, NetworkState? state = null, INetworkWorkspace? workspace = null)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(images);
        if (network.Architecture.Layers.FirstOrDefault() is not InputLayer { Height: MnistImage.Size, Width: MnistImage.Size, Channels: 1 })
        {
            throw new ArgumentException($"{network.Name} does not take 28×28×1 images: {network.Architecture.CanonicalText}", nameof(network));
        }

        return Predict(
            input => (state, workspace) switch
            {
                (null, null) => network.Predict(parameters, input),
                (null, { } reused) => network.Predict(parameters, input, reused),
                ({ } moving, _) => network.Predict(parameters, moving, input, workspace ?? network.CreateWorkspace(input.ColumnCount)),
            },
            images);
    }

    /// <summary>
    /// As the network overload, for any model given as a function from a (784 × batch) matrix of 28×28×1 images, one per
    /// column, to its (classes × batch) probabilities (e.g. an exported model run by ONNX Runtime).
    /// </summary>
    public static ImmutableArray<DigitPrediction> Predict(Func<Matrix<float>, Matrix<float>> model, IReadOnlyList<MnistImage> images)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            return [];
        }

        // One image per column: the column-major storage is the images one after another, as in training batches.
        var columns = new float[MnistImage.PixelCount * images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            images[i].Pixels.AsSpan().CopyTo(columns.AsSpan(i * MnistImage.PixelCount));
        }

        var probabilities = model(Matrix<float>.Build.Dense(MnistImage.PixelCount, images.Count, columns));
        var classes = probabilities.RowCount;
        var values = probabilities.AsColumnMajorArray() ?? probabilities.ToColumnMajorArray();
        return [.. Enumerable.Range(0, images.Count).Select(i => DigitPrediction.FromProbabilities(values.AsSpan(i * classes, classes)))];
    }
}
