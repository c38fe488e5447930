using System.Globalization;
using Platform.Host.Errors;

namespace Platform.Host.Web.Shared;

/// <summary>
/// A grain's refusal as a page shows it: in the page's language. Grains write their sentences in
/// English; a French page gets the same French as a French API caller (<see cref="ProblemTranslation"/>).
/// Pages that know the refused field say it in their own words first; this is for the rest.
/// </summary>
public static class Refusals
{
    public static string InPageLanguage(this Exception refusal) => InPageLanguage(refusal.Message);

    public static string InPageLanguage(string sentence) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr" ? ProblemTranslation.ToFrench(sentence) ?? sentence : sentence;
}
