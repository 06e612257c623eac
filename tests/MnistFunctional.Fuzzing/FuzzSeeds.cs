using System.Buffers.Binary;
using System.IO.Compression;
using MnistFunctional.Serialization;
using MnistFunctional.Training;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace MnistFunctional.Fuzzing;

/// <summary>
/// The seed inputs of each harness, made by the project's own writers (so they are valid by construction and
/// small): <c>dotnet MnistFunctional.Fuzzing.dll seeds DIR</c> writes them to DIR/NAME/.
/// </summary>
public static class FuzzSeeds
{
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, byte[]>> All() => new Dictionary<string, IReadOnlyDictionary<string, byte[]>>
    {
        ["idx"] = new Dictionary<string, byte[]>
        {
            ["images-2x28x28"] = Idx([2, 28, 28]),
            ["images-1x4x4.gz"] = Gzip(Idx([1, 4, 4])),
            ["labels-5"] = Idx([5]),
            ["labels-3.gz"] = Gzip(Idx([3])),
        },
        ["model"] = new Dictionary<string, byte[]>
        {
            ["fuzznet"] = ModelFile.Encode("FuzzNet", FuzzNet.Architecture, FuzzNet.Network.Initialize(7), new Dictionary<string, string> { ["epochs"] = "3" }),
        },
        ["checkpoint"] = new Dictionary<string, byte[]>
        {
            ["fuzznet-epoch1"] = CheckpointFile.Encode(FuzzNet.Network, Run(), FuzzTargets.CheckpointOptions, FuzzTargets.CheckpointTrainExamples),
        },
        ["image"] = new Dictionary<string, byte[]>
        {
            ["digit.png"] = Picture(new PngEncoder()),
            ["digit-gray.png"] = Picture(new PngEncoder { ColorType = PngColorType.Grayscale }),
            ["digit.jpg"] = Picture(new JpegEncoder { Quality = 50 }),
            ["digit.gif"] = Picture(new GifEncoder()),
            ["digit.bmp"] = Picture(new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel8 }),
        },
    };

    public static void Write(string folder)
    {
        foreach (var (target, seeds) in All())
        {
            Directory.CreateDirectory(Path.Combine(folder, target));
            foreach (var (name, bytes) in seeds)
            {
                File.WriteAllBytes(Path.Combine(folder, target, name), bytes);
            }
        }
    }

    /// <summary>An IDX unsigned-byte file of the given sizes, its bytes a fixed pattern.</summary>
    private static byte[] Idx(int[] dimensions)
    {
        var count = dimensions.Aggregate(1, (a, b) => a * b);
        var bytes = new byte[4 + (4 * dimensions.Length) + count];
        bytes[2] = 0x08;
        bytes[3] = (byte)dimensions.Length;
        for (var i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dimensions[i]);
        }

        for (var i = 0; i < count; i++)
        {
            bytes[^(i + 1)] = (byte)(dimensions.Length == 1 ? i % 10 : (i * 37) % 256);
        }

        return bytes;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    private static TrainingRun<FuzzNet.Parameters> Run()
    {
        var parameters = FuzzNet.Network.Initialize(7);
        var lengths = parameters.Tensors.Select(t => t.Data.Length).ToArray();
        return new TrainingRun<FuzzNet.Parameters>(
            parameters, AdamState.Initial(lengths) with { Step = 3 }, Epoch: 1, BatchesDone: 1, EpochLossSum: 0.5, EpochCorrect: 2, EpochSeen: 4, EpochSeconds: 0.1,
            [new EpochMetrics(1, 0.7, 0.5, 0.69, 0.5, 0.2)], FuzzNet.Network.Initialize(8), BestValidationLoss: 0.69, EpochsWithoutImprovement: 0);
    }

    /// <summary>A 16×16 dark "1" on white, so the normaliser finds a digit in the decoded seed.</summary>
    private static byte[] Picture(IImageEncoder encoder)
    {
        using var image = new Image<Rgba32>(16, 16, new Rgba32(255, 255, 255));
        for (var y = 3; y < 13; y++)
        {
            image[7, y] = image[8, y] = new Rgba32(20, 20, 20);
        }

        using var output = new MemoryStream();
        image.Save(output, encoder);
        return output.ToArray();
    }
}
