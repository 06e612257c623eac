using System.Diagnostics;
using MnistFunctional.Tests;

namespace MnistFunctional.Imaging.Tests.Cli;

/// <summary>Runs the real <c>digits</c> program (built beside the tests) as a user would, from a given folder.</summary>
internal sealed record DigitsProcess(int ExitCode, string Output, string Error)
{
    public static DigitsProcess Run(string workingDirectory, params string[] arguments) =>
        Run(workingDirectory, new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Run(string, string[])"/>, with extra environment variables for the child.</summary>
    public static DigitsProcess Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "digits.dll"), .. arguments], workingDirectory, environment);

    /// <summary>
    /// As <see cref="Run(string, string[])"/>, but as the unprivileged user <c>nobody</c> when the tests run as root
    /// (as CI does): root reads every folder whatever its mode, so what a user cannot read can only be tested as
    /// another user (<c>setpriv</c>, util-linux). The program is the one built beside the tests; when <c>nobody</c>
    /// cannot reach it (a checkout under /root), it is hard-linked into <paramref name="scratch"/> (no copy) and run from there.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static DigitsProcess RunUnprivileged(TempFolder scratch, string workingDirectory, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        if (!SpecialFiles.IsRoot)
        {
            return Run(workingDirectory, arguments);
        }

        string[] asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups", "--"];
        var none = new Dictionary<string, string>();
        var program = Path.Combine(AppContext.BaseDirectory, "digits.dll");
        if (Start("setpriv", [.. asNobody, "test", "-r", program], "/", none).ExitCode != 0)
        {
            var bin = scratch.File("bin");
            var link = Start("cp", ["-al", AppContext.BaseDirectory, bin], "/", none);
            Assert.True(link.ExitCode == 0, $"the user nobody cannot read {program}, and hard-linking it into {bin} failed: {link.Error}");
            program = Path.Combine(bin, "digits.dll");
        }

        var home = Directory.CreateDirectory(scratch.File("home")).FullName;
        File.SetUnixFileMode(home, (UnixFileMode)0b111_111_111); // the child's HOME, writable by nobody
        return Start("setpriv", [.. asNobody, "dotnet", program, .. arguments], workingDirectory, new Dictionary<string, string> { ["HOME"] = home, ["DOTNET_CLI_HOME"] = home });
    }

    private static DigitsProcess Start(string tool, string[] arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new DigitsProcess(process.ExitCode, output, error.Result);
    }
}
