using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MnistFunctional.Training;

namespace MnistFunctional.Reporting;

/// <summary>
/// A training history as JSON with Keras's <c>History.history</c> key names — <c>loss</c>, <c>accuracy</c>,
/// <c>val_loss</c>, <c>val_accuracy</c> — plus <c>epoch_seconds</c>, <c>epoch</c> (1-based) and any extra fields,
/// so <c>json.load</c> in Python gives what Keras users know. Output is deterministic: fixed key order
/// (metrics first, then extras in ordinal order), shortest round-trip numbers, '\n' line ends.
/// A non-finite value (e.g. no validation split) is written as null and read back as NaN.
/// </summary>
public static class HistoryJson
{
    public const string LossKey = "loss";
    public const string AccuracyKey = "accuracy";
    public const string ValidationLossKey = "val_loss";
    public const string ValidationAccuracyKey = "val_accuracy";
    public const string SecondsKey = "epoch_seconds";
    public const string EpochKey = "epoch";

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, NewLine = "\n" };

    public static string Serialize(TrainingHistory history) => Encoding.UTF8.GetString(SerializeToUtf8(history));

    public static byte[] SerializeToUtf8(TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            Numbers(writer, LossKey, history.Epochs, m => m.Loss);
            Numbers(writer, AccuracyKey, history.Epochs, m => m.Accuracy);
            Numbers(writer, ValidationLossKey, history.Epochs, m => m.ValidationLoss);
            Numbers(writer, ValidationAccuracyKey, history.Epochs, m => m.ValidationAccuracy);
            Numbers(writer, SecondsKey, history.Epochs, m => m.Seconds);
            writer.WriteStartArray(EpochKey);
            foreach (var epoch in history.Epochs)
            {
                writer.WriteNumberValue(epoch.Epoch);
            }

            writer.WriteEndArray();
            foreach (var (key, value) in history.Extra)
            {
                writer.WritePropertyName(key);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads a history back; <paramref name="source"/> names the input in error messages.</summary>
    /// <exception cref="InvalidDataException">The text is not a history: bad JSON, a missing or malformed metric array, unequal lengths.</exception>
    public static TrainingHistory Parse(string json, string source = "history JSON")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({exception.Message}).", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{source}: expected a JSON object with Keras history keys, found {root.ValueKind}.");
            }

            var loss = Required(root, LossKey, source);
            var count = loss.Length;
            var accuracy = Optional(root, AccuracyKey, count, source);
            var validationLoss = Optional(root, ValidationLossKey, count, source);
            var validationAccuracy = Optional(root, ValidationAccuracyKey, count, source);
            var seconds = Optional(root, SecondsKey, count, source);
            var epochs = Epochs(root, count, source);

            var history = new TrainingHistory(Enumerable.Range(0, count).Select(i =>
                new EpochMetrics(epochs[i], loss[i], accuracy[i], validationLoss[i], validationAccuracy[i], seconds[i])));
            foreach (var property in root.EnumerateObject())
            {
                if (!TrainingHistory.MetricKeys.Contains(property.Name, StringComparer.Ordinal))
                {
                    history = history.WithExtra(property.Name, property.Value);
                }
            }

            return history;
        }
    }

    /// <summary>Writes <paramref name="history"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, TrainingHistory history) => IO.AtomicFile.Write(path, SerializeToUtf8(history), createFolder: true);

    /// <summary>Reads the history file at <paramref name="path"/>; errors name the file.</summary>
    public static TrainingHistory Read(string path) => Parse(File.ReadAllText(path, Encoding.UTF8), $"'{path}'");

    private static void Numbers(Utf8JsonWriter writer, string key, ImmutableArray<EpochMetrics> epochs, Func<EpochMetrics, double> value)
    {
        writer.WriteStartArray(key);
        foreach (var epoch in epochs)
        {
            var number = value(epoch);
            if (double.IsFinite(number))
            {
                writer.WriteNumberValue(number);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        writer.WriteEndArray();
    }

    private static double[] Required(JsonElement root, string key, string source) =>
        root.TryGetProperty(key, out var array)
            ? ReadNumbers(array, key, source)
            : throw new InvalidDataException($"{source}: the \"{key}\" array is missing.");

    // Keras omits val_* without a validation split; a missing array reads as NaN per epoch.
    private static double[] Optional(JsonElement root, string key, int count, string source)
    {
        if (!root.TryGetProperty(key, out var array))
        {
            return Enumerable.Repeat(double.NaN, count).ToArray();
        }

        var numbers = ReadNumbers(array, key, source);
        return numbers.Length == count
            ? numbers
            : throw new InvalidDataException($"{source}: \"{key}\" has {numbers.Length} values but \"{LossKey}\" has {count}.");
    }

    private static double[] ReadNumbers(JsonElement array, string key, string source)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{source}: \"{key}\" must be an array of numbers, found {array.ValueKind}.");
        }

        var numbers = new double[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            numbers[i] = item.ValueKind switch
            {
                JsonValueKind.Number => item.GetDouble(),
                JsonValueKind.Null => double.NaN,
                _ => throw new InvalidDataException($"{source}: \"{key}\"[{i}] must be a number or null, found {item.ValueKind}."),
            };
            i++;
        }

        return numbers;
    }

    private static int[] Epochs(JsonElement root, int count, string source)
    {
        if (!root.TryGetProperty(EpochKey, out var array))
        {
            return [.. Enumerable.Range(1, count)];
        }

        var numbers = ReadNumbers(array, EpochKey, source);
        if (numbers.Length != count)
        {
            throw new InvalidDataException($"{source}: \"{EpochKey}\" has {numbers.Length} values but \"{LossKey}\" has {count}.");
        }

        return [.. numbers.Select((value, i) => value >= 1 && value <= int.MaxValue && value == Math.Floor(value)
            ? (int)value
            : throw new InvalidDataException($"{source}: \"{EpochKey}\"[{i}] must be a positive whole number, found {value.ToString(CultureInfo.InvariantCulture)}."))];
    }
}
