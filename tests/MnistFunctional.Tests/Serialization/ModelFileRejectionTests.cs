using System.Buffers.Binary;
using System.Collections.Immutable;
using MnistFunctional.Models;
using MnistFunctional.Serialization;
using MnistFunctional.Tensors;
using MnistFunctional.Tests.TestNetworks;

namespace MnistFunctional.Tests.Serialization;

public sealed class ModelFileRejectionTests : IDisposable
{
    private const string Path = "models/tiny.safetensors";

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_file_of_another_architecture_is_refused_with_a_message_naming_both()
    {
        var path = folder.File("tiny.safetensors");
        ModelFile.Save(path, TinyNet.Network, TinyNet.Initialize(1));

        var error = Assert.Throws<ModelFileException>(() => ModelFile.Load(path, MnistCnn.Network));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("network 'TinyNet' with architecture Input(8,8,1) >> Conv(4,3,ReLU,1,Valid) >> Pool(2) >> Flatten() >> Dense(3,Softmax)", error.Message, StringComparison.Ordinal);
        Assert.Contains("differs from the architecture it is loaded into: " + MnistCnn.Architecture.CanonicalText, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused()
    {
        var path = folder.File("none.safetensors");

        var error = Assert.Throws<ModelFileException>(() => ModelFile.Load(path, TinyNet.Network));

        Assert.Equal($"Model file '{path}': the file does not exist.", error.Message);
        Assert.Equal("the file does not exist.", Assert.Throws<ModelFileException>(() => ModelFile.ReadInfo(folder.File("no/such/dir.safetensors"))).Problem);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(7)]
    public void A_file_shorter_than_the_length_field_is_refused(int length)
    {
        var error = Decode(ModelFiles.Tiny()[..length]);

        Assert.Contains($"the file is {length} bytes long, too short for a safetensors file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_cut_inside_the_header_is_refused()
    {
        var file = ModelFiles.Tiny();

        var error = Decode(file[..(8 + (ModelFiles.HeaderLength(file) / 2))]);

        Assert.Contains("bytes follow it: the file is truncated or corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_cut_inside_the_tensor_data_is_refused()
    {
        var file = ModelFiles.Tiny();

        var error = Decode(file[..^4]);

        Assert.Matches("tensor '.*' has data_offsets \\[\\d+, \\d+\\] outside the \\d+-byte data section: the file is truncated or corrupt", error.Message);
    }

    [Fact]
    public void Every_truncation_is_refused_and_never_crashes()
    {
        var file = ModelFiles.Tiny();
        for (var length = 0; length < file.Length; length++)
        {
            Decode(file[..length]);
        }
    }

    [Fact]
    public void Bytes_after_the_last_tensor_are_refused()
    {
        var error = Decode([.. ModelFiles.Tiny(), 0, 0, 0, 0]);

        Assert.Contains("followed by unexpected bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_byte_in_the_tensor_data_fails_the_checksum()
    {
        var file = ModelFiles.Tiny();

        var error = Decode(ModelFiles.Flip(file, file.Length - 10));

        Assert.Matches("the tensor data is corrupt: its checksum is [0-9a-f]{16} but the header records [0-9a-f]{16}", error.Message);
    }

    [Fact]
    public void A_flipped_byte_in_the_architecture_text_fails_the_header_checksum()
    {
        var file = ModelFiles.ReplaceInHeader(ModelFiles.Tiny(), "Input(8,8,1)", "Input(9,8,1)");

        var error = Decode(file);

        Assert.Matches("the header is corrupt: its checksum is [0-9a-f]{16} but it records [0-9a-f]{16}", error.Message);
    }

    [Fact]
    public void A_flipped_byte_in_a_training_fact_fails_the_header_checksum()
    {
        var file = ModelFiles.ReplaceInHeader(ModelFiles.Tiny(), "0.9912", "0.9913");

        Assert.Contains("the header is corrupt", Decode(file).Message, StringComparison.Ordinal);
        Assert.Contains("the header is corrupt", Assert.Throws<ModelFileException>(() => ModelFile.DecodeInfo(file, file.Length, Path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_byte_in_the_json_structure_is_refused_as_invalid_json()
    {
        var file = ModelFiles.Tiny();
        var colon = ModelFiles.HeaderText(file).IndexOf(':', StringComparison.Ordinal);

        var error = Decode(ModelFiles.Flip(file, 8 + colon, 0x40));

        Assert.Contains("the header is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public void Every_flipped_byte_in_the_length_field_or_the_header_is_refused(byte mask)
    {
        var file = ModelFiles.Tiny();
        for (var position = 0; position < 8 + ModelFiles.HeaderLength(file); position++)
        {
            Decode(ModelFiles.Flip(file, position, mask));
        }
    }

    [Theory]
    [InlineData(ulong.MaxValue)]
    [InlineData(1UL << 40)]
    [InlineData(16UL * 1024 * 1024 + 1)]
    public void An_absurd_header_length_is_refused_before_anything_is_read(ulong length)
    {
        var file = ModelFiles.Tiny();
        BinaryPrimitives.WriteUInt64LittleEndian(file, length);

        var error = Decode(file);

        Assert.Contains($"the header length field says {length} bytes, more than the 16777216-byte limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_length_beyond_the_end_of_the_file_is_refused()
    {
        var file = ModelFiles.Tiny();
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)file.Length);

        var error = Decode(file);

        Assert.Contains($"says {file.Length} bytes but only {file.Length - 8} bytes follow it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absurd_header_length_in_a_file_on_disk_is_refused_by_read_info_without_allocating_it()
    {
        var path = folder.File("huge.safetensors");
        var file = ModelFiles.Tiny();
        BinaryPrimitives.WriteUInt64LittleEndian(file, long.MaxValue);
        File.WriteAllBytes(path, file);

        var error = Assert.Throws<ModelFileException>(() => ModelFile.ReadInfo(path));

        Assert.Contains("more than the 16777216-byte limit", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tensor_whose_shape_differs_from_the_architecture_is_refused()
    {
        // Hand-crafted: Dense1.kernel stored as (3, 36) instead of (36, 3) — the same number of bytes, a valid
        // header checksum, so only the shape check can see it.
        var contents = SafeTensors.Decode(ModelFiles.Tiny(), "mem");
        var tensors = contents.Tensors.Select(tensor => tensor.Name == "Dense1.kernel" ? tensor with { Shape = [3, 36] } : tensor).ToList();
        var file = Resign(tensors, contents.Header.Metadata);

        var error = Decode(file);

        Assert.Contains("tensor Dense1.kernel has shape (3, 36) but the architecture needs (36, 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_tensor_is_refused()
    {
        var contents = SafeTensors.Decode(ModelFiles.Tiny(), "mem");
        var file = Resign(contents.Tensors.Where(tensor => tensor.Name != "Conv1.bias").ToList(), contents.Header.Metadata);

        Assert.Contains("tensor Conv1.bias (4) required by the architecture is missing", Decode(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extra_tensor_is_refused()
    {
        var contents = SafeTensors.Decode(ModelFiles.Tiny(), "mem");
        var file = Resign([.. contents.Tensors, new NamedTensor("Dense9.bias", [1], [0f])], contents.Header.Metadata);

        Assert.Contains("it holds tensors the architecture does not have: Dense9.bias", Decode(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_finite_parameter_is_refused()
    {
        var contents = SafeTensors.Decode(ModelFiles.Tiny(), "mem");
        contents.Tensors[0].Data[1] = float.PositiveInfinity;
        var file = Resign(contents.Tensors, contents.Header.Metadata);

        Assert.Contains("tensor Conv1.bias holds Infinity at index 1; parameters must be finite", Decode(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shape_that_disagrees_with_the_data_offsets_is_refused()
    {
        var file = ModelFiles.ReplaceInHeader(ModelFiles.Tiny(), "\"shape\":[3]", "\"shape\":[4]");

        Assert.Contains("tensor 'Dense1.bias' has shape (4) of F32, which needs 16 bytes, but its data_offsets", Decode(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_dtype_is_refused()
    {
        var file = ModelFiles.ReplaceInHeader(ModelFiles.Tiny(), "\"F32\"", "\"Q32\"");

        Assert.Contains("tensor 'Conv1.bias' has unknown dtype 'Q32'", Decode(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dtype_other_than_float32_is_refused()
    {
        var file = ModelFiles.ReplaceInHeader(ModelFiles.Tiny(), "\"F32\"", "\"F64\"");

        Assert.Contains("tensor 'Conv1.bias' has dtype F64; only F32 (float32) is supported", Decode(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_safetensors_file_without_our_metadata_is_refused()
    {
        var file = SafeTensors.Encode(TinyNet.Initialize(1).Tensors, new Dictionary<string, string>());

        Assert.Contains("it is a safetensors file but not an MnistFunctional model file", Decode(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_format_version_is_refused()
    {
        var file = ModelFiles.ReplaceInHeader(ModelFiles.Tiny(), "\"format_version\":\"1\"", "\"format_version\":\"2\"");

        Assert.Contains("format version '2' is not supported; this library reads version 1", Decode(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_checksum_is_refused()
    {
        var contents = SafeTensors.Decode(ModelFiles.Tiny(), "mem");
        var file = SafeTensors.Encode(contents.Tensors, contents.Header.Metadata.Remove("tensors_xxh64"));

        Assert.Contains("the metadata lacks the required key \"tensors_xxh64\"", Decode(file).Message, StringComparison.Ordinal);
    }

    private static ModelFileException Decode(byte[] file) =>
        Assert.Throws<ModelFileException>(() => ModelFile.Decode<TinyNet.Parameters>(file, TinyNet.Architecture, Path));

    /// <summary>Re-encodes tensors with the given metadata, recomputing both checksums as a careful forger would.</summary>
    private static byte[] Resign(IReadOnlyList<NamedTensor> tensors, ImmutableSortedDictionary<string, string> metadata)
    {
        var ordered = tensors.OrderBy(tensor => tensor.Name, StringComparer.Ordinal).ToList();
        var draft = SafeTensors.Encode(ordered, metadata);
        var header = SafeTensors.DecodeHeader(draft, draft.Length, "draft");
        var resigned = metadata
            .SetItem("tensors_xxh64", ModelFileMetadata.TensorChecksumOf(draft.AsSpan((int)header.DataStart), header.Entries))
            .Remove("header_xxh64");
        resigned = resigned.SetItem("header_xxh64", ModelFileMetadata.HeaderChecksumOf(resigned, header.Entries.Select(entry => entry.Spec)));
        return SafeTensors.Encode(ordered, resigned);
    }
}
