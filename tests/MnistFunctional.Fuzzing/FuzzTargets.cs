using MnistFunctional.Data;
using MnistFunctional.Imaging.Normalization;
using MnistFunctional.Imaging.Reading;
using MnistFunctional.Serialization;
using MnistFunctional.Training;

namespace MnistFunctional.Fuzzing;

/// <summary>
/// What each fuzzing harness does with one input. A target returns when the input was read or refused the
/// documented way (a <see cref="DataFormatException"/>, a <see cref="ModelFileException"/>, an
/// <see cref="UnreadableImage"/>); anything else escapes and is a finding: afl-fuzz records it as a crash, and the
/// corpus replay test fails on it.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The names given on the command line (<c>dotnet MnistFunctional.Fuzzing.dll NAME</c>) and the corpus folders.</summary>
    public static IReadOnlyDictionary<string, Action<byte[]>> ByName { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["idx"] = Idx,
        ["model"] = Model,
        ["checkpoint"] = Checkpoint,
        ["image"] = Image,
    };

    /// <summary>
    /// Small limits, so one input cannot take the fuzzer's memory or minutes (the real defaults are tested elsewhere).
    /// Made on first use: SharpFuzz requires that no instrumented code runs before the fuzzer has started.
    /// </summary>
    private static readonly Lazy<ImageFileReader> Reader = new(() => new ImageFileReader(new ImageReadOptions { MaxPixels = 4_000_000, AllocationLimitMegabytes = 64 }));

    /// <summary>The IDX reader, as an images file and as a labels file.</summary>
    public static void Idx(byte[] input)
    {
        foreach (var kind in (ReadOnlySpan<IdxKind>)[IdxKind.Images, IdxKind.Labels])
        {
            try
            {
                IdxReader.Read(new MemoryStream(input, writable: false), kind, "fuzz.idx");
            }
            catch (DataFormatException)
            {
            }
        }
    }

    /// <summary>The model-file reader (safetensors structure, metadata, checksums, shapes, values).</summary>
    public static void Model(byte[] input)
    {
        try
        {
            ModelFile.Decode<FuzzNet.Parameters>(input, FuzzNet.Architecture, "fuzz.safetensors");
        }
        catch (ModelFileException)
        {
        }
    }

    /// <summary>The checkpoint reader (the same safetensors reader, then the state JSON and the run's counters).</summary>
    public static void Checkpoint(byte[] input)
    {
        try
        {
            CheckpointFile.Decode(input, FuzzNet.Network, CheckpointOptions, "fuzz.checkpoint", CheckpointTrainExamples);
        }
        catch (ModelFileException)
        {
        }
    }

    /// <summary>The options the checkpoint seeds were written with.</summary>
    public static TrainingOptions CheckpointOptions => new() { Epochs = 3, BatchSize = 4, Seed = 7, ValidationSplit = 0.25 };

    /// <summary>The training example count the checkpoint seeds were written with (2 batches of 4 per epoch).</summary>
    public const int CheckpointTrainExamples = 8;

    /// <summary>Image decoding with the truncation check, then both ways of preparing the model's input.</summary>
    public static void Image(byte[] input)
    {
        if (Reader.Value.Decode(input, thumbnailSize: 32) is DecodedImage decoded)
        {
            MnistNormalizer.Normalize(decoded.Gray);
            MnistNormalizer.Raw(decoded.Gray);
        }
    }
}
