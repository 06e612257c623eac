using System.Collections.Immutable;
using System.Text.Json;
using MnistFunctional.Training;

namespace MnistFunctional.Reporting;

/// <summary>
/// The per-epoch metrics of a run plus named extra facts ("epochs", "stop_reason", …) kept beside them in the
/// history file. Value equality over both; extra keys are ordered ordinally so the file is deterministic.
/// </summary>
public sealed record TrainingHistory
{
    public TrainingHistory(IEnumerable<EpochMetrics> epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        Epochs = [.. epochs];
    }

    public ImmutableArray<EpochMetrics> Epochs { get; }

    public ImmutableSortedDictionary<string, JsonElement> Extra { get; private init; } =
        ImmutableSortedDictionary.Create<string, JsonElement>(StringComparer.Ordinal);

    /// <summary>The keys the metrics themselves use; an extra field cannot take one of them.</summary>
    public static ImmutableArray<string> MetricKeys { get; } =
        [HistoryJson.LossKey, HistoryJson.AccuracyKey, HistoryJson.ValidationLossKey, HistoryJson.ValidationAccuracyKey, HistoryJson.SecondsKey, HistoryJson.EpochKey];

    public TrainingHistory WithExtra(string key, string value) => WithExtra(key, JsonSerializer.SerializeToElement(value));

    public TrainingHistory WithExtra(string key, long value) => WithExtra(key, JsonSerializer.SerializeToElement(value));

    public TrainingHistory WithExtra(string key, double value) =>
        double.IsFinite(value)
            ? WithExtra(key, JsonSerializer.SerializeToElement(value))
            : throw new ArgumentOutOfRangeException(nameof(value), value, "JSON has no NaN or infinity.");

    public TrainingHistory WithExtra(string key, JsonElement value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (MetricKeys.Contains(key, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{key}' is a metric key of the history, not an extra field.", nameof(key));
        }

        // Clone detaches the element from any JsonDocument the caller may dispose later.
        return this with { Extra = Extra.SetItem(key, value.Clone()) };
    }

    /// <summary>The extra field <paramref name="key"/> as a string, or null when absent or not a string.</summary>
    public string? ExtraString(string key) =>
        Extra.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The extra field <paramref name="key"/> as a number, or null when absent or not a number.</summary>
    public double? ExtraNumber(string key) =>
        Extra.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    public bool Equals(TrainingHistory? other) =>
        other is not null
        && Epochs.SequenceEqual(other.Epochs)
        && Extra.Count == other.Extra.Count
        && Extra.All(pair => other.Extra.TryGetValue(pair.Key, out var value) && JsonElement.DeepEquals(pair.Value, value));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var epoch in Epochs)
        {
            hash.Add(epoch);
        }

        foreach (var key in Extra.Keys)
        {
            hash.Add(key, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
