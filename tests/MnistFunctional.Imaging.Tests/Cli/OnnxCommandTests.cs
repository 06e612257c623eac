using System.Text.Json;
using Digits.Commands;
using MnistFunctional.Serialization;
using MnistFunctional.Tests;
using MnistFunctional.Tests.Data;

namespace MnistFunctional.Imaging.Tests.Cli;

/// <summary><c>digits export --onnx</c> and <c>digits predict --backend onnx</c>, as a user runs them.</summary>
public sealed class OnnxCommandTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void The_exported_file_predicts_the_demo_samples_as_the_generated_code_does()
    {
        var onnx = folder.File("mnist-cnn.onnx");

        var export = DigitsProcess.Run(RealMnist.RepositoryRoot, "export", "--onnx", onnx);

        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Contains("opset 17", export.Output, StringComparison.Ordinal);
        var samples = Path.Combine(RealMnist.RepositoryRoot, "data", "samples");
        var ours = Predictions(new PredictRequest(samples, ShippedModelFixture.FilePath, PredictFormat.Json));
        var fromFile = Predictions(new PredictRequest(samples, ShippedModelFixture.FilePath, PredictFormat.Json, Onnx: true, OnnxFile: onnx));
        var onTheFly = Predictions(new PredictRequest(samples, ShippedModelFixture.FilePath, PredictFormat.Json, Onnx: true));
        Assert.Equal(12, ours.Length);
        foreach (var other in new[] { fromFile, onTheFly })
        {
            Assert.Equal(ours.Select(p => (p.File, p.Digit)), other.Select(p => (p.File, p.Digit)));
            Assert.All(ours.Zip(other), pair => Assert.True(Math.Abs(pair.First.Confidence - pair.Second.Confidence) <= 2e-5, $"{pair.First.File}: {pair.First.Confidence} vs {pair.Second.Confidence}"));
        }
    }

    [Fact]
    public void Any_declared_networks_model_file_exports_with_its_network_and_facts()
    {
        var onnx = folder.File("keras-convnet.onnx");
        var model = Path.Combine(RealMnist.RepositoryRoot, "data", "models", "keras-convnet.safetensors");

        var export = DigitsProcess.Run(RealMnist.RepositoryRoot, "export", "--onnx", onnx, "--model", model);

        Assert.True(export.ExitCode == 0, export.Error);
        using var predictor = MnistFunctional.Onnx.OnnxPredictor.Load(onnx);
        Assert.Equal("KerasConvnet", predictor.Metadata["network"]);
        Assert.Equal(ModelFile.ReadInfo(model).ArchitectureText, predictor.Metadata["architecture"]);
        Assert.Equal(ModelFile.ReadInfo(model).TrainingFacts["test_accuracy"], predictor.Metadata["training.test_accuracy"]);
        var samples = Path.Combine(RealMnist.RepositoryRoot, "data", "samples");
        var ours = Predictions(new PredictRequest(samples, model, PredictFormat.Json));
        var fromFile = Predictions(new PredictRequest(samples, model, PredictFormat.Json, Onnx: true, OnnxFile: onnx));
        Assert.Equal(ours.Select(p => (p.File, p.Digit)), fromFile.Select(p => (p.File, p.Digit)));
    }

    [Fact]
    public void Export_into_a_missing_folder_fails_naming_it_and_writes_nothing()
    {
        var missing = Path.Combine(folder.Path, "no-such-folder", "x.onnx");

        var run = DigitsProcess.Run(RealMnist.RepositoryRoot, "export", "--onnx", missing);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no-such-folder", run.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was written", run.Error, StringComparison.Ordinal);
        Assert.Empty(folder.Entries());
    }

    [Fact]
    public void Predict_refuses_an_onnx_file_without_the_onnx_backend_and_a_file_that_is_not_ONNX()
    {
        var samples = Path.Combine(RealMnist.RepositoryRoot, "data", "samples");
        var notOnnx = folder.Write("notes.onnx", "not a model"u8.ToArray());

        var withoutBackend = DigitsProcess.Run(RealMnist.RepositoryRoot, "predict", samples, "--onnx", notOnnx);
        var notAModel = DigitsProcess.Run(RealMnist.RepositoryRoot, "predict", samples, "--backend", "onnx", "--onnx", notOnnx);

        Assert.Equal(1, withoutBackend.ExitCode);
        Assert.Contains("needs --backend onnx", withoutBackend.Error, StringComparison.Ordinal);
        Assert.Equal(1, notAModel.ExitCode);
        Assert.StartsWith($"error: {notOnnx}:", notAModel.Error, StringComparison.Ordinal);
    }

    private static (string File, int Digit, double Confidence)[] Predictions(PredictRequest request)
    {
        var run = CommandRun.Predict(request);
        Assert.Equal(0, run.ExitCode);
        return [.. JsonDocument.Parse(run.Output).RootElement.GetProperty("predictions").EnumerateArray()
            .Select(p => (p.GetProperty("file").GetString()!, p.GetProperty("digit").GetInt32(), p.GetProperty("confidence").GetDouble())).OrderBy(p => p.Item1, StringComparer.Ordinal)];
    }
}
