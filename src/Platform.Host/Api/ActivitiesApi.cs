using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Host.Audit;
using Platform.Host.Security;

namespace Platform.Host.Api;

/// <summary>A federation's activities, who took part, and its programmes (API.md "Members and activities").</summary>
public static class ActivitiesApi
{
    public sealed record ParticipantsRequest(IReadOnlyList<string>? MemberIds = null);

    public sealed record ProgrammeRequest(LocalizedText? Name = null, ProgrammeKind? Kind = null, LocalizedText? Summary = null);

    public static IEndpointRouteBuilder MapActivitiesApi(this IEndpointRouteBuilder app)
    {
        // Every route of this group exists for one kind of tenant only: one policy for the group.
        var tenant = app.MapGroup("/api/v1/tenants/{tenantId}").WithTags("Members and activities").RequireFederationTenant();

        tenant.MapPost("/activities", AddActivityAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Record an activity {id?, kind, title:{fr,en}, on, region?, audience?, programmeId?}; its id is generated when not given (staff+).");
        tenant.MapGet("/activities", ListActivitiesAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("Activities in date order (?kind=&from=&to=), with their participants (viewer+).");
        tenant.MapGet("/activities/{activityId}", GetActivityAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("Read an activity and its participants (viewer+).");
        tenant.MapPost("/activities/{activityId}/participants", RecordParticipantsAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Record members as participants {memberIds:[…]}; one unknown member and nothing is recorded (staff+).");

        tenant.MapPut("/programmes/{programmeId}", SetProgrammeAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Create or change a programme {name:{fr,en}, kind, summary?}: a pathway, an academy, a fund… (staff+).");
        tenant.MapGet("/programmes", ListProgrammesAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("The federation's programmes (viewer+).");
        return app;
    }

    private static async Task<Created<FederationActivity>> AddActivityAsync(string tenantId, NewActivity activity, IGrainFactory grains, AuditWriter audit)
    {
        var added = await Federation(grains, tenantId).AddActivityAsync(activity);
        await audit.WriteAsync(tenantId, "activity.add", $"activities/{added.Id}", EnumNames.Of(added.Kind));
        return TypedResults.Created($"/api/v1/tenants/{tenantId}/activities/{added.Id}", added);
    }

    private static async Task<Ok<IReadOnlyList<FederationActivity>>> ListActivitiesAsync(
        string tenantId, string? kind, string? from, string? to, IGrainFactory grains)
    {
        var wanted = FederationQuery.Enum<ActivityKind>(kind, "kind");
        var activities = await Federation(grains, tenantId).ListActivitiesAsync(FederationQuery.Period(from, to));
        return TypedResults.Ok(wanted is { } only ? activities.Where(a => a.Kind == only).ToList() : activities);
    }

    private static async Task<Ok<FederationActivity>> GetActivityAsync(string tenantId, string activityId, IGrainFactory grains) =>
        TypedResults.Ok(await Federation(grains, tenantId).GetActivityAsync(activityId));

    private static async Task<Ok<FederationActivity>> RecordParticipantsAsync(
        string tenantId, string activityId, ParticipantsRequest request, IGrainFactory grains, AuditWriter audit)
    {
        var activity = await Federation(grains, tenantId).RecordParticipantsAsync(activityId, request.MemberIds);
        await audit.WriteAsync(tenantId, "activity.participants", $"activities/{activityId}",
            $"{request.MemberIds!.Count} member(s) sent, {activity.Participants.Count} participant(s) now");
        return TypedResults.Ok(activity);
    }

    private static async Task<Ok<Programme>> SetProgrammeAsync(
        string tenantId, string programmeId, ProgrammeRequest request, IGrainFactory grains, AuditWriter audit)
    {
        var saved = await Federation(grains, tenantId).SetProgrammeAsync(
            new Programme(Ids.Require(programmeId, "programmeId"), request.Name, request.Kind, request.Summary));
        await audit.WriteAsync(tenantId, "programme.set", $"programmes/{programmeId}");
        return TypedResults.Ok(saved);
    }

    private static async Task<Ok<IReadOnlyList<Programme>>> ListProgrammesAsync(string tenantId, IGrainFactory grains) =>
        TypedResults.Ok(await Federation(grains, tenantId).ListProgrammesAsync());

    private static IFederationGrain Federation(IGrainFactory grains, string tenantId) => grains.GetGrain<IFederationGrain>(tenantId);
}
