using System.Globalization;

namespace Platform.Host.Web.Shared;

/// <summary>
/// A day written out in the page's language: « 1er décembre 2026 », « 15 avril 2024 » in French
/// (the first of the month is an ordinal), "15 April 2024" in English.
/// </summary>
public static class Dates
{
    public static string Long(DateOnly day)
    {
        var culture = CultureInfo.CurrentCulture;
        return day.Day == 1 && culture.TwoLetterISOLanguageName == "fr"
            ? "1er " + day.ToString("MMMM yyyy", culture)
            : day.ToString("d MMMM yyyy", culture);
    }

    public static string Long(DateTime at) => Long(DateOnly.FromDateTime(at));

    public static string Long(DateTimeOffset at) => Long(at.DateTime);
}
