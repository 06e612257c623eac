using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MnistFunctional.Serialization;
using MnistFunctional.Tensors;

namespace MnistFunctional.Training;

/// <summary>
/// A resumable training checkpoint: a safetensors file holding the current and best parameters and Adam's
/// moments, with the rest of the <see cref="TrainingRun{TParameters}"/> and the options that fix the batch
/// order as JSON in its metadata, sealed with the same two XxHash64 checksums as a model file (header and
/// tensor bytes), so one flipped bit is refused rather than resumed into a different model. Resuming with other
/// options — or other data: the number of training examples, which <c>--limit</c> changes — would not reproduce
/// the uninterrupted run, so those are checked; so is every counter's range and their agreement with each other.
/// Every problem is a <see cref="ModelFileException"/> naming the file.
/// </summary>
public static class CheckpointFile
{
    /// <summary>Version 2 added the checksums and the training example count; version 1 files are refused.</summary>
    private const string Format = "mnistfunctional-checkpoint-2";

    /// <summary>Checkpoints are as large as four copies of the parameters; this bounds what a hostile path can make us read.</summary>
    private const long MaxFileBytes = 1L << 30;

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <param name="trainExamples">The number of training examples (after <c>--limit</c> and the validation split); recorded and checked on resume.</param>
    public static void Save<TParameters, TGradients>(string path, INetwork<TParameters, TGradients> network, TrainingRun<TParameters> run, TrainingOptions options, int? trainExamples = null)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients> =>
        IO.AtomicFile.Write(path, Encode(network, run, options, trainExamples));

    /// <param name="trainExamples">The number of training examples of this run; when given, it must be the checkpoint's.</param>
    public static TrainingRun<TParameters> Load<TParameters, TGradients>(string path, INetwork<TParameters, TGradients> network, TrainingOptions options, int? trainExamples = null)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        byte[] bytes;
        try
        {
            bytes = IO.RegularFile.ReadAll(path, MaxFileBytes);
        }
        catch (FileNotFoundException)
        {
            throw new ModelFileException(path, "no checkpoint to resume from (one is written after every epoch and on Ctrl+C).");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException(path, $"the checkpoint cannot be read ({error.Message}).", error);
        }

