using System.Globalization;
using Orleans;

namespace Platform.Abstractions;

/// <summary>
/// A calendar month (<c>yyyy-MM</c>): the unit of time ledgers, statements and audit logs. Years
/// are held to 2000–2099 so a typo such as 0202-04 is a 400 rather than a grain nobody will ever
/// read again.
/// </summary>
[GenerateSerializer, Immutable, Alias("YearMonth")]
public readonly record struct YearMonth(int Year, int Month) : IComparable<YearMonth>
{
    public const int MinYear = 2000;
    public const int MaxYear = 2099;

    public DateOnly FirstDay => new(Year, Month, 1);
    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    public static YearMonth Of(DateOnly day) => new(day.Year, day.Month);

    /// <summary>The UTC month of an instant.</summary>
    public static YearMonth Of(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month);

    public bool Contains(DateOnly day) => day.Year == Year && day.Month == Month;

    public YearMonth Next() => Of(FirstDay.AddMonths(1));

    public int CompareTo(YearMonth other) => (Year, Month).CompareTo((other.Year, other.Month));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    /// <summary>Parses exactly <c>yyyy-MM</c> within the supported years.</summary>
    public static bool TryParse(string? text, out YearMonth month)
    {
        month = default;
        if (text is null || text.Length != 7 || text[4] != '-') return false;
        if (!int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return false;
        if (!int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return false;
        if (year is < MinYear or > MaxYear || number is < 1 or > 12) return false;
        month = new YearMonth(year, number);
        return true;
    }

    /// <summary>Parses or throws a 400 naming the field: "required" when it is missing, the expected form otherwise.</summary>
    public static YearMonth Require(string? text, string field) =>
        TryParse(text, out var month)
            ? month
            : throw ValidationFailedException.For(field, string.IsNullOrEmpty(text)
                ? $"'{field}' is required, as a month written yyyy-MM (e.g. 2026-03)."
                : $"'{field}' must be a month written yyyy-MM between {MinYear} and {MaxYear}.");

    /// <summary>Throws a 400 when a year is outside the supported range.</summary>
    public static int RequireYear(int year, string field) =>
        year is >= MinYear and <= MaxYear
            ? year
            : throw ValidationFailedException.For(field, $"'{field}' must be a year between {MinYear} and {MaxYear}.");

    /// <summary>Throws a 400 when a date falls outside the supported years.</summary>
    public static DateOnly RequireDate(DateOnly day, string field) =>
        day.Year is >= MinYear and <= MaxYear
            ? day
            : throw ValidationFailedException.For(field, $"'{field}' must be a date between {MinYear}-01-01 and {MaxYear}-12-31.");
}
