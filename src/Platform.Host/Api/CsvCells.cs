using System.Text;

namespace Platform.Host.Api;

/// <summary>
/// CSV formula injection (OWASP): a spreadsheet evaluates a cell that starts with <c>=</c>,
/// <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return. Spreadsheets set to French split on
/// <c>;</c>, some on tabs, and they do not honour the quotes of a comma-separated field, so a
/// cell starts after every <c>,</c>, <c>;</c> or tab inside a field as well as at its start:
/// <c>"Coop;=cmd|' /C calc'!A0"</c> is two cells there, the second a formula. Every text cell is
/// neutralised at each of those places by a leading apostrophe, which spreadsheets show as text.
/// Figures the platform writes itself (amounts, dates, ids) are left as they are.
/// </summary>
public static class CsvCells
{
    private static bool IsTrigger(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static bool IsSeparator(char c) => c is ',' or ';' or '\t';

    /// <summary>
    /// The text with an apostrophe before every character that would start a formula after a
    /// separator inside it. The field's own first character is the CSV writer's (CsvHelper's
    /// injection escaping, <see cref="CsvHelper.CsvInjection.Escape"/>), which also quotes it.
    /// </summary>
    public static string? Text(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.IndexOfAny([',', ';', '\t']) < 0) return value;
        var safe = new StringBuilder(value.Length + 8);
        var cellStart = false;
        foreach (var c in value)
        {
            if (cellStart && c is not (' ' or '"'))
            {
                if (IsTrigger(c)) safe.Append('\'');
                cellStart = false;
            }
            safe.Append(c);
            if (IsSeparator(c)) cellStart = true;
        }
        return safe.ToString();
    }
}
