using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Digits.Commands;
using Digits.Serve;
using MnistFunctional.Imaging.Tests.Cli;
using MnistFunctional.Models;
using MnistFunctional.Plotting.Digits;
using MnistFunctional.Serialization;
using MnistFunctional.Tests;
using MnistFunctional.Tests.Data;
using Xunit.Abstractions;
using Colors = ScottPlot.Colors;

namespace MnistFunctional.Imaging.Tests.Serve;

public sealed class ServeApiTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ServedApp served = null!;

    public static TheoryData<string> Samples => [.. Directory.EnumerateFiles(SamplesFolder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    /// <summary>Each hostile kind of the predict tests, the status serve answers it with.</summary>
    public static TheoryData<string, int> Hostile => new()
    {
        { "empty.png", 400 },
        { "note.png", 400 },
        { "cut.png", 400 },
        { "blank.png", 400 },
        { "huge.png", 413 },
    };

    private static string SamplesFolder => Path.Combine(RealMnist.RepositoryRoot, "data", "samples");

    public Task InitializeAsync()
    {
        served = ServedApp.InMemory();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await served.DisposeAsync();

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task A_picture_gets_exactly_the_json_predict_prints_for_a_folder_holding_it(string sample)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(SamplesFolder, sample));

        using var response = await served.Client.PostAsync($"/predict?name={Uri.EscapeDataString(sample)}", new ByteArrayContent(bytes));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PredictJson(sample, bytes), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_multipart_upload_is_read_as_the_raw_body_is_and_named_after_its_file()
    {
        var bytes = DigitDrawing.Render(4);
        using var form = new MultipartFormDataContent { { new StringContent("a note"), "comment" }, { Upload(bytes, "image/png"), "image", "four.png" } };

        using var response = await served.Client.PostAsync("/predict", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PredictJson("four.png", bytes), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Each_hostile_kind_of_file_gets_its_status_and_the_reason_predict_gives(string name, int status)
    {
        var bytes = HostileFile(name);

        using var response = await served.Client.PostAsync($"/predict?name={name}", new ByteArrayContent(bytes));

        Assert.Equal(status, (int)response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(PredictJson(name, bytes), body);
        Assert.Single(JsonDocument.Parse(body).RootElement.GetProperty("skipped").EnumerateArray());
    }

    [Fact]
    public async Task A_body_over_the_upload_limit_is_refused_with_413_raw_or_multipart()
    {
        await using var small = ServedApp.InMemory(settings => settings with { MaxUploadBytes = 1000 });
        var bytes = new byte[1001];

        using var raw = await small.Client.PostAsync("/predict", new ByteArrayContent(bytes));
        using var multipart = await small.Client.PostAsync("/predict", new MultipartFormDataContent { { Upload(bytes, "image/png"), "image", "big.png" } });

        foreach (var response in new[] { raw, multipart })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("""{"error":"the upload is over the limit of 1,000 bytes"}""", (await response.Content.ReadAsStringAsync()).Trim());
        }
    }

    [Fact]
    public async Task A_multipart_form_without_a_file_is_refused_with_the_reason()
    {
        using var response = await served.Client.PostAsync("/predict", new MultipartFormDataContent { { new StringContent("7"), "digit" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"error":"the multipart form holds no file"}""", (await response.Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task Details_add_the_ten_probabilities_by_digit_and_the_28x28_the_model_saw()
    {
        using var response = await served.Client.PostAsync("/predict?details=true", new ByteArrayContent(DigitDrawing.Render(2)));

        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var probabilities = body.GetProperty("details").GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).ToArray();
        var seen = body.GetProperty("details").GetProperty("seen").EnumerateArray().Select(p => p.GetDouble()).ToArray();
        Assert.Equal(10, probabilities.Length);
        Assert.Equal(2, Array.IndexOf(probabilities, probabilities.Max()));
        Assert.Equal(body.GetProperty("predictions")[0].GetProperty("confidence").GetDouble(), probabilities[2]);
        Assert.InRange(probabilities.Sum(), 0.9999, 1.0001);
        Assert.Equal(MnistImage.PixelCount, seen.Length);
        Assert.All(seen, v => Assert.InRange(v, 0, 1));
        Assert.Equal(1, seen.Max());
    }

    [Fact]
    public async Task Health_and_model_describe_the_server_and_the_model_file()
    {
        var health = JsonDocument.Parse(await served.Client.GetStringAsync("/health")).RootElement;
        var model = JsonDocument.Parse(await served.Client.GetStringAsync("/model")).RootElement;

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("mnist-cnn.safetensors", model.GetProperty("file").GetString());
        Assert.Equal(MnistCnn.Architecture.CanonicalText, model.GetProperty("architecture").GetString());
        Assert.Equal(93_322, model.GetProperty("parameters").GetInt64());
        Assert.Equal("0.9912", model.GetProperty("training").GetProperty("test_accuracy").GetString());
        Assert.Equal("42", model.GetProperty("training").GetProperty("seed").GetString());
    }

    [Fact]
    public async Task The_page_ships_with_the_app_and_loads_nothing_from_elsewhere()
    {
        using var response = await served.Client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<canvas id=\"pad\"", html, StringComparison.Ordinal);
        Assert.Contains("pointerdown", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("//", html.Replace("// ", string.Empty, StringComparison.Ordinal).Replace("//\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thousand_requests_from_16_clients_each_get_the_answer_for_their_own_image()
    {
        var images = Enumerable.Range(0, 10).Select(d => DigitDrawing.Render(d, new DigitStyle { Width = 96, Height = 96 })).ToArray();

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(client => Task.Run(async () =>
        {
            var mine = new List<(string Name, int Digit, HttpStatusCode Status, string Body)>();
            for (var request = client; request < 1000; request += 16)
            {
                var digit = (request * 7) % 10;
                var name = $"request-{request}-digit-{digit}.png";
                using var response = await served.Client.PostAsync($"/predict?name={name}", new ByteArrayContent(images[digit]));
                mine.Add((name, digit, response.StatusCode, await response.Content.ReadAsStringAsync()));
            }

            return mine;
        })));

        var all = answers.SelectMany(a => a).ToArray();
        Assert.Equal(1000, all.Length);
        foreach (var (name, digit, status, body) in all)
        {
            Assert.Equal(HttpStatusCode.OK, status);
            var prediction = JsonDocument.Parse(body).RootElement.GetProperty("predictions")[0];
            Assert.Equal(name, prediction.GetProperty("file").GetString());
            Assert.Equal(digit, prediction.GetProperty("digit").GetInt32());
        }

        var health = JsonDocument.Parse(await served.Client.GetStringAsync("/health")).RootElement;
        output.WriteLine($"1000 requests from 16 clients ran as {health.GetProperty("batches").GetInt64()} batches.");
    }

    [Fact]
    public void A_missing_model_file_stops_the_server_before_it_starts_naming_the_file()
    {
        var error = Assert.Throws<ModelFileException>(() => DigitServer.Build(new ServeSettings("no/such.safetensors", ["http://127.0.0.1:0"])));

        Assert.Contains("no/such.safetensors", error.Message, StringComparison.Ordinal);
    }

    private static ByteArrayContent Upload(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static byte[] HostileFile(string name) => name switch
    {
        "empty.png" => HostileFiles.Empty,
        "note.png" => HostileFiles.TextNamedPng,
        "cut.png" => HostileFiles.Truncated(DigitDrawing.Render(5, new DigitStyle { Noise = 20 })),
        "blank.png" => DigitDrawing.Render(8, new DigitStyle { Ink = Colors.White }),
        "huge.png" => HostileFiles.PngHeaderClaiming(100_000, 100_000),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    /// <summary>What <c>digits predict --format json</c> prints for a folder holding only this file.</summary>
    private static string PredictJson(string name, byte[] bytes)
    {
        using var folder = new TempFolder();
        folder.Write(name, bytes);
        return CommandRun.Predict(new PredictRequest(folder.Path, ShippedModelFixture.FilePath, PredictFormat.Json)).Output;
    }
}
