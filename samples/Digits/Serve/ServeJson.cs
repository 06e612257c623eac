using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Digits.Output;
using MnistFunctional.Imaging.Prediction;
using MnistFunctional.Serialization;

namespace Digits.Serve;

/// <summary>
/// The bodies <c>digits serve</c> answers with. A prediction is exactly what <c>digits predict --format json</c>
/// prints for a folder holding that one file (in <c>predictions</c>, or in <c>skipped</c> with the reason); asked
/// for details it also carries the ten probabilities by digit and the 28×28 the model saw.
/// </summary>
internal static class ServeJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Prediction(string file, UploadPrediction result, bool details)
    {
        var folder = result.Prediction is { } prediction
            ? new FolderPrediction([new PredictedImage(file, prediction, null)], [])
            : new FolderPrediction([], [new SkippedImage(file, result.Problem ?? "no prediction", null)]);
        var json = PredictionJson.Render(folder);
        if (!details || result.Prediction is null || result.Seen is null)
        {
            return json;
        }

        var body = JsonNode.Parse(json)!.AsObject();
        body["details"] = new JsonObject
        {
            ["probabilities"] = new JsonArray([.. result.Prediction.Ranking.OrderBy(p => p.Digit).Select(p => JsonValue.Create(Math.Round((double)p.Probability, 6)))]),
            ["seen"] = new JsonArray([.. result.Seen.Pixels.Select(v => JsonValue.Create(Math.Round((double)v, 3)))]),
        };
        return body.ToJsonString(Options) + Environment.NewLine;
    }

    /// <summary>The first model file's facts, the names of all the files read together and the test-time augmentation.</summary>
    public static string Model(ModelFileInfo info, IReadOnlyList<string> models, string tta) => JsonSerializer.Serialize(
        new
        {
            file = Path.GetFileName(info.FilePath),
            models = models.Select(Path.GetFileName),
            tta,
            network = info.NetworkName,
            architecture = info.ArchitectureText,
            parameters = info.ParameterCount,
            format_version = info.FormatVersion,
            training = info.TrainingFacts,
        },
        Options) + Environment.NewLine;

    public static string Health(int queued, long batches) =>
        JsonSerializer.Serialize(new { status = "ok", queued, batches }, Options) + Environment.NewLine;

    public static string Error(string message) => JsonSerializer.Serialize(new { error = message }, Options) + Environment.NewLine;
}
