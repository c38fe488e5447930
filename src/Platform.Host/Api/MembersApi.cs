using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Platform.Abstractions;
using Platform.Host.Audit;
using Platform.Host.Security;

namespace Platform.Host.Api;

/// <summary>
/// A federation's member organisations and its sector tables (API.md "Members and activities").
/// Every write goes through the federation grain, which validates, writes the cooperative's record
/// and then its roster; every successful write is audited.
/// </summary>
public static class MembersApi
{
    public sealed record WithdrawRequest(DateOnly? On = null);

    public sealed record ReinstateRequest(DateOnly? On = null);

    public sealed record SectorTableRequest(LocalizedText? Name = null, string? Sector = null);

    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        // Every route of this group exists for one kind of tenant only: one policy for the group.
        var tenant = app.MapGroup("/api/v1/tenants/{tenantId}").WithTags("Members and activities").RequireFederationTenant();

        tenant.MapPost("/members", AddMemberAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Add a member organisation; its id is generated when not given (staff+).");
        tenant.MapGet("/members", ListMembersAsync).RequireTenantRole(TenantRole.Viewer, DelegatedScopes.Members)
            .WithSummary("List members (?status=active|withdrawn&region=&type=&sector=&q=&ambassador=true|false&sectorTable=; q: part of the name " +
                         "or registry number), every match or pages with ?limit=&after= (next page in the Link header); CSV with Accept: text/csv " +
                         "or ?format=csv, its header row in the Accept-Language (viewer+).");
        tenant.MapGet("/members/{memberId}", GetMemberAsync).RequireTenantRole(TenantRole.Viewer, DelegatedScopes.Members)
            .WithSummary("Read a member with its status and the activities it took part in (viewer+).");
        tenant.MapPatch("/members/{memberId}", UpdateMemberAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Change some fields of a member (null clears an optional one); ambassador and sector tables are set here (staff+).");
        tenant.MapPost("/members/{memberId}/withdraw", WithdrawMemberAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Mark a member withdrawn from a date {on}; its profile and history stay; 409 when it took part in an activity on or after that date (staff+).");
        tenant.MapPost("/members/{memberId}/reinstate", ReinstateMemberAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Reinstate a withdrawn member from a date {on} (not before its withdrawal); it shows in its status history (staff+).");
        tenant.MapDelete("/members/{memberId}", DeleteMemberAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Delete a member recorded by mistake, with its participations; statistics follow at once (admin).");

        tenant.MapPut("/sector-tables/{tableId}", SetSectorTableAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Create or rename a sector table {name:{fr,en}, sector?} (staff+).");
        tenant.MapGet("/sector-tables", ListSectorTablesAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("The federation's sector tables (viewer+).");
        return app;
    }

    private static async Task<Created<Member>> AddMemberAsync(string tenantId, NewMember member, IGrainFactory grains, AuditWriter audit)
    {
        var added = await Federation(grains, tenantId).AddMemberAsync(member);
        await audit.WriteAsync(tenantId, "member.add", $"members/{added.Id}");
        return TypedResults.Created($"/api/v1/tenants/{tenantId}/members/{added.Id}", added);
    }

    private static async Task<Results<Ok<IReadOnlyList<Member>>, ContentHttpResult>> ListMembersAsync(
        string tenantId, string? status, string? region, string? type, string? sector, string? q, string? ambassador, string? sectorTable,
        string? limit, string? after, string? format, HttpContext http, IGrainFactory grains)
    {
        var csv = WantsCsv(http.Request, format);
        var query = new MemberQuery(
            FederationQuery.Enum<MemberStatus>(status, "status"),
            region,
            FederationQuery.Enum<MemberType>(type, "type"),
            sector,
            FederationQuery.Integer(limit, "limit"),
            after,
            q,
            FederationQuery.Boolean(ambassador, "ambassador"),
            sectorTable);
        var page = await Federation(grains, tenantId).ListMembersAsync(query);
        if (page.NextAfter is not null)
            http.Response.Headers.Link = $"<{NextPageUrl(http.Request, page.NextAfter)}>; rel=\"next\"";
        return csv
            ? TypedResults.Text(MembersCsv.Write(page.Items, Errors.ProblemLanguage.IsFrench(http)), "text/csv", Encoding.UTF8)
            : TypedResults.Ok(page.Items);
    }

    private static async Task<Ok<Member>> GetMemberAsync(string tenantId, string memberId, IGrainFactory grains) =>
        TypedResults.Ok(await Federation(grains, tenantId).GetMemberAsync(memberId));

    private static async Task<Ok<Member>> UpdateMemberAsync(string tenantId, string memberId, MemberPatch patch, IGrainFactory grains, AuditWriter audit)
    {
        var updated = await Federation(grains, tenantId).UpdateMemberAsync(memberId, patch);
        await audit.WriteAsync(tenantId, "member.update", $"members/{memberId}");
        return TypedResults.Ok(updated);
    }

    private static async Task<Ok<Member>> WithdrawMemberAsync(string tenantId, string memberId, WithdrawRequest request, IGrainFactory grains, AuditWriter audit)
    {
        var withdrawn = await Federation(grains, tenantId).WithdrawMemberAsync(memberId, request.On);
        await audit.WriteAsync(tenantId, "member.withdraw", $"members/{memberId}", $"on {withdrawn.WithdrawnOn:yyyy-MM-dd}");
        return TypedResults.Ok(withdrawn);
    }

    private static async Task<Ok<Member>> ReinstateMemberAsync(string tenantId, string memberId, ReinstateRequest request, IGrainFactory grains, AuditWriter audit)
    {
        var reinstated = await Federation(grains, tenantId).ReinstateMemberAsync(memberId, request.On);
        await audit.WriteAsync(tenantId, "member.reinstate", $"members/{memberId}", $"on {reinstated.StatusHistory![^1].On:yyyy-MM-dd}");
        return TypedResults.Ok(reinstated);
    }

    private static async Task<NoContent> DeleteMemberAsync(string tenantId, string memberId, IGrainFactory grains, AuditWriter audit)
    {
        var removed = await Federation(grains, tenantId).DeleteMemberAsync(memberId);
        await audit.WriteAsync(tenantId, "member.delete", $"members/{memberId}", $"with {removed} participation(s)");
        return TypedResults.NoContent();
    }

    private static async Task<Ok<SectorTable>> SetSectorTableAsync(
        string tenantId, string tableId, SectorTableRequest request, IGrainFactory grains, AuditWriter audit)
    {
        var saved = await Federation(grains, tenantId).SetSectorTableAsync(new SectorTable(Ids.Require(tableId, "tableId"), request.Name, request.Sector));
        await audit.WriteAsync(tenantId, "sector-table.set", $"sector-tables/{tableId}");
        return TypedResults.Ok(saved);
    }

    private static async Task<Ok<IReadOnlyList<SectorTable>>> ListSectorTablesAsync(string tenantId, IGrainFactory grains) =>
        TypedResults.Ok(await Federation(grains, tenantId).ListSectorTablesAsync());

    private static IFederationGrain Federation(IGrainFactory grains, string tenantId) => grains.GetGrain<IFederationGrain>(tenantId);

    private static bool WantsCsv(HttpRequest request, string? format) => format switch
    {
        "csv" => true,
        "json" => false,
        null or "" => request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase) && a.Quality is not 0),
        _ => throw ValidationFailedException.For("format", "'format' must be csv or json."),
    };

    /// <summary>The same request with the cursor moved: filters, limit and format are kept.</summary>
    private static string NextPageUrl(HttpRequest request, string nextAfter)
    {
        var query = request.Query
            .Where(q => !q.Key.Equals("after", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new KeyValuePair<string, string?>("after", nextAfter));
        return QueryHelpers.AddQueryString(request.PathBase + request.Path, query);
    }
}

/// <summary>The member list as CSV (RFC 4180, UTF-8, comma-separated, one header row), written by CsvHelper.</summary>
public static class MembersCsv
{
    // Self-identification is deliberately not exported: sensitive data should not travel in spreadsheets.
    private static readonly string[] s_header =
        ["id", "name", "type", "region", "sector", "joinedOn", "foundedOn", "workerMembers", "registryId", "status", "withdrawnOn", "ambassador", "sectorTables"];

    // The same columns as staff name them in French; the values stay the API's (ids, kebab-case names, ISO dates).
    private static readonly string[] s_frenchHeader =
        ["identifiant", "nom", "type", "région", "secteur", "date d'adhésion", "date de fondation", "membres travailleurs", "numéro au registre",
         "statut", "date de retrait", "ambassadeur", "tables sectorielles"];

    /// <summary>The CSV, its header row in French when <paramref name="french"/> (the caller's language), else the field names.</summary>
    public static string Write(IEnumerable<Member> members, bool french = false)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        // Injection escaping: a name starting with '=', '+', '-' or '@' must not run as a spreadsheet formula,
        // nor the part of it after a ',' or ';' where a spreadsheet splitting on those starts a cell (CsvCells).
        var options = new CsvWriterOptions { NewLine = "\r\n", Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture };
        using (var csv = CsvWriter.Create(text, options, leaveOpen: true))
        {
            csv.WriteHeader(french ? s_frenchHeader : s_header);
            foreach (var member in members)
            {
                csv.WriteField(member.Id);
                csv.WriteField(CsvCells.Text(member.Name));
                csv.WriteField(EnumNames.Of(member.Type));
                csv.WriteField(CsvCells.Text(member.Region));
                csv.WriteField(CsvCells.Text(member.Sector));
                csv.WriteField(Date(member.JoinedOn));
                csv.WriteField(member.FoundedOn is { } founded ? Date(founded) : null);
                csv.WriteField(member.WorkerMembers?.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(member.RegistryId);
                csv.WriteField(EnumNames.Of(member.Status));
                csv.WriteField(member.WithdrawnOn is { } withdrawn ? Date(withdrawn) : null);
                csv.WriteField(member.Ambassador ? "true" : "false");
                csv.WriteField(string.Join(';', member.SectorTables));
                csv.EndRecord();
            }
        }
        return text.ToString();
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
