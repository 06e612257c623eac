using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;

namespace MnistFunctional.Generators.Tests;

/// <summary>
/// Packs the library once for the packaging tests, with --no-build from the build this test project was made
/// with (library and generator are project references, so they are built in the same configuration): a few
/// seconds, and no second build racing the first.
/// </summary>
public sealed class PackedLibrary : IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(3);

    private readonly string output = Directory.CreateTempSubdirectory("mnf-pack-").FullName;

    public PackedLibrary() => Path = Pack(output);

    /// <summary>The .nupkg file.</summary>
    public string Path { get; }

    public byte[] Read(string entryName)
    {
        using var package = ZipFile.OpenRead(Path);
        var entry = package.GetEntry(entryName) ?? throw new InvalidOperationException($"The package has no {entryName}.");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public IReadOnlyList<string> EntryNames()
    {
        using var package = ZipFile.OpenRead(Path);
        return [.. package.Entries.Select(entry => entry.FullName)];
    }

    public void Dispose() => Directory.Delete(output, recursive: true);

    private static string Pack(string output)
    {
        var metadata = typeof(PackedLibrary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        var project = System.IO.Path.Combine(metadata["RepositoryRoot"]!, "src", "MnistFunctional", "MnistFunctional.csproj");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // No build servers: a lingering MSBuild node would keep the redirected pipes open after pack ends.
        foreach (var argument in new[] { "pack", project, "-c", metadata["Configuration"]!, "--no-build", "--no-restore", "--disable-build-servers", "-o", output })
        {
            start.ArgumentList.Add(argument);
        }

        // The test host may run under MSBuild's environment; the child build must choose its own.
        foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(PackTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet pack did not finish within {PackTimeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        }

        return Directory.GetFiles(output, "*.nupkg").Single();
    }
}
