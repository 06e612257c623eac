namespace Digits.Bench;

/// <summary>A <c>digits bench --serve</c> run: the machine and one result per client count.</summary>
internal sealed record ServeLoadRun(string Cpu, int Cores, IReadOnlyList<ServeLoadLevel> Levels);
