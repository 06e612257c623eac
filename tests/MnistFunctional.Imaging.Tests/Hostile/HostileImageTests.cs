using System.Globalization;
using MnistFunctional.Imaging.Prediction;
using MnistFunctional.Imaging.Reading;
using MnistFunctional.Imaging.Tests.Cli;
using MnistFunctional.Plotting.Digits;
using MnistFunctional.Tests;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace MnistFunctional.Imaging.Tests.Hostile;

/// <summary>issue 16's budgets: time per file, decoded bytes in flight, first GIF frame only, and PNGs whose image data is short.</summary>
public sealed class HostileImageTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_png_whose_chunks_are_whole_but_whose_image_data_is_short_is_truncated()
    {
        var png = HostileFiles.PngWithShortImageData(DigitDrawing.Render(5, new DigitStyle { Noise = 20 }));

        var result = Assert.IsType<UnreadableImage>(new ImageFileReader().Decode(png));

        Assert.StartsWith("truncated PNG: the image data holds ", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decoding_longer_than_the_time_limit_is_given_up_with_the_reason()
    {
        using var image = new Image<Rgba32>(3000, 3000, new Rgba32(255, 255, 255));
        using var encoded = new MemoryStream();
        image.SaveAsPng(encoded);
        var reader = new ImageFileReader(new ImageReadOptions { DecodeTimeLimit = TimeSpan.FromMilliseconds(2) });

        var result = Assert.IsType<UnreadableImage>(reader.Decode(encoded.ToArray()));

        Assert.Equal("decoding took longer than the limit of 0.002 s", result.Reason);
    }

    [Fact]
    public void Only_the_first_frame_of_a_gif_is_decoded()
    {
        // 5,000 frames on a 2000×2000 canvas: 80 GB if every frame were composed.
        var gif = HostileFiles.GifOfManyFrames(5000, 2000);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = Assert.IsType<DecodedImage>(new ImageFileReader().Decode(gif));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal((2000, 2000), (result.Gray.Width, result.Gray.Height));
        Assert.True(allocated < 2_000_000_000, $"allocated {allocated:N0} bytes"); // one canvas (16 MB) and the gray copy, plus other tests running alongside
    }

    [Fact]
    public void The_memory_gate_never_holds_more_than_its_capacity_and_lets_an_oversized_piece_through_alone()
    {
        var gate = new MemoryGate(100);
        var inside = 0L;
        var worst = 0L;
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var bytes = i % 10 == 0 ? 500 : 30; // every tenth piece is larger than the whole budget
            using (gate.Enter(bytes))
            {
                var now = Interlocked.Add(ref inside, Math.Min(bytes, 100));
                InterlockedMax(ref worst, now);
                Thread.SpinWait(2000);
                Interlocked.Add(ref inside, -Math.Min(bytes, 100));
            }
        });

        Assert.InRange(worst, 30, 100);
        Assert.Equal(worst, gate.Peak);
    }

    [Fact]
    public void Peak_memory_of_predict_stays_bounded_whatever_the_folder_holds()
    {
        // Six 6000×6000 RGBA PNGs (36 MP each, under the 40 MP limit) and a GIF of 5,000 frames: measured from outside, in a child process.
        using (var image = new Image<Rgba32>(6000, 6000, new Rgba32(255, 255, 255, 255)))
        {
            image[3000, 3000] = new Rgba32(0, 0, 0, 254); // not all opaque: a true RGBA file
            image.SaveAsPng(folder.File("big-0.png"));
        }

        for (var i = 1; i < 6; i++)
        {
            File.Copy(folder.File("big-0.png"), folder.File($"big-{i}.png"));
        }

        folder.Write("frames.gif", HostileFiles.GifOfManyFrames(5000, 2000));

        var run = DigitsProcess.Run(folder.Path, new Dictionary<string, string> { ["DIGITS_REPORT_PEAK_MEMORY"] = "1" }, "predict", folder.Path, "--model", ShippedModelFixture.FilePath, "--raw", "--format", "csv");

        var peakLine = run.Error.Split(Environment.NewLine).Single(line => line.StartsWith("peak memory: ", StringComparison.Ordinal));
        var peak = double.Parse(peakLine["peak memory: ".Length..^" MB".Length], CultureInfo.InvariantCulture);
        output.WriteLine($"{peakLine} for 6 × 6000×6000 PNG + a 5,000-frame GIF (decode budget {FolderPredictionOptions.Default.DecodeMemoryMegabytes} MB)");
        Assert.True(run.ExitCode is 0 or 3, run.Error);
        Assert.Equal(7, run.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1);
        Assert.True(peak < FolderPredictionOptions.Default.DecodeMemoryMegabytes + 512, $"{peakLine}, over the decode budget + 512 MB");
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
