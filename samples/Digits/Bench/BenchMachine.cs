using MnistFunctional.Backend;

namespace Digits.Bench;

/// <summary>The machine a bench run measured: CPU model, cores, the vector ISA the kernels use, and the FMA peak of all cores measured in the same run (GFLOP/s).</summary>
internal sealed record BenchMachine(string Cpu, int Cores, string Isa, double PeakGflops)
{
    public static BenchMachine Measure(bool quick) =>
        new(CpuModel(), Environment.ProcessorCount, FmaPeak.Isa, FmaPeak.AllCoresGflops(Environment.ProcessorCount, rounds: quick ? 20 : 50));

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
