using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Host.Audit;
using Platform.Host.Security;
using static Platform.Host.Api.ConsortiumApi;

namespace Platform.Host.Api;

/// <summary>
/// Service requests. A client submits, lists, reads and cancels its own on its own routes; the
/// consortium lists, ranks candidates, assigns, completes and cancels on its routes.
/// </summary>
public static class ServiceRequestsApi
{
    public sealed record SubmitRequestBody(
        string ConsortiumId, string Field, LocalizedText Title, DateOnly NeedBy, ServiceRequestUrgency Urgency,
        string? Id = null, decimal? EstimatedHours = null);

    public sealed record AssignBody(string ProfessionalId, decimal? EstimatedHours = null);

    public static IEndpointRouteBuilder MapServiceRequestsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tenants/{tenantId}/service-requests").WithTags("Shared services");

        group.MapPost("/", SubmitAsync).RequireTenantRole(TenantRole.Staff).RequireClientTenant()
            .WithSummary("Submit a request to a consortium: {id?, consortiumId, field, title: {fr, en}, needBy, urgency: normal|urgent, estimatedHours?}; " +
                         "409 when no agreement in force covers the field (client staff).");
        group.MapGet("/", ListAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("Requests still open or assigned: a consortium's (?client= to narrow), or a client's own; ?status=open|assigned narrows them; ?status=done|cancelled lists the closed ones of a year (?year=, the current year by default).");
        group.MapGet("/{requestId}", GetAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("One request: a consortium's, or a client's own (?consortium= to narrow).");
        group.MapPost("/{requestId}/cancel", CancelAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Cancel an open or assigned request, from the consortium or by the client that submitted it (staff).");
        group.MapGet("/{requestId}/candidates", CandidatesAsync).RequireTenantRole(TenantRole.Staff).RequireConsortiumTenant()
            .WithSummary("Professionals of the request's field ranked by field match, free capacity up to the need-by date, fewest current assignments, id (consortium staff).");
        group.MapPost("/{requestId}/assign", AssignAsync).RequireTenantRole(TenantRole.Staff).RequireConsortiumTenant()
            .WithSummary("Assign or reassign: {professionalId, estimatedHours?} (consortium staff).");
        group.MapPost("/{requestId}/complete", CompleteAsync).RequireTenantRole(TenantRole.Staff).RequireConsortiumTenant()
            .WithSummary("Mark an assigned request done (consortium staff).");
        return app;
    }

    private static async Task<Created<ServiceRequest>> SubmitAsync(
        string tenantId, SubmitRequestBody body, IGrainFactory grains, AuditWriter audit)
    {
        var request = await ClientSide(grains, tenantId).SubmitRequestAsync(new ServiceRequestInput(
            body.Id, body.ConsortiumId, body.Field, body.Title, body.NeedBy, body.Urgency, body.EstimatedHours));
        await audit.WriteAsync(tenantId, "service-request.submit", $"service-requests/{request.Id}",
            string.Create(CultureInfo.InvariantCulture, $"to {request.ConsortiumId}, {request.Field}, {request.Urgency.ToString().ToLowerInvariant()}, need by {request.NeedBy:yyyy-MM-dd}"));
        return TypedResults.Created($"/api/v1/tenants/{tenantId}/service-requests/{request.Id}", request);
    }

    private static async Task<Ok<IReadOnlyList<ServiceRequest>>> ListAsync(
        string tenantId, string? client, string? status, string? year, CurrentCaller caller, IGrainFactory grains, BusinessClock clock)
    {
        var clientFilter = OptionalId(client, "client");
        var wanted = FederationQuery.Enum<ServiceRequestStatus>(status, "status");
        // Requests in hand come from the consortium's book; done and cancelled ones from its yearly
        // index of closed requests (?year=, the current year by default).
        if (wanted is ServiceRequestStatus.Done or ServiceRequestStatus.Cancelled)
        {
            var closedYear = ClosedYear(year, clock);
            return TypedResults.Ok(IsConsortium(caller, tenantId)
                ? await Consortium(grains, tenantId).ListClosedRequestsAsync(closedYear, wanted.Value, clientFilter)
                : await ClientSide(grains, tenantId).ListClosedRequestsAsync(closedYear, wanted.Value));
        }
        if (year is not null)
            throw ValidationFailedException.For("year", "'year' selects closed requests: give it with status=done or status=cancelled.");
        var requests = IsConsortium(caller, tenantId)
            ? await Consortium(grains, tenantId).ListActiveRequestsAsync(clientFilter)
            : await ClientSide(grains, tenantId).ListRequestsAsync();
        return TypedResults.Ok(wanted is { } only ? requests.Where(r => r.Status == only).ToList() : requests);
    }

    private static int ClosedYear(string? year, BusinessClock clock)
    {
        if (year is null) return clock.GetUtcNow().Year;
        if (year.Length == 4 && int.TryParse(year, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value is >= 2000 and <= 2100)
            return value;
        throw ValidationFailedException.For("year", "'year' must be a year such as 2026.");
    }

    private static async Task<Results<Ok<ServiceRequest>, ProblemHttpResult>> GetAsync(
        string tenantId, string requestId, string? consortium, CurrentCaller caller, IGrainFactory grains)
    {
        Ids.Require(requestId, "requestId");
        var consortiumFilter = OptionalId(consortium, "consortium");
        if (!IsConsortium(caller, tenantId))
            return TypedResults.Ok(await ClientSide(grains, tenantId).GetRequestAsync(requestId, consortiumFilter));
        return await grains.GetGrain<IServiceRequestGrain>(Ids.Key(tenantId, requestId)).GetAsync() is { } request
            ? TypedResults.Ok(request)
            : ApiProblems.NotFound($"No service request '{requestId}'.");
    }

    private static async Task<Ok<ServiceRequest>> CancelAsync(
        string tenantId, string requestId, string? consortium, CurrentCaller caller, IGrainFactory grains, AuditWriter audit)
    {
        Ids.Require(requestId, "requestId");
        var consortiumFilter = OptionalId(consortium, "consortium");
        var cancelled = IsConsortium(caller, tenantId)
            ? await Consortium(grains, tenantId).CancelRequestAsync(requestId, null)
            : await ClientSide(grains, tenantId).CancelRequestAsync(requestId, consortiumFilter);
        await audit.WriteAsync(tenantId, "service-request.cancel", $"service-requests/{requestId}", $"between {cancelled.ConsortiumId} and {cancelled.ClientId}");
        return TypedResults.Ok(cancelled);
    }

    private static async Task<Ok<CandidateList>> CandidatesAsync(string tenantId, string requestId, IGrainFactory grains)
    {
        Ids.Require(requestId, "requestId");
        return TypedResults.Ok(await Consortium(grains, tenantId).GetCandidatesAsync(requestId));
    }

    private static async Task<Ok<ServiceRequest>> AssignAsync(
        string tenantId, string requestId, AssignBody body, IGrainFactory grains, AuditWriter audit)
    {
        Ids.Require(requestId, "requestId");
        var assigned = await Consortium(grains, tenantId).AssignAsync(requestId, body.ProfessionalId, body.EstimatedHours);
        await audit.WriteAsync(tenantId, "service-request.assign", $"service-requests/{requestId}", $"to {assigned.ProfessionalId}");
        return TypedResults.Ok(assigned);
    }

    private static async Task<Ok<ServiceRequest>> CompleteAsync(
        string tenantId, string requestId, IGrainFactory grains, AuditWriter audit)
    {
        Ids.Require(requestId, "requestId");
        var done = await Consortium(grains, tenantId).CompleteRequestAsync(requestId);
        await audit.WriteAsync(tenantId, "service-request.complete", $"service-requests/{requestId}");
        return TypedResults.Ok(done);
    }
}
