using System.Collections.Immutable;
using System.Globalization;
using Digits.Shell;
using MnistFunctional;
using MnistFunctional.Data;
using MnistFunctional.Evaluation;
using Digits.Networks;
using MnistFunctional.Tensors;
using MnistFunctional.Serialization;
using MnistFunctional.Torch;
using MnistFunctional.Training;

namespace Digits.Commands;

/// <summary>
/// The imperative shell around <see cref="Trainer"/> (or <see cref="TorchTraining"/>): data, Ctrl+C, checkpoints, output
/// files; for any network the sample declares.
/// </summary>
internal sealed record TrainJob(ModelPaths Paths, TrainingOptions Options, bool Resume, int? Limit, TrainingBackend Backend, string? DataDirectory) : INetworkJob<int>
{
    public int Run<TParameters, TGradients>(INetwork<TParameters, TGradients> network)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients> =>
        new Typed<TParameters, TGradients>(this, network).Run();

    /// <summary>The job with its network's types.</summary>
    private sealed class Typed<TParameters, TGradients>(TrainJob job, INetwork<TParameters, TGradients> network)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        private readonly ModelPaths paths = job.Paths;
        private readonly TrainingOptions options = job.Options;
        private readonly bool resume = job.Resume;
        private readonly int? limit = job.Limit;
        private readonly TrainingBackend backend = job.Backend;

        private INetwork<TParameters, TGradients> Network => network;