        return Decode(bytes, network, options, path, trainExamples);
    }

    public static byte[] Encode<TParameters, TGradients>(INetwork<TParameters, TGradients> network, TrainingRun<TParameters> run, TrainingOptions options, int? trainExamples = null)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        var parameters = run.Parameters.Tensors;
        var tensors = new List<NamedTensor>();
        tensors.AddRange(parameters.Select(t => t with { Name = "params/" + t.Name }));
        tensors.AddRange(run.Best.Tensors.Select(t => t with { Name = "best/" + t.Name }));
        tensors.AddRange(parameters.Select((t, i) => t with { Name = "adam_m/" + t.Name, Data = run.Adam.FirstMoments[i] }));
        tensors.AddRange(parameters.Select((t, i) => t with { Name = "adam_v/" + t.Name, Data = run.Adam.SecondMoments[i] }));
        if (!run.State.IsEmpty)
        {
            // BatchNorm's moving statistics, current and with the best weights: a resumed run continues them exactly.
            tensors.AddRange(run.State.Tensors.Select(t => t with { Name = "state/" + t.Name }));
            tensors.AddRange(run.BestState.Tensors.Select(t => t with { Name = "best_state/" + t.Name }));
        }

        var state = new CheckpointState(
            network.Architecture.CanonicalText, options.Seed, options.BatchSize, options.ValidationSplit, options.Augmentation?.Describe(), run.Adam.Step,
            run.Epoch, run.BatchesDone, run.EpochLossSum, run.EpochCorrect, run.EpochSeen, run.EpochSeconds,
            run.BestValidationLoss, run.EpochsWithoutImprovement, [.. run.History], trainExamples)
        {
            LearningRate = options.Adam.LearningRate,
            Decay = DecayText(options),
        };
        return Serialization.ModelFileMetadata.EncodeWithChecksums(tensors, new Dictionary<string, string>
        {
            ["format"] = Format,
            ["state"] = JsonSerializer.Serialize(state, Json),
        });
    }

    /// <param name="trainExamples">The number of training examples of this run; when given, it must be the checkpoint's.</param>
    public static TrainingRun<TParameters> Decode<TParameters, TGradients>(ReadOnlySpan<byte> file, INetwork<TParameters, TGradients> network, TrainingOptions options, string source, int? trainExamples = null)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        var contents = SafeTensors.Decode(file, source);
        var format = contents.Header.Metadata.GetValueOrDefault("format");
        if (format != Format)
        {
            throw new ModelFileException(source, format == "mnistfunctional-checkpoint-1"
                ? "the checkpoint was written by an earlier version, without checksums, and cannot be verified; train again without --resume."
                : $"not a training checkpoint (expected format '{Format}').");
        }

        Serialization.ModelFileMetadata.VerifyChecksums(contents.Header, file, source);
        var state = ParseState(contents.Header.Metadata.GetValueOrDefault("state"), source);
        RequireSame(source, "architecture", state.Architecture, network.Architecture.CanonicalText);
        RequireSame(source, "--seed", state.Seed.ToString(CultureInfo.InvariantCulture), options.Seed.ToString(CultureInfo.InvariantCulture));
        RequireSame(source, "--batch-size", state.BatchSize.ToString(CultureInfo.InvariantCulture), options.BatchSize.ToString(CultureInfo.InvariantCulture));
        RequireSame(source, "--validation-split", state.ValidationSplit.ToString(CultureInfo.InvariantCulture), options.ValidationSplit.ToString(CultureInfo.InvariantCulture));
        RequireSame(source, "augmentation", state.Augmentation ?? "none", options.Augmentation?.Describe() ?? "none");
        RequireSame(source, "--learning-rate", (state.LearningRate ?? AdamOptions.Keras.LearningRate).ToString(CultureInfo.InvariantCulture), options.Adam.LearningRate.ToString(CultureInfo.InvariantCulture));
        RequireSame(source, "--lr-decay", state.Decay ?? DecayText(options with { Decay = LearningRateDecay.None }), DecayText(options));
        if (trainExamples is { } count)
        {
            RequireSame(source, "training examples (set by --limit and --validation-split)", state.TrainExamples?.ToString(CultureInfo.InvariantCulture) ?? "(not recorded)", count.ToString(CultureInfo.InvariantCulture));
        }

        RequireCounters(state, source);

        var byName = contents.Tensors.ToDictionary(t => t.Name, t => t.Data);
        var specs = network.Initialize(0).Tensors.Select(t => (t.Name, t.Data.Length)).ToArray();
        var initialState = network.InitialState();
        float[][] Group(string prefix) => Read(prefix, specs);
        float[][] Read(string prefix, (string Name, int Length)[] specs) => [.. specs.Select(spec => byName.TryGetValue(prefix + spec.Name, out var data)
            ? data.Length == spec.Length && Array.TrueForAll(data, float.IsFinite)
                ? data
                : throw new ModelFileException(source, $"the checkpoint's tensor '{prefix + spec.Name}' has {data.Length} values (expected {spec.Length}) or a value that is not finite.")
            : throw new ModelFileException(source, $"the checkpoint has no tensor '{prefix + spec.Name}'."))];

        NetworkState StateOf(string prefix) => initialState.IsEmpty
            ? NetworkState.Empty
            : new([.. initialState.Tensors.Zip(Read(prefix, [.. initialState.Tensors.Select(t => (t.Name, t.Data.Length))]), (t, data) => t with { Data = data })]);

        try
        {
            return new TrainingRun<TParameters>(
                TParameters.FromArrays(Group("params/")),
                new AdamState(state.AdamStep, [.. Group("adam_m/")], [.. Group("adam_v/")]),
                state.Epoch, state.BatchesDone, state.EpochLossSum, state.EpochCorrect, state.EpochSeen, state.EpochSeconds,
                [.. state.History],
                TParameters.FromArrays(Group("best/")),
                state.BestValidationLoss,
                state.EpochsWithoutImprovement)
            {
                State = StateOf("state/"),
                BestState = StateOf("best_state/"),
            };
        }
        catch (ArgumentException error)
        {
            throw new ModelFileException(source, $"the checkpoint's tensors do not fit {network.Name}: {error.Message}", error);
        }
    }

    private static CheckpointState ParseState(string? json, string source)
    {
        if (json is null)
        {
            throw new ModelFileException(source, "the checkpoint has no \"state\" in its metadata.");
        }

        CheckpointState? state;
        try
        {
            state = JsonSerializer.Deserialize<CheckpointState>(json, Json);
        }
        catch (Exception error) when (error is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new ModelFileException(source, $"the checkpoint state is not valid JSON ({error.Message}).", error);
        }

        if (state is null || state.Architecture is null || state.History.IsDefault || state.History.Any(epoch => epoch is null))
        {
            throw new ModelFileException(source, "the checkpoint state is incomplete (architecture or history missing).");
        }

        return state;
    }

    /// <summary>Every counter in its range and consistent with the others, so a resumed run cannot start from an impossible place.</summary>
    private static void RequireCounters(CheckpointState state, string source)
    {
        void Require(bool ok, string what)
        {
            if (!ok)
            {
                throw new ModelFileException(source, $"the checkpoint is inconsistent: {what}.");
            }
        }

        Require(state.Epoch >= 0, $"epoch {state.Epoch} is negative");
        Require(state.History.Length == state.Epoch, $"it records {state.History.Length} epochs of history for {state.Epoch} completed epochs");
        Require(state.BatchesDone >= 0, $"batch index {state.BatchesDone} is negative");
        Require(state.EpochSeen >= 0 && state.EpochCorrect >= 0 && state.EpochCorrect <= state.EpochSeen, $"{state.EpochCorrect} correct of {state.EpochSeen} seen");
        Require(state.EpochSeen <= (long)state.BatchesDone * state.BatchSize, $"{state.EpochSeen} examples seen in {state.BatchesDone} batches of {state.BatchSize}");
        Require(double.IsFinite(state.EpochLossSum) && state.EpochLossSum >= 0, $"the epoch's loss sum is {state.EpochLossSum}");
        Require(double.IsFinite(state.EpochSeconds) && state.EpochSeconds >= 0, $"the epoch's time is {state.EpochSeconds} s");
        Require(!double.IsNaN(state.BestValidationLoss), "the best validation loss is NaN");
        Require(state.EpochsWithoutImprovement >= 0 && state.EpochsWithoutImprovement <= state.Epoch, $"{state.EpochsWithoutImprovement} epochs without improvement after {state.Epoch} epochs");
        if (state.TrainExamples is { } examples)
        {
            var batchesPerEpoch = (examples + (long)state.BatchSize - 1) / state.BatchSize;
            Require(examples > 0, $"{examples} training examples");
            Require(state.BatchesDone <= batchesPerEpoch, $"batch index {state.BatchesDone} is past the epoch's {batchesPerEpoch} batches");
            Require(state.AdamStep == (state.Epoch * batchesPerEpoch) + state.BatchesDone, $"Adam's step {state.AdamStep} is not the {(state.Epoch * batchesPerEpoch) + state.BatchesDone} batches done");
        }
        else
        {
            Require(state.AdamStep >= 0, $"Adam's step {state.AdamStep} is negative");
        }
    }

    private static void RequireSame(string source, string what, string saved, string requested)
    {
        if (saved != requested)
        {
            throw new ModelFileException(source, $"the checkpoint was made with {what} {saved}, but this run asks for {requested}; resume with the same value.");
        }
    }

    /// <summary>The decay as the checkpoint records it: a cosine decay depends on the run's epoch count too.</summary>
    private static string DecayText(TrainingOptions options) => options.Decay switch
    {
        LearningRateDecay.Cosine => $"cosine over {options.Epochs.ToString(CultureInfo.InvariantCulture)} epochs",
        _ => "none",
    };

    private sealed record CheckpointState(
        string Architecture, int Seed, int BatchSize, double ValidationSplit, string? Augmentation, long AdamStep,
        int Epoch, int BatchesDone, double EpochLossSum, long EpochCorrect, long EpochSeen, double EpochSeconds,
        double BestValidationLoss, int EpochsWithoutImprovement, ImmutableArray<EpochMetrics> History, int? TrainExamples)
    {
        /// <summary>Adam's initial learning rate (absent in checkpoints written before it was an option: Keras's 0.001).</summary>
        public float? LearningRate { get; init; }

        /// <summary>The learning-rate decay (absent before it was an option: none).</summary>
        public string? Decay { get; init; }
    }
}
