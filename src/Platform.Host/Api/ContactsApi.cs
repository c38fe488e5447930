using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Host.Audit;
using Platform.Host.Security;

namespace Platform.Host.Api;

/// <summary>
/// The people of member organisations (DOMAIN.md "People"): their contacts, under the member, and
/// the export of those who consented to be contacted. The member is checked through the federation
/// first, so a contact never hangs off an unknown organisation; every write is audited.
/// </summary>
public static class ContactsApi
{
    public static IEndpointRouteBuilder MapContactsApi(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/v1/tenants/{tenantId}").WithTags("Members and activities").RequireFederationTenant();

        tenant.MapGet("/members/{memberId}/contacts", ListAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("The people recorded as contacts of a member: name, role, email, phone, language, consent, ambassador (viewer+).");
        tenant.MapPost("/members/{memberId}/contacts", AddAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Add a contact {id?, name, role?, email?, phone?, language: fr|en, consentToContact, ambassador?} (staff+).");
        tenant.MapPatch("/members/{memberId}/contacts/{contactId}", UpdateAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Change some fields of a contact (null clears an optional one) (staff+).");
        tenant.MapDelete("/members/{memberId}/contacts/{contactId}", RemoveAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Remove a contact (staff+).");
        tenant.MapGet("/contacts", ExportAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("Contacts who consented to be contacted, with their organisation (?status=active|withdrawn); " +
                         "CSV with Accept: text/csv or ?format=csv (viewer+).");
        return app;
    }

    /// <summary>One consented contact with the organisation it belongs to, as exported.</summary>
    public sealed record ContactRow(
        string MemberId, string MemberName, MemberStatus MemberStatus, string Region,
        string ContactId, string Name, string? Role, string? Email, string? Phone, string Language, bool Ambassador);

    private static async Task<Ok<IReadOnlyList<MemberContact>>> ListAsync(string tenantId, string memberId, IGrainFactory grains)
    {
        await Federation(grains, tenantId).GetMemberAsync(memberId);
        return TypedResults.Ok(await Contacts(grains, tenantId).ListAsync(memberId));
    }

    private static async Task<Created<MemberContact>> AddAsync(string tenantId, string memberId, NewContact contact, IGrainFactory grains, AuditWriter audit)
    {
        await Federation(grains, tenantId).GetMemberAsync(memberId);
        var added = await Contacts(grains, tenantId).AddAsync(memberId, contact);
        await audit.WriteAsync(tenantId, "contact.add", $"members/{memberId}/contacts/{added.Id}");
        return TypedResults.Created($"/api/v1/tenants/{tenantId}/members/{memberId}/contacts/{added.Id}", added);
    }

    private static async Task<Ok<MemberContact>> UpdateAsync(
        string tenantId, string memberId, string contactId, ContactPatch patch, IGrainFactory grains, AuditWriter audit)
    {
        var updated = await Contacts(grains, tenantId).UpdateAsync(Ids.Require(memberId, "memberId"), contactId, patch);
        await audit.WriteAsync(tenantId, "contact.update", $"members/{memberId}/contacts/{contactId}");
        return TypedResults.Ok(updated);
    }

    private static async Task<NoContent> RemoveAsync(string tenantId, string memberId, string contactId, IGrainFactory grains, AuditWriter audit)
    {
        await Contacts(grains, tenantId).RemoveAsync(Ids.Require(memberId, "memberId"), contactId);
        await audit.WriteAsync(tenantId, "contact.remove", $"members/{memberId}/contacts/{contactId}");
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<IReadOnlyList<ContactRow>>, ContentHttpResult>> ExportAsync(
        string tenantId, string? status, string? format, HttpContext http, IGrainFactory grains)
    {
        var csv = Csv.Wanted(http.Request, format);
        var rows = await ConsentedAsync(grains, tenantId, FederationQuery.Enum<MemberStatus>(status, "status"));
        return csv ? TypedResults.Text(ContactsCsv.Write(rows), "text/csv", Encoding.UTF8) : TypedResults.Ok(rows);
    }

    /// <summary>Contacts who consented, of the members on the roster (a contact of a member no longer listed is left out).</summary>
    public static async Task<IReadOnlyList<ContactRow>> ConsentedAsync(IGrainFactory grains, string tenantId, MemberStatus? status)
    {
        var members = (await Federation(grains, tenantId).ListMembersAsync(new MemberQuery(status))).Items.ToDictionary(m => m.Id, StringComparer.Ordinal);
        return (await Contacts(grains, tenantId).ListAllAsync())
            .Where(c => c.ConsentToContact && members.ContainsKey(c.MemberId))
            .Select(c =>
            {
                var member = members[c.MemberId];
                return new ContactRow(member.Id, member.Name, member.Status, member.Region, c.Id, c.Name, c.Role, c.Email, c.Phone, c.Language, c.Ambassador);
            })
            // In roster order (member id), as the member list exports.
            .OrderBy(r => r.MemberId, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
    }

    private static IFederationGrain Federation(IGrainFactory grains, string tenantId) => grains.GetGrain<IFederationGrain>(tenantId);

    private static ITenantContactsGrain Contacts(IGrainFactory grains, string tenantId) => grains.GetGrain<ITenantContactsGrain>(tenantId);
}

/// <summary>The consented contacts as CSV (RFC 4180, UTF-8, comma-separated, one header row), like the member list.</summary>
public static class ContactsCsv
{
    private static readonly string[] s_header =
        ["memberId", "memberName", "memberStatus", "region", "contactId", "name", "role", "email", "phone", "language", "ambassador"];

    public static string Write(IEnumerable<ContactsApi.ContactRow> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var options = new CsvWriterOptions { NewLine = "\r\n", Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture };
        using (var csv = CsvWriter.Create(text, options, leaveOpen: true))
        {
            csv.WriteHeader(s_header);
            foreach (var row in rows)
            {
                csv.WriteField(row.MemberId);
                csv.WriteField(CsvCells.Text(row.MemberName));
                csv.WriteField(EnumNames.Of(row.MemberStatus));
                csv.WriteField(row.Region);
                csv.WriteField(row.ContactId);
                csv.WriteField(CsvCells.Text(row.Name));
                csv.WriteField(CsvCells.Text(row.Role));
                csv.WriteField(CsvCells.Text(row.Email));
                csv.WriteField(CsvCells.Text(row.Phone));
                csv.WriteField(row.Language);
                csv.WriteField(row.Ambassador ? "true" : "false");
                csv.EndRecord();
            }
        }
        return text.ToString();
    }
}

/// <summary>Whether a request asks for CSV: <c>?format=csv</c>, or <c>Accept: text/csv</c> without a format.</summary>
public static class Csv
{
    public static bool Wanted(HttpRequest request, string? format) => format switch
    {
        "csv" => true,
        "json" => false,
        null or "" => request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase) && a.Quality is not 0),
        _ => throw ValidationFailedException.For("format", "'format' must be csv or json."),
    };
}
