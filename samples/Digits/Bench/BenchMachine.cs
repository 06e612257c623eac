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

    /// <summary>The "model name" line of /proc/cpuinfo where there is one (Linux), else the processor architecture.</summary>
    public static string CpuModel()
    {
        const string Path = "/proc/cpuinfo";
        var line = File.Exists(Path)
            ? File.ReadLines(Path).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
            : null;
        return line?[(line.IndexOf(':') + 1)..].Trim() ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }
}
