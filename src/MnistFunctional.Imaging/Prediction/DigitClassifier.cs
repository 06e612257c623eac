using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Dsl;
using MnistFunctional.Tensors;

namespace MnistFunctional.Imaging.Prediction;

/// <summary>Runs a 28×28×1 network on normalised images, one batch at a time.</summary>
public static class DigitClassifier
{
    /// <param name="state">The network's state (BatchNorm's moving statistics, saved in its model file); null for a network without any.</param>
    /// <exception cref="ArgumentException">The network does not take 28×28×1 inputs.</exception>
    public static ImmutableArray<DigitPrediction> Predict<TParameters, TGradients>(
        INetwork<TParameters, TGradients> network, TParameters parameters, IReadOnlyList<MnistImage> images, NetworkState? state = null)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        ArgumentNullException.ThrowIfNull(images);
        return Predict(Model(network, parameters, state), images);
    }

    /// <summary>
    /// The network with its parameters (and state, if any) as a function from a (784 × batch) matrix of images to its
    /// (classes × batch) probabilities; safe to call from several threads.
    /// </summary>
    /// <exception cref="ArgumentException">The network does not take 28×28×1 inputs.</exception>
    public static Func<Matrix<float>, Matrix<float>> Model<TParameters, TGradients>(INetwork<TParameters, TGradients> network, TParameters parameters, NetworkState? state = null)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.Architecture.Layers.FirstOrDefault() is not InputLayer { Height: MnistImage.Size, Width: MnistImage.Size, Channels: 1 })
        {
            throw new ArgumentException($"{network.Name} does not take 28×28×1 images: {network.Architecture.CanonicalText}", nameof(network));
        }

        // The last call's buffers are reused by the next call of the same batch size (predict runs every image alone),
        // taken with an exchange so concurrent calls never share them; the probabilities are copied out of them.
        INetworkWorkspace? spare = null;
        return input =>
        {
            var workspace = Interlocked.Exchange(ref spare, null) is { } last && last.BatchSize == input.ColumnCount ? last : network.CreateWorkspace(input.ColumnCount);
            var probabilities = (state is null ? network.Predict(parameters, input, workspace) : network.Predict(parameters, state, input, workspace)).Clone();
            Interlocked.Exchange(ref spare, workspace);
            return probabilities;
        };
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
