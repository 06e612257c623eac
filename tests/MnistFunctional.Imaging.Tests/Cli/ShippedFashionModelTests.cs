using System.Text.Json;
using MnistFunctional.Serialization;
using MnistFunctional.Tests;
using MnistFunctional.Tests.Data;

namespace MnistFunctional.Imaging.Tests.Cli;

/// <summary>
/// The shipped Fashion-MNIST model (FashionNet: Same padding, BatchNorm, a Residual block, GlobalAvgPool, Dropout) through
/// the CLI a user runs: <c>evaluate</c> finds the network from the file, loads its parameters and BatchNorm's moving
/// statistics and scores the Fashion-MNIST test set (Debian's dataset-fashion-mnist, which .ci/run installs) exactly as
/// training recorded it.
/// </summary>
public sealed class ShippedFashionModelTests : IDisposable
{
    private const string FashionMnist = "/usr/share/datasets/fashion-mnist";
    private readonly TempFolder folder = new();

    [Fact]
    public void Evaluate_scores_the_test_accuracy_training_recorded_with_the_saved_moving_statistics()
    {
        var shipped = Path.Combine(RealMnist.RepositoryRoot, "data", "models", "fashion-net.safetensors");
        var model = folder.File("fashion-net.safetensors"); // evaluate writes its heatmap beside the model
        File.Copy(shipped, model);
        var info = ModelFile.ReadInfo(model);
        Assert.Equal("FashionNet", info.NetworkName);
        Assert.Contains(info.Tensors, tensor => tensor.Name == "BatchNorm1.moving_variance");

        var run = DigitsProcess.Run(RealMnist.RepositoryRoot, "evaluate", "--model", model, "--data", FashionMnist, "--format", "json");

        Assert.True(run.ExitCode == 0, run.Error);
        var accuracy = JsonDocument.Parse(run.Output).RootElement.GetProperty("accuracy").GetDouble();
        Assert.Equal(info.TrainingFacts["test_accuracy"], accuracy.ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Dispose() => folder.Dispose();
}
