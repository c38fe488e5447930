using System.Globalization;
using Platform.Abstractions;

namespace Platform.Host.Web.Members;

/// <summary>
/// The member table's search, filters, sort and page, all in the address (bookmarkable, shareable,
/// and the CSV export exports exactly what the table shows, across every page).
/// </summary>
public sealed record MemberFilter(string? Q, string? Status, string? Region, string? Type, string? Sector, string? Ambassador, string? Table, string? Sort, string? Dir, int Page)
{
    public const int PageSize = 25;

    public static MemberFilter From(IQueryCollection query) => new(
        Clean(query["q"]), Clean(query["status"]), Clean(query["region"]), Clean(query["type"]), Clean(query["sector"]),
        Clean(query["ambassador"]), Clean(query["table"]), Clean(query["sort"]), Clean(query["dir"]),
        int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) || value.Length > 200 ? null : value.Trim();

    public IEnumerable<Member> Apply(IEnumerable<Member> members)
    {
        var shown = members;
        if (Q is { } q)
            shown = shown.Where(m => m.Name.Contains(q, StringComparison.CurrentCultureIgnoreCase) || (m.RegistryId?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false));
        if (Status is "active") shown = shown.Where(m => m.Status == MemberStatus.Active);
        if (Status is "withdrawn") shown = shown.Where(m => m.Status == MemberStatus.Withdrawn);
        if (Region is { } region) shown = shown.Where(m => m.Region == region);
        if (Type is { } type && Enum.TryParse<MemberType>(type, true, out var t)) shown = shown.Where(m => m.Type == t);
        if (Sector is { } sector) shown = shown.Where(m => m.Sector == sector);
        if (Ambassador is "yes") shown = shown.Where(m => m.Ambassador);
        if (Table is { } table) shown = shown.Where(m => m.SectorTables.Contains(table));
        var descending = Dir == "desc";
        Func<Member, object?> key = Sort switch
        {
            "region" => m => m.Region,
            "type" => m => m.Type.ToString(),
            "joined" => m => m.JoinedOn,
            "status" => m => m.Status,
            _ => m => m.Name,
        };
        var comparer = Comparer<object?>.Create((a, b) => a is string x && b is string y ? string.Compare(x, y, CultureInfo.CurrentCulture, CompareOptions.IgnoreCase) : Comparer<object?>.Default.Compare(a, b));
        return descending ? shown.OrderByDescending(key, comparer) : shown.OrderBy(key, comparer);
    }

    /// <summary>The query string of this filter with some values changed (null removes one).</summary>
    public string With(params (string Key, string? Value)[] changes)
    {
        var values = new Dictionary<string, string?>
        {
            ["q"] = Q, ["status"] = Status, ["region"] = Region, ["type"] = Type, ["sector"] = Sector,
            ["ambassador"] = Ambassador, ["table"] = Table, ["sort"] = Sort, ["dir"] = Dir, ["page"] = Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null,
        };
        foreach (var (key, value) in changes) values[key] = value;
        var pairs = values.Where(v => v.Value is not null).Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value!)}");
        return "?" + string.Join('&', pairs);
    }
}
