using System.Collections.Immutable;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace MnistFunctional.Imaging.Reading;

/// <summary>
/// Reads PNG, JPEG, BMP and GIF files into grayscale with ImageSharp, registering only those decoders. The size is
/// checked from the header before anything is decoded, and the decoder's allocations are capped as a backstop.
/// A file that cannot be used is an <see cref="UnreadableImage"/> with the reason, never an exception.
/// </summary>
public sealed class ImageFileReader
{
    public const string SupportedFormats = "PNG, JPEG, BMP or GIF";

    private readonly Configuration configuration;

    public ImageFileReader(ImageReadOptions? options = null)
    {
        Options = options ?? ImageReadOptions.Default;
        configuration = new Configuration(new PngConfigurationModule(), new JpegConfigurationModule(), new BmpConfigurationModule(), new GifConfigurationModule())
        {
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = Options.AllocationLimitMegabytes }),
        };
    }

    public ImageReadOptions Options { get; }

    /// <summary>Reads <paramref name="path"/>; with <paramref name="thumbnailSize"/> &gt; 0 also a colour thumbnail no larger than that.</summary>
    public ImageReadResult Read(string path, int thumbnailSize = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            var length = new FileInfo(path).Length;
            if (length == 0)
            {
                return new UnreadableImage("the file is empty");
            }

            if (length > Options.MaxFileMegabytes * 1_000_000L)
            {
                return new UnreadableImage($"{length / 1_000_000.0:N0} MB is over the file size limit of {Options.MaxFileMegabytes:N0} MB", TooLarge: true);
            }

            return Decode(File.ReadAllBytes(path), thumbnailSize);
        }
        catch (Exception error) when (error is (IOException and not EndOfStreamException) or UnauthorizedAccessException)
        {
            return new UnreadableImage($"cannot read the file: {error.Message}");
        }
    }

    /// <summary>Decodes the bytes of an image file; with <paramref name="thumbnailSize"/> &gt; 0 also a colour thumbnail no larger than that.</summary>
    public ImageReadResult Decode(byte[] bytes, int thumbnailSize = 0)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        IImageFormat? format = null;
        try
        {
            if (bytes.Length == 0)
            {
                return new UnreadableImage("the file is empty");
            }

            using var stream = new MemoryStream(bytes, writable: false);
            format = Image.DetectFormat(configuration, stream);
            if (format is null)
            {
                return new UnreadableImage($"not a {SupportedFormats} image");
            }

            stream.Position = 0;
            var info = Image.Identify(configuration, stream);
            if (info is null || info.Width < 1 || info.Height < 1)
            {
                return new UnreadableImage($"the {format.Name} header gives no image size");
            }

            var pixels = (long)info.Width * info.Height;
            if (pixels > Options.MaxPixels)
            {
                return new UnreadableImage($"{info.Width}×{info.Height} pixels is over the limit of {Options.MaxPixels:N0} pixels", TooLarge: true);
            }

            if (TruncationCheck.Problem(bytes, format.Name) is { } truncated)
            {
                return new UnreadableImage(truncated);
            }

            stream.Position = 0;
            using var image = Image.Load<Rgba32>(configuration, stream);
            image.Mutate(operations => operations.AutoOrient()); // phone photos store their rotation in EXIF
            return new DecodedImage(ToGray(image), thumbnailSize > 0 ? Thumbnail(image, thumbnailSize) : null, format.Name);
        }
        catch (InvalidMemoryOperationException)
        {
            return new UnreadableImage($"decoding would need more than the limit of {Options.AllocationLimitMegabytes:N0} MB", TooLarge: true);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Decoders meet hostile bytes; whatever they throw, this file is skipped and the batch goes on.
            var kind = format is null ? "image" : format.Name;
            return new UnreadableImage($"corrupt or truncated {kind}: {error.Message}");
        }
    }

    /// <summary>
    /// Luminance with ITU-R 601 weights (as PIL's <c>convert("L")</c>), transparent pixels composited over white.
    /// Opaque gray pixels keep their exact 8-bit value, so a grayscale PNG reads back as <c>b / 255f</c>.
    /// </summary>
    private static GrayImage ToGray(Image<Rgba32> image)
    {
        var gray = new float[image.Width * image.Height];
        image.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                var target = gray.AsSpan(y * accessor.Width, accessor.Width);
                for (var x = 0; x < row.Length; x++)
                {
                    var pixel = row[x];
                    var luminance = ((pixel.R * 299) + (pixel.G * 587) + (pixel.B * 114)) / 1000f;
                    target[x] = pixel.A == 255
                        ? luminance / 255f
                        : ((luminance * pixel.A) + (255f * (255 - pixel.A))) / (255f * 255f);
                }
            }
        });
        return new GrayImage(image.Width, image.Height, ImmutableCollectionsMarshal.AsImmutableArray(gray));
    }

    private static RgbaImage Thumbnail(Image<Rgba32> image, int size)
    {
        // Only ever shrinks: the grid enlarges small images itself, without blurring them.
        using var small = image.Width > size || image.Height > size
            ? image.Clone(operations => operations.Resize(new ResizeOptions { Size = new Size(size, size), Mode = ResizeMode.Max }))
            : image.Clone();
        var bytes = new byte[4 * small.Width * small.Height];
        small.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
            {
                MemoryMarshal.AsBytes(accessor.GetRowSpan(y)).CopyTo(bytes.AsSpan(4 * y * accessor.Width));
            }
        });
        return new RgbaImage(small.Width, small.Height, ImmutableCollectionsMarshal.AsImmutableArray(bytes));
    }
}
