using Digits.Shell;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MnistFunctional.Imaging.Prediction;
using MnistFunctional.Imaging.Reading;
using MnistFunctional.Serialization;

namespace Digits.Serve;

/// <summary>
/// The web shell of <c>digits serve</c>, an ASP.NET Core minimal API: <c>GET /</c> the drawing page,
/// <c>POST /predict</c>, <c>GET /health</c>, <c>GET /model</c>. The work is done by <see cref="UploadReader"/>,
/// <see cref="UploadPredictor"/> and <see cref="ServeJson"/>; errors are answered as JSON, never as a stack trace.
/// </summary>
internal static class DigitServer
{
    private const string Json = "application/json; charset=utf-8";

    /// <summary>Loads the model and builds the app; <paramref name="configure"/> lets tests swap the server (in-memory, port 0).</summary>
    /// <exception cref="ModelFileException">The model file is missing or corrupt.</exception>
    public static WebApplication Build(ServeSettings settings, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxUploadBytes, 1);
        if (settings.MaxMegapixels <= 0)
        {
            throw new ArgumentException($"--max-megapixels must be positive, not {settings.MaxMegapixels}.");
        }

        var info = ModelFile.ReadInfo(settings.Model);
        var read = PredictionModel.Load(settings.Models, settings.Tta);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls([.. settings.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxUploadBytes + UploadReader.MultipartOverhead;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // A start that fails (port in use) is reported in one line by the command, not with the host's stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));

        // Created (and, at shutdown, disposed: the queued images are still answered) by the host.
        builder.Services.AddSingleton(_ => new UploadPredictor(
            images => DigitClassifier.Predict(read, images),
            new ImageReadOptions { MaxPixels = (long)(settings.MaxMegapixels * 1_000_000) },
            settings.Batching));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler(errors => errors.Run(context =>
            Results.Content(ServeJson.Error("internal error"), Json, statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(context)));
        app.Use((context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return next(context);
        });

        app.MapGet("/", () => Results.Content(ServePage.Html, "text/html; charset=utf-8"));
        app.MapGet("/health", (UploadPredictor predictor) => Results.Content(ServeJson.Health(predictor.Queued, predictor.Batches), Json));
        app.MapGet("/model", () => Results.Content(ServeJson.Model(info, settings.Models, settings.Tta.Name), Json));
        app.MapPost("/predict", (HttpContext context, UploadPredictor predictor) => PredictAsync(context, predictor, settings.MaxUploadBytes));
        return app;
    }

    private static async Task<IResult> PredictAsync(HttpContext context, UploadPredictor predictor, long maxUploadBytes)
    {
        var upload = await UploadReader.ReadAsync(context.Request, maxUploadBytes, context.RequestAborted);
        if (upload.File is not { } file)
        {
            return Results.Content(ServeJson.Error(upload.Error ?? "no file"), Json, statusCode: upload.Status);
        }

        try
        {
            var result = await predictor.PredictAsync(file, context.RequestAborted);
            var status = result.Prediction is not null ? StatusCodes.Status200OK
                : result.TooLarge ? StatusCodes.Status413PayloadTooLarge
                : StatusCodes.Status400BadRequest;
            var details = string.Equals(context.Request.Query["details"], "true", StringComparison.OrdinalIgnoreCase);
            return Results.Content(ServeJson.Prediction(upload.Name, result, details), Json, statusCode: status);
        }
        catch (BatcherUnavailableException busy)
        {
            return Results.Content(ServeJson.Error(busy.Message), Json, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
