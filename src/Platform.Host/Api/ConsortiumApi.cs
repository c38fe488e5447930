using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Host.Audit;
using Platform.Host.Security;

namespace Platform.Host.Api;

/// <summary>
/// A consortium's own resources (API.md "Shared services"): fields of expertise, professionals and
/// time entries. Agreements, service requests and statements have their own files; all of them
/// share the helpers below.
/// </summary>
public static class ConsortiumApi
{
    public sealed record FieldBody(LocalizedText Name);

    public sealed record PersonLink(string? PersonId = null);

    public static IEndpointRouteBuilder MapConsortiumApi(this IEndpointRouteBuilder app)
    {
        // Every route of this group exists for one kind of tenant only: one policy for the group.
        var group = app.MapGroup("/api/v1/tenants/{tenantId}").WithTags("Shared services").RequireConsortiumTenant();

        group.MapPut("/fields/{fieldId}", PutFieldAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Create or rename a field of expertise, in French and English (consortium admin).");
        group.MapGet("/fields", ListFieldsAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("The consortium's fields of expertise.");

        group.MapPut("/professionals/{professionalId}", PutProfessionalAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Create or replace a professional: {name, fields, costRate, weeklyCapacity, active?, rateEffectiveFrom?}. " +
                         "A new costRate becomes a step of the rate history from rateEffectiveFrom (default today) (consortium admin).");
        group.MapGet("/professionals", ListProfessionalsAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("The consortium's professionals with their rate histories.");
        group.MapGet("/professionals/{professionalId}", GetProfessionalAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("One professional.");

        group.MapPut("/professionals/{professionalId}/person", LinkPersonAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Link the professional to a person account of the consortium {personId}: that person then enters their own hours. " +
                         "A person is at most one professional (409) (consortium admin).");
        group.MapDelete("/professionals/{professionalId}/person", UnlinkPersonAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Unlink the professional from its person account (consortium admin).");

        group.MapPost("/time-entries", RecordTimeAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Record hours of a professional on a request assigned to them: {requestId, professionalId, on, hours} (consortium staff).");
        group.MapGet("/time-entries", ListTimeEntriesAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("A month's time entries: ?month=YYYY-MM (required), &client=, &professional=, &request= (consortium staff).");
        group.MapDelete("/time-entries/{entryId}", RemoveTimeEntryAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Remove a mistaken entry, unless its month's statement was issued to its client (consortium staff).");

        return app;
    }

    // ---- Fields ----

    private static async Task<Ok<ExpertiseField>> PutFieldAsync(
        string tenantId, string fieldId, FieldBody body, IGrainFactory grains, AuditWriter audit)
    {
        Ids.Require(fieldId, "fieldId");
        var field = await Consortium(grains, tenantId).PutFieldAsync(fieldId, body.Name);
        await audit.WriteAsync(tenantId, "field.put", $"fields/{fieldId}");
        return TypedResults.Ok(field);
    }

    private static async Task<Ok<IReadOnlyList<ExpertiseField>>> ListFieldsAsync(string tenantId, IGrainFactory grains) =>
        TypedResults.Ok(await Consortium(grains, tenantId).ListFieldsAsync());

    // ---- Professionals ----

    private static async Task<Ok<Professional>> PutProfessionalAsync(
        string tenantId, string professionalId, ProfessionalInput body, IGrainFactory grains, AuditWriter audit)
    {
        Ids.Require(professionalId, "professionalId");
        var professional = await Consortium(grains, tenantId).PutProfessionalAsync(professionalId, body);
        await audit.WriteAsync(tenantId, "professional.put", $"professionals/{professionalId}",
            string.Create(CultureInfo.InvariantCulture, $"rate {professional.CostRate} $/h today, {professional.RateHistory.Count} step(s)"));
        return TypedResults.Ok(professional);
    }

    private static async Task<Ok<IReadOnlyList<Professional>>> ListProfessionalsAsync(string tenantId, IGrainFactory grains) =>
        TypedResults.Ok(await Consortium(grains, tenantId).ListProfessionalsAsync());

    private static async Task<Ok<Professional>> GetProfessionalAsync(string tenantId, string professionalId, IGrainFactory grains)
    {
        Ids.Require(professionalId, "professionalId");
        return TypedResults.Ok(await Consortium(grains, tenantId).GetProfessionalAsync(professionalId));
    }

    private static async Task<Ok<Professional>> LinkPersonAsync(
        string tenantId, string professionalId, PersonLink body, IGrainFactory grains, AuditWriter audit)
    {
        Ids.Require(professionalId, "professionalId");
        // Unlinking has its own verb: a missing personId is a mistake, not a request to unlink.
        if (body.PersonId is null) throw ValidationFailedException.For("personId", "'personId' is required.");
        var linked = await Consortium(grains, tenantId).LinkPersonAsync(professionalId, body.PersonId);
        await audit.WriteAsync(tenantId, "professional.link", $"professionals/{professionalId}", $"person {linked.PersonId}");
        return TypedResults.Ok(linked);
    }

    private static async Task<Ok<Professional>> UnlinkPersonAsync(
        string tenantId, string professionalId, IGrainFactory grains, AuditWriter audit)
    {
        Ids.Require(professionalId, "professionalId");
        var consortium = Consortium(grains, tenantId);
        var before = await consortium.GetProfessionalAsync(professionalId);
        var unlinked = await consortium.LinkPersonAsync(professionalId, null);
        await audit.WriteAsync(tenantId, "professional.link", $"professionals/{professionalId}",
            before.PersonId is { } former ? $"unlinked (was person {former})" : "unlinked (was not linked)");
        return TypedResults.Ok(unlinked);
    }

    // ---- Time entries ----

    private static async Task<Created<TimeEntry>> RecordTimeAsync(
        string tenantId, TimeEntryInput body, IGrainFactory grains, AuditWriter audit)
    {
        var entry = await Consortium(grains, tenantId).RecordTimeAsync(body);
        await audit.WriteAsync(tenantId, "time-entry.record", $"time-entries/{entry.Id}",
            string.Create(CultureInfo.InvariantCulture, $"{entry.Hours} h by {entry.ProfessionalId} on {entry.On:yyyy-MM-dd} for {entry.RequestId}"));
        return TypedResults.Created(
            $"/api/v1/tenants/{tenantId}/time-entries?month={YearMonth.Of(entry.On)}&request={entry.RequestId}", entry);
    }

    private static async Task<Ok<IReadOnlyList<TimeEntry>>> ListTimeEntriesAsync(
        string tenantId, string? month, string? client, string? professional, string? request, IGrainFactory grains)
    {
        var parsed = YearMonth.Require(month, "month");
        var filter = new TimeEntryFilter(
            OptionalId(client, "client"), OptionalId(professional, "professional"), OptionalId(request, "request"));
        return TypedResults.Ok(await Consortium(grains, tenantId).ListTimeEntriesAsync(parsed, filter));
    }

    private static async Task<Ok<TimeEntry>> RemoveTimeEntryAsync(
        string tenantId, string entryId, IGrainFactory grains, AuditWriter audit)
    {
        Ids.Require(entryId, "entryId");
        var removed = await Consortium(grains, tenantId).RemoveTimeEntryAsync(entryId);
        await audit.WriteAsync(tenantId, "time-entry.remove", $"time-entries/{entryId}",
            string.Create(CultureInfo.InvariantCulture, $"{removed.Hours} h by {removed.ProfessionalId} on {removed.On:yyyy-MM-dd}"));
        return TypedResults.Ok(removed);
    }

    // ---- Shared by the shared-services API files ----

    internal static IConsortiumGrain Consortium(IGrainFactory grains, string tenantId) => grains.GetGrain<IConsortiumGrain>(tenantId);

    /// <summary>The client's own relay to its consortia: lives in the client's partition, acts as that client only.</summary>
    internal static IConsortiumClientGrain ClientSide(IGrainFactory grains, string tenantId) => grains.GetGrain<IConsortiumClientGrain>(tenantId);

    /// <summary>
    /// Whether the route's tenant is a consortium, for the routes both sides share (agreements,
    /// requests). Those admit only the tenant's own keys, so the kind that came with the key is the
    /// route tenant's.
    /// </summary>
    internal static bool IsConsortium(CurrentCaller caller, string tenantId) =>
        caller.TenantId == tenantId
            ? caller.TenantKind == TenantKind.Consortium
            : throw new InvalidOperationException($"A shared route of '{tenantId}' was reached by a key of '{caller.TenantId}'.");

    internal static string? OptionalId(string? value, string field) => value is null ? null : Ids.Require(value, field);
}
