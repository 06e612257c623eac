using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Digits.Bench;

/// <summary>The report of <c>digits bench --serve</c>, as a text table or one JSON object.</summary>
internal static class ServeLoadReport
{
    public static string Text(ServeLoadRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"digits serve on 127.0.0.1, clients in the same process; {run.Cpu}, {run.Cores} cores\n");
        text.Append("clients  requests  errors  requests/s  p50 ms  p99 ms  images/batch\n");
        foreach (var level in run.Levels)
        {
            text.Append(CultureInfo.InvariantCulture, $"{level.Clients,7}  {level.Requests,8}  {level.Errors,6}  {level.RequestsPerSecond,10:F0}  {level.P50Ms,6:F2}  {level.P99Ms,6:F2}  {level.MeanBatch,12:F1}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"one upload alone (median): decode {run.DecodeUs:F0} µs, normalise {run.NormaliseUs:F0} µs, model {run.PredictUs:F0} µs\n");
        return text.ToString();
    }

    public static string Json(ServeLoadRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return JsonSerializer.Serialize(new
        {
            serve = new
            {
                machine = new { cpu = run.Cpu, cores = run.Cores },
                one_upload_us = new { decode = Math.Round(run.DecodeUs, 1), normalise = Math.Round(run.NormaliseUs, 1), predict = Math.Round(run.PredictUs, 1) },
                levels = run.Levels.Select(l => new
                {
                    clients = l.Clients,
                    requests = l.Requests,
                    errors = l.Errors,
                    seconds = Math.Round(l.Seconds, 3),
                    requests_per_s = Math.Round(l.RequestsPerSecond, 1),
                    p50_ms = Math.Round(l.P50Ms, 3),
                    p99_ms = Math.Round(l.P99Ms, 3),
                    images_per_batch = Math.Round(l.MeanBatch, 2),
                }),
            },
        }) + Environment.NewLine;
    }
}
