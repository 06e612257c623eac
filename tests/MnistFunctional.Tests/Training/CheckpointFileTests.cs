using System.Text.Json.Nodes;
using MnistFunctional.Serialization;
using MnistFunctional.Tests.TestNetworks;
using MnistFunctional.Training;

namespace MnistFunctional.Tests.Training;

/// <summary>issue 16: a checkpoint is checked like a model file, and resuming checks every option and counter.</summary>
public sealed class CheckpointFileTests
{
    private const int TrainExamples = 100; // 4 batches of 32 per epoch (the last one short)

    private static readonly TrainingOptions Options = new() { Epochs = 3, BatchSize = 32, Seed = 5, ValidationSplit = 0.1 };

    /// <summary>A run interrupted in its second epoch after 2 batches: 4 + 2 Adam steps.</summary>
    private static TrainingRun<TinyNet.Parameters> Interrupted()
    {
        var start = Trainer.Start(TinyNet.Network, Options);
        return start with
        {
            Adam = start.Adam with { Step = 6 },
            Epoch = 1,
            BatchesDone = 2,
            EpochLossSum = 40,
            EpochCorrect = 30,
            EpochSeen = 64,
            History = [new EpochMetrics(1, 1.1, 0.5, 1.0, 0.6, 0.3)],
            BestValidationLoss = 1.0,
        };
    }

    private static byte[] Checkpoint() => CheckpointFile.Encode(TinyNet.Network, Interrupted(), Options, TrainExamples);

    private static TrainingRun<TinyNet.Parameters> Decode(byte[] file, TrainingOptions? options = null, int trainExamples = TrainExamples) =>
        CheckpointFile.Decode(file, TinyNet.Network, options ?? Options, "ck.safetensors", trainExamples);

    [Fact]
    public void A_checkpoint_round_trips()
    {
        var run = Decode(Checkpoint());

        Assert.Equal((1, 2, 6L), (run.Epoch, run.BatchesDone, run.Adam.Step));
    }

    [Fact]
    public void Every_single_flipped_bit_is_refused_never_resumed()
    {
        var file = Checkpoint();
        for (var position = 0; position < file.Length; position += 7)
        {
            var flipped = (byte[])file.Clone();
            flipped[position] ^= (byte)(1 << (position % 8));

            var error = Record.Exception(() => Decode(flipped));

            Assert.True(error is ModelFileException, $"a bit flipped at byte {position} gave {error?.GetType().Name ?? "a resumed run"}");
        }
    }

    [Fact]
    public void A_flipped_bit_in_the_tensor_data_is_named_as_corrupt_data()
    {
        var file = Checkpoint();
        file[^10] ^= 0x10;

        var error = Assert.Throws<ModelFileException>(() => Decode(file));

        Assert.StartsWith("Model file 'ck.safetensors': the tensor data is corrupt: its checksum is ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_that_is_not_JSON_is_one_line_naming_the_file_not_a_stack_trace()
    {
        var error = Assert.Throws<ModelFileException>(() => Decode(Resealed(Checkpoint(), _ => "{\"Architecture\": [1, 2")));

        Assert.StartsWith("Model file 'ck.safetensors': the checkpoint state is not valid JSON (", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("Epoch", -1, "epoch -1 is negative")]
    [InlineData("BatchesDone", 9, "batch index 9 is past the epoch's 4 batches")]
    [InlineData("BatchesDone", -3, "batch index -3 is negative")]
    [InlineData("AdamStep", 99, "Adam's step 99 is not the 6 batches done")]
    [InlineData("EpochCorrect", 65, "65 correct of 64 seen")]
    [InlineData("EpochsWithoutImprovement", 5, "5 epochs without improvement after 1 epochs")]
    public void A_counter_out_of_its_range_is_refused(string counter, int value, string problem)
    {
        var file = Resealed(Checkpoint(), json =>
        {
            var state = JsonNode.Parse(json)!;
            state[counter] = value;
            return state.ToJsonString();
        });

        var error = Assert.Throws<ModelFileException>(() => Decode(file));

        Assert.Equal($"Model file 'ck.safetensors': the checkpoint is inconsistent: {problem}.", error.Message);
    }

    [Fact]
    public void Resuming_with_another_limit_is_refused()
    {
        var error = Assert.Throws<ModelFileException>(() => Decode(Checkpoint(), trainExamples: 50));

        Assert.Contains("training examples (set by --limit and --validation-split) 100, but this run asks for 50", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0005f, LearningRateDecay.None, 3, "--learning-rate 0.001, but this run asks for 0.0005")]
    [InlineData(0.001f, LearningRateDecay.Cosine, 3, "--lr-decay none, but this run asks for cosine over 3 epochs")]
    public void Resuming_with_another_learning_rate_or_decay_is_refused(float learningRate, LearningRateDecay decay, int epochs, string problem)
    {
        var options = Options with { Adam = Options.Adam with { LearningRate = learningRate }, Decay = decay, Epochs = epochs };

        var error = Assert.Throws<ModelFileException>(() => Decode(Checkpoint(), options));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cosine_decay_binds_the_epoch_count_a_constant_rate_does_not()
    {
        var cosine = Options with { Decay = LearningRateDecay.Cosine };
        var file = CheckpointFile.Encode(TinyNet.Network, Interrupted(), cosine, TrainExamples);

        Assert.Equal(2, Decode(Checkpoint(), Options with { Epochs = 5 }).BatchesDone);
        Assert.Equal(2, Decode(file, cosine).BatchesDone);
        var error = Assert.Throws<ModelFileException>(() => Decode(file, cosine with { Epochs = 5 }));
        Assert.Contains("--lr-decay cosine over 3 epochs, but this run asks for cosine over 5 epochs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_of_the_earlier_format_without_checksums_is_refused_with_what_to_do()
    {
        var error = Assert.Throws<ModelFileException>(() => Decode(Resealed(Checkpoint(), json => json, format: "mnistfunctional-checkpoint-1")));

        Assert.Contains("without checksums", error.Message, StringComparison.Ordinal);
        Assert.Contains("train again without --resume", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The checkpoint with its state JSON (or format) changed and both checksums computed afresh, as a careful forger would.</summary>
    private static byte[] Resealed(byte[] file, Func<string, string> state, string? format = null)
    {
        var contents = SafeTensors.Decode(file, "ck");
        var metadata = contents.Header.Metadata
            .Where(pair => pair.Key is not (ModelFileMetadata.TensorChecksum or ModelFileMetadata.HeaderChecksum))
            .ToDictionary(pair => pair.Key, pair => pair.Value);
        metadata["state"] = state(metadata["state"]);
        metadata["format"] = format ?? metadata["format"];
        return ModelFileMetadata.EncodeWithChecksums(contents.Tensors, metadata);
    }
}
