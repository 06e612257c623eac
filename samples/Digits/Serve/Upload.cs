namespace Digits.Serve;

/// <summary>The image file a request carried and its name, or the HTTP status and reason it was refused with.</summary>
internal sealed record Upload(byte[]? File, string Name, int Status = 200, string? Error = null)
{
    public static Upload Refused(int status, string error) => new(null, UploadReader.DefaultName, status, error);
}
