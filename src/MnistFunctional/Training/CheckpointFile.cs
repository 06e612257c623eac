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
/// order as JSON in its metadata. Resuming with other options would not reproduce the uninterrupted run,
/// so those are checked.
/// </summary>
public static class CheckpointFile
{
    private const string Format = "mnistfunctional-checkpoint-1";
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Save<TParameters, TGradients>(string path, INetwork<TParameters, TGradients> network, TrainingRun<TParameters> run, TrainingOptions options)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients> =>
        IO.AtomicFile.Write(path, Encode(network, run, options));

    public static TrainingRun<TParameters> Load<TParameters, TGradients>(string path, INetwork<TParameters, TGradients> network, TrainingOptions options)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        if (!File.Exists(path))
        {
            throw new ModelFileException(path, "no checkpoint to resume from (one is written after every epoch and on Ctrl+C).");
        }

        return Decode(File.ReadAllBytes(path), network, options, path);
    }

    public static byte[] Encode<TParameters, TGradients>(INetwork<TParameters, TGradients> network, TrainingRun<TParameters> run, TrainingOptions options)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        var parameters = run.Parameters.Tensors;
        var tensors = new List<NamedTensor>();
        tensors.AddRange(parameters.Select(t => t with { Name = "params/" + t.Name }));
        tensors.AddRange(run.Best.Tensors.Select(t => t with { Name = "best/" + t.Name }));
        tensors.AddRange(parameters.Select((t, i) => t with { Name = "adam_m/" + t.Name, Data = run.Adam.FirstMoments[i] }));
        tensors.AddRange(parameters.Select((t, i) => t with { Name = "adam_v/" + t.Name, Data = run.Adam.SecondMoments[i] }));
        var state = new CheckpointState(
            network.Architecture.CanonicalText, options.Seed, options.BatchSize, options.ValidationSplit, options.Augmentation?.Describe(), run.Adam.Step,
            run.Epoch, run.BatchesDone, run.EpochLossSum, run.EpochCorrect, run.EpochSeen, run.EpochSeconds,
            run.BestValidationLoss, run.EpochsWithoutImprovement, [.. run.History]);
        return SafeTensors.Encode(tensors, new Dictionary<string, string>
        {
            ["format"] = Format,
            ["state"] = JsonSerializer.Serialize(state, Json),
        });
    }

    public static TrainingRun<TParameters> Decode<TParameters, TGradients>(ReadOnlySpan<byte> file, INetwork<TParameters, TGradients> network, TrainingOptions options, string source)
        where TParameters : ITensorSet<TParameters>
        where TGradients : ITensorSet<TGradients>
    {
        var contents = SafeTensors.Decode(file, source);
        if (!contents.Header.Metadata.TryGetValue("format", out var format) || format != Format || !contents.Header.Metadata.TryGetValue("state", out var json))
        {
            throw new ModelFileException(source, $"not a training checkpoint (expected format '{Format}').");
        }

        var state = JsonSerializer.Deserialize<CheckpointState>(json, Json) ?? throw new ModelFileException(source, "the checkpoint state is empty.");
        RequireSame(source, "architecture", state.Architecture, network.Architecture.CanonicalText);
        RequireSame(source, "--seed", state.Seed.ToString(CultureInfo.InvariantCulture), options.Seed.ToString(CultureInfo.InvariantCulture));
        RequireSame(source, "--batch-size", state.BatchSize.ToString(CultureInfo.InvariantCulture), options.BatchSize.ToString(CultureInfo.InvariantCulture));
        RequireSame(source, "--validation-split", state.ValidationSplit.ToString(CultureInfo.InvariantCulture), options.ValidationSplit.ToString(CultureInfo.InvariantCulture));
        RequireSame(source, "augmentation", state.Augmentation ?? "none", options.Augmentation?.Describe() ?? "none");

        var byName = contents.Tensors.ToDictionary(t => t.Name, t => t.Data);
        var names = network.Initialize(0).Tensors.Select(t => t.Name).ToArray();
        float[][] Group(string prefix) => [.. names.Select(name => byName.TryGetValue(prefix + name, out var data)
            ? data
            : throw new ModelFileException(source, $"the checkpoint has no tensor '{prefix + name}'."))];

        return new TrainingRun<TParameters>(
            TParameters.FromArrays(Group("params/")),
            new AdamState(state.AdamStep, [.. Group("adam_m/")], [.. Group("adam_v/")]),
            state.Epoch, state.BatchesDone, state.EpochLossSum, state.EpochCorrect, state.EpochSeen, state.EpochSeconds,
            [.. state.History],
            TParameters.FromArrays(Group("best/")),
            state.BestValidationLoss,
            state.EpochsWithoutImprovement);
    }

    private static void RequireSame(string source, string what, string saved, string requested)
    {
        if (saved != requested)
        {
            throw new ModelFileException(source, $"the checkpoint was made with {what} {saved}, but this run asks for {requested}; resume with the same value.");
        }
    }

    private sealed record CheckpointState(
        string Architecture, int Seed, int BatchSize, double ValidationSplit, string? Augmentation, long AdamStep,
        int Epoch, int BatchesDone, double EpochLossSum, long EpochCorrect, long EpochSeen, double EpochSeconds,
        double BestValidationLoss, int EpochsWithoutImprovement, ImmutableArray<EpochMetrics> History);
}
