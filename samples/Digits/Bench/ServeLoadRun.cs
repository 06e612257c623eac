namespace Digits.Bench;

/// <summary>
/// A <c>digits bench --serve</c> run: the machine, one result per client count, and the median time of each step
/// one upload goes through, timed alone in the same run (µs): decoding the PNG, normalising it, the model on it.
/// </summary>
internal sealed record ServeLoadRun(string Cpu, int Cores, IReadOnlyList<ServeLoadLevel> Levels, double DecodeUs, double NormaliseUs, double PredictUs);
