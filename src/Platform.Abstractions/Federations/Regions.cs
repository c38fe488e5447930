namespace Platform.Abstractions;

/// <summary>
/// Where a member organisation or a federation is: one of Quebec's 17 administrative regions
/// (their official two-digit codes, <c>01</c>–<c>17</c>) or, outside Quebec, a province or
/// territory (its two-letter postal abbreviation). Codes rather than names, so statistics group
/// the same place under one key whatever the spelling of the name.
/// </summary>
public static class Regions
{
    private static readonly Dictionary<string, LocalizedText> s_names = new(StringComparer.Ordinal)
    {
        ["01"] = new("Bas-Saint-Laurent", "Bas-Saint-Laurent"),
        ["02"] = new("Saguenay–Lac-Saint-Jean", "Saguenay–Lac-Saint-Jean"),
        ["03"] = new("Capitale-Nationale", "Capitale-Nationale"),
        ["04"] = new("Mauricie", "Mauricie"),
        ["05"] = new("Estrie", "Estrie"),
        ["06"] = new("Montréal", "Montréal"),
        ["07"] = new("Outaouais", "Outaouais"),
        ["08"] = new("Abitibi-Témiscamingue", "Abitibi-Témiscamingue"),
        ["09"] = new("Côte-Nord", "Côte-Nord"),
        ["10"] = new("Nord-du-Québec", "Nord-du-Québec"),
        ["11"] = new("Gaspésie–Îles-de-la-Madeleine", "Gaspésie–Îles-de-la-Madeleine"),
        ["12"] = new("Chaudière-Appalaches", "Chaudière-Appalaches"),
        ["13"] = new("Laval", "Laval"),
        ["14"] = new("Lanaudière", "Lanaudière"),
        ["15"] = new("Laurentides", "Laurentides"),
        ["16"] = new("Montérégie", "Montérégie"),
        ["17"] = new("Centre-du-Québec", "Centre-du-Québec"),
        ["QC"] = new("Québec", "Quebec"),
        ["ON"] = new("Ontario", "Ontario"),
        ["BC"] = new("Colombie-Britannique", "British Columbia"),
        ["AB"] = new("Alberta", "Alberta"),
        ["SK"] = new("Saskatchewan", "Saskatchewan"),
        ["MB"] = new("Manitoba", "Manitoba"),
        ["NB"] = new("Nouveau-Brunswick", "New Brunswick"),
        ["NS"] = new("Nouvelle-Écosse", "Nova Scotia"),
        ["PE"] = new("Île-du-Prince-Édouard", "Prince Edward Island"),
        ["NL"] = new("Terre-Neuve-et-Labrador", "Newfoundland and Labrador"),
        ["YT"] = new("Yukon", "Yukon"),
        ["NT"] = new("Territoires du Nord-Ouest", "Northwest Territories"),
        ["NU"] = new("Nunavut", "Nunavut"),
    };

    /// <summary>Every known code, Quebec regions first.</summary>
    public static IReadOnlyCollection<string> Codes => s_names.Keys;

    public static bool IsQuebecRegion(string code) => code.Length == 2 && char.IsAsciiDigit(code[0]) && s_names.ContainsKey(code);

    public static LocalizedText? NameOf(string code) => s_names.GetValueOrDefault(code);

    /// <summary>The canonical code (provinces upper-case), or null when the value is no known region.</summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 2) return null;
        var upper = value.ToUpperInvariant();
        return s_names.ContainsKey(upper) ? upper : null;
    }

    /// <summary>Throws a 400 naming the field when the value is no known region code.</summary>
    public static string Require(string? value, string field) =>
        Normalize(value) ?? throw ValidationFailedException.For(field,
            $"'{field}' must be a Quebec administrative region code (01–17) or a province/territory code (ON, BC, …).");
}
