using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Host.Audit;
using Platform.Host.Errors;
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
        tenant.MapPatch("/activities/{activityId}", UpdateActivityAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Correct an activity {kind?, title?, on?, region?, audience?, programmeId?} (null clears an optional one); " +
                         "a new date must suit the participants recorded, else 409 naming them (staff+).");
        tenant.MapDelete("/activities/{activityId}", DeleteActivityAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Delete an activity with every participation in it; statistics follow at once (staff+).");
        tenant.MapPost("/activities/{activityId}/participants", RecordParticipantsAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Record members as participants {memberIds:[…]}; one unknown member → 400, a member not active on the activity's date " +
                         "or an activity after today → 409 naming the members (memberIds); nothing is recorded then (staff+).");
        tenant.MapDelete("/activities/{activityId}/participants/{memberId}", RemoveParticipantAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Remove a participant from an activity (staff+).");

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

    private static async Task<Results<Ok<FederationActivity>, ProblemHttpResult>> UpdateActivityAsync(
        string tenantId, string activityId, ActivityPatch patch, HttpContext http, IGrainFactory grains, AuditWriter audit)
    {
        FederationActivity updated;
        try { updated = await Federation(grains, tenantId).UpdateActivityAsync(activityId, patch); }
        catch (ParticipationRefusedException refused) { return Refused(http, refused); }
        await audit.WriteAsync(tenantId, "activity.update", $"activities/{activityId}", ChangedFields(patch));
        return TypedResults.Ok(updated);
    }

    private static async Task<NoContent> DeleteActivityAsync(string tenantId, string activityId, IGrainFactory grains, AuditWriter audit)
    {
        var federation = Federation(grains, tenantId);
        var activity = await federation.GetActivityAsync(activityId);
        await federation.DeleteActivityAsync(activityId);
        await audit.WriteAsync(tenantId, "activity.delete", $"activities/{activityId}",
            $"{EnumNames.Of(activity.Kind)} on {activity.On:yyyy-MM-dd}, {activity.Participants.Count} participant(s)");
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<FederationActivity>, ProblemHttpResult>> RecordParticipantsAsync(
        string tenantId, string activityId, ParticipantsRequest request, HttpContext http, IGrainFactory grains, AuditWriter audit)
    {
        FederationActivity activity;
        try { activity = await Federation(grains, tenantId).RecordParticipantsAsync(activityId, request.MemberIds); }
        catch (ParticipationRefusedException refused) { return Refused(http, refused); }
        await audit.WriteAsync(tenantId, "activity.participants", $"activities/{activityId}",
            $"{request.MemberIds!.Count} member(s) sent, {activity.Participants.Count} participant(s) now");
        return TypedResults.Ok(activity);
    }

    private static async Task<NoContent> RemoveParticipantAsync(string tenantId, string activityId, string memberId, IGrainFactory grains, AuditWriter audit)
    {
        await Federation(grains, tenantId).RemoveParticipantAsync(activityId, memberId);
        await audit.WriteAsync(tenantId, "activity.participant.remove", $"activities/{activityId}", $"member {memberId}");
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Rule 9's 409 in the caller's language, with the members concerned as data (<c>memberIds</c>)
    /// so that a client can name them, and <c>reason</c>: <c>not-active-on-date</c> or <c>activity-in-future</c>.
    /// </summary>
    private static ProblemHttpResult Refused(HttpContext http, ParticipationRefusedException refused)
    {
        var ids = string.Join(", ", refused.MemberIds.Take(10)) + (refused.MemberIds.Count > 10 ? ", …" : "");
        var on = refused.ActivityOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var detail = refused.Reason == ParticipationRefusal.ActivityInFuture
            ? ProblemLanguage.Pick(http,
                $"L'activité est datée du {on}, après aujourd'hui : personne n'a encore pu y prendre part ({ids}). Rien n'a été enregistré.",
                $"The activity is dated {on}, after today: nobody can have taken part yet ({ids}). Nothing was recorded.")
            : ProblemLanguage.Pick(http,
                $"Ces membres n'étaient pas actifs le {on}, date de l'activité (pas encore membres, ou retirés) : {ids}. Rien n'a été enregistré.",
                $"These members were not active on {on}, the activity's date (not members yet, or withdrawn): {ids}. Nothing was recorded.");
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict,
            title: ProblemLanguage.Pick(http, "Participation refusée.", "Participation refused."),
            extensions: new Dictionary<string, object?>
            {
                ["reason"] = EnumNames.Of(refused.Reason),
                ["activityId"] = refused.ActivityId,
                ["memberIds"] = refused.MemberIds,
            });
    }

    /// <summary>Which fields a correction touched, for the audit log (the values are in the activity).</summary>
    private static string ChangedFields(ActivityPatch patch)
    {
        var fields = new List<string>();
        if (patch.Kind.IsSet) fields.Add("kind");
        if (patch.Title.IsSet) fields.Add("title");
        if (patch.On.IsSet) fields.Add("on");
        if (patch.Region.IsSet) fields.Add("region");
        if (patch.Audience.IsSet) fields.Add("audience");
        if (patch.ProgrammeId.IsSet) fields.Add("programmeId");
        return fields.Count == 0 ? "no field" : string.Join(", ", fields);
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
