using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Digits.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MnistFunctional.Imaging.Prediction;
using MnistFunctional.Imaging.Reading;
using MnistFunctional.Models;
using MnistFunctional.Plotting.Digits;
using MnistFunctional.Serialization;

namespace Digits.Bench;

/// <summary>
/// <c>digits bench --serve</c>: <c>digits serve</c> on 127.0.0.1 (a port the system picks) and, in the same process,
/// 1, 8 and 64 clients posting drawn digits (280×280 PNGs, like the page's canvas) as fast as they are answered.
/// Each level is bounded in time and in count.
/// </summary>
internal static class ServeLoad
{
    public static readonly int[] ClientCounts = [1, 8, 64];

    public static ServeLoadRun Run(string model, bool quick, Action<string> log)
    {
        var duration = TimeSpan.FromSeconds(quick ? 2 : 5);
        var maxRequests = quick ? 2_000 : 20_000;
        using var app = DigitServer.Build(new ServeSettings(model, ["http://127.0.0.1:0"]));
        app.Start();
        try
        {
            var address = new Uri(app.Urls.Single());
            var predictor = app.Services.GetRequiredService<UploadPredictor>();
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 256 }) { BaseAddress = address };
            var images = Enumerable.Range(0, 10).Select(d => DigitDrawing.Render(d, new DigitStyle { Width = 280, Height = 280 })).ToArray();

            log($"serve: warming up on {address}");
            Level(http, images, predictor, 8, TimeSpan.FromSeconds(1), maxRequests);
            var levels = ClientCounts.Select(clients =>
            {
                log($"serve: {clients} client(s)");
                return Level(http, images, predictor, clients, duration, maxRequests);
            }).ToArray();
            log("serve: the steps of one upload, alone");
            var (decode, normalise, predict) = Steps(model, images[7]);
            return new ServeLoadRun(BenchMachine.CpuModel(), Environment.ProcessorCount, levels, decode, normalise, predict);
        }
        finally
        {
            app.StopAsync().GetAwaiter().GetResult();
        }
    }

    /// <summary>Median µs of each step one upload goes through, timed in alternating rounds by the bench's runner.</summary>
    private static (double Decode, double Normalise, double Predict) Steps(string model, byte[] png)
    {
        var parameters = ModelFile.Load<MnistCnn.Parameters>(model, MnistCnn.Architecture);
        var reader = new ImageFileReader();
        var decoded = reader.Decode(png);
        var input = PreparedImage.From(decoded).Input ?? throw new InvalidOperationException("The bench image holds no digit.");
        var seconds = new BenchRunner(quick: true).MedianSeconds(
        [
            () => reader.Decode(png),
            () => PreparedImage.From(decoded),
            () => DigitClassifier.Predict(MnistCnn.Network, parameters, [input]),
        ]);
        return (seconds[0] * 1e6, seconds[1] * 1e6, seconds[2] * 1e6);
    }

    private static ServeLoadLevel Level(HttpClient http, byte[][] images, UploadPredictor predictor, int clients, TimeSpan duration, int maxRequests)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var started = 0;
        var batchesBefore = predictor.Batches;
        var clock = Stopwatch.StartNew();
        Task.WaitAll([.. Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration && Interlocked.Increment(ref started) is var number && number <= maxRequests)
            {
                using var body = new ByteArrayContent(images[number % images.Length]);
                var sent = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("/predict", body).ConfigureAwait(false);
                await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }))]);
        return ServeLoadLevel.From(clients, [.. latencies], errors, clock.Elapsed, predictor.Batches - batchesBefore);
    }
}
