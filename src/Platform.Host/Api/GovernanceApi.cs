using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Abstractions.Governance;
using Platform.Host.Audit;
using Platform.Host.Security;

namespace Platform.Host.Api;

/// <summary>Governance bodies, their proposals, positions and decisions (API.md "Governance", rule 8).</summary>
public static class GovernanceApi
{
    public sealed record PositionRequest(string? Seat = null, Position? Position = null);

    public sealed record SeatAssignment(string? Person = null);

    public sealed record AttendanceRequest(IReadOnlyList<string>? Present = null);

    public sealed record MinutesRequest(string? Fr = null, string? En = null);

    public sealed record AgendaMoveRequest(int? To = null);

    public static IEndpointRouteBuilder MapGovernanceApi(this IEndpointRouteBuilder app)
    {
        var bodies = app.MapGroup("/api/v1/tenants/{tenantId}/bodies").WithTags("Governance");

        bodies.MapGet("", ListBodiesAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("Every body of the tenant with its seat counts and quorum (viewer+).");
        bodies.MapPut("/{bodyId}", DefineBodyAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Create or replace a body {kind, name, seats:[{id, holder?, voting, role?}], quorum?} (admin); quorum is a number of voting seats.");
        bodies.MapGet("/{bodyId}", GetBodyAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("Read a body and its seats (viewer+).");
        bodies.MapPost("/{bodyId}/proposals", OpenProposalAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Open a proposal {id?, title, mode} (staff+); a co-direction decides by consensus.");
        bodies.MapGet("/{bodyId}/proposals", ListProposalsAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("Every proposal of the body, newest first (viewer+).");
        bodies.MapGet("/{bodyId}/proposals/{proposalId}", GetProposalAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("A proposal with its positions and, once closed, its outcome (viewer+).");
        bodies.MapPut("/{bodyId}/seats/{seatId}", AssignSeatAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Give a seat to a person of the tenant {person} (null: nobody) (admin); open proposals follow.");
        bodies.MapPost("/{bodyId}/proposals/{proposalId}/positions", StatePositionAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("State or change a seat's position {seat, position} while the proposal is open: the seat's holder, or staff+ on the holder's behalf (recorded as such).");
        bodies.MapPost("/{bodyId}/proposals/{proposalId}/close", CloseProposalAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Close and decide: passed, rejected or no-quorum, with counted and uncounted positions (staff+).");
        bodies.MapGet("/{bodyId}/decisions", ListDecisionsAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("The register of decisions: closed proposals with their outcomes, latest first (viewer+).");

        bodies.MapPost("/{bodyId}/meetings", CreateMeetingAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Call a meeting {id?, on, title, location?, agenda?:[{title, proposal?}]} (staff+).");
        bodies.MapGet("/{bodyId}/meetings", ListMeetingsAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("The body's meetings, latest date first (viewer+).");
        bodies.MapGet("/{bodyId}/meetings/{meetingId}", GetMeetingAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("A meeting with its agenda, roll and minutes (viewer+).");
        bodies.MapPost("/{bodyId}/meetings/{meetingId}/agenda", AddAgendaItemAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Append an agenda item {title, proposal?} (staff+).");
        bodies.MapPatch("/{bodyId}/meetings/{meetingId}/agenda/{number}", UpdateAgendaItemAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Correct agenda item n {title?, proposal?} (proposal null: unlinked) (staff+; until the minutes are written).");
        bodies.MapPost("/{bodyId}/meetings/{meetingId}/agenda/{number}/move", MoveAgendaItemAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Move agenda item n to position {to}; the other items keep their order and all are numbered again (staff+; until the minutes are written).");
        bodies.MapDelete("/{bodyId}/meetings/{meetingId}/agenda/{number}", RemoveAgendaItemAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Remove agenda item n; the items after it move up one (staff+; until the minutes are written).");
        bodies.MapPut("/{bodyId}/meetings/{meetingId}/attendance", RecordAttendanceAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Take the roll {present:[seat ids]}: the voting seats present decide the quorum (staff+; on or after the meeting's day).");
        bodies.MapPut("/{bodyId}/meetings/{meetingId}/minutes", WriteMinutesAsync).RequireTenantRole(TenantRole.Staff)
            .WithSummary("Write the minutes {fr?, en?} (staff+; on or after the meeting's day).");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<BodySummary>>> ListBodiesAsync(string tenantId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ITenantBodiesGrain>(tenantId).ListAsync());

    private static async Task<Ok<GovernanceBody>> DefineBodyAsync(
        string tenantId, string bodyId, BodyDefinition definition, IGrainFactory grains, AuditWriter audit)
    {
        var body = await Body(grains, tenantId, bodyId).DefineAsync(definition);
        await audit.WriteAsync(tenantId, "body.put", $"bodies/{bodyId}", $"{Wire(body.Kind)}, {body.Seats.Count} seats");
        return TypedResults.Ok(body);
    }

    private static async Task<Results<Ok<GovernanceBody>, ProblemHttpResult>> GetBodyAsync(string tenantId, string bodyId, IGrainFactory grains) =>
        await Body(grains, tenantId, bodyId).GetAsync() is { } body ? TypedResults.Ok(body) : ApiProblems.NotFound($"No body '{bodyId}'.");

    private static async Task<Created<Proposal>> OpenProposalAsync(
        string tenantId, string bodyId, NewProposal proposal, IGrainFactory grains, AuditWriter audit)
    {
        var opened = await Body(grains, tenantId, bodyId).OpenProposalAsync(proposal);
        await audit.WriteAsync(tenantId, "proposal.open", $"bodies/{bodyId}/proposals/{opened.Id}", Wire(opened.Mode));
        return TypedResults.Created($"/api/v1/tenants/{tenantId}/bodies/{bodyId}/proposals/{opened.Id}", opened);
    }

    private static async Task<Results<Ok<IReadOnlyList<Proposal>>, ProblemHttpResult>> ListProposalsAsync(string tenantId, string bodyId, IGrainFactory grains)
    {
        var body = Body(grains, tenantId, bodyId);
        if (await body.GetAsync() is null) return ApiProblems.NotFound($"No body '{bodyId}'.");
        return TypedResults.Ok(await body.ListProposalsAsync());
    }

    private static async Task<Results<Ok<Proposal>, ProblemHttpResult>> GetProposalAsync(
        string tenantId, string bodyId, string proposalId, IGrainFactory grains) =>
        await Body(grains, tenantId, bodyId).GetProposalAsync(Ids.Require(proposalId, "proposalId")) is { } proposal
            ? TypedResults.Ok(proposal)
            : ApiProblems.NotFound($"No proposal '{proposalId}' in body '{bodyId}'.");

    private static async Task<Ok<Proposal>> StatePositionAsync(
        string tenantId, string bodyId, string proposalId, PositionRequest request, IGrainFactory grains, AuditWriter audit, CurrentCaller caller)
    {
        var proposal = await StateAsCallerAsync(grains, audit, caller, tenantId, bodyId, Ids.Require(proposalId, "proposalId"), request.Seat, request.Position);
        return TypedResults.Ok(proposal);
    }

    /// <summary>
    /// A position as the caller states it, for the API and the web app alike: the seat's holder for
    /// its own seat, or staff on the holder's behalf; the audit entry says which.
    /// </summary>
    public static async Task<Proposal> StateAsCallerAsync(
        IGrainFactory grains, AuditWriter audit, CurrentCaller caller, string tenantId, string bodyId, string proposalId, string? seat, Position? position)
    {
        var author = new PositionAuthor(caller.Actor, caller.PersonId, caller.Person?.Name, caller.Role >= TenantRole.Staff);
        var proposal = await Body(grains, tenantId, bodyId).StatePositionAsync(proposalId, seat, position, author);
        var stated = proposal.Positions.First(p => p.Seat == seat);
        await audit.WriteAsync(tenantId, "position.state", $"bodies/{bodyId}/proposals/{proposalId}",
            $"seat {seat}: {Wire(position)}" + (stated.OnBehalfOf is { } holder ? $", on behalf of {holder}" : ", by its holder"));
        return proposal;
    }

    private static async Task<Ok<GovernanceBody>> AssignSeatAsync(
        string tenantId, string bodyId, string seatId, SeatAssignment assignment, IGrainFactory grains, AuditWriter audit)
    {
        var body = await Body(grains, tenantId, bodyId).AssignSeatAsync(Ids.Require(seatId, "seatId"), assignment.Person);
        await audit.WriteAsync(tenantId, "seat.assign", $"bodies/{bodyId}/seats/{seatId}", assignment.Person is { } p ? $"person {p}" : "nobody");
        return TypedResults.Ok(body);
    }

    private static async Task<Results<Ok<IReadOnlyList<Proposal>>, ProblemHttpResult>> ListDecisionsAsync(string tenantId, string bodyId, IGrainFactory grains)
    {
        var body = Body(grains, tenantId, bodyId);
        if (await body.GetAsync() is null) return ApiProblems.NotFound($"No body '{bodyId}'.");
        return TypedResults.Ok(await body.ListDecisionsAsync());
    }

    private static async Task<Created<Meeting>> CreateMeetingAsync(
        string tenantId, string bodyId, MeetingDefinition definition, IGrainFactory grains, AuditWriter audit)
    {
        // The id is the grain's key, so it is chosen here; the grain checks the rest.
        var meetingId = definition.Id is null ? Ids.New("m") : Ids.Require(definition.Id, "id");
        var meeting = await MeetingOf(grains, tenantId, bodyId, meetingId).CreateAsync(definition with { Id = meetingId });
        await audit.WriteAsync(tenantId, "meeting.create", $"bodies/{bodyId}/meetings/{meeting.Id}", meeting.On.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return TypedResults.Created($"/api/v1/tenants/{tenantId}/bodies/{bodyId}/meetings/{meeting.Id}", meeting);
    }

    private static async Task<Results<Ok<IReadOnlyList<MeetingSummary>>, ProblemHttpResult>> ListMeetingsAsync(string tenantId, string bodyId, IGrainFactory grains)
    {
        var body = Body(grains, tenantId, bodyId);
        if (await body.GetAsync() is null) return ApiProblems.NotFound($"No body '{bodyId}'.");
        return TypedResults.Ok(await body.ListMeetingsAsync());
    }

    private static async Task<Results<Ok<Meeting>, ProblemHttpResult>> GetMeetingAsync(string tenantId, string bodyId, string meetingId, IGrainFactory grains) =>
        await MeetingOf(grains, tenantId, bodyId, meetingId).GetAsync() is { } meeting
            ? TypedResults.Ok(meeting)
            : ApiProblems.NotFound($"No meeting '{meetingId}' in body '{bodyId}'.");

    private static async Task<Ok<Meeting>> AddAgendaItemAsync(
        string tenantId, string bodyId, string meetingId, AgendaItemDefinition item, IGrainFactory grains, AuditWriter audit)
    {
        var meeting = await MeetingOf(grains, tenantId, bodyId, meetingId).AddAgendaItemAsync(item);
        await audit.WriteAsync(tenantId, "meeting.agenda.add", $"bodies/{bodyId}/meetings/{meetingId}", $"item {meeting.Agenda.Count}");
        return TypedResults.Ok(meeting);
    }

    private static async Task<Ok<Meeting>> UpdateAgendaItemAsync(
        string tenantId, string bodyId, string meetingId, string number, AgendaItemPatch patch, IGrainFactory grains, AuditWriter audit)
    {
        var n = AgendaNumber(number);
        var meeting = await MeetingOf(grains, tenantId, bodyId, meetingId).UpdateAgendaItemAsync(n, patch);
        await audit.WriteAsync(tenantId, "meeting.agenda.update", $"bodies/{bodyId}/meetings/{meetingId}", AgendaUpdateDetail(n, patch.Title.IsSet, patch.Proposal.IsSet));
        return TypedResults.Ok(meeting);
    }

    private static async Task<Ok<Meeting>> MoveAgendaItemAsync(
        string tenantId, string bodyId, string meetingId, string number, AgendaMoveRequest request, IGrainFactory grains, AuditWriter audit)
    {
        var n = AgendaNumber(number);
        var meeting = await MeetingOf(grains, tenantId, bodyId, meetingId).MoveAgendaItemAsync(n, request.To);
        await audit.WriteAsync(tenantId, "meeting.agenda.move", $"bodies/{bodyId}/meetings/{meetingId}", AgendaMoveDetail(n, request.To!.Value));
        return TypedResults.Ok(meeting);
    }

    private static async Task<Ok<Meeting>> RemoveAgendaItemAsync(
        string tenantId, string bodyId, string meetingId, string number, IGrainFactory grains, AuditWriter audit)
    {
        var n = AgendaNumber(number);
        var removal = await MeetingOf(grains, tenantId, bodyId, meetingId).RemoveAgendaItemAsync(n);
        await audit.WriteAsync(tenantId, "meeting.agenda.remove", $"bodies/{bodyId}/meetings/{meetingId}", AgendaRemoveDetail(n, removal.Removed));
        return TypedResults.Ok(removal.Meeting);
    }

    /// <summary>An item's number in a path: a whole number (400 otherwise); one the agenda does not have is the grain's 404.</summary>
    public static int AgendaNumber(string number) =>
        int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw ValidationFailedException.For("number", "'number' must be a whole number.");

    public static string AgendaUpdateDetail(int number, bool title, bool proposal) =>
        $"item {number}: " + (string.Join(", ", new[] { title ? "title" : null, proposal ? "proposal" : null }.OfType<string>()) is { Length: > 0 } fields ? fields : "no field");

    public static string AgendaMoveDetail(int number, int to) => $"item {number} moved to {to}";

    /// <summary>The removed item's title is kept in the log: nothing else remembers it.</summary>
    public static string AgendaRemoveDetail(int number, AgendaItem removed) =>
        $"item {number}: {(removed.Title.Fr is { Length: > 120 } clipped ? clipped[..120] + "…" : removed.Title.Fr)}";

    private static async Task<Ok<Meeting>> RecordAttendanceAsync(
        string tenantId, string bodyId, string meetingId, AttendanceRequest request, IGrainFactory grains, AuditWriter audit)
    {
        var meeting = await MeetingOf(grains, tenantId, bodyId, meetingId).RecordAttendanceAsync(request.Present);
        await audit.WriteAsync(tenantId, "meeting.attendance", $"bodies/{bodyId}/meetings/{meetingId}", AttendanceDetail(meeting.Attendance!));
        return TypedResults.Ok(meeting);
    }

    public static string AttendanceDetail(MeetingAttendance attendance) =>
        System.FormattableString.Invariant($"{attendance.VotingPresent} of {attendance.VotingSeats} voting seats present, quorum {attendance.Quorum} {(attendance.QuorumMet ? "met" : "not met")}");

    private static async Task<Ok<Meeting>> WriteMinutesAsync(
        string tenantId, string bodyId, string meetingId, MinutesRequest request, IGrainFactory grains, AuditWriter audit)
    {
        var meeting = await MeetingOf(grains, tenantId, bodyId, meetingId).WriteMinutesAsync(request.Fr, request.En);
        await audit.WriteAsync(tenantId, "meeting.minutes", $"bodies/{bodyId}/meetings/{meetingId}", MinutesDetail(meeting.Minutes!));
        return TypedResults.Ok(meeting);
    }

    public static string MinutesDetail(MeetingMinutes minutes) =>
        string.Join(", ", new[] { minutes.Fr is null ? null : "fr", minutes.En is null ? null : "en" }.OfType<string>()) is { Length: > 0 } written
            ? $"written in {written}" : "cleared";

    public static IMeetingGrain MeetingOf(IGrainFactory grains, string tenantId, string bodyId, string meetingId) =>
        grains.GetGrain<IMeetingGrain>(MeetingKeys.Of(tenantId, Ids.Require(bodyId, "bodyId"), Ids.Require(meetingId, "meetingId")));

    private static async Task<Ok<DecisionOutcome>> CloseProposalAsync(
        string tenantId, string bodyId, string proposalId, IGrainFactory grains, AuditWriter audit)
    {
        var outcome = await Body(grains, tenantId, bodyId).CloseProposalAsync(Ids.Require(proposalId, "proposalId"));
        await audit.WriteAsync(tenantId, "proposal.close", $"bodies/{bodyId}/proposals/{proposalId}", Wire(outcome.Outcome));
        return TypedResults.Ok(outcome);
    }

    /// <summary>An enum as the API spells it (<c>co-direction</c>, <c>two-thirds</c>, <c>no-quorum</c>), for the audit log.</summary>
    public static string Wire(Enum? value) => value is null ? "" : JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static IGovernanceBodyGrain Body(IGrainFactory grains, string tenantId, string bodyId) =>
        grains.GetGrain<IGovernanceBodyGrain>(Ids.Key(tenantId, Ids.Require(bodyId, "bodyId")));
}
