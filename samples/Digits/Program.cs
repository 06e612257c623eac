using System.CommandLine;
using Digits.Commands;

var root = new RootCommand("digits — declare, train, check and run the MNIST CNN of MnistFunctional.")
{
    SummaryCommand.Create(),
    TrainCommand.Create(),
    EvaluateCommand.Create(),
    BenchCommand.Create(),
    CompareCommand.Create(),
    PredictCommand.Create(),
    ServeCommand.Create(),
    ExportCommand.Create(),
    MakeSamplesCommand.Create(),
    HandwritingCommand.Create(),
    ExplainCommand.Create(),
};

var exitCode = root.Parse(args).Invoke();

// A test seam: the hostile-input tests measure the peak memory of a whole run from outside (docs/hostile-input.md).
if (Environment.GetEnvironmentVariable("DIGITS_REPORT_PEAK_MEMORY") == "1")
{
    Console.Error.WriteLine($"peak memory: {Digits.Bench.PeakMemory.Megabytes():F0} MB");
}

return exitCode;
