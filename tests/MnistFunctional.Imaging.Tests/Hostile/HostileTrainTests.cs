using MnistFunctional.Data;
using MnistFunctional.Imaging.Tests.Cli;
using MnistFunctional.Tests;
using MnistFunctional.Tests.Data;

namespace MnistFunctional.Imaging.Tests.Hostile;

/// <summary>
/// issue 16's careless values for <c>digits train</c>: each is refused before any data is loaded or any epoch is
/// trained, with one line naming the option, and exit code 1.
/// </summary>
public sealed class HostileTrainTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("--limit", "0", "error: --limit must be at least 1 (the number of training examples to use), not 0.")]
    [InlineData("--limit", "-5", "error: --limit must be at least 1 (the number of training examples to use), not -5.")]
    [InlineData("--validation-split", "NaN", "error: --validation-split must be a number in [0, 1), not NaN.")]
    [InlineData("--validation-split", "1", "error: --validation-split must be a number in [0, 1), not 1.")]
    [InlineData("--epochs", "0", "error: --epochs must be at least 1, not 0.")]
    public void A_value_out_of_range_is_refused_naming_the_option(string option, string value, string message)
    {
        var run = Train(option, value);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(message + Environment.NewLine, run.Error);
        Assert.DoesNotContain("Training", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_that_cannot_fit_in_memory_is_refused_with_the_figure()
    {
        var run = Train("--batch-size", "100000000");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: --batch-size 100,000,000 would need about ", run.Error, StringComparison.Ordinal);
        Assert.Contains(" MB for the training buffers (", run.Error, StringComparison.Ordinal);
        Assert.Contains("the largest batch that fits is ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_folder_that_cannot_be_written_is_found_before_training()
    {
        var run = DigitsProcess.Run(folder.Path, "train", "--data", folder.Path, "--model", "/proc/no-such-folder/model.safetensors");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: --model: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("/proc/no-such-folder", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Training", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_path_that_is_a_folder_is_refused_before_training()
    {
        Directory.CreateDirectory(folder.File("model.safetensors"));

        var run = DigitsProcess.Run(folder.Path, "train", "--data", folder.Path, "--model", folder.File("model.safetensors"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("it is a directory, not a regular file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_path_that_is_one_of_the_MNIST_files_is_refused()
    {
        var labels = Mnist.FindFile(RealMnist.Directory, Mnist.TestLabels)!;
        var before = File.ReadAllBytes(labels);

        var run = DigitsProcess.Run(folder.Path, "train", "--data", RealMnist.Directory, "--model", labels, "--epochs", "1", "--limit", "64");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is an MNIST data file", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(labels));
    }

    private DigitsProcess Train(string option, string value) =>
        DigitsProcess.Run(folder.Path, "train", "--data", folder.Path, "--model", folder.File("m.safetensors"), option, value);
}
