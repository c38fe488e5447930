using System.Globalization;
using Microsoft.AspNetCore.Components;
using Platform.Abstractions;
using Platform.Host.Audit;
using Platform.Host.Security;
using Platform.Host.Web.Shared;

namespace Platform.Host.Web.Consortium;

/// <summary>
/// Every shared-services page: the consortium's own (requests, time, professionals, capacity,
/// statements) or a client's (its services). The other kind of tenant gets the not-found page,
/// as a foreign tenant does. Form handlers call <see cref="RefuseUnless"/> first: a post the
/// caller may not make (forged or stale) changes nothing.
/// </summary>
public abstract class ConsortiumPage : TenantPage
{
    [Inject] protected BusinessClock Clock { get; set; } = default!;
    [Inject] protected AuditWriter Audit { get; set; } = default!;

    /// <summary>True for a client's pages, false for the consortium's.</summary>
    protected virtual bool ForClients => false;

    /// <summary>The checks passed and the page has something to show.</summary>
    protected bool Open { get; private set; }

    protected TenantPageState View => Shell with { Allowed = Open };

    protected DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    protected IConsortiumGrain Consortium => Grains.GetGrain<IConsortiumGrain>(TenantId);

    protected sealed override async Task LoadAsync()
    {
        if ((Tenant.Kind == TenantKind.Consortium) == ForClients)
        {
            NotFound();
            return;
        }
        Open = true;
        await LoadPageAsync();
    }

    protected abstract Task LoadPageAsync();

    protected void NotFound()
    {
        HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
        Open = false;
    }

    /// <summary>Refuses a post the caller may not make (403, nothing written); true when refused.</summary>
    protected bool RefuseUnless(bool allowed)
    {
        if (!Open) return true; // already a not-found page
        if (allowed) return false;
        HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        return true;
    }

    /// <summary>A field of expertise in the page's language; an unknown id shows as itself.</summary>
    protected static string FieldName(IReadOnlyDictionary<string, ExpertiseField> fields, string id) =>
        fields.TryGetValue(id, out var field) ? field.Name.In(Lang) : id;

    /// <summary>
    /// Tenant names, read on the platform's behalf: a consortium shows its clients by name and a
    /// client its consortia; a name is all that is read of the other tenant.
    /// </summary>
    protected async Task<Dictionary<string, string>> TenantNamesAsync(IEnumerable<string> ids)
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        var profiles = await SystemCalls.RunAsync(async () =>
            await Task.WhenAll(distinct.Select(id => Grains.GetGrain<ITenantGrain>(id).GetProfileAsync())));
        return distinct.Zip(profiles).ToDictionary(p => p.First, p => p.Second?.Name.In(Lang) ?? p.First, StringComparer.Ordinal);
    }
}

/// <summary>Numbers, money, hours and dates the way the page's culture writes them (fr-CA: « 1 234,56 $ », « 6,5 h »).</summary>
public static class ServiceFormat
{
    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    public static string Money(decimal amount) => amount.ToString("C2", Culture);

    public static string Hours(decimal hours) => hours.ToString("#,##0.##", Culture) + "\u00a0h";

    public static string Number(decimal value) => value.ToString("#,##0.##", Culture);

    /// <summary>« 1er janvier 2026 » in French, "1 January 2026" in English.</summary>
    public static string Date(DateOnly day) => Shared.Dates.Long(day);

    public static string ShortDate(DateOnly day) => day.ToString(Culture.TwoLetterISOLanguageName == "fr" ? "d MMM" : "MMM d", Culture);

    /// <summary>A month inside a sentence: « Heures de décembre 2026 » (French months take no capital), "Hours of December 2026".</summary>
    public static string MonthInText(YearMonth month) => month.FirstDay.ToString("MMMM yyyy", Culture);

    /// <summary>A month standing alone (a choice in a list): « Décembre 2026 ».</summary>
    public static string Month(YearMonth month)
    {
        var text = month.FirstDay.ToString("MMMM yyyy", Culture);
        return char.ToUpper(text[0], Culture) + text[1..];
    }

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A form's decimal in either culture's way of writing it (6,5 or 6.5); null when unreadable.</summary>
    public static decimal? ParseDecimal(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var normal = text.Trim().Replace('\u00a0', ' ').Replace(" ", "", StringComparison.Ordinal).Replace(',', '.');
        return decimal.TryParse(normal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
