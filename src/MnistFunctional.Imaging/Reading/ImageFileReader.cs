using System.Collections.Immutable;
using System.Runtime.InteropServices;
using MnistFunctional.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace MnistFunctional.Imaging.Reading;

/// <summary>
/// Reads PNG, JPEG, BMP and GIF files into grayscale with ImageSharp, registering only those decoders. Only regular
/// files are read, and at most <see cref="ImageReadOptions.MaxFileMegabytes"/> of them; the size is checked from the
/// header before anything is decoded (<see cref="Probe"/>), the decoder's allocations are capped as a backstop, and
/// decoding has a time limit. A file that cannot be used is an <see cref="UnreadableImage"/> with the reason, never
/// an exception.
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

        // Only the first frame of an animated GIF is used, so only it is decoded (5,000 frames took 10 GB otherwise).
        configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
    }

    public ImageReadOptions Options { get; }

    /// <summary>Reads and decodes <paramref name="path"/>; with <paramref name="thumbnailSize"/> &gt; 0 also a colour thumbnail no larger than that.</summary>
    public ImageReadResult Read(string path, int thumbnailSize = 0) => DecodeProbed(Load(path), thumbnailSize);

    /// <summary>Decodes the bytes of an image file; with <paramref name="thumbnailSize"/> &gt; 0 also a colour thumbnail no larger than that.</summary>
    public ImageReadResult Decode(byte[] bytes, int thumbnailSize = 0) => DecodeProbed(Probe(bytes), thumbnailSize);

    /// <summary>
    /// Reads <paramref name="path"/> — only a regular file (a FIFO, device or directory, even behind a link, is
    /// refused without blocking) and at most <see cref="ImageReadOptions.MaxFileMegabytes"/> — and probes it.
    /// </summary>
    /// <returns>A <see cref="ProbedImage"/> ready to decode, or an <see cref="UnreadableImage"/>.</returns>
    public ImageReadResult Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return Probe(RegularFile.ReadAll(path, Options.MaxFileMegabytes * 1_000_000L));
        }
        catch (NotRegularFileException error)
        {
            return new UnreadableImage(error.Reason);
        }
        catch (FileTooLargeException error)
        {
            return new UnreadableImage(error.Reason, TooLarge: true);
        }
        catch (FileNotFoundException) when (Path.GetFileName(path).Contains('\uFFFD', StringComparison.Ordinal))
        {
            // .NET decodes file names as UTF-8 and replaces what is not, so such a name no longer leads to its file.
            return new UnreadableImage("the file name is not valid UTF-8, so it cannot be opened; rename the file");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return new UnreadableImage($"cannot read the file: {error.Message}");
        }
    }

    /// <summary>Checks the bytes of a file without decoding its pixels: the format, the size from the header, and that nothing is cut off.</summary>
    /// <returns>A <see cref="ProbedImage"/> ready to decode, or an <see cref="UnreadableImage"/>.</returns>
    public ImageReadResult Probe(byte[] bytes)
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

            return TruncationCheck.Problem(bytes, format.Name) is { } truncated
                ? new UnreadableImage(truncated)
                : new ProbedImage(bytes, format.Name, info.Width, info.Height);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return Corrupt(format?.Name, error);
        }
    }

    /// <summary>
    /// Decodes a probed file into grayscale (only the first frame of a GIF), within the time limit of
    /// <see cref="ImageReadOptions.DecodeTimeLimit"/>; with <paramref name="thumbnailSize"/> &gt; 0 also a colour
    /// thumbnail no larger than that.
    /// </summary>
    public ImageReadResult Decode(ProbedImage probed, int thumbnailSize = 0)
    {
        ArgumentNullException.ThrowIfNull(probed);
        using var budget = new CancellationTokenSource(Options.DecodeTimeLimit);
        var decoding = Task.Run(() => DecodePixels(probed, thumbnailSize, budget.Token), budget.Token);
        try
        {
            // The decoders check the token as they go; the wait is the backstop for one that would not.
            return decoding.Wait(Options.DecodeTimeLimit + Options.DecodeTimeLimit) ? decoding.Result : TooSlow();
        }
        catch (AggregateException error) when (error.InnerException is OperationCanceledException)
        {
            return TooSlow();
        }
        catch (AggregateException error) when (error.InnerException is InvalidMemoryOperationException)
        {
            return new UnreadableImage($"decoding would need more than the limit of {Options.AllocationLimitMegabytes:N0} MB", TooLarge: true);
        }
        catch (AggregateException error) when (error.InnerException is { } inner)
        {
            // Decoders meet hostile bytes; whatever they throw, this file is skipped and the batch goes on.
            return Corrupt(probed.Format, inner);
        }

        UnreadableImage TooSlow() => new($"decoding took longer than the limit of {Options.DecodeTimeLimit.TotalSeconds:0.###} s");
    }

    private ImageReadResult DecodeProbed(ImageReadResult loaded, int thumbnailSize) =>
        loaded is ProbedImage probed ? Decode(probed, thumbnailSize) : loaded;

    private ImageReadResult DecodePixels(ProbedImage probed, int thumbnailSize, CancellationToken cancellation)
    {
        using var stream = new MemoryStream(probed.Bytes, writable: false);
        var format = Image.DetectFormat(configuration, stream) ?? throw new InvalidImageContentException("the format is no longer recognised");
        stream.Position = 0;
        var decoder = configuration.ImageFormatsManager.FindDecoder(format);
        using var image = decoder.Decode<Rgba32>(configuration, stream, cancellation);
        cancellation.ThrowIfCancellationRequested();
        image.Mutate(operations => operations.AutoOrient()); // phone photos store their rotation in EXIF
        return new DecodedImage(ToGray(image), thumbnailSize > 0 ? Thumbnail(image, thumbnailSize) : null, format.Name);
    }

    private static UnreadableImage Corrupt(string? format, Exception error) =>
        new($"corrupt or truncated {format ?? "image"}: {error.Message}");

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
