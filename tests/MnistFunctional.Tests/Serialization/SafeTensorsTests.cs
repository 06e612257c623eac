using System.Text;
using MnistFunctional.Serialization;
using MnistFunctional.Tensors;

namespace MnistFunctional.Tests.Serialization;

public class SafeTensorsTests
{
    private static readonly NamedTensor[] Two =
    [
        new("b", [2, 2], [1f, -2f, 0.5f, 3f]),
        new("a", [3], [0f, float.Epsilon, -0f]),
    ];

    [Fact]
    public void Encoding_follows_the_safetensors_layout_byte_for_byte()
    {
        var file = SafeTensors.Encode(Two, new Dictionary<string, string> { ["z"] = "last", ["k"] = "v >> \"q\"" });

        const string json = """{"__metadata__":{"k":"v >> \"q\"","z":"last"},"b":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"a":{"dtype":"F32","shape":[3],"data_offsets":[16,28]}}""";
        var headerLength = (Encoding.UTF8.GetByteCount(json) + 7) / 8 * 8;
        Assert.Equal((ulong)headerLength, BitConverter.ToUInt64(file, 0));
        Assert.Equal(0, (8 + headerLength) % 8);
        Assert.Equal(json.PadRight(headerLength, ' '), Encoding.UTF8.GetString(file, 8, headerLength));
        byte[] data =
        [
            0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x3F, 0x00, 0x00, 0x40, 0x40,
            0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80,
        ];
        Assert.Equal(data, file[(8 + headerLength)..]);
    }

    [Fact]
    public void Decoding_gives_back_names_shapes_values_and_metadata()
    {
        var metadata = new Dictionary<string, string> { ["k"] = "v", ["ü"] = "ß" };

        var contents = SafeTensors.Decode(SafeTensors.Encode(Two, metadata), "mem");

        Assert.Equal(metadata, contents.Header.Metadata);
        Assert.Equal(["b", "a"], contents.Tensors.Select(tensor => tensor.Name));
        Assert.Equal([2, 2], contents.Tensors[0].Shape);
        Assert.Equal(Two[0].Data, contents.Tensors[0].Data);
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(contents.Tensors[1].Data[2]));
        Assert.Equal(float.Epsilon, contents.Tensors[1].Data[1]);
    }

    [Fact]
    public void A_file_written_by_another_tool_without_padding_and_in_another_key_order_is_read()
    {
        var file = ModelFiles.WithHeader("""{"x":{"shape":[1],"data_offsets":[4,8],"dtype":"F32"},"w":{"data_offsets":[0,4],"dtype":"F32","shape":[]}}""", BitConverter.GetBytes(2f).Concat(BitConverter.GetBytes(5f)).ToArray());

        var contents = SafeTensors.Decode(file, "mem");

        Assert.Empty(contents.Header.Metadata);
        Assert.Equal(["w", "x"], contents.Tensors.Select(tensor => tensor.Name));
        Assert.Equal([2f], contents.Tensors[0].Data);
        Assert.Empty(contents.Tensors[0].Shape);
    }

    [Theory]
    [InlineData("""{"a":1}""", "header entry of tensor 'a' is not a JSON object")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", "names 'a' twice")]
    [InlineData("""{"__metadata__":{"k":1},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "metadata value of 'k' is not a string")]
    [InlineData("""{"__metadata__":[],"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "is not a JSON object of strings")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"extra":1}}""", "unexpected or repeated field 'extra'")]
    [InlineData("""{"a":{"shape":[2],"data_offsets":[0,8]}}""", "no \"dtype\" string")]
    [InlineData("""{"a":{"dtype":"F32","data_offsets":[0,8]}}""", "no \"shape\" array")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2]}}""", "no \"data_offsets\" pair")]
    [InlineData("""{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", "shape entry -2 that is not a non-negative")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}""", "shape entry 2.5 that is not")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[-1,8]}}""", "data offset -1 that is not")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,800]}}""", "outside the 8-byte data section")]
    [InlineData("""{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", "needs 12 bytes, but its data_offsets [0, 8] span 8 bytes")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2147483647,2147483647,2147483647],"data_offsets":[0,8]}}""", "impossibly large shape")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "overlaps the previous tensor")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", "leaves a gap")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "followed by unexpected bytes")]
    [InlineData("""{"a":{"dtype":"F16","shape":[4],"data_offsets":[0,8]}}""", "dtype F16; only F32 (float32) is supported")]
    [InlineData("""{"a":{"dtype":"Q7","shape":[2],"data_offsets":[0,8]}}""", "unknown dtype 'Q7'")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} trailing""", "not valid JSON")]
    [InlineData("""{"__metadata__":{"k":"\uD800"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "text that cannot be decoded")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],}}""", "not valid JSON")]
    public void Malformed_headers_are_refused_with_a_message_that_says_what_is_wrong(string header, string expected)
    {
        var file = ModelFiles.WithHeader(header, new byte[8]);

        var error = Assert.Throws<ModelFileException>(() => SafeTensors.Decode(file, "crafted.safetensors"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Model file 'crafted.safetensors': ", error.Message, StringComparison.Ordinal);
        Assert.Equal("crafted.safetensors", error.FilePath);
    }

    [Fact]
    public void A_header_that_does_not_start_with_a_brace_is_refused()
    {
        var error = Assert.Throws<ModelFileException>(() => SafeTensors.Decode(ModelFiles.WithHeader(" {}", []), "f"));

        Assert.Contains("does not start with '{'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_in_the_header_is_refused()
    {
        var file = ModelFiles.WithHeader("""{"__metadata__":{"k":"ab"}}""", []);
        file[8 + 22] = 0xC3;
        file[8 + 23] = 0x28;

        var error = Assert.Throws<ModelFileException>(() => SafeTensors.Decode(file, "f"));

        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }
}
