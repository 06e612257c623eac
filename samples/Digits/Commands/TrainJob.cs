using System.Globalization;
using Digits.Shell;
using MnistFunctional;
using MnistFunctional.Models;
using MnistFunctional.Serialization;
using MnistFunctional.Training;

namespace Digits.Commands;

/// <summary>The imperative shell around <see cref="Trainer"/>: data, Ctrl+C, checkpoints, output files.</summary>
internal sealed class TrainJob(ModelPaths paths, TrainingOptions options, bool resume, int? limit)
{
    private static readonly INetwork<MnistCnn.Parameters, MnistCnn.Gradients> Network = MnistCnn.Network;

    public int Run(string? dataDirectory)
    {
        options.Validate();
        var mnist = MnistFiles.Load(dataDirectory, Console.Out);
        var all = limit is { } n ? mnist.Train.Slice(0, Math.Min(n, mnist.Train.Count)) : mnist.Train;
        var (train, validation) = Trainer.SplitValidation(all, options.ValidationSplit);
        Console.WriteLine($"Training {Network.Name} on {train.Count:N0} examples, validating on {validation.Count:N0} (batch {options.BatchSize}, {options.Epochs} epochs, seed {options.Seed}{(options.Augmentation is { } a ? $", augmented: {a.Describe()}" : string.Empty)}).");

        var run = resume
            ? CheckpointFile.Load(paths.Checkpoint, Network, options)
            : Trainer.Start(Network, options);
        if (resume)
        {
            Console.WriteLine($"Resuming from {paths.Checkpoint}: epoch {run.Epoch + 1}, batch {run.BatchesDone}.");
        }

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
            Console.Error.WriteLine("\nStopping after the current batch…");
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(paths.Model))!);
            var progress = new KerasProgress(Console.Out, interactive: !Console.IsOutputRedirected);
            run = Trainer.Fit(Network, run, train, validation, options, TimeProvider.System, progress,
                epochDone: done => CheckpointFile.Save(paths.Checkpoint, Network, done, options), stop: stop.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        if (run.StopReason == "interrupted")
        {
            CheckpointFile.Save(paths.Checkpoint, Network, run, options);
            Console.WriteLine($"Interrupted at epoch {run.Epoch + 1}, batch {run.BatchesDone}: checkpoint saved to {paths.Checkpoint}. Continue with --resume.");
            return 130;
        }

        var test = Trainer.Score(Network, run.Parameters, mnist.Test);
        ModelFile.Save(paths.Model, Network, run.Parameters, Facts(run, train.Count, test));
        HistoryFiles.Write(paths, run.History, run.StopReason!);
        Console.WriteLine($"Training {run.StopReason}. Test accuracy {test.Accuracy:P2}, test loss {test.Loss:F4}.");
        Console.WriteLine($"Model: {paths.Model}\nHistory: {paths.History}\nCurves: {paths.Curves}");
        return 0;
    }

    private Dictionary<string, string> Facts(TrainingRun<MnistCnn.Parameters> run, int trainCount, (double Loss, double Accuracy) test) => new()
    {
        ["optimizer"] = $"Adam(lr={options.Adam.LearningRate}, beta1={options.Adam.Beta1}, beta2={options.Adam.Beta2}, epsilon={options.Adam.Epsilon})",
        ["loss"] = "sparse_categorical_crossentropy",
        ["epochs"] = run.History.Length.ToString(CultureInfo.InvariantCulture),
        ["batch_size"] = options.BatchSize.ToString(CultureInfo.InvariantCulture),
        ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
        ["validation_split"] = options.ValidationSplit.ToString(CultureInfo.InvariantCulture),
        ["augmentation"] = options.Augmentation?.Describe() ?? "none",
        ["train_examples"] = trainCount.ToString(CultureInfo.InvariantCulture),
        ["stop_reason"] = run.StopReason ?? string.Empty,
        ["test_accuracy"] = test.Accuracy.ToString("F4", CultureInfo.InvariantCulture),
        ["test_loss"] = test.Loss.ToString("F4", CultureInfo.InvariantCulture),
    };
}
