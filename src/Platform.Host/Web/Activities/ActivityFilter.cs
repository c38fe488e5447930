using System.Globalization;
using Platform.Abstractions;

namespace Platform.Host.Web.Activities;

/// <summary>
/// The activity list's search, filters and page, all in the address (bookmarkable, and a period
/// link from the dashboard lands on the same list). Newest first: staff mostly look back at what
/// just happened.
/// </summary>
public sealed record ActivityFilter(string? Q, string? Kind, DateOnly? From, DateOnly? To, string? Region, int Page)
{
    public const int PageSize = 25;

    public static ActivityFilter Parse(IQueryCollection query) => new(
        Clean(query["q"]), Clean(query["kind"]), Day(query["from"]), Day(query["to"]), Clean(query["region"]),
        int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) || value.Length > 200 ? null : value.Trim();

    private static DateOnly? Day(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    /// <summary>The period asked of the grain; a reversed one is read as the same days the other way round.</summary>
    public StatisticsPeriod Period => From is { } f && To is { } t && f > t ? new(t, f) : new(From, To);

    public IEnumerable<FederationActivity> Apply(IEnumerable<FederationActivity> activities)
    {
        var shown = activities;
        if (Q is { } q)
            shown = shown.Where(a => a.Title.Fr.Contains(q, StringComparison.CurrentCultureIgnoreCase) || a.Title.En.Contains(q, StringComparison.CurrentCultureIgnoreCase));
        if (Kind is { } kind) shown = shown.Where(a => EnumNames.Of(a.Kind) == kind);
        if (Region is { } region) shown = shown.Where(a => a.Region == region);
        return shown.OrderByDescending(a => a.On).ThenBy(a => a.Id, StringComparer.Ordinal);
    }

    /// <summary>The query string of this filter with some values changed (null removes one).</summary>
    public string With(params (string Key, string? Value)[] changes)
    {
        var values = new Dictionary<string, string?>
        {
            ["q"] = Q, ["kind"] = Kind, ["from"] = Iso(From), ["to"] = Iso(To), ["region"] = Region,
            ["page"] = Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null,
        };
        foreach (var (key, value) in changes) values[key] = value;
        var pairs = values.Where(v => v.Value is not null).Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value!)}");
        return "?" + string.Join('&', pairs);
    }

    public static string? Iso(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
