using System.Runtime.Versioning;
using System.Text.Json;
using Digits.Commands;
using MnistFunctional.Imaging.Prediction;
using MnistFunctional.Imaging.Reading;
using MnistFunctional.Imaging.Tests.Cli;
using MnistFunctional.Plotting.Digits;
using MnistFunctional.Tests;

namespace MnistFunctional.Imaging.Tests.Hostile;

/// <summary>
/// issue 16's cases against <c>predict</c>'s input side: what is in the folder can never hang the run, stall it
/// forever, make it read without bound, or print something the terminal would act on.
/// </summary>
[Collection(Cli.AloneCollection.Name)]
public sealed class HostileFolderTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_link_to_a_FIFO_and_a_FIFO_are_skipped_without_blocking()
    {
        Draw("3.png", 3);
        var fifo = SpecialFiles.Fifo(folder.File("pipe.png"));
        File.CreateSymbolicLink(folder.File("link-to-pipe.png"), fifo);

        var skipped = Skipped(PredictWithin(Patience).Output);

        Assert.Equal("it is a FIFO (named pipe), not a regular file", skipped["link-to-pipe.png"]);
        Assert.Equal("it is a FIFO (named pipe), not a regular file", skipped["pipe.png"]);
    }

    [Fact]
    public void A_link_to_dev_zero_is_refused_without_reading_it()
    {
        Draw("3.png", 3);
        File.CreateSymbolicLink(folder.File("zero.png"), "/dev/zero");

        var skipped = Skipped(PredictWithin(Patience).Output);

        Assert.Equal("it is a character device, not a regular file", skipped["zero.png"]);
    }

    [SkippableFact]
    public void A_device_node_in_the_folder_is_refused()
    {
        Skip.IfNot(SpecialFiles.IsRoot, "making a device node (mknod) needs root; CI runs as root");
        Draw("3.png", 3);
        SpecialFiles.ZeroDevice(folder.File("device.png"));

        var skipped = Skipped(PredictWithin(Patience).Output);

        Assert.Equal("it is a character device, not a regular file", skipped["device.png"]);
    }

    [Fact]
    public void With_recursive_a_link_to_a_folder_is_not_followed_so_no_file_is_read_twice()
    {
        Draw("3.png", 3);
        Directory.CreateDirectory(folder.File("sub"));
        Draw("sub/4.png", 4);
        Directory.CreateSymbolicLink(folder.File("loop"), folder.Path);
        Directory.CreateSymbolicLink(folder.File("sub/up"), "..");

        var json = JsonDocument.Parse(Run(new PredictRequest(folder.Path, ShippedModelFixture.FilePath, PredictFormat.Json, Recursive: true)).Output).RootElement;

        Assert.Equal(["3.png", "sub/4.png"], json.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("file").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(
            [("loop/", ImageFolder.LinkedFolder), ("sub/up/", ImageFolder.LinkedFolder)],
            json.GetProperty("skipped").EnumerateArray().Select(s => (s.GetProperty("file").GetString(), s.GetProperty("reason").GetString())));
    }

    [SkippableFact]
    [SupportedOSPlatform("linux")]
    public void An_unreadable_subfolder_is_reported_not_left_out()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "folder modes and setpriv are Linux's");

        // As root (CI) the program runs as the user nobody: root would read the folder whatever its mode.
        var images = Directory.CreateDirectory(folder.File("images")).FullName;
        Draw("images/3.png", 3);
        var locked = Directory.CreateDirectory(folder.File("images/locked"));
        Draw("images/locked/4.png", 4);
        var model = folder.File("model.safetensors");
        File.Copy(ShippedModelFixture.FilePath, model);
        File.SetUnixFileMode(locked.FullName, UnixFileMode.None);
        try
        {
            var run = DigitsProcess.RunUnprivileged(folder, images, "predict", images, "--recursive", "--format", "json", "--model", model);

            Assert.True(run.ExitCode == PredictCommand.SomeSkipped, $"exit {run.ExitCode}: {run.Error}");
            var json = JsonDocument.Parse(run.Output).RootElement;
            Assert.Equal(["3.png"], json.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("file").GetString()));
            Assert.StartsWith("the folder cannot be read: ", Skipped(run.Output)["locked/"], StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(locked.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void Control_characters_in_file_names_are_escaped_in_the_text_table()
    {
        Draw("3\u001b[2J.png", 3);
        Draw("4\nforged row.png", 4);

        var run = Run(new PredictRequest(folder.Path, ShippedModelFixture.FilePath));

        Assert.DoesNotContain('\u001b', run.Output);
        Assert.Contains(@"3\x1B[2J.png", run.Output, StringComparison.Ordinal);
        Assert.Contains(@"4\nforged row.png", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_name_that_is_not_UTF8_is_skipped_with_a_reason_that_says_so()
    {
        Draw("3.png", 3);
        Shell($"printf 'x' > \"$(printf '{folder.Path}/bad-\\377.png')\"");

        var skipped = Skipped(Run(new PredictRequest(folder.Path, ShippedModelFixture.FilePath, PredictFormat.Json)).Output);

        Assert.Equal("the file name is not valid UTF-8, so it cannot be opened; rename the file", Assert.Single(skipped).Value);
    }

    [Fact]
    public void A_slow_file_holds_back_no_other_files_result()
    {
        folder.Write("0-slow.png", HostileFiles.ThinStrokeOnLargePicture(6000));
        for (var digit = 1; digit < 5; digit++)
        {
            Draw($"{digit}.png", digit);
        }

        var model = new ShippedModelFixture();
        var options = new FolderPredictionOptions { Workers = 2 };
        var batches = FolderPredictor.PredictBatches(folder.Path, Models.MnistCnn.Network, model.Parameters, options).ToList();

        // The slow file is first in file order and taken first, but the other worker's four files come out while it is decoded.
        Assert.Equal(["0-slow.png"], batches[^1].Predictions.Select(p => p.File));
        Assert.Equal(["1.png", "2.png", "3.png", "4.png"], batches[..^1].SelectMany(b => b.Predictions).Select(p => p.File));
        Assert.Equal([1, 2, 3, 4], batches[..^1].SelectMany(b => b.Predictions).Select(p => p.Prediction.Digit));
        Assert.Equal(["0-slow.png", "1.png", "2.png", "3.png", "4.png"], FolderPrediction.InFileOrder(batches).Predictions.Select(p => p.File));
    }

    [Fact]
    public void Batches_hold_what_is_done_in_file_order_and_at_most_the_batch_size()
    {
        for (var digit = 0; digit < 7; digit++)
        {
            Draw($"{digit}.png", digit);
        }

        var model = new ShippedModelFixture();
        var batches = FolderPredictor.PredictBatches(folder.Path, Models.MnistCnn.Network, model.Parameters, new FolderPredictionOptions { BatchSize = 2 }).ToList();

        Assert.All(batches, b => Assert.InRange(b.FileCount, 1, 2));
        Assert.All(batches, b => Assert.Equal(b.Predictions.Select(p => p.File).Order(StringComparer.Ordinal), b.Predictions.Select(p => p.File)));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], FolderPrediction.InFileOrder(batches).Predictions.Select(p => p.Prediction.Digit));
    }

    private static Dictionary<string, string> Skipped(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("skipped").EnumerateArray()
            .ToDictionary(s => s.GetProperty("file").GetString()!, s => s.GetProperty("reason").GetString()!);

    private static CommandRun Run(PredictRequest request) => CommandRun.Predict(request);

    private static void Shell(string command)
    {
        using var process = System.Diagnostics.Process.Start("bash", ["-c", command]);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    /// <summary>The JSON run, failed (not hung) when it does not end within <paramref name="limit"/>.</summary>
    private CommandRun PredictWithin(TimeSpan limit)
    {
        var run = Task.Run(() => Run(new PredictRequest(folder.Path, ShippedModelFixture.FilePath, PredictFormat.Json)));
        Assert.True(run.Wait(limit), $"predict did not finish within {limit.TotalSeconds} s");
        return run.Result;
    }

    private void Draw(string name, int digit) => folder.Write(name, DigitDrawing.Render(digit, null));
}
