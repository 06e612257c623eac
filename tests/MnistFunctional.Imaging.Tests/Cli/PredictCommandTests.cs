using System.Text.Json;
using Digits.Commands;
using MnistFunctional.Plotting;
using MnistFunctional.Plotting.Digits;
using MnistFunctional.Serialization;
using MnistFunctional.Tests;
using SixLabors.ImageSharp;
using Colors = ScottPlot.Colors;

namespace MnistFunctional.Imaging.Tests.Cli;

public sealed class PredictCommandTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Hostile_files_are_skipped_with_their_reasons_and_the_good_files_beside_them_are_predicted()
    {
        Draw("3.png", 3);
        folder.Write("7.jpg", DigitDrawing.Render(7, new DigitStyle { Format = DigitFileFormat.Jpeg }));
        folder.Write("empty.png", HostileFiles.Empty);
        folder.Write("note.png", HostileFiles.TextNamedPng);
        folder.Write("cut.png", HostileFiles.Truncated(DigitDrawing.Render(5, new DigitStyle { Noise = 20 })));
        folder.Write("huge.png", HostileFiles.PngHeaderClaiming(100_000, 100_000));

        var run = Predict(PredictFormat.Json);

        Assert.Equal(PredictCommand.SomeSkipped, run.ExitCode);
        var json = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal([("3.png", 3), ("7.jpg", 7)], json.GetProperty("predictions").EnumerateArray().Select(p => (p.GetProperty("file").GetString(), p.GetProperty("digit").GetInt32())).Order());
        Assert.Equal(
            [
                ("cut.png", "truncated PNG: the file ends before the IEND chunk"),
                ("empty.png", "the file is empty"),
                ("huge.png", "100000×100000 pixels is over the limit of 40,000,000 pixels"),
                ("note.png", "not a PNG, JPEG, BMP or GIF image"),
            ],
            json.GetProperty("skipped").EnumerateArray().Select(s => (s.GetProperty("file").GetString(), s.GetProperty("reason").GetString())));
    }

    [Fact]
    public void Exit_code_is_0_when_every_file_was_predicted()
    {
        Draw("1.png", 1);
        Draw("2.png", 2);

        Assert.Equal(0, Predict().ExitCode);
    }

    [Fact]
    public void A_blank_image_is_skipped_as_no_digit_found_not_given_a_guess()
    {
        Draw("4.png", 4);
        Draw("blank.png", 8, new DigitStyle { Ink = Colors.White });

        var run = Predict(PredictFormat.Json);

        Assert.Equal(PredictCommand.SomeSkipped, run.ExitCode);
        var skipped = Assert.Single(JsonDocument.Parse(run.Output).RootElement.GetProperty("skipped").EnumerateArray());
        Assert.Equal(("blank.png", "no digit found"), (skipped.GetProperty("file").GetString(), skipped.GetProperty("reason").GetString()));
    }

    [Fact]
    public void Json_has_the_top_three_digits_with_probabilities_most_likely_first()
    {
        Draw("6.png", 6);

        var prediction = JsonDocument.Parse(Predict(PredictFormat.Json).Output).RootElement.GetProperty("predictions")[0];

        var top3 = prediction.GetProperty("top3").EnumerateArray().Select(t => (Digit: t[0].GetInt32(), P: t[1].GetDouble())).ToList();
        Assert.Equal(3, top3.Count);
        Assert.Equal(6, top3[0].Digit);
        Assert.Equal(prediction.GetProperty("confidence").GetDouble(), top3[0].P);
        Assert.True(top3[0].P >= top3[1].P && top3[1].P >= top3[2].P);
    }

    [Fact]
    public void Text_is_one_table_of_every_file_as_it_is_done_then_a_count()
    {
        Draw("0.png", 0);
        folder.Write("readme.txt", HostileFiles.TextNamedPng);

        var lines = Predict().Output.Split(Environment.NewLine);

        // The file column is as wide as the longest name listed, so each row is laid out when it comes.
        Assert.Equal("file        digit  confidence  runner-up", lines[0]);
        var rows = lines[1..3].Order(StringComparer.Ordinal).ToArray(); // rows come as the files are done
        Assert.Matches(@"^0\.png           0  +\d+\.\d%  \d \((<0\.01|[0-9.]+)%\)$", rows[0]);
        Assert.Equal("readme.txt      -           -  skipped: not a PNG, JPEG, BMP or GIF image", rows[1]);
        Assert.Equal(string.Empty, lines[3]);
        Assert.Equal("2 files: 1 predicted, 1 skipped.", lines[4]);
    }

    [Fact]
    public void On_a_terminal_the_rows_scroll_above_the_progress_bar_not_after_it()
    {
        for (var digit = 0; digit < 6; digit++)
        {
            Draw($"{digit}.png", digit);
        }

        using var terminal = new StringWriter(); // stdout and stderr on the same terminal
        PredictCommand.Run(new PredictRequest(folder.Path, ShippedModelFixture.FilePath), terminal, terminal, interactive: true);

        // What each line shows: a carriage return goes back to the line's start, and the bar is cleared with spaces.
        var shown = terminal.ToString().Split(Environment.NewLine).Select(line => line[(line.LastIndexOf('\r') + 1)..].TrimEnd()).ToArray();
        Assert.Equal("file   digit  confidence  runner-up", shown[0]);
        Assert.All(shown[1..7], line => Assert.Matches(@"^\d\.png      \d ", line));
        Assert.Equal("6 files: 6 predicted, 0 skipped.", shown[8]);
    }

    [Fact]
    public void Csv_has_a_header_and_one_row_per_file_quoted_when_needed()
    {
        Draw("9, the last.png", 9);
        Draw("1.png", 1);
        folder.Write("empty.gif", HostileFiles.Empty);

        var rows = Predict(PredictFormat.Csv).Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("file,digit,confidence,second,second_confidence,third,third_confidence,skipped_reason", rows[0]);
        var files = rows[1..].Order(StringComparer.Ordinal).ToArray(); // rows come as the files are done
        Assert.StartsWith("\"9, the last.png\",9,", files[0], StringComparison.Ordinal);
        Assert.StartsWith("1.png,1,", files[1], StringComparison.Ordinal);
        Assert.Equal("empty.gif,,,,,,,the file is empty", files[2]);
        Assert.Equal(4, rows.Length);
    }

    [Fact]
    public void Recursive_reaches_subfolders_and_names_files_relative_with_forward_slashes()
    {
        Draw("2.png", 2);
        Directory.CreateDirectory(folder.File("more"));
        Draw("more/5.png", 5);

        var flat = Files(Predict(PredictFormat.Json));
        var deep = Files(Predict(PredictFormat.Json, recursive: true));

        Assert.Equal(["2.png"], flat);
        Assert.Equal(["2.png", "more/5.png"], deep);
    }

    [Fact]
    public void Hidden_files_are_left_out()
    {
        Draw("3.png", 3);
        folder.Write(".DS_Store", HostileFiles.TextNamedPng);

        var run = Predict(PredictFormat.Json);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["3.png"], Files(run));
    }

    [Fact]
    public void The_pixel_limit_is_an_option()
    {
        Draw("big.png", 3, new DigitStyle { Width = 1200, Height = 1000 });

        var run = CommandRun.Predict(new PredictRequest(folder.Path, ShippedModelFixture.FilePath, PredictFormat.Json, MaxMegapixels: 1));

        Assert.Equal(PredictCommand.SomeSkipped, run.ExitCode);
        Assert.Contains("1200×1000 pixels is over the limit of 1,000,000 pixels", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_grid_is_a_png_written_atomically_with_a_tile_per_image()
    {
        Draw("0.png", 0);
        Draw("blank.png", 1, new DigitStyle { Ink = Colors.White });
        folder.Write("note.png", HostileFiles.TextNamedPng);
        using var output = new TempFolder();
        var grid = output.File("grid.png");

        var run = CommandRun.Predict(new PredictRequest(folder.Path, ShippedModelFixture.FilePath, Grid: grid));

        Assert.Equal(["grid.png"], output.Entries());
        var info = Image.Identify(grid);
        Assert.Equal("PNG", Image.DetectFormat(grid).Name);
        Assert.Equal(2 * PredictionGridPlot.TileWidth, info.Width); // two tiles (the digit and the blank page) side by side; the text file has none
        Assert.Contains($"Grid: {grid}", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_is_a_fatal_error_naming_it()
    {
        var missing = folder.File("nowhere");

        var error = Assert.Throws<DirectoryNotFoundException>(() => CommandRun.Predict(new PredictRequest(missing, ShippedModelFixture.FilePath)));

        Assert.Equal($"the folder '{missing}' does not exist.", error.Message);
    }

    [Fact]
    public void A_missing_model_is_a_fatal_error_naming_it()
    {
        Draw("3.png", 3);
        var model = folder.File("none.safetensors");

        var error = Assert.Throws<ModelFileException>(() => CommandRun.Predict(new PredictRequest(folder.Path, model)));

        Assert.Contains(model, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_model_is_a_fatal_error_naming_it()
    {
        Draw("3.png", 3);
        var model = folder.Write("bad.safetensors", [.. File.ReadAllBytes(ShippedModelFixture.FilePath).AsSpan(0, 5000)]);

        var error = Assert.Throws<ModelFileException>(() => CommandRun.Predict(new PredictRequest(folder.Path, model)));

        Assert.Contains(model, error.Message, StringComparison.Ordinal);
    }

    private static string[] Files(CommandRun run) =>
        [.. JsonDocument.Parse(run.Output).RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("file").GetString()!).Order(StringComparer.Ordinal)];

    private void Draw(string name, int digit, DigitStyle? style = null) => folder.Write(name, DigitDrawing.Render(digit, style));

    private CommandRun Predict(PredictFormat format = PredictFormat.Text, bool recursive = false) =>
        CommandRun.Predict(new PredictRequest(folder.Path, ShippedModelFixture.FilePath, format, Recursive: recursive));
}
