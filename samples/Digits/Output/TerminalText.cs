using System.Globalization;
using System.Text;

namespace Digits.Output;

/// <summary>
/// Text from outside (file names, reasons quoting them) made safe to print on a terminal: control characters —
/// which could move the cursor, clear the screen or forge table rows — are shown as escapes (<c>\n</c>, <c>\t</c>,
/// <c>\x1B</c>, <c>\u009B</c>) and a backslash as <c>\\</c>, so every row stays one line and means what it shows.
/// </summary>
internal static class TerminalText
{
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(c => char.IsControl(c) || c == '\\'))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\\' => @"\\",
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                < '\u0080' when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $@"\x{(int)c:X2}"),
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $@"\u{(int)c:X4}"),
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
