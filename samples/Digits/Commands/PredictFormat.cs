namespace Digits.Commands;

/// <summary>How <c>digits predict</c> prints its results.</summary>
internal enum PredictFormat
{
    Text,
    Json,

    /// <summary>JSON Lines: one object per file and line (<c>--format jsonl</c>).</summary>
    Jsonl,
    Csv,
}
