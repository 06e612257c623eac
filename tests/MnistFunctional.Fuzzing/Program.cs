using SharpFuzz;

namespace MnistFunctional.Fuzzing;

/// <summary>
/// <c>dotnet MnistFunctional.Fuzzing.dll idx|model|checkpoint|image</c>: runs that harness under afl-fuzz
/// (SharpFuzz's out-of-process mode, one input per run). With a second argument FILE, runs the harness once on
/// that file instead (to reproduce a finding without afl-fuzz). <c>seeds DIR</c> writes the seed inputs.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["seeds", var folder])
        {
            FuzzSeeds.Write(folder);
            return 0;
        }

        if (args.Length is < 1 or > 2 || !FuzzTargets.ByName.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"usage: MnistFunctional.Fuzzing {string.Join('|', FuzzTargets.ByName.Keys)} [FILE]");
            return 2;
        }

        if (args.Length == 2)
        {
            target(File.ReadAllBytes(args[1]));
            return 0;
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            target(memory.ToArray());
        });
        return 0;
    }
}
