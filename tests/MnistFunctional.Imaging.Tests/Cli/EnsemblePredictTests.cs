using System.Text.Json;
using Digits.Commands;
using MnistFunctional.Imaging.Prediction;
using MnistFunctional.Tests.Data;

namespace MnistFunctional.Imaging.Tests.Cli;

/// <summary><c>predict</c> with several <c>--model</c> files (an ensemble of different networks) and <c>--tta</c>.</summary>
public sealed class EnsemblePredictTests
{
    private static readonly string Samples = Path.Combine(RealMnist.RepositoryRoot, "data", "samples");

    private static readonly string Keras = Path.Combine(RealMnist.RepositoryRoot, "data", "models", "keras-convnet.safetensors");

    [Fact]
    public void An_ensemble_reads_the_mean_of_its_models_probabilities()
    {
        var seed = Probabilities(new PredictRequest(Samples, ShippedModelFixture.FilePath, PredictFormat.Json));
        var keras = Probabilities(new PredictRequest(Samples, Keras, PredictFormat.Json));

        var both = Probabilities(new PredictRequest(Samples, ShippedModelFixture.FilePath, PredictFormat.Json, MoreModels: [Keras]));

        Assert.Equal(12, both.Count);
        foreach (var (file, (digit, confidence, _)) in both)
        {
            Assert.Equal(file[0] - '0', digit);
            // Each model's top three hold the digit here: the ensemble's confidence is the mean of the two.
            Assert.Equal((seed[file].Top[digit] + keras[file].Top[digit]) / 2, confidence, 5);
        }
    }

    [Fact]
    public void Test_time_augmentation_reads_the_same_through_onnx_runtime_as_through_the_generated_code()
    {
        var request = new PredictRequest(Samples, ShippedModelFixture.FilePath, PredictFormat.Json, MoreModels: [Keras], Tta: TestTimeAugmentation.ShiftsAndStrokes);

        var ours = Probabilities(request);
        var onnx = Probabilities(request with { Onnx = true });

        Assert.All(ours, pair => Assert.Equal(pair.Key[0] - '0', pair.Value.Digit));
        Assert.All(ours, pair => Assert.Equal(pair.Value.Digit, onnx[pair.Key].Digit));
        Assert.All(ours, pair => Assert.True(Math.Abs(pair.Value.Confidence - onnx[pair.Key].Confidence) <= 2e-5, pair.Key));
        Assert.NotEqual(ours.Values.Select(v => v.Confidence), Probabilities(request with { Tta = null }).Values.Select(v => v.Confidence));
    }

    [Fact]
    public void An_onnx_file_with_several_models_is_refused_naming_the_option()
    {
        var error = Assert.Throws<ArgumentException>(() => CommandRun.Predict(
            new PredictRequest(Samples, ShippedModelFixture.FilePath, Onnx: true, OnnxFile: "x.onnx", MoreModels: [Keras])));

        Assert.Contains("--onnx x.onnx is one model", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, (int Digit, double Confidence, Dictionary<int, double> Top)> Probabilities(PredictRequest request)
    {
        var run = CommandRun.Predict(request);
        Assert.Equal(0, run.ExitCode);
        return JsonDocument.Parse(run.Output).RootElement.GetProperty("predictions").EnumerateArray().ToDictionary(
            p => p.GetProperty("file").GetString()!,
            p => (p.GetProperty("digit").GetInt32(), p.GetProperty("confidence").GetDouble(),
                p.GetProperty("top3").EnumerateArray().ToDictionary(t => t[0].GetInt32(), t => t[1].GetDouble())));
    }
}