        public int Run()
        {
            TrainArguments.Validate(options, limit);
            options.Validate();
            if (resume && backend == TrainingBackend.Torch)
            {
                throw new ArgumentException("--resume needs --backend mathnet: the torch backend writes no checkpoints.");
            }

            if (options.Decay != LearningRateDecay.None && backend == TrainingBackend.Torch)
            {
                throw new ArgumentException("--lr-decay needs --backend mathnet: the torch backend trains at a constant learning rate.");
            }

            // Before any work: a batch that cannot fit, or an output that cannot be written, is found now, not after an epoch.
            TrainingMemory.RequireFits(Network.Architecture, options.BatchSize, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2);
            foreach (var (option, path) in new[] { ("--model", paths.Model), ("history", paths.History), ("curves", paths.Curves), ("checkpoint", paths.Checkpoint) })
            {
                OutputFiles.RequireWritable(option, path);
            }

            // The first --limit examples (all by default), split as Trainer.SplitValidation does, each part converted on its own.
            var (train, validation, testSet) = MnistFiles.LoadSplit(job.DataDirectory, Console.Out, count => Trainer.SplitCounts(limit is { } n ? Math.Min(n, count) : count, options.ValidationSplit));
            foreach (var input in MnistFiles.Paths(job.DataDirectory))
            {
                OutputFiles.RequireNotInput("--model", paths.Model, "an MNIST data file", input);
            }

            if (train.Count == 0)
            {
                throw new ArgumentException($"--limit {train.Count + validation.Count} with --validation-split {options.ValidationSplit.ToString(CultureInfo.InvariantCulture)} leaves no training examples.");
            }
            Console.WriteLine($"Training {Network.Name} with the {BackendName} backend on {train.Count:N0} examples, validating on {validation.Count:N0} (batch {options.BatchSize}, {options.Epochs} epochs, seed {options.Seed}{(options.Augmentation is { } a ? $", augmented: {a.Describe()}" : string.Empty)}).");

            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
                Console.Error.WriteLine("\nStopping after the current batch…");
            };
            Console.CancelKeyPress += onCancel;
            Outcome outcome;
            var evaluation = EvaluationWorkspaces.For(Network); // the validation's workspaces, kept for the test score
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(paths.Model))!);
                var progress = new KerasProgress(Console.Out, interactive: !Console.IsOutputRedirected);
                outcome = backend == TrainingBackend.Torch
                    ? FitWithTorch(train, validation, progress, stop.Token)
                    : FitWithMathNet(train, validation, progress, stop.Token, evaluation);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }

            if (outcome.StopReason == "interrupted")
            {
                return 130;
            }

            // Scored by the generated code whichever backend trained, so both backends' accuracies are measured alike.
            var test = Trainer.Score(Network, outcome.Parameters, testSet, outcome.State, evaluation);
            ModelFile.Save(paths.Model, Network, outcome.Parameters, Facts(outcome, train.Count, test), outcome.State);
            HistoryFiles.Write(paths, outcome.History, outcome.StopReason);
            Console.WriteLine($"Training {outcome.StopReason}. Test accuracy {test.Accuracy:P2}, test loss {test.Loss:F4}.");
            Console.WriteLine($"Model: {paths.Model}\nHistory: {paths.History}\nCurves: {paths.Curves}");
            return 0;
        }

        private string BackendName => backend == TrainingBackend.Torch ? "torch" : "mathnet";

        private Outcome FitWithMathNet(Dataset train, Dataset validation, KerasProgress progress, CancellationToken stop, EvaluationWorkspaces evaluation)
        {
            var run = resume
                ? CheckpointFile.Load(paths.Checkpoint, Network, options, train.Count)
                : Trainer.Start(Network, options);
            if (resume)
            {
                Console.WriteLine($"Resuming from {paths.Checkpoint}: epoch {run.Epoch + 1}, batch {run.BatchesDone}.");
            }

            run = Trainer.Fit(Network, run, train, validation, options, TimeProvider.System, progress,
                epochDone: done => CheckpointFile.Save(paths.Checkpoint, Network, done, options, train.Count), stop: stop, evaluation: evaluation);
            if (run.StopReason == "interrupted")
            {
                CheckpointFile.Save(paths.Checkpoint, Network, run, options, train.Count);
                Console.WriteLine($"Interrupted at epoch {run.Epoch + 1}, batch {run.BatchesDone}: checkpoint saved to {paths.Checkpoint}. Continue with --resume.");
            }

            return new Outcome(run.Parameters, run.History, run.StopReason!) { State = run.State };
        }

        private Outcome FitWithTorch(Dataset train, Dataset validation, KerasProgress progress, CancellationToken stop)
        {
            using var torch = TorchNetwork.Build(Network.Architecture);
            torch.Load(Network.Initialize(options.Seed)); // the same initial weights as the mathnet backend
            torch.LoadState(Network.InitialState());
            using var trainer = new TorchTrainer(torch, options.Adam);
            var result = TorchTraining.Fit<TParameters>(trainer, train, validation, options, TimeProvider.System, progress, stop);
            if (result.StopReason == "interrupted")
            {
                Console.WriteLine($"Interrupted after {result.History.Length} complete epochs: the torch backend writes no checkpoint, so nothing was saved.");
            }

            return new Outcome(result.Parameters, result.History, result.StopReason) { State = result.State };
        }

        private Dictionary<string, string> Facts(Outcome outcome, int trainCount, (double Loss, double Accuracy) test) => new()
        {
            ["backend"] = BackendName,
            ["optimizer"] = $"Adam(lr={options.Adam.LearningRate}, beta1={options.Adam.Beta1}, beta2={options.Adam.Beta2}, epsilon={options.Adam.Epsilon})"
                + (options.Decay == LearningRateDecay.Cosine ? $" with CosineDecay over {options.Epochs} epochs" : string.Empty),
            ["loss"] = "sparse_categorical_crossentropy",
            ["epochs"] = outcome.History.Length.ToString(CultureInfo.InvariantCulture),
            ["batch_size"] = options.BatchSize.ToString(CultureInfo.InvariantCulture),
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["validation_split"] = options.ValidationSplit.ToString(CultureInfo.InvariantCulture),
            ["augmentation"] = options.Augmentation?.Describe() ?? "none",
            ["train_examples"] = trainCount.ToString(CultureInfo.InvariantCulture),
            ["stop_reason"] = outcome.StopReason,
            ["test_accuracy"] = test.Accuracy.ToString("F4", CultureInfo.InvariantCulture),
            ["test_loss"] = test.Loss.ToString("F4", CultureInfo.InvariantCulture),
        };

        /// <summary>What either backend's training ends with.</summary>
        private sealed record Outcome(TParameters Parameters, ImmutableArray<EpochMetrics> History, string StopReason)
        {
            public NetworkState State { get; init; } = NetworkState.Empty;
        }
    }
}
