using System.Diagnostics;

namespace MnistFunctional.Fuzzing;

/// <summary>
/// Replays the committed corpus (the seeds and everything afl-fuzz found, crashes and hangs included, see
/// docs/fuzzing.md) through the same harnesses the fuzzer ran: every input must be read or refused the documented
/// way, quickly. This is what keeps a fixed finding fixed.
/// </summary>
public sealed class CorpusReplayTests
{
    /// <summary>One input may take this long at most (the image decoder's own time limit is 10 s); the whole replay stays well under a minute.</summary>
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(15);

    public static TheoryData<string> Targets => [.. FuzzTargets.ByName.Keys];

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Every_corpus_input_is_read_or_refused_the_documented_way(string target)
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus", target)).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var clock = Stopwatch.StartNew();
            // A hang ends in a TimeoutException naming nothing, so the elapsed time is checked too, with the file's name.
            await Task.Run(() => FuzzTargets.ByName[target](File.ReadAllBytes(file))).WaitAsync(PerInput + PerInput);
            Assert.True(clock.Elapsed < PerInput, $"{target}/{Path.GetFileName(file)} took {clock.Elapsed.TotalSeconds:F1} s");
        }
    }

    [Fact]
    public void The_committed_seeds_are_what_the_project_writes_today()
    {
        foreach (var (target, seeds) in FuzzSeeds.All())
        {
            foreach (var (name, bytes) in seeds)
            {
                Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Corpus", target, name))), $"{target}/{name} differs: run `dotnet MnistFunctional.Fuzzing.dll seeds Corpus`");
            }
        }
    }

    [Fact]
    public void The_model_and_checkpoint_seeds_are_valid_so_the_fuzzer_starts_from_a_file_that_reads()
    {
        var seeds = FuzzSeeds.All();

        Serialization.ModelFile.Decode<FuzzNet.Parameters>(seeds["model"]["fuzznet"], FuzzNet.Architecture, "seed");
        Training.CheckpointFile.Decode(seeds["checkpoint"]["fuzznet-epoch1"], FuzzNet.Network, FuzzTargets.CheckpointOptions, "seed", FuzzTargets.CheckpointTrainExamples);
        Assert.All(seeds["image"], seed => Assert.IsType<Imaging.Reading.DecodedImage>(new Imaging.Reading.ImageFileReader().Decode(seed.Value)));
    }
}
