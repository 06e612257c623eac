using Digits.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace MnistFunctional.Imaging.Tests.Serve;

/// <summary><c>digits serve</c>'s app with the shipped model, in memory (ASP.NET Core's test server) or on a loopback port.</summary>
internal sealed class ServedApp : IAsyncDisposable
{
    private readonly WebApplication app;

    private ServedApp(WebApplication app, HttpClient client)
    {
        this.app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    /// <summary>The base address (a real one only on loopback).</summary>
    public Uri Address => Client.BaseAddress!;

    public static ServedApp InMemory(Func<ServeSettings, ServeSettings>? adjust = null)
    {
        var app = DigitServer.Build(Settings(adjust, "http://127.0.0.1:0"), builder => builder.WebHost.UseTestServer());
        app.Start();
        return new ServedApp(app, app.GetTestClient());
    }

    /// <summary>Kestrel on 127.0.0.1 and a port the system picks: for a real browser.</summary>
    public static ServedApp OnLoopback()
    {
        var app = DigitServer.Build(Settings(null, "http://127.0.0.1:0"));
        app.Start();
        var address = app.Urls.Single();
        return new ServedApp(app, new HttpClient { BaseAddress = new Uri(address) });
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static ServeSettings Settings(Func<ServeSettings, ServeSettings>? adjust, string url)
    {
        var settings = new ServeSettings(ShippedModelFixture.FilePath, [url]);
        return adjust is null ? settings : adjust(settings);
    }
}
