using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Digits.Serve;

/// <summary>
/// Takes the image out of a <c>POST /predict</c> request: the first file of a <c>multipart/form-data</c> body, or
/// else the raw body (any other content type; its name from <c>?name=</c>). Nothing beyond the size limit is read:
/// a larger body is refused with 413.
/// </summary>
internal static class UploadReader
{
    public const string DefaultName = "upload";

    /// <summary>Room for a multipart body's boundaries and part headers around the file.</summary>
    public const int MultipartOverhead = 64 * 1024;

    public static async Task<Upload> ReadAsync(HttpRequest request, long maxFileBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var boundary = MultipartBoundary(request.ContentType);
        var limit = maxFileBytes + (boundary is null ? 0 : MultipartOverhead);
        if (request.ContentLength > limit)
        {
            return TooLarge(maxFileBytes);
        }

        byte[] body;
        try
        {
            body = await ReadAtMostAsync(request.Body, limit, cancellationToken).ConfigureAwait(false);
            if (body.LongLength > limit)
            {
                return TooLarge(maxFileBytes);
            }
        }
        catch (BadHttpRequestException error)
        {
            // Kestrel's own body limit, or a body that ended early.
            return Upload.Refused(error.StatusCode, error.Message);
        }

        if (boundary is null)
        {
            return new Upload(body, FileName(request.Query["name"]));
        }

        var reader = new MultipartReader(boundary, new MemoryStream(body, writable: false)) { BodyLengthLimit = null };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (section.GetContentDispositionHeader() is { } disposition && disposition.IsFileDisposition())
                {
                    using var file = new MemoryStream();
                    await section.Body.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                    if (file.Length > maxFileBytes)
                    {
                        return TooLarge(maxFileBytes);
                    }

                    return new Upload(file.ToArray(), FileName(disposition.FileNameStar.Value ?? disposition.FileName.Value));
                }
            }
        }
        catch (InvalidDataException error)
        {
            return Upload.Refused(StatusCodes.Status400BadRequest, $"malformed multipart body: {error.Message}");
        }

        return Upload.Refused(StatusCodes.Status400BadRequest, "the multipart form holds no file");
    }

    private static Upload TooLarge(long maxFileBytes) =>
        Upload.Refused(StatusCodes.Status413PayloadTooLarge, $"the upload is over the limit of {maxFileBytes:N0} bytes");

    private static string? MultipartBoundary(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        && HeaderUtilities.RemoveQuotes(type.Boundary).Value is { Length: > 0 } boundary
            ? boundary
            : null;

    // Only the last path segment of a client's name, so nothing in the answer looks like a server path.
    private static string FileName(string? name)
    {
        var last = Path.GetFileName((name ?? string.Empty).Replace('\\', '/').Trim().Trim('"'));
        return string.IsNullOrWhiteSpace(last) ? DefaultName : last;
    }

    /// <summary>The stream's bytes, or one byte more than <paramref name="limit"/> to say it is longer.</summary>
    private static async Task<byte[]> ReadAtMostAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                break;
            }
        }

        return buffer.ToArray();
    }
}
