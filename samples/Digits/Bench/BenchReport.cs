using System.Globalization;
using System.Text;
using System.Text.Json;
using MnistFunctional.Backend;

namespace Digits.Bench;

/// <summary>
/// The figures as JSON (<c>{"machine":{…},"backends":{name:{…}}}</c>) or as a table, each with the machine it ran on
/// and the share of that machine's FMA peak each backend's training step reaches.
/// </summary>
internal static class BenchReport
{
    public static string Json(BenchRun run)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("machine");
            json.WriteString("cpu", run.Machine.Cpu);
            json.WriteNumber("cores", run.Machine.Cores);
            json.WriteString("isa", run.Machine.Isa);
            WritePeak(json, run.Machine.Peak);
            json.WriteNumber("train_mflop_per_image", Math.Round(run.TrainingFlopsPerImage / 1e6, 2));
            json.WriteEndObject();
            json.WriteStartObject("backends");
            foreach (var result in run.Results)
            {
                json.WriteStartObject(result.Backend);
                if (result.TrainImagesPerSecond.Count > 0)
                {
                    WriteTraining(json, run, result);
                }

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

    public static string Text(BenchRun run)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        var machine = run.Machine;
        text.AppendLine(culture, $"machine: {machine.Cpu}, {machine.Cores} cores, {machine.Isa}, {PeakText(machine.Peak)}");
        text.AppendLine(culture, $"training step: {run.TrainingFlopsPerImage / 1e6:N1} MFLOP per image");
        text.AppendLine(culture, $"{"backend",-10}{"train/s b32",14}{"train/s b128",14}{"peak b32",10}{"peak b128",10}{"infer/s b256",14}{"latency µs",12}{"peak MB",10}");
        foreach (var r in run.Results)
        {
            var training = r.TrainImagesPerSecond.Count > 0
                ? string.Create(culture, $"{r.TrainImagesPerSecond[32],14:N0}{r.TrainImagesPerSecond[128],14:N0}{Share(run.TrainPeakShare(r, 32)),10}{Share(run.TrainPeakShare(r, 128)),10}")
                : $"{"-",14}{"-",14}{"-",10}{"-",10}";
            text.AppendLine(culture, $"{r.Backend,-10}{training}{r.InferImagesPerSecond,14:N0}{r.LatencyMicroseconds,12:N1}{r.PeakMemoryMegabytes,10:N0}");
        }

        if (run.Results.FirstOrDefault(r => r.Backend == "mathnet") is { } ours && run.Results.FirstOrDefault(r => r.Backend == "onnx") is { } onnx)
        {
            text.AppendLine(culture, $"mathnet / onnx: inference {ours.InferImagesPerSecond / onnx.InferImagesPerSecond:N2}x (target >= 1.5x), latency {ours.LatencyMicroseconds / onnx.LatencyMicroseconds:N2}x (target <= 1x)");
        }

        return text.ToString();
    }

    private static void WriteTraining(Utf8JsonWriter json, BenchRun run, BenchResult result)
    {
        json.WriteStartObject("train_images_per_s");
        foreach (var (batch, rate) in result.TrainImagesPerSecond)
        {
            json.WriteNumber(batch.ToString(CultureInfo.InvariantCulture), Math.Round(rate, 1));
        }

        json.WriteEndObject();
        json.WriteStartObject("train_peak_share");
        foreach (var batch in result.TrainImagesPerSecond.Keys)
        {
            WriteNumberOrNull(json, batch.ToString(CultureInfo.InvariantCulture), run.TrainPeakShare(result, batch), 3);
        }

        json.WriteEndObject();
    }

    /// <summary>The all-cores peak (null when the cores were never free at once), one core's, and how many rounds had every core.</summary>
    private static void WritePeak(Utf8JsonWriter json, FmaPeakMeasurement peak)
    {
        WriteNumberOrNull(json, "peak_gflops", peak.PeakGflops, 1);
        json.WriteNumber("one_core_gflops", Math.Round(peak.OneCoreGflops, 1));
        json.WriteNumber("peak_rounds_all_cores", peak.RoundsWithAllCores);
        json.WriteNumber("peak_rounds", peak.Rounds);
        if (peak.PeakGflops is null)
        {
            json.WriteString("peak_note", NoPeak(peak));
        }
    }

    private static string PeakText(FmaPeakMeasurement peak) =>
        peak.PeakGflops is { } gflops
            ? string.Create(CultureInfo.InvariantCulture, $"FMA peak {gflops:N0} GFLOP/s ({peak.Threads} threads at once, {peak.RoundsWithAllCores} of {peak.Rounds} rounds; one core {peak.OneCoreGflops:N0}; this run)")
            : NoPeak(peak) + "; no peak shares";

    private static string NoPeak(FmaPeakMeasurement peak) => string.Create(
        CultureInfo.InvariantCulture,
        $"FMA peak not measured: in none of {peak.Rounds} rounds did the {peak.Threads} threads each get a core at once (busy machine?): together at best {peak.AllCoresGflops:N0} GFLOP/s, one core {peak.OneCoreGflops:N0}");

    private static string Share(double? share) => share is { } value ? value.ToString("P0", CultureInfo.InvariantCulture) : "-";

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value, int digits)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, Math.Round(number, digits));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
