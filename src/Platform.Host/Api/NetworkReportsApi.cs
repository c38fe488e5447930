using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Host.Security;

namespace Platform.Host.Api;

/// <summary>
/// What a federation reads about its network beyond the totals (issue 12 §6-7): each direct
/// affiliate's figures against the year before, and the feed of federations that joined or left it.
/// Only aggregates cross: the same figures each affiliate publishes upward.
/// </summary>
public static class NetworkReportsApi
{
    public static IEndpointRouteBuilder MapNetworkReportsApi(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/v1/tenants/{tenantId}").WithTags("Networks").RequireFederationTenant();

        tenant.MapGet("/network/affiliates", GetBreakdownAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("The network's statistics and each direct affiliate's (its whole branch, small cells suppressed), for ?from=&to= " +
                         "(default: the report year ending today) and the same dates a year earlier; CSV with Accept: text/csv or ?format=csv (viewer+).");
        tenant.MapGet("/network/feed", GetFeedAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("Federations that joined or left the network at any depth, newest first: who joined or left under whom, when, and " +
                         "for a departure who ended it (endedBy: child, parent or deletion); ?limit= (1–1000) keeps the newest (viewer+).");
        return app;
    }

    private static async Task<Results<Ok<NetworkBreakdown>, ContentHttpResult>> GetBreakdownAsync(
        string tenantId, string? from, string? to, string? format, HttpContext http, IGrainFactory grains)
    {
        var csv = Csv.Wanted(http.Request, format);
        var breakdown = await grains.GetGrain<IFederationGrain>(tenantId).GetNetworkBreakdownAsync(FederationQuery.Period(from, to));
        return csv ? TypedResults.Text(StatisticsCsv.Write(breakdown), "text/csv", Encoding.UTF8) : TypedResults.Ok(breakdown);
    }

    private static async Task<Ok<IReadOnlyList<NetworkEvent>>> GetFeedAsync(string tenantId, string? limit, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IFederationGrain>(tenantId).GetNetworkFeedAsync(FederationQuery.Integer(limit, "limit")));
}

/// <summary>
/// Statistics as CSV, one row per scope and period: the figures a report table needs. Suppressed
/// self-identification cells stay <c>&lt;5</c>, as in the JSON.
/// </summary>
public static class StatisticsCsv
{
    private static readonly string[] s_fixed =
        ["scope", "federationId", "name", "period", "from", "to", "federations", "active", "withdrawn", "participatingMembers", "rate",
         "ambassadors", "ambassadorPeople", "reach", "screeningAudience", "conferenceAudience"];

    public static string Write(NetworkBreakdown breakdown)
    {
        var cells = SelfIdentificationCells.Names;
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var options = new CsvWriterOptions { NewLine = "\r\n", Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture };
        using (var csv = CsvWriter.Create(text, options, leaveOpen: true))
        {
            csv.WriteHeader([.. s_fixed, .. cells.Select(c => "selfIdentification." + c)]);
            void Rows(string scope, string? id, LocalizedText? name, FiguresComparison figures)
            {
                Row(scope, id, name, "current", figures.Current);
                Row(scope, id, name, "previous", figures.Previous);
            }
            void Row(string scope, string? id, LocalizedText? name, string period, NetworkStatistics s)
            {
                csv.WriteField(scope);
                csv.WriteField(id);
                csv.WriteField(CsvCells.Text(name?.Fr));
                csv.WriteField(period);
                csv.WriteField(Date(s.Period.From));
                csv.WriteField(Date(s.Period.To));
                csv.WriteField(Number(s.Federations));
                csv.WriteField(Number(s.Members.Active));
                csv.WriteField(Number(s.Members.Withdrawn));
                csv.WriteField(Number(s.Participation.ParticipatingMembers));
                csv.WriteField(s.Participation.Rate.ToString("0.####", CultureInfo.InvariantCulture));
                csv.WriteField(Number(s.Ambassadors));
                csv.WriteField(Number(s.AmbassadorPeople));
                csv.WriteField(Number(s.Reach));
                csv.WriteField(Number(s.Audiences?.Screenings ?? 0));
                csv.WriteField(Number(s.Audiences?.Conferences ?? 0));
                foreach (var cell in cells) csv.WriteField(s.SelfIdentification.TryGetValue(cell, out var value) ? value.ToString() : null);
                csv.EndRecord();
            }
            Rows("network", null, null, breakdown.Network);
            foreach (var affiliate in breakdown.Affiliates) Rows("affiliate", affiliate.FederationId, affiliate.Name, affiliate.Figures);
        }
        return text.ToString();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
