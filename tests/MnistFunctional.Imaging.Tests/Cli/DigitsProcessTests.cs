using MnistFunctional.Plotting.Digits;
using MnistFunctional.Tests;
using MnistFunctional.Tests.Data;

namespace MnistFunctional.Imaging.Tests.Cli;

/// <summary>The <c>digits predict</c> program end to end: arguments, exit codes, messages.</summary>
public sealed class DigitsProcessTests
{
    [Fact]
    public void Predict_on_the_demo_folder_from_the_repository_root_needs_nothing_else_and_exits_0()
    {
        var run = DigitsProcess.Run(RealMnist.RepositoryRoot, "predict", "data/samples");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.StartsWith("file ", run.Output, StringComparison.Ordinal);
        Assert.Contains("12 files: 12 predicted, 0 skipped.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Some_files_skipped_is_exit_code_3()
    {
        using var folder = new TempFolder();
        folder.Write("3.png", DigitDrawing.Render(3));
        folder.Write("huge.png", HostileFiles.PngHeaderClaiming(100_000, 100_000));

        var run = DigitsProcess.Run(RealMnist.RepositoryRoot, "predict", folder.Path, "--format", "csv");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("huge.png,,,,,,,\"100000×100000 pixels is over the limit of 40,000,000 pixels\"", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_is_exit_code_1_with_one_clear_line()
    {
        var run = DigitsProcess.Run(RealMnist.RepositoryRoot, "predict", "no/such/folder");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: the folder 'no/such/folder' does not exist." + Environment.NewLine, run.Error);
    }

    [Fact]
    public void A_missing_model_is_exit_code_1_naming_the_file()
    {
        var run = DigitsProcess.Run(RealMnist.RepositoryRoot, "predict", "data/samples", "--model", "no/such/model.safetensors");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("no/such/model.safetensors", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_every_option()
    {
        var run = DigitsProcess.Run(RealMnist.RepositoryRoot, "predict", "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var option in new[] { "FOLDER", "--model", "--format", "--grid", "--recursive", "--raw", "--max-megapixels" })
        {
            Assert.Contains(option, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_format_is_refused_by_the_parser()
    {
        var run = DigitsProcess.Run(RealMnist.RepositoryRoot, "predict", "data/samples", "--format", "xml");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("xml", run.Error, StringComparison.Ordinal);
    }
}
