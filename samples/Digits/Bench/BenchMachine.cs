using MnistFunctional.Backend;

namespace Digits.Bench;

/// <summary>
/// The machine a bench run measured: CPU model, cores, the vector ISA the kernels use, and the FMA peak measured in
/// the same run (of all cores at once, and of one core; see <see cref="FmaPeakMeasurement"/>).
/// </summary>
internal sealed record BenchMachine(string Cpu, int Cores, string Isa, FmaPeakMeasurement Peak)
{
    /// <summary>The peak of all cores, GFLOP/s, or null when the cores were never all free for the peak loop at once.</summary>
    public double? PeakGflops => Peak.PeakGflops;

    public static BenchMachine Measure(bool quick) =>
        new(CpuModel(), Environment.ProcessorCount, FmaPeak.Isa, MeasurePeak(Environment.ProcessorCount, quick));

    /// <summary>The same machine with the better of its peak and a new measurement (bench measures before and after the backends).</summary>
    public BenchMachine MeasuredAgain(bool quick) => this with { Peak = Peak.Better(MeasurePeak(Cores, quick)) };

    private static FmaPeakMeasurement MeasurePeak(int cores, bool quick) => FmaPeak.Measure(cores, rounds: quick ? 20 : 50);

    /// <summary>
    /// The CPU as /proc/cpuinfo names it (Linux), with its family and model numbers where it gives them — the model
    /// name alone ("AMD EPYC") does not tell one generation from the next — else the processor architecture.
    /// </summary>
    public static string CpuModel()
    {
        const string Path = "/proc/cpuinfo";
        return (File.Exists(Path) ? CpuModel(File.ReadLines(Path).TakeWhile(line => line.Length > 0)) : null)
            ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>"model name (family F, model M)" from the first processor's lines of /proc/cpuinfo, or null without a model name.</summary>
    public static string? CpuModel(IEnumerable<string> firstProcessor)
    {
        var fields = firstProcessor
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0].Trim(), parts => parts[1].Trim())
            .ToDictionary(group => group.Key, group => group.First());
        return fields.GetValueOrDefault("model name") switch
        {
            null => null,
            var name when fields.TryGetValue("cpu family", out var family) && fields.TryGetValue("model", out var model) => $"{name} (family {family}, model {model})",
            var name => name,
        };
    }
}
