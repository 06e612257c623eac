using MnistFunctional.Data;
using MnistFunctional.Serialization;
using MnistFunctional.Torch.Native;
using MnistFunctional.Training;

namespace Digits.Shell;

/// <summary>Runs a command body and turns the errors a user can cause into one clear line and exit code 1.</summary>
internal static class Fatal
{
    public const int ExitCode = 1;

    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception error) when (error is DataFormatException or DownloadException or ModelFileException or TrainingDivergedException
            or TorchLoadException or ElfFormatException
            or ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return ExitCode;
        }
    }
}
