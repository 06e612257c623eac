using System.Text.Json;
using Digits.Commands;
using MnistFunctional.Imaging.Tests.Cli;
using MnistFunctional.Models;
using MnistFunctional.Plotting.Digits;
using MnistFunctional.Serialization;
using MnistFunctional.Tests;

namespace MnistFunctional.Imaging.Tests.Hostile;

/// <summary>
/// issue 16's cases against <c>predict</c>'s outputs and model: only a regular file is ever replaced, a link is
/// written through and kept, an input is never overwritten, and a model that overflows is refused, not printed.
/// </summary>
public sealed class HostileOutputTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly TempFolder images = new();

    public HostileOutputTests()
    {
        images.Write("3.png", DigitDrawing.Render(3, null));
        images.Write("7.png", DigitDrawing.Render(7, null));
    }

    public void Dispose()
    {
        folder.Dispose();
        images.Dispose();
    }

    [Fact]
    public void A_grid_at_a_FIFO_is_refused_and_the_FIFO_stays()
    {
        var fifo = SpecialFiles.Fifo(folder.File("grid.png"));

        var error = Assert.Throws<ArgumentException>(() => Predict(fifo));

        Assert.Equal($"--grid: cannot write '{fifo}': it is a FIFO (named pipe), not a regular file.", error.Message);
        Assert.Equal(["grid.png"], folder.Entries());
        Assert.Equal(MnistFunctional.IO.FileKind.Fifo, MnistFunctional.IO.RegularFile.Status(fifo).Kind);
    }

    [SkippableFact]
    public void A_grid_at_a_device_node_is_refused_and_the_node_stays()
    {
        Skip.IfNot(SpecialFiles.IsRoot, "making a device node (mknod) needs root; CI runs as root");
        var device = SpecialFiles.ZeroDevice(folder.File("grid.png"));

        var error = Assert.Throws<ArgumentException>(() => Predict(device));

        Assert.Contains("it is a character device, not a regular file", error.Message, StringComparison.Ordinal);
        Assert.Equal(MnistFunctional.IO.FileKind.CharacterDevice, MnistFunctional.IO.RegularFile.Status(device).Kind);
    }

    [Fact]
    public void A_grid_at_a_folder_is_refused()
    {
        var target = Directory.CreateDirectory(folder.File("grid.png")).FullName;

        var error = Assert.Throws<ArgumentException>(() => Predict(target));

        Assert.Contains("it is a directory, not a regular file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grid_at_a_link_is_written_through_it_and_the_link_stays()
    {
        var target = folder.Write("real-grid.png", [1, 2, 3]);
        var link = folder.File("grid.png");
        File.CreateSymbolicLink(link, "real-grid.png");

        Assert.Equal(0, Predict(link).ExitCode);

        Assert.Equal("real-grid.png", new FileInfo(link).LinkTarget);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(target)[..4]);
        Assert.Equal(["grid.png", "real-grid.png"], folder.Entries());
    }

    [Fact]
    public void A_grid_that_is_one_of_the_input_images_is_refused_and_the_image_is_untouched()
    {
        var image = Path.Combine(images.Path, "7.png");
        var before = File.ReadAllBytes(image);
        var sneaky = folder.File("grid.png");
        File.CreateSymbolicLink(sneaky, image); // another spelling of the same file

        foreach (var grid in new[] { image, sneaky })
        {
            var error = Assert.Throws<ArgumentException>(() => Predict(grid));
            Assert.Contains("is one of the images read", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, File.ReadAllBytes(image));
    }

    [Fact]
    public void A_grid_that_is_the_model_file_is_refused()
    {
        var model = folder.Write("model.safetensors", File.ReadAllBytes(ShippedModelFixture.FilePath));

        var error = Assert.Throws<ArgumentException>(() => CommandRun.Predict(new PredictRequest(images.Path, model, Grid: model)));

        Assert.Contains("is the model file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Temporary_files_a_killed_writer_left_behind_are_removed_by_the_next_write()
    {
        var stale = folder.Write(".grid.png.abcdefgh.ijk.tmp", []);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-1));

        Assert.Equal(0, Predict(folder.File("grid.png")).ExitCode);

        Assert.Equal(["grid.png"], folder.Entries());
    }

    [Fact]
    public async Task A_model_at_a_FIFO_is_refused_without_blocking()
    {
        var fifo = SpecialFiles.Fifo(folder.File("model.safetensors"));

        // A blocked open would end in a TimeoutException here, not a hung test run.
        var error = await Task.Run(() => Assert.Throws<ModelFileException>(() => CommandRun.Predict(new PredictRequest(images.Path, fifo))))
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal($"Model file '{fifo}': it is a FIFO (named pipe), not a regular file.", error.Message);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("jsonl")]
    [InlineData("csv")]
    public void A_model_with_finite_but_huge_weights_is_refused_naming_it_not_printed_as_NaN(string format)
    {
        var model = new ShippedModelFixture().Parameters;
        var huge = MnistCnn.Parameters.FromArrays([.. model.Tensors.Select(t => t.Data.Select(v => v * 1e30f).ToArray())]);
        var path = folder.Write("huge.safetensors", ModelFile.Encode("MnistCnn", MnistCnn.Architecture, huge));

        var error = Assert.Throws<ModelFileException>(() => CommandRun.Predict(new PredictRequest(images.Path, path, Enum.Parse<PredictFormat>(format, ignoreCase: true))));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("is not a number (NaN or infinity): the weights overflow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_refuses_a_model_with_huge_weights_naming_it_rather_than_printing_NaN()
    {
        var model = new ShippedModelFixture().Parameters;
        var huge = MnistCnn.Parameters.FromArrays([.. model.Tensors.Select(t => t.Data.Select(v => v * 1e30f).ToArray())]);
        var path = folder.Write("huge.safetensors", ModelFile.Encode("MnistCnn", MnistCnn.Architecture, huge));

        var run = DigitsProcess.Run(folder.Path, "evaluate", "--data", MnistFunctional.Tests.Data.RealMnist.Directory, "--model", path, "--format", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: Model file '{path}': its test loss is ", run.Error, StringComparison.Ordinal);
        Assert.Contains("the weights overflow", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void Max_megapixels_NaN_is_refused_naming_the_option()
    {
        var error = Assert.Throws<ArgumentException>(() => CommandRun.Predict(new PredictRequest(images.Path, ShippedModelFixture.FilePath, MaxMegapixels: double.NaN)));

        Assert.Equal("--max-megapixels must be a positive number, not NaN.", error.Message);
    }

    private CommandRun Predict(string grid) =>
        CommandRun.Predict(new PredictRequest(images.Path, ShippedModelFixture.FilePath, PredictFormat.Json, Grid: grid));
}
