namespace Digits.Commands;

/// <summary>How <c>digits predict</c> prints its results.</summary>
internal enum PredictFormat
{
    Text,
    Json,
    Csv,
}
