using MnistFunctional.Data;

namespace MnistFunctional.Training;

/// <summary>
/// Training as a fold over epochs and batches: each step maps a <see cref="TrainingRun{TParameters}"/> to
/// the next with a pure Adam step. Time, progress and stopping come in from the shell as parameters.
/// </summary>
public static class Trainer
{
    /// <summary>Keras's validation_split: the last <paramref name="fraction"/> of the data, before any shuffling.</summary>
    public static (Dataset Train, Dataset Validation) SplitValidation(Dataset data, double fraction)
    {
        var (train, validation) = SplitCounts(data.Count, fraction);
        return (data.Slice(0, train), data.Slice(train, validation));
    }

    /// <summary>How many of <paramref name="count"/> examples <see cref="SplitValidation"/> keeps for training and for validation.</summary>
    public static (int Train, int Validation) SplitCounts(int count, double fraction)
    {
        var validation = (int)Math.Round(count * fraction);
        return (count - validation, validation);
    }

    public static TrainingRun<TParameters> Start<TParameters, TGradients>(INetwork<TParameters, TGradients> network, TrainingOptions options)
        where TParameters : Tensors.ITensorSet<TParameters>
        where TGradients : Tensors.ITensorSet<TGradients>
    {
        options.Validate();
        var parameters = network.Initialize(options.Seed);
        var adam = AdamState.Initial(parameters.Tensors.Select(tensor => tensor.Data.Length));
        var state = network.InitialState();
        return new TrainingRun<TParameters>(parameters, adam, 0, 0, 0, 0, 0, 0, [], parameters, double.PositiveInfinity, 0) { State = state, BestState = state };
    }

    /// <summary>
    /// Trains from <paramref name="run"/> until the last epoch, early stopping, or <paramref name="stop"/>
    /// (honoured between batches: the returned run is then a resumable checkpoint).
    /// <paramref name="epochDone"/> sees the run after every epoch (for checkpoints). The validation scores in
    /// <paramref name="evaluation"/>'s workspaces (new ones when null), which a caller can keep for the test score.
    /// </summary>
    public static TrainingRun<TParameters> Fit<TParameters, TGradients>(
        INetwork<TParameters, TGradients> network,
        TrainingRun<TParameters> run,
        Dataset train,
        Dataset validation,
        TrainingOptions options,
        TimeProvider clock,
        ITrainingObserver? observer = null,
        Action<TrainingRun<TParameters>>? epochDone = null,
        CancellationToken stop = default,
        Evaluation.EvaluationWorkspaces? evaluation = null)
        where TParameters : Tensors.ITensorSet<TParameters>
        where TGradients : Tensors.ITensorSet<TGradients>
    {
        options.Validate();
        var batches = (train.Count + options.BatchSize - 1) / options.BatchSize;
        var buffers = new TrainingBuffers<TParameters, TGradients>(network, options.BatchSize);
        var validationWorkspaces = evaluation ?? Evaluation.EvaluationWorkspaces.For(network);
        while (!run.IsFinished && run.Epoch < options.Epochs)
        {
            var order = EpochShuffle.Order(train.Count, options.Seed, run.Epoch);
            observer?.EpochStarted(run.Epoch, options.Epochs, batches);
            var started = clock.GetTimestamp();
            while (run.BatchesDone < batches)
            {
                if (stop.IsCancellationRequested)
                {
                    return run with { EpochSeconds = run.EpochSeconds + clock.GetElapsedTime(started).TotalSeconds, StopReason = "interrupted" };
                }

                run = Step(network, run, train, order, options, buffers);
                observer?.BatchDone(run.Epoch, run.BatchesDone, batches, run.EpochLossSum / run.EpochSeen, (double)run.EpochCorrect / run.EpochSeen);
            }

            buffers.Publish();
            run = EndEpoch(network, run with { EpochSeconds = run.EpochSeconds + clock.GetElapsedTime(started).TotalSeconds }, validation, options, validationWorkspaces);
            observer?.EpochDone(run.History[^1], options.Epochs);
            epochDone?.Invoke(run);
        }

        return Finish(run, validation, options);
    }

    /// <summary>One batch: forward, backward, Adam. Pure: returns the next run.</summary>
    public static TrainingRun<TParameters> Step<TParameters, TGradients>(
        INetwork<TParameters, TGradients> network, TrainingRun<TParameters> run, Dataset train, ReadOnlySpan<int> order, TrainingOptions options)
        where TParameters : Tensors.ITensorSet<TParameters>
        where TGradients : Tensors.ITensorSet<TGradients>
    {
        var start = run.BatchesDone * options.BatchSize;
        var count = Math.Min(options.BatchSize, train.Count - start);
        var (input, labels) = Batches.Take(train, order, start, count);
        Batches.Augment(train, options, Backend.Storage.Of(input), count, run.Epoch, run.BatchesDone);
        var step = network.LossAndGradients(run.Parameters, run.State, input, labels, network.CreateWorkspace(count), Noise(run, options));
        RequireFinite(run, step.Score.Loss);
        var (parameters, adam) = Adam.Step(options.AdamAt(run.Epoch), run.Parameters, step.Gradients, run.Adam);
        return Advance(run, parameters, adam, step, count);
    }

