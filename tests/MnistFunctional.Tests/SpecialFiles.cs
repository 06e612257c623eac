using System.Diagnostics;

namespace MnistFunctional.Tests;

/// <summary>FIFOs and device nodes for the hostile-input tests, made with the system's own tools.</summary>
public static class SpecialFiles
{
    /// <summary>Whether this process runs as root (device nodes can only be made by root; CI runs as root).</summary>
    public static bool IsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    public static string Fifo(string path)
    {
        Run("mkfifo", path);
        return path;
    }

    /// <summary>A character device with the numbers of /dev/zero (1, 5): reading it never ends.</summary>
    public static string ZeroDevice(string path)
    {
        Run("mknod", path, "c", "1", "5");
        return path;
    }

    private static void Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed: {error}");
        }
    }
}
