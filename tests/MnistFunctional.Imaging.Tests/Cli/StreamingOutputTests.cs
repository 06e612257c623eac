using System.Text;
using System.Text.Json;
using Digits.Commands;
using MnistFunctional.Plotting.Digits;
using MnistFunctional.Tests;

namespace MnistFunctional.Imaging.Tests.Cli;

/// <summary>
/// issue 16: a slow file does not hold back the output of the others, in any format. The folder's first file is
/// a thin stroke on a 6000² picture (seconds to decode and normalise); the four small digits listed after it are
/// written out — and flushed — before its row, and the whole output is still the format's valid document.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class StreamingOutputTests : IDisposable
{
    private readonly TempFolder folder = new();

    public StreamingOutputTests()
    {
        folder.Write("0-slow.png", HostileFiles.ThinStrokeOnLargePicture(6000));
        for (var digit = 1; digit < 5; digit++)
        {
            folder.Write($"{digit}.png", DigitDrawing.Render(digit));
        }
    }

    public void Dispose() => folder.Dispose();

    [SkippableTheory]
    [InlineData("Text")]
    [InlineData("Json")]
    [InlineData("Jsonl")]
    [InlineData("Csv")]
    public void The_small_files_rows_are_flushed_before_the_slow_files_row(string formatName)
    {
        var format = Enum.Parse<PredictFormat>(formatName);
        Skip.If(Environment.ProcessorCount < 2, "predict reads one file per core: with one core the slow file, first in file order, is read first");
        using var output = new FlushRecorder();

        var exit = PredictCommand.Run(new PredictRequest(folder.Path, ShippedModelFixture.FilePath, format), output, TextWriter.Null, interactive: false);

        Assert.Equal(0, exit);
        var slow = output.Flushed.FindIndex(text => text.Contains("0-slow.png", StringComparison.Ordinal));
        foreach (var name in new[] { "1.png", "2.png", "3.png", "4.png" })
        {
            var flushed = output.Flushed.FindIndex(text => text.Contains(name, StringComparison.Ordinal));
            Assert.True(flushed >= 0 && flushed < slow, $"{name} was flushed at {flushed}, the slow file at {slow}:\n{string.Join("\n--- flush ---\n", output.Flushed)}");
        }

        AssertWhole(format, output.ToString());
    }

    /// <summary>Streamed or not, the output is the format's whole document once the run ends.</summary>
    private static void AssertWhole(PredictFormat format, string text)
    {
        switch (format)
        {
            case PredictFormat.Json:
                var json = JsonDocument.Parse(text).RootElement;
                Assert.Equal(5, json.GetProperty("predictions").GetArrayLength());
                Assert.Equal(0, json.GetProperty("skipped").GetArrayLength());
                break;
            case PredictFormat.Jsonl:
                var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(["0-slow.png", "1.png", "2.png", "3.png", "4.png"], lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("file").GetString()).Order(StringComparer.Ordinal));
                break;
            case PredictFormat.Csv:
                Assert.Equal(6, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
                break;
            default:
                Assert.EndsWith($"{Environment.NewLine}5 files: 5 predicted, 0 skipped.{Environment.NewLine}", text, StringComparison.Ordinal);
                break;
        }
    }

    /// <summary>Keeps what was written, and each piece as it was flushed (what a pipe reader would have seen by then).</summary>
    private sealed class FlushRecorder : StringWriter
    {
        private int flushedUpTo;

        public List<string> Flushed { get; } = [];

        public override void Flush()
        {
            var all = GetStringBuilder();
            Flushed.Add(all.ToString(flushedUpTo, all.Length - flushedUpTo));
            flushedUpTo = all.Length;
            base.Flush();
        }

        public override Encoding Encoding => Encoding.UTF8;
    }
}
