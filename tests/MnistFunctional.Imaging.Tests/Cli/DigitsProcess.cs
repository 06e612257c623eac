using System.Diagnostics;

namespace MnistFunctional.Imaging.Tests.Cli;

/// <summary>Runs the real <c>digits</c> program (built beside the tests) as a user would, from a given folder.</summary>
internal sealed record DigitsProcess(int ExitCode, string Output, string Error)
{
    public static DigitsProcess Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "digits.dll"));
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
