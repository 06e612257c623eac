using System.Diagnostics;

namespace MnistFunctional.Imaging.Tests.Cli;

/// <summary>Runs the real <c>digits</c> program (built beside the tests) as a user would, from a given folder.</summary>
internal sealed record DigitsProcess(int ExitCode, string Output, string Error)
{
    public static DigitsProcess Run(string workingDirectory, params string[] arguments) =>
        Run(workingDirectory, new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Run(string, string[])"/>, with extra environment variables for the child.</summary>
    public static DigitsProcess Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
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
