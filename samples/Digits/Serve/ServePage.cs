namespace Digits.Serve;

/// <summary>The single page <c>GET /</c> serves: <c>Serve/index.html</c>, shipped inside the assembly (no CDN, no files beside it).</summary>
internal static class ServePage
{
    private static readonly Lazy<string> Page = new(Load);

    public static string Html => Page.Value;

    private static string Load()
    {
        using var stream = typeof(ServePage).Assembly.GetManifestResourceStream("Digits.Serve.index.html")
            ?? throw new InvalidOperationException("The page Digits.Serve.index.html is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
