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

    /// <summary>Whether English may fall back to French for a tenant with these languages.</summary>
    public static bool AllowsEnglishFallback(IReadOnlyList<string>? languages) =>
        languages is { Count: > 0 } && languages.Contains("fr", StringComparer.Ordinal) && !languages.Contains("en", StringComparer.Ordinal);
}
