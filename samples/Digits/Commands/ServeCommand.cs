using System.CommandLine;
using Digits.Serve;
using Digits.Shell;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Digits.Commands;

/// <summary><c>digits serve</c>: a web page to draw digits on and an HTTP API that reads them.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "The port to listen on, on localhost (ignored with --urls).", DefaultValueFactory = _ => 5000 };
        var model = ModelPaths.PredictionModelOption();
        var tta = TtaOption.Create();
        var urls = new Option<string[]>("--urls")
        {
            Description = "The addresses to listen on instead, e.g. http://0.0.0.0:8080 to accept other machines (default: http://localhost:PORT).",
            AllowMultipleArgumentsPerToken = true,
        };
        var maxUpload = new Option<double>("--max-upload-mb") { HelpName = "N", Description = "Refuse (413) image files larger than this.", DefaultValueFactory = _ => 16 };
        var maxMegapixels = new Option<double>("--max-megapixels") { HelpName = "N", Description = "Refuse (413) images larger than this (read from the header, before decoding), as predict does.", DefaultValueFactory = _ => 40 };

        var command = new Command(
            "serve",
            "Serve a page to draw a digit on and watch the network read it, and an HTTP API: POST /predict (an image file, multipart or raw body) answers with predict's JSON; GET /health, GET /model. Ctrl+C stops.")
        {
            port, model, tta, urls, maxUpload, maxMegapixels,
        };
        command.SetAction(result => Fatal.Guard(() =>
        {
            if (result.GetValue(maxUpload) is var megabytes && megabytes <= 0)
            {
                throw new ArgumentException($"--max-upload-mb must be positive, not {megabytes}.");
            }

            var addresses = result.GetValue(urls) is { Length: > 0 } given ? given : [$"http://localhost:{result.GetValue(port)}"];
            var models = result.GetValue(model)!;
            var settings = new ServeSettings(models[0], [.. addresses])
            {
                MoreModels = [.. models.Skip(1)],
                Tta = TtaOption.Parse(result.GetValue(tta)!),
                MaxUploadBytes = (long)(megabytes * 1024 * 1024),
                MaxMegapixels = result.GetValue(maxMegapixels),
            };
            return Run(settings, Console.Out);
        }));
        return command;
    }

    /// <summary>Serves until Ctrl+C (or SIGTERM); the requests in flight are answered before it returns.</summary>
    public static int Run(ServeSettings settings, TextWriter log)
    {
        using var app = DigitServer.Build(settings);
        app.Start();
        var bound = app.Urls; // after Start: with the ports the system picked
        log.WriteLine($"Serving {settings.Model} at {string.Join(", ", bound)} — open it in a browser to draw a digit. Ctrl+C stops.");
        app.WaitForShutdown();
        log.WriteLine("Stopped.");
        return 0;
    }
}