    /// <summary>The same step as <see cref="Step{TParameters, TGradients}(INetwork{TParameters, TGradients}, TrainingRun{TParameters}, Dataset, ReadOnlySpan{int}, TrainingOptions)"/>, with the loop's reusable buffers (bit-identical results).</summary>
    private static TrainingRun<TParameters> Step<TParameters, TGradients>(
        INetwork<TParameters, TGradients> network, TrainingRun<TParameters> run, Dataset train, ReadOnlySpan<int> order, TrainingOptions options,
        TrainingBuffers<TParameters, TGradients> buffers)
        where TParameters : Tensors.ITensorSet<TParameters>
        where TGradients : Tensors.ITensorSet<TGradients>
    {
        var start = run.BatchesDone * options.BatchSize;
        var count = Math.Min(options.BatchSize, train.Count - start);
        var (workspace, labels) = buffers.For(count);
        var pixels = Backend.Storage.Of(workspace.Input);
        Batches.TakeInto(train, order, start, count, pixels, labels);
        Batches.Augment(train, options, pixels, count, run.Epoch, run.BatchesDone);
        var step = network.LossAndGradients(run.Parameters, run.State, workspace.Input, labels, workspace, Noise(run, options));
        RequireFinite(run, step.Score.Loss);
        var (parameters, adam) = buffers.Adam(options.AdamAt(run.Epoch), run, step.Gradients);
        return Advance(run, parameters, adam, step, count);
    }

    /// <summary>The key of this batch's dropout masks: the run's seed, epoch and batch (each layer adds its index).</summary>
    private static Backend.DropoutKey Noise<TParameters>(TrainingRun<TParameters> run, TrainingOptions options) =>
        new(options.Seed, run.Epoch, run.BatchesDone, 0);

    private static void RequireFinite<TParameters>(TrainingRun<TParameters> run, float loss)
    {
        if (!float.IsFinite(loss))
        {
            throw new TrainingDivergedException($"The loss became {loss} at epoch {run.Epoch + 1}, batch {run.BatchesDone + 1}: training stopped. Try a lower learning rate.");
        }
    }

    /// <summary>The run after one step: Adam's parameters, the step's state (never Adam's), the epoch's running score.</summary>
    private static TrainingRun<TParameters> Advance<TParameters, TGradients>(TrainingRun<TParameters> run, TParameters parameters, AdamState adam, TrainingStep<TGradients> step, int count) =>
        Advance(run, parameters, adam, step.Score, count) with { State = step.State };

    private static TrainingRun<TParameters> Advance<TParameters>(TrainingRun<TParameters> run, TParameters parameters, AdamState adam, BatchScore score, int count) =>
        run with
        {
            Parameters = parameters,
            Adam = adam,
            BatchesDone = run.BatchesDone + 1,
            EpochLossSum = run.EpochLossSum + ((double)score.Loss * count),
            EpochCorrect = run.EpochCorrect + score.Correct,
            EpochSeen = run.EpochSeen + count,
        };

    /// <summary>
    /// Mean loss and accuracy over a whole dataset (NaN for an empty one), in inference mode with <paramref name="state"/> (the
    /// initial state when null), in <paramref name="workspaces"/> (new ones when null: pass the ones training validated in).
    /// </summary>
    public static (double Loss, double Accuracy) Score<TParameters, TGradients>(
        INetwork<TParameters, TGradients> network, TParameters parameters, Dataset data, Tensors.NetworkState? state = null, Evaluation.EvaluationWorkspaces? workspaces = null)
        where TParameters : Tensors.ITensorSet<TParameters>
        where TGradients : Tensors.ITensorSet<TGradients>
    {
        if (data.Count == 0)
        {
            return (double.NaN, double.NaN);
        }

        var evaluation = Evaluation.Evaluator.Evaluate(network, parameters, data, (workspaces ?? Evaluation.EvaluationWorkspaces.For(network)).Get, state: state);
        return (evaluation.Loss, evaluation.Accuracy);
    }

    private static TrainingRun<TParameters> EndEpoch<TParameters, TGradients>(
        INetwork<TParameters, TGradients> network, TrainingRun<TParameters> run, Dataset validation, TrainingOptions options, Evaluation.EvaluationWorkspaces validationWorkspaces)
        where TParameters : Tensors.ITensorSet<TParameters>
        where TGradients : Tensors.ITensorSet<TGradients>
    {
        var (validationLoss, validationAccuracy) = Score(network, run.Parameters, validation, run.State, validationWorkspaces);
        var metrics = new EpochMetrics(run.Epoch + 1, run.EpochLossSum / run.EpochSeen, (double)run.EpochCorrect / run.EpochSeen, validationLoss, validationAccuracy, run.EpochSeconds);
        var (stopping, improved) = new EarlyStopping(run.BestValidationLoss, run.EpochsWithoutImprovement).After(validationLoss, validation.Count > 0);
        return run with
        {
            Epoch = run.Epoch + 1,
            BatchesDone = 0,
            EpochLossSum = 0,
            EpochCorrect = 0,
            EpochSeen = 0,
            EpochSeconds = 0,
            History = run.History.Add(metrics),
            Best = improved ? run.Parameters : run.Best,
            BestState = improved ? run.State : run.BestState,
            BestValidationLoss = stopping.BestValidationLoss,
            EpochsWithoutImprovement = stopping.EpochsWithoutImprovement,
            StopReason = stopping.StopReason(options.Patience),
        };
    }

    private static TrainingRun<TParameters> Finish<TParameters>(TrainingRun<TParameters> run, Dataset validation, TrainingOptions options)
    {
        if (run.StopReason == "interrupted")
        {
            return run;
        }

        var finished = run.StopReason is null ? run with { StopReason = "completed" } : run;
        return options.RestoreBestWeights && validation.Count > 0 ? finished with { Parameters = finished.Best, State = finished.BestState } : finished;
    }
}
