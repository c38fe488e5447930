namespace Platform.Abstractions;

/// <summary>
/// The languages a tenant writes its texts in (BCP 47 primary tags). A tenant whose languages do
/// not include English may give French alone in a bilingual field (<see cref="LocalizedText.FrenchOnly"/>);
/// every other tenant gives both. A federation's languages are in its profile
/// (<see cref="FederationProfile.Languages"/>); until a federation sets them, and for the other kinds
/// of tenant, they are <see cref="Unset"/>.
/// </summary>
public static class TenantLanguages
{
    /// <summary>French and English: both sides of every bilingual text are required.</summary>
    public static readonly IReadOnlyList<string> Unset = ["fr", "en"];

    public const int MaxLanguages = 5;

    /// <summary>1–5 distinct primary language tags (<c>fr</c>, <c>en</c>, <c>iu</c>…), French or English among them; else a 400.</summary>
    public static IReadOnlyList<string> Require(IReadOnlyList<string>? languages, string field = "languages")
    {
        if (languages is null || languages.Count is 0 || languages.Count > MaxLanguages
            || languages.Any(l => l is null || l.Length is < 2 or > 3 || !l.All(c => c is >= 'a' and <= 'z')))
            throw ValidationFailedException.For(field, $"'{field}' lists 1–{MaxLanguages} language tags such as \"fr\" and \"en\".");
        if (!languages.Contains("fr", StringComparer.Ordinal) && !languages.Contains("en", StringComparer.Ordinal))
            throw ValidationFailedException.For(field, $"'{field}' must include \"fr\" or \"en\".");
        return languages.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether English may fall back to French for a tenant with these languages.</summary>
    public static bool AllowsEnglishFallback(IReadOnlyList<string>? languages) =>
        languages is { Count: > 0 } && languages.Contains("fr", StringComparer.Ordinal) && !languages.Contains("en", StringComparer.Ordinal);
}
