using System.Text.Json;
using MnistFunctional.Reporting;
using MnistFunctional.Training;

namespace MnistFunctional.Tests.Reporting;

public class HistoryJsonTests
{
    [Fact]
    public void Uses_the_Keras_key_names_in_a_fixed_order()
    {
        var json = HistoryJson.Serialize(Sample());

        using var document = JsonDocument.Parse(json);
        Assert.Equal(
            ["loss", "accuracy", "val_loss", "val_accuracy", "epoch_seconds", "epoch", "epochs", "stop_reason"],
            document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal([0.1523, 0.0481, 0.0337], document.RootElement.GetProperty("loss").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([0.9812, 0.9867, 0.9871], document.RootElement.GetProperty("val_accuracy").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(3, document.RootElement.GetProperty("epochs").GetInt32());
        Assert.Equal("completed", document.RootElement.GetProperty("stop_reason").GetString());
    }

    [Fact]
    public void Round_trips_exactly_including_extra_fields()
    {
        var history = Sample().WithExtra("best_epoch", 3).WithExtra("learning_rate", 0.001);

        var read = HistoryJson.Parse(HistoryJson.Serialize(history));

        Assert.Equal(history, read);
        Assert.Equal("completed", read.ExtraString("stop_reason"));
        Assert.Equal(0.001, read.ExtraNumber("learning_rate"));
    }

    [Fact]
    public void Output_is_deterministic_and_culture_invariant()
    {
        var culture = Thread.CurrentThread.CurrentCulture;
        string german;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            german = HistoryJson.Serialize(Sample());
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = culture;
        }

        var json = HistoryJson.Serialize(Sample());
        Assert.Equal(json, german);
        Assert.Contains("0.1523", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", json, StringComparison.Ordinal);

        // Extras are ordered by key, not by the order they were added.
        var a = new TrainingHistory([]).WithExtra("b", 1).WithExtra("a", 2);
        var b = new TrainingHistory([]).WithExtra("a", 2).WithExtra("b", 1);
        Assert.Equal(HistoryJson.Serialize(a), HistoryJson.Serialize(b));
    }

    [Fact]
    public void Missing_validation_is_written_as_null_and_read_back_as_NaN()
    {
        var history = new TrainingHistory([new EpochMetrics(1, 0.2, 0.9, double.NaN, double.NaN, 1.5)]);

        var json = HistoryJson.Serialize(history);
        var read = HistoryJson.Parse(json);

        Assert.Contains("null", json, StringComparison.Ordinal);
        Assert.True(double.IsNaN(read.Epochs[0].ValidationLoss));
        Assert.Equal(history, read);
    }

    [Fact]
    public void Reads_a_plain_Keras_history_without_epoch_numbers_or_times()
    {
        var read = HistoryJson.Parse("""{"loss": [0.5, 0.25], "accuracy": [0.8, 0.9]}""");

        Assert.Equal([1, 2], read.Epochs.Select(m => m.Epoch));
        Assert.Equal(0.25, read.Epochs[1].Loss);
        Assert.True(double.IsNaN(read.Epochs[1].ValidationAccuracy));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("""{"accuracy": [0.9]}""", "\"loss\" array is missing")]
    [InlineData("""{"loss": [0.1, 0.2], "accuracy": [0.9]}""", "\"accuracy\" has 1 values but \"loss\" has 2")]
    [InlineData("""{"loss": [0.1, "x"]}""", "\"loss\"[1] must be a number")]
    [InlineData("""{"loss": [0.1], "epoch": [0]}""", "must be a positive whole number")]
    public void A_malformed_history_is_refused_with_a_message_naming_the_problem(string json, string expected)
    {
        var exception = Assert.Throws<InvalidDataException>(() => HistoryJson.Parse(json, "'h.json'"));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.StartsWith("'h.json'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metric_keys_cannot_be_used_as_extra_fields()
    {
        Assert.Throws<ArgumentException>(() => Sample().WithExtra("val_loss", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sample().WithExtra("x", double.NaN));
    }

    [Fact]
    public void Write_then_Read_round_trips_through_a_file_and_leaves_no_temp_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("history.json");

        HistoryJson.Write(path, Sample());
        HistoryJson.Write(path, Sample().WithExtra("stop_reason", "early_stopping"));

        Assert.Equal("early_stopping", HistoryJson.Read(path).ExtraString("stop_reason"));
        Assert.Equal(["history.json"], folder.Entries());
    }

    [Fact]
    public void A_failed_write_leaves_the_old_file_and_no_temp_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("history.json");
        HistoryJson.Write(path, Sample());
        var before = File.ReadAllBytes(path);

        // A folder in the way makes the final rename fail after the temp file was written.
        var blocked = folder.File("blocked.json");
        Directory.CreateDirectory(blocked);
        var exception = Assert.Throws<IOException>(() => HistoryJson.Write(blocked, Sample()));

        Assert.Contains("nothing was written", exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["blocked.json", "history.json"], folder.Entries()); // the test's own folder, and no temp file
    }

    internal static TrainingHistory Sample() =>
        new TrainingHistory(
        [
            new EpochMetrics(1, 0.1523, 0.9534, 0.0612, 0.9812, 41.25),
            new EpochMetrics(2, 0.0481, 0.9851, 0.0455, 0.9867, 40.5),
            new EpochMetrics(3, 0.0337, 0.9894, 0.0431, 0.9871, 40.75),
        ])
        .WithExtra("epochs", 3)
        .WithExtra("stop_reason", "completed");
}
