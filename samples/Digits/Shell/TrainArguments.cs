using System.Globalization;
using MnistFunctional.Training;

namespace Digits.Shell;

/// <summary>The checks of <c>train</c>'s numeric options, each message naming its option (the library's own checks name none).</summary>
internal static class TrainArguments
{
    /// <exception cref="ArgumentException">An option is out of its range (NaN included).</exception>
    public static void Validate(TrainingOptions options, int? limit)
    {
        Require(options.Epochs >= 1, "--epochs", options.Epochs, "at least 1");
        Require(options.BatchSize >= 1, "--batch-size", options.BatchSize, "at least 1");
        Require(options.ValidationSplit is >= 0 and < 1, "--validation-split", options.ValidationSplit, "a number in [0, 1)");
        Require(options.Patience is null or >= 1, "--patience", options.Patience ?? 0, "at least 1");
        Require(limit is null or >= 1, "--limit", limit ?? 0, "at least 1 (the number of training examples to use)");
    }

    private static void Require(bool ok, string option, double value, string expected)
    {
        if (!ok)
        {
            throw new ArgumentException($"{option} must be {expected}, not {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }
}
