using System.Diagnostics;

namespace Digits.Shell;

/// <summary>A one-line progress bar redrawn in place on a terminal (at most ten times a second); silent when output is redirected.</summary>
internal sealed class ProgressBar(TextWriter output, bool interactive, string label) : IDisposable
{
    private const int BarWidth = 30;
    private readonly Stopwatch sinceRedraw = Stopwatch.StartNew();
    private bool drawn;

    public void Report(int done, int total)
    {
        if (!interactive || total == 0 || (done < total && drawn && sinceRedraw.ElapsedMilliseconds < 100))
        {
            return;
        }

        sinceRedraw.Restart();
        drawn = true;
        var filled = (int)((long)done * BarWidth / total);
        output.Write($"\r{label} {new string('━', filled)}{new string('─', BarWidth - filled)} {done}/{total}");
    }

    /// <summary>Clears the bar, so what follows starts on a clean line.</summary>
    public void Done()
    {
        if (drawn)
        {
            output.Write($"\r{new string(' ', label.Length + BarWidth + 24)}\r");
            drawn = false;
        }
    }

    public void Dispose() => Done();
}
