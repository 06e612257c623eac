using System.Text.Json;

namespace MnistFunctional.Imaging.Tests.Serve;

/// <summary>
/// The page of <c>digits serve</c> in a real browser: headless chromium draws digits on the canvas with the mouse
/// (which the page receives as pointer events) and reads what the page then shows.
/// </summary>
public sealed class ServePageBrowserTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Drawing_a_digit_shows_what_the_network_reads_and_Clear_starts_over()
    {
        await using var served = ServedApp.OnLoopback();
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = chromium.Page;
        await page.SendAsync("Page.navigate", new { url = served.Address.ToString() });
        await WaitForAsync(page, "document.readyState === 'complete' && document.getElementById('pad') !== null", "true");
        var pad = await BoxAsync(page, "pad");

        // A seven: the bar, then the stem down to the left.
        await DrawAsync(page, pad, [(0.22, 0.18), (0.78, 0.18), (0.42, 0.88)]);
        await WaitForAsync(page, Shown, "7");
        Assert.True((await page.EvaluateAsync(InkSeen)).GetInt32() > 0, "the 28×28 the network saw is blank");
        Assert.Equal(10, (await page.EvaluateAsync("document.querySelectorAll('#bars .fill').length")).GetInt32());

        await ClickAsync(page, await BoxAsync(page, "clear"));
        await WaitForAsync(page, Shown, string.Empty);
        Assert.Equal(0, (await page.EvaluateAsync(InkSeen)).GetInt32());

        // A zero: an ellipse.
        await DrawAsync(page, pad, [.. Enumerable.Range(0, 41).Select(i => (0.5 + (0.24 * Math.Sin(i * Math.PI / 20)), 0.5 - (0.36 * Math.Cos(i * Math.PI / 20))))]);
        await WaitForAsync(page, Shown, "0");
    }

    private const string Shown = "document.getElementById('digit').textContent";

    private const string InkSeen =
        "Array.from(document.getElementById('seen').getContext('2d').getImageData(0, 0, 28, 28).data).filter((v, i) => i % 4 === 0 && v > 0).length";

    /// <summary>Presses the left button at the first point, moves through the others in small steps, releases.</summary>
    private static async Task DrawAsync(CdpConnection page, Box box, (double X, double Y)[] points)
    {
        await MouseAsync(page, "mousePressed", box.At(points[0]));
        for (var i = 1; i < points.Length; i++)
        {
            for (var step = 1; step <= 8; step++)
            {
                var t = step / 8.0;
                await MouseAsync(page, "mouseMoved", box.At((points[i - 1].X + (t * (points[i].X - points[i - 1].X)), points[i - 1].Y + (t * (points[i].Y - points[i - 1].Y)))));
            }
        }

        await MouseAsync(page, "mouseReleased", box.At(points[^1]));
    }

    private static async Task ClickAsync(CdpConnection page, Box box)
    {
        await MouseAsync(page, "mousePressed", box.At((0.5, 0.5)));
        await MouseAsync(page, "mouseReleased", box.At((0.5, 0.5)));
    }

    private static Task MouseAsync(CdpConnection page, string type, (double X, double Y) at) =>
        page.SendAsync("Input.dispatchMouseEvent", new { type, x = at.X, y = at.Y, button = "left", buttons = type == "mouseReleased" ? 0 : 1, clickCount = 1 });

    private static async Task<Box> BoxAsync(CdpConnection page, string id)
    {
        var box = await page.EvaluateAsync($"(() => {{ const r = document.getElementById('{id}').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; }})()");
        var v = box.EnumerateArray().Select(e => e.GetDouble()).ToArray();
        return new Box(v[0], v[1], v[2], v[3]);
    }

    /// <summary>Polls a JavaScript expression until it gives <paramref name="expected"/>; fails naming what the page showed instead.</summary>
    private static async Task WaitForAsync(CdpConnection page, string expression, string expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            var value = await page.EvaluateAsync(expression);
            last = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            if (last == expected)
            {
                return;
            }

            await Task.Delay(100);
        }

        var status = (await page.EvaluateAsync("document.getElementById('status') ? document.getElementById('status').textContent : document.title")).ToString();
        Assert.Fail($"After {Patience.TotalSeconds:0} s, '{expression}' gave '{last}', not '{expected}' (the page's status line: '{status}').");
    }

    private sealed record Box(double Left, double Top, double Width, double Height)
    {
        public (double X, double Y) At((double X, double Y) fraction) => (Left + (fraction.X * Width), Top + (fraction.Y * Height));
    }
}
