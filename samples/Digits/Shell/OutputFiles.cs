using MnistFunctional.Imaging.Reading;
using MnistFunctional.IO;

namespace Digits.Shell;

/// <summary>
/// Checks made on an output path before any work is done, so a run never trains or predicts for minutes and then
/// fails to write, and never writes over what it reads. Two paths are the same file when they lead to the same
/// device and inode (through links, <c>..</c> or another spelling).
/// </summary>
internal static class OutputFiles
{
    /// <summary>Creates the output's folder (as writing it would) and checks that the file can be written there.</summary>
    /// <exception cref="ArgumentException">The output cannot be written: its folder cannot be made or is read-only, or it is a device, FIFO or directory.</exception>
    public static void RequireWritable(string option, string path)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(AtomicFile.Target(path))!);
            AtomicFile.RequireWritable(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{option}: {error.Message}", error);
        }
    }

    /// <exception cref="ArgumentException"><paramref name="output"/> is the same file as <paramref name="input"/>.</exception>
    public static void RequireNotInput(string option, string output, string inputDescription, string input)
    {
        if (SameFile(output, input))
        {
            throw new ArgumentException($"{option} '{output}' is {inputDescription} ('{input}'); writing it would replace what is being read. Choose another file.");
        }
    }

    /// <exception cref="ArgumentException"><paramref name="output"/> is one of the files <c>predict</c> reads in <paramref name="folder"/>.</exception>
    public static void RequireNotInFolder(string option, string output, string folder, bool recursive)
    {
        if (RegularFile.Status(output).Identity is null)
        {
            return; // nothing there yet, so it cannot be an input
        }

        foreach (var entry in ImageFolder.List(folder, recursive).Where(entry => entry.Problem is null))
        {
            RequireNotInput(option, output, "one of the images read", Path.Combine(folder, entry.File));
        }
    }

    private static bool SameFile(string a, string b)
    {
        var first = RegularFile.Status(a).Identity;
        return first is not null && first == RegularFile.Status(b).Identity;
    }
}
