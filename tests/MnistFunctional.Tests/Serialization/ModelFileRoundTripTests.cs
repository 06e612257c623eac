using MathNet.Numerics.LinearAlgebra;
using MnistFunctional.Models;
using MnistFunctional.Serialization;
using MnistFunctional.Tests.TestNetworks;

namespace MnistFunctional.Tests.Serialization;

public sealed class ModelFileRoundTripTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Save_then_load_gives_identical_tensors_and_identical_predictions()
    {
        var path = folder.File("mnist-cnn.safetensors");
        var saved = MnistCnn.Initialize(11);

        ModelFile.Save(path, MnistCnn.Network, saved, ModelFiles.Facts);
        var loaded = ModelFile.Load(path, MnistCnn.Network);

        Assert.Equal(saved.Tensors.Select(tensor => tensor.Name), loaded.Tensors.Select(tensor => tensor.Name));
        foreach (var (expected, actual) in saved.Tensors.Zip(loaded.Tensors))
        {
            Assert.Equal(expected.Shape, actual.Shape);
            Assert.Equal(expected.Data, actual.Data);
            Assert.NotSame(expected.Data, actual.Data);
        }

        var inputs = Matrix<float>.Build.Dense(MnistCnn.InputBatch.Size, 5, (row, column) => ((row * 31 + column * 17) % 101) / 100f);
        var before = MnistCnn.Predict(saved, new MnistCnn.InputBatch(inputs));
        var after = MnistCnn.Predict(loaded, new MnistCnn.InputBatch(inputs));
        Assert.Equal(before.ToColumnMajorArray(), after.ToColumnMajorArray());
        Assert.NotEqual(before.ToColumnMajorArray(), MnistCnn.Predict(MnistCnn.Initialize(12), new MnistCnn.InputBatch(inputs)).ToColumnMajorArray());
    }

    [Fact]
    public void Loading_also_gives_the_training_facts_and_the_header()
    {
        var path = folder.File("tiny.safetensors");
        ModelFile.Save(path, TinyNet.Network, TinyNet.Initialize(3), ModelFiles.Facts);

        var loaded = ModelFile.Read<TinyNet.Parameters>(path, TinyNet.Architecture);

        Assert.Equal(TinyNet.Initialize(3).Tensors.SelectMany(tensor => tensor.Data), loaded.Parameters.Tensors.SelectMany(tensor => tensor.Data));
        Assert.Equal(ModelFiles.Facts.OrderBy(pair => pair.Key, StringComparer.Ordinal), loaded.Info.TrainingFacts);
        Assert.Equal("TinyNet", loaded.Info.NetworkName);
    }

    [Fact]
    public void Reading_the_info_gives_the_metadata_without_the_tensors()
    {
        var path = folder.File("mnist-cnn.safetensors");
        ModelFile.Save(path, MnistCnn.Network, MnistCnn.Initialize(1), ModelFiles.Facts);

        var info = ModelFile.ReadInfo(path);

        Assert.Equal(path, info.FilePath);
        Assert.Equal(ModelFile.FormatVersion, info.FormatVersion);
        Assert.Equal("MnistCnn", info.NetworkName);
        Assert.Equal(MnistCnn.Architecture.CanonicalText, info.ArchitectureText);
        Assert.Equal("0.9912", info.TrainingFacts["test_accuracy"]);
        Assert.Equal(ModelFiles.Facts["note"], info.TrainingFacts["note"]);
        Assert.Equal(93_322, info.ParameterCount);
        Assert.Equal(ParameterLayout.Of(MnistCnn.Architecture).OrderBy(spec => spec.Name, StringComparer.Ordinal), info.Tensors);
        Assert.Matches("^[0-9a-f]{16}$", info.TensorChecksum);
    }

    [Fact]
    public void The_same_seed_gives_byte_identical_files()
    {
        ModelFile.Save(folder.File("a.safetensors"), MnistCnn.Network, MnistCnn.Initialize(42), ModelFiles.Facts);
        ModelFile.Save(folder.File("b.safetensors"), MnistCnn.Network, MnistCnn.Initialize(42), ModelFiles.Facts);
        ModelFile.Save(folder.File("c.safetensors"), MnistCnn.Network, MnistCnn.Initialize(43), ModelFiles.Facts);

        var a = File.ReadAllBytes(folder.File("a.safetensors"));
        Assert.Equal(a, File.ReadAllBytes(folder.File("b.safetensors")));
        Assert.NotEqual(a, File.ReadAllBytes(folder.File("c.safetensors")));
        Assert.Equal(a, ModelFiles.Cnn(42));
    }

    [Fact]
    public void The_file_is_plain_safetensors_with_the_documented_metadata_and_float32_data_in_name_order()
    {
        var file = ModelFiles.Tiny(5);

        var contents = SafeTensors.Decode(file, "mem");

        Assert.Equal(0, contents.Header.DataStart % 8);
        Assert.Equal(["Conv1.bias", "Conv1.kernel", "Dense1.bias", "Dense1.kernel"], contents.Tensors.Select(tensor => tensor.Name));
        Assert.Equal(
            ["architecture", "format", "format_version", "header_xxh64", "network", "tensors_xxh64", "training.batch_size", "training.epochs", "training.note", "training.seed", "training.test_accuracy"],
            contents.Header.Metadata.Keys);
        Assert.Equal("MnistFunctional.ModelFile", contents.Header.Metadata["format"]);
        Assert.Equal("1", contents.Header.Metadata["format_version"]);
        Assert.Equal(TinyNet.Architecture.CanonicalText, contents.Header.Metadata["architecture"]);
        Assert.StartsWith("""{"__metadata__":{"architecture":"Input(8,8,1) >> Conv(4,3,ReLU,1,Valid) >> """, ModelFiles.HeaderText(file), StringComparison.Ordinal);
        var kernel = TinyNet.Initialize(5).Tensors.Single(tensor => tensor.Name == "Dense1.kernel");
        Assert.Equal(kernel.Data, contents.Tensors.Single(tensor => tensor.Name == "Dense1.kernel").Data);
    }

    [Fact]
    public void Saving_over_an_existing_file_replaces_it()
    {
        var path = folder.File("m.safetensors");
        ModelFile.Save(path, TinyNet.Network, TinyNet.Initialize(1));
        ModelFile.Save(path, TinyNet.Network, TinyNet.Initialize(2));

        Assert.Equal(ModelFile.Encode("TinyNet", TinyNet.Architecture, TinyNet.Initialize(2)), File.ReadAllBytes(path));
        Assert.Equal(["m.safetensors"], folder.Entries());
    }

    [Fact]
    public void Parameters_that_do_not_belong_to_the_architecture_or_are_not_finite_are_not_saved()
    {
        var mismatch = Assert.Throws<ArgumentException>(() => ModelFile.Save(folder.File("x.safetensors"), "TinyNet", MnistCnn.Architecture, TinyNet.Initialize(1)));
        Assert.Contains("are not those of the architecture", mismatch.Message, StringComparison.Ordinal);

        var parameters = TinyNet.Initialize(1);
        parameters.Tensors[2].Data[5] = float.NaN;
        var nan = Assert.Throws<ArgumentException>(() => ModelFile.Save(folder.File("x.safetensors"), TinyNet.Network, parameters));
        Assert.Contains("Dense1.kernel holds NaN at index 5", nan.Message, StringComparison.Ordinal);
        Assert.Empty(folder.Entries());
    }
}
