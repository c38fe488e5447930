namespace Platform.Abstractions;

/// <summary>What a text field is: a name or title (one line, shown in lists and headings) or free text.</summary>
public enum TextKind { Text, Name }

/// <summary>
/// The one rule for text the platform accepts (issue 13): no NUL and no other control character
/// (U+0000–U+001F, U+007F–U+009F) — free text may keep tab, line feed and carriage return — no
/// unpaired surrogate, and in names and titles no bidirectional embedding, override or isolate
/// (U+202A–U+202E, U+2066–U+2069), which would make a name read differently from what it is
/// (e.g. "Coop ‮exe.fdp" shown as "Coop pdf.exe").
/// </summary>
public static class TextRules
{
    public static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>The first character the rule refuses, with its position; null when the text is clean.</summary>
    public static (int Index, int CodePoint)? FirstRefused(string? text, TextKind kind)
    {
        if (text is null) return null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c)) return (i, c);
            if (char.IsControl(c) && !(kind == TextKind.Text && c is '\t' or '\n' or '\r')) return (i, c);
            if (kind == TextKind.Name && IsBidiControl(c)) return (i, c);
        }
        return null;
    }

    /// <summary>Why a text is refused, in French and English; null when it is clean.</summary>
    public static (string French, string English)? Explain(string? text, TextKind kind)
    {
        if (FirstRefused(text, kind) is not { } refused) return null;
        var code = $"U+{refused.CodePoint:X4}";
        return IsBidiControl((char)refused.CodePoint)
            ? ($"ne peut pas contenir de caractère de contrôle bidirectionnel ({code}, position {refused.Index + 1}) : un nom ou un titre s'affiche tel qu'il est écrit",
               $"may not contain a bidirectional control character ({code}, at position {refused.Index + 1}): a name or title reads as it is written")
            : ($"ne peut pas contenir de caractère de contrôle ({code}, position {refused.Index + 1}){(kind == TextKind.Text ? " ; seuls la tabulation et les fins de ligne sont permis" : "")}",
               $"may not contain a control character ({code}, at position {refused.Index + 1}){(kind == TextKind.Text ? "; only tab and line breaks are allowed" : "")}");
    }

    /// <summary>Throws a 400 naming the field when the text breaks the rule.</summary>
    public static string? Require(string? text, string field, TextKind kind)
    {
        if (Explain(text, kind) is { } why) throw ValidationFailedException.For(field, $"'{field}' {why.English}.");
        return text;
    }
}
