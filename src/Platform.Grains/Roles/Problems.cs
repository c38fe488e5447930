using Platform.Abstractions;

namespace Platform.Grains.Roles;

/// <summary>
/// Collects every validation problem of a document before refusing it, so one 400 names all the
/// offending fields (by JSON path, e.g. <c>competencies[2].level</c>) instead of the first only.
/// </summary>
public sealed class Problems
{
    /// <summary>Dates outside this window are refused: they are typing mistakes, not history or plans.</summary>
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);
    public static readonly DateOnly LatestDate = new(2199, 12, 31);

    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    public void ThrowIfAny(string summary)
    {
        if (!Any) return;
        var errors = _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
        var first = _errors.First();
        throw new ValidationFailedException($"{summary}: {first.Value[0]}" + (errors.Count > 1 ? $" (and {errors.Count - 1} more)" : ""), errors);
    }

    /// <summary>Checks a bilingual text; returns it when valid so callers can keep it.</summary>
    public LocalizedText? Text(LocalizedText? text, string field, int maxLength, bool required)
    {
        if (text is null)
        {
            if (required) Add(field, $"'{field}' is required, as {{\"fr\": …, \"en\": …}}.");
            return null;
        }
        if (string.IsNullOrWhiteSpace(text.Fr) || string.IsNullOrWhiteSpace(text.En))
        {
            Add(field, $"'{field}' needs both 'fr' and 'en'.");
            return null;
        }
        if (text.Fr.Length > maxLength || text.En.Length > maxLength)
        {
            Add(field, $"'{field}' is limited to {maxLength} characters per language.");
            return null;
        }
        return text;
    }

    /// <summary>Checks a plain one-line string (a person's name, a region).</summary>
    public string? Line(string? value, string field, int maxLength, bool required)
    {
        if (value is null)
        {
            if (required) Add(field, $"'{field}' is required.");
            return null;
        }
        if (string.IsNullOrWhiteSpace(value)) Add(field, $"'{field}' must not be blank.");
        else if (value.Length > maxLength) Add(field, $"'{field}' is limited to {maxLength} characters.");
        else if (value.Any(char.IsControl)) Add(field, $"'{field}' must not contain control characters.");
        else return value.Trim();
        return null;
    }

    public void Date(DateOnly? value, string field)
    {
        if (value is { } date && (date < EarliestDate || date > LatestDate))
            Add(field, $"'{field}' must be between {EarliestDate:yyyy-MM-dd} and {LatestDate:yyyy-MM-dd}.");
    }

    public void Id(string? value, string field)
    {
        if (value is not null && !Ids.IsValid(value))
            Add(field, $"'{field}' must match ^[a-z0-9][a-z0-9-]{{0,62}}$ (lower-case letters, digits and '-', at most 63 characters).");
    }

    public void Count<T>(IReadOnlyList<T>? list, string field, int max)
    {
        if (list is not null && list.Count > max) Add(field, $"'{field}' holds at most {max} entries.");
    }

    /// <summary>True when the amount has at most two decimals (cents, or hundredths of an hour).</summary>
    public static bool HasAtMostTwoDecimals(decimal value) => decimal.Round(value, 2) == value;
}
