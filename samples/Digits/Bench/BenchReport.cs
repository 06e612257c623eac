using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Digits.Bench;

/// <summary>The figures as JSON (<c>{"backends":{name:{…}}}</c>) or as a table with ratios to the first backend.</summary>
internal static class BenchReport
{
    public static string Json(IReadOnlyList<BenchResult> results)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("backends");
            foreach (var result in results)
            {
                json.WriteStartObject(result.Backend);
                json.WriteStartObject("train_images_per_s");
                foreach (var (batch, rate) in result.TrainImagesPerSecond)
                {
                    json.WriteNumber(batch.ToString(CultureInfo.InvariantCulture), Math.Round(rate, 1));
                }

                json.WriteEndObject();
                json.WriteNumber("infer_images_per_s", Math.Round(result.InferImagesPerSecond, 1));
                json.WriteNumber("latency_us", Math.Round(result.LatencyMicroseconds, 1));
                json.WriteNumber("peak_memory_mb", Math.Round(result.PeakMemoryMegabytes, 1));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }

    public static string Text(IReadOnlyList<BenchResult> results)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"{"backend",-10}{"train/s b32",14}{"train/s b128",14}{"infer/s b256",14}{"latency µs",12}{"peak MB",10}");
        foreach (var r in results)
        {
            text.AppendLine(culture, $"{r.Backend,-10}{r.TrainImagesPerSecond[32],14:N0}{r.TrainImagesPerSecond[128],14:N0}{r.InferImagesPerSecond,14:N0}{r.LatencyMicroseconds,12:N1}{r.PeakMemoryMegabytes,10:N0}");
        }

        return text.ToString();
    }
}
