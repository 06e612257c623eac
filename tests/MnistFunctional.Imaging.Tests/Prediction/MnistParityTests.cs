using System.Globalization;
using System.Text.Json;
using Digits.Commands;
using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Data;
using MnistFunctional.Imaging.Prediction;
using MnistFunctional.Models;
using MnistFunctional.Tests;
using MnistFunctional.Tests.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MnistFunctional.Imaging.Tests.Prediction;

/// <summary>
/// An MNIST test image saved as a PNG and predicted from the folder with <c>--raw</c> meets the model exactly as
/// in training and evaluation: the same 28×28 input and the same prediction.
/// </summary>
public sealed class MnistParityTests(ShippedModelFixture model) : IClassFixture<ShippedModelFixture>, IDisposable
{
    private const int Count = 200;
    private readonly TempFolder folder = new();
    private readonly Dataset test = LoadTestSet();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Raw_path_gives_the_training_input_and_prediction_for_MNIST_pngs()
    {
        WritePngs();

        var results = FolderPredictor.Predict(folder.Path, MnistCnn.Network, model.Parameters, new FolderPredictionOptions { Raw = true, Pictures = Count });

        Assert.Empty(results.Skipped);
        var expected = TrainingPathProbabilities();
        Assert.Equal(Count, results.Predictions.Length);
        foreach (var (prediction, i) in results.Predictions.Select((p, i) => (p, i)))
        {
            var seen = prediction.Picture!.Seen!.Pixels;
            var training = test.Pixels.AsSpan(i * MnistImage.PixelCount, MnistImage.PixelCount).ToArray();
            var largest = Enumerable.Range(0, MnistImage.PixelCount).Max(p => Math.Abs(seen[p] - training[p]));
            Assert.True(largest <= 1 / 255f, $"{prediction.File}: input differs by {largest}");
            Assert.Equal(ArgMax(expected.Column(i)), prediction.Prediction.Digit);
            Assert.Equal(expected[prediction.Prediction.Digit, i], prediction.Prediction.Confidence, 5);
        }
    }

    [Fact]
    public void The_predict_command_with_raw_prints_the_training_paths_predictions()
    {
        WritePngs();
        using var output = new StringWriter();

        var exit = PredictCommand.Run(new PredictRequest(folder.Path, ShippedModelFixture.FilePath, PredictFormat.Json, Raw: true), output, TextWriter.Null, interactive: false);

        Assert.Equal(0, exit);
        var expected = TrainingPathProbabilities();
        var printed = JsonDocument.Parse(output.ToString()).RootElement.GetProperty("predictions").EnumerateArray()
            .OrderBy(p => p.GetProperty("file").GetString(), StringComparer.Ordinal).Select(p => p.GetProperty("digit").GetInt32());
        Assert.Equal(Enumerable.Range(0, Count).Select(i => ArgMax(expected.Column(i))), printed);
    }

    [Fact]
    public void The_MNIST_style_path_still_reads_MNIST_digits()
    {
        WritePngs();

        var results = FolderPredictor.Predict(folder.Path, MnistCnn.Network, model.Parameters);

        var correct = results.Predictions.Count(p => p.Prediction.Digit == Label(p.File));
        Assert.True(correct >= Count * 0.97, $"{correct} of {Count} MNIST test images read correctly after normalisation");
    }

    private static Dataset LoadTestSet() =>
        Mnist.LoadDataset(Mnist.FindFile(RealMnist.Directory, Mnist.TestImages)!, Mnist.FindFile(RealMnist.Directory, Mnist.TestLabels)!);

    private static int ArgMax(Vector<float> probabilities) => probabilities.MaximumIndex();

    private static int Label(string file) => int.Parse(file.AsSpan(6, 1), CultureInfo.InvariantCulture);

    /// <summary>The probabilities of the first images as evaluation computes them: dataset pixels straight into the model.</summary>
    private Matrix<float> TrainingPathProbabilities()
    {
        var (input, _) = MnistFunctional.Training.Batches.Range(test, 0, Count);
        return MnistCnn.Network.Predict(model.Parameters, input);
    }

    /// <summary>Each image as an 8-bit grayscale PNG named "index-label.png", its bytes exactly the IDX file's.</summary>
    private void WritePngs()
    {
        for (var i = 0; i < Count; i++)
        {
            var bytes = test.Pixels.AsSpan(i * MnistImage.PixelCount, MnistImage.PixelCount).ToArray().Select(p => (byte)Math.Round(p * 255)).ToArray();
            using var image = Image.LoadPixelData<L8>(bytes, MnistImage.Size, MnistImage.Size);
            image.SaveAsPng(folder.File(string.Create(CultureInfo.InvariantCulture, $"{i:D5}-{test.Labels[i]}.png")));
        }
    }
}
