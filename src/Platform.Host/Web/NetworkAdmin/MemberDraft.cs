using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Platform.Abstractions;

namespace Platform.Host.Web.NetworkAdmin;

/// <summary>
/// A member as typed in the member form or read from a CSV row, before the federation grain sees
/// it: every field as text, checked here with messages in the page's language (the grain checks
/// again and stays the authority; its refusals are shown next to the same fields).
/// </summary>
public sealed partial class MemberDraft
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Type { get; set; }
    public string? Region { get; set; }
    public string? Sector { get; set; }
    public string? JoinedOn { get; set; }
    public string? FoundedOn { get; set; }
    public string? WorkerMembers { get; set; }
    public string? RegistryId { get; set; }
    public string? Status { get; set; }
    public string? WithdrawnOn { get; set; }
    public bool Ambassador { get; set; }
    public bool CountOnce { get; set; }
    public List<string> SectorTables { get; set; } = [];
    /// <summary>Self-identification: null when the form did not carry it (CSV rows never do: sensitive data stays out of spreadsheets).</summary>
    public bool? Consented { get; set; }
    public List<EquityGroup> Groups { get; set; } = [];

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistryPattern();

    /// <summary>The checked member, or the problems by field (<c>name</c>, <c>region</c>… as the API names them).</summary>
    public (Member? Member, Dictionary<string, string> Problems) Check(IStringLocalizer<Strings> L, IReadOnlyCollection<string> sectorTables, DateOnly today)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        var id = Id?.Trim();
        if (string.IsNullOrEmpty(id)) id = null;
        else if (!Ids.IsValid(id)) problems["id"] = L["MemberForm.BadId"];

        var name = Name?.Trim();
        if (string.IsNullOrEmpty(name)) problems["name"] = L["MemberForm.NameRequired"];
        else if (name.Length > 200 || name.Any(char.IsControl)) problems["name"] = L["MemberForm.NameTooLong"];

        var type = ParseType(Type, L);
        if (type is null) problems["type"] = string.IsNullOrWhiteSpace(Type) ? L["MemberForm.TypeRequired"] : L["MemberForm.BadType", Type.Trim()];

        var region = Regions.Normalize(Region?.Trim());
        if (region is null) problems["region"] = string.IsNullOrWhiteSpace(Region) ? L["MemberForm.RegionRequired"] : L["MemberForm.BadRegion", Region.Trim()];

        var sector = Sector?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(sector)) sector = null;
        else if (!Ids.IsValid(sector)) problems["sector"] = L["MemberForm.BadSector"];

        var joined = ParseDate(JoinedOn);
        if (string.IsNullOrWhiteSpace(JoinedOn)) problems["joinedOn"] = L["MemberForm.JoinedRequired"];
        else if (joined is null) problems["joinedOn"] = L["MemberForm.BadDate", JoinedOn.Trim()];
        else if (joined > today.AddDays(366)) problems["joinedOn"] = L["MemberForm.TooFarAhead"];

        var founded = ParseDate(FoundedOn);
        if (!string.IsNullOrWhiteSpace(FoundedOn) && founded is null) problems["foundedOn"] = L["MemberForm.BadDate", FoundedOn.Trim()];
        else if (founded > today) problems["foundedOn"] = L["MemberForm.FoundedFuture"];
        else if (founded is not null && joined is not null && founded > joined) problems["foundedOn"] = L["MemberForm.FoundedAfterJoined"];

        int? workers = null;
        if (!string.IsNullOrWhiteSpace(WorkerMembers))
        {
            if (int.TryParse(WorkerMembers.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 100_000) workers = count;
            else problems["workerMembers"] = L["MemberForm.BadWorkers"];
        }

        var registry = RegistryId?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(registry)) registry = null;
        else if (!RegistryPattern().IsMatch(registry)) problems["registryId"] = L["MemberForm.BadRegistry"];

        var status = ParseStatus(Status, L);
        if (status is null) problems["status"] = L["MemberForm.BadStatus", Status!.Trim()];
        var withdrawn = ParseDate(WithdrawnOn);
        if (!string.IsNullOrWhiteSpace(WithdrawnOn) && withdrawn is null) problems["withdrawnOn"] = L["MemberForm.BadDate", WithdrawnOn.Trim()];
        else if (status == MemberStatus.Withdrawn && withdrawn is null) problems["withdrawnOn"] = L["MemberForm.WithdrawnNeedsDate"];
        else if (status == MemberStatus.Active && withdrawn is not null) problems["withdrawnOn"] = L["MemberForm.ActiveNoWithdrawal"];
        else if (withdrawn is not null && joined is not null && withdrawn < joined) problems["withdrawnOn"] = L["MemberForm.WithdrawnBeforeJoined"];

        var tables = SectorTables.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (tables.FirstOrDefault(t => !sectorTables.Contains(t)) is { } unknown) problems["sectorTables"] = L["MemberForm.UnknownTable", unknown];

        if (problems.Count > 0) return (null, problems);
        var identification = Consented is null ? null : Consented.Value ? new SelfIdentification(true, Groups.Distinct().Order().ToList()) : null;
        return (new Member(id ?? "", name!, type!.Value, region!, sector, joined!.Value, founded, workers, registry, identification,
            status ?? MemberStatus.Active, withdrawn, Ambassador, tables, null, CountOnce), problems);
    }

    public static MemberDraft From(Member m) => new()
    {
        Id = m.Id,
        Name = m.Name,
        Type = EnumNames.Of(m.Type),
        Region = m.Region,
        Sector = m.Sector,
        JoinedOn = Date(m.JoinedOn),
        FoundedOn = m.FoundedOn is { } f ? Date(f) : null,
        WorkerMembers = m.WorkerMembers?.ToString(CultureInfo.InvariantCulture),
        RegistryId = m.RegistryId,
        Status = EnumNames.Of(m.Status),
        WithdrawnOn = m.WithdrawnOn is { } w ? Date(w) : null,
        Ambassador = m.Ambassador,
        CountOnce = m.CountOnceAcrossNetwork,
        SectorTables = [.. m.SectorTables],
        Consented = m.SelfIdentification?.Consented ?? false,
        Groups = [.. m.SelfIdentification?.Groups ?? []],
    };

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>A type as the API writes it (<c>community-organization</c>) or as the page names it in either language (« Coopérative de travail »).</summary>
    private static MemberType? ParseType(string? text, IStringLocalizer<Strings> L)
    {
        var given = Fold(text);
        if (given.Length == 0) return null;
        foreach (var type in Enum.GetValues<MemberType>())
            if (given == EnumNames.Of(type) || given == Fold(type.ToString()) || Names(L, "Type." + type).Contains(given)) return type;
        return null;
    }

    private static MemberStatus? ParseStatus(string? text, IStringLocalizer<Strings> L)
    {
        var given = Fold(text);
        if (given.Length == 0) return MemberStatus.Active;
        foreach (var status in Enum.GetValues<MemberStatus>())
            if (given == EnumNames.Of(status) || Names(L, "Status." + status).Contains(given)) return status;
        return given is "retire" or "retiree" ? MemberStatus.Withdrawn : given is "actif" or "active" ? MemberStatus.Active : null;
    }

    /// <summary>The resource's text in French and in English, folded.</summary>
    private static string[] Names(IStringLocalizer<Strings> L, string key)
    {
        var names = new List<string>(2);
        foreach (var culture in new[] { "fr-CA", "en-CA" })
        {
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            try { names.Add(Fold(L[key])); }
            finally { CultureInfo.CurrentUICulture = previous; }
        }
        return [.. names];
    }

    /// <summary>Lower case, no accents, no surrounding spaces: « Retiré » and "retire" match.</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var decomposed = text.Trim().ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD);
        return new string(decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());
    }
}
