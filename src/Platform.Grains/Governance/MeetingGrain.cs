using Orleans;
using Orleans.Runtime;
using Platform.Abstractions;
using Platform.Abstractions.Governance;
using Platform.Grains.Roles;

namespace Platform.Grains.Governance;

/// <summary>
/// One meeting of a body (key <c>{tenantId}/{bodyId}/{meetingId}</c>): its agenda, its roll and its
/// minutes. It calls its body (to check it, admit the meeting into the body's list and read the
/// seats for the roll); the body never calls a meeting, so no call cycle can form.
/// </summary>
[GrainType("governance-meeting")]
public sealed class MeetingGrain(
    [PersistentState("governance-meeting")] IPersistentState<MeetingState> state,
    BusinessClock clock) : Grain, IMeetingGrain
{
    private (string TenantId, string BodyId, string MeetingId)? _keyParts;

    private (string TenantId, string BodyId, string MeetingId) Key => _keyParts ??= SplitKey(this.GetPrimaryKeyString());

    private IGovernanceBodyGrain Body => GrainFactory.GetGrain<IGovernanceBodyGrain>(Ids.Key(Key.TenantId, Key.BodyId));

    public async Task<Meeting> CreateAsync(MeetingDefinition definition)
    {
        var body = await Body.GetAsync() ?? throw new NotFoundException($"Body '{Key.BodyId}' does not exist.");
        if (state.State.Meeting is not null) throw new ConflictException($"Meeting '{Key.MeetingId}' already exists in body '{body.Id}'.");
        var (on, title, location, agenda) = MeetingValidation.ValidateMeeting(definition);
        await RequireProposalsAsync(agenda.Select(a => a.Proposal), i => $"agenda[{i}].proposal");

        var meeting = new Meeting(Key.MeetingId, Key.BodyId, on, title, location, agenda, null, null, clock.GetUtcNow());
        // Admitted into the body's list first, so the list's bound refuses a meeting with nothing stored.
        await Body.RecordMeetingAsync(MeetingSummary.Of(meeting));
        state.State.Meeting = meeting;
        await state.WriteOrReloadAsync(this);
        return meeting;
    }

    public Task<Meeting?> GetAsync() => Task.FromResult(state.State.Meeting);

    public async Task<Meeting> AddAgendaItemAsync(AgendaItemDefinition item)
    {
        var meeting = RequireOpenAgenda();
        if (meeting.Agenda.Count >= MeetingValidation.MaxAgendaItems)
            throw new ConflictException($"An agenda holds at most {MeetingValidation.MaxAgendaItems} items.");
        var added = MeetingValidation.ValidateAgendaItem(item, "", meeting.Agenda.Count + 1);
        await RequireProposalsAsync([added.Proposal], _ => "proposal");
        return await SaveAsync(meeting with { Agenda = [.. meeting.Agenda, added] });
    }

    public async Task<Meeting> UpdateAgendaItemAsync(int number, AgendaItemPatch patch)
    {
        var meeting = RequireOpenAgenda();
        var index = RequireItem(meeting, number);
        if (patch is null) throw ValidationFailedException.For("body", "An agenda item correction {title?, proposal?} is required.");
        var current = meeting.Agenda[index];
        var corrected = MeetingValidation.ValidateAgendaItem(
            new AgendaItemDefinition(patch.Title.Or(current.Title), patch.Proposal.Or(current.Proposal)), "", number);
        // Only a newly named proposal is checked: one named before stays a proposal of the body (proposals are never deleted).
        if (patch.Proposal.IsSet) await RequireProposalsAsync([corrected.Proposal], _ => "proposal");
        if (corrected == current) return meeting;
        var agenda = meeting.Agenda.ToList();
        agenda[index] = corrected;
        return await SaveAsync(meeting with { Agenda = agenda });
    }

    public async Task<Meeting> MoveAgendaItemAsync(int number, int? to)
    {
        var meeting = RequireOpenAgenda();
        var index = RequireItem(meeting, number);
        if (to is null) throw ValidationFailedException.For("to", "'to' is required.");
        if (to < 1 || to > meeting.Agenda.Count)
            throw ValidationFailedException.For("to", $"'to' must be between 1 and {meeting.Agenda.Count}.");
        if (to == number) return meeting;
        var agenda = meeting.Agenda.ToList();
        var moved = agenda[index];
        agenda.RemoveAt(index);
        agenda.Insert(to.Value - 1, moved);
        return await SaveAsync(meeting with { Agenda = Renumbered(agenda) });
    }

    public async Task<AgendaRemoval> RemoveAgendaItemAsync(int number)
    {
        var meeting = RequireOpenAgenda();
        var index = RequireItem(meeting, number);
        var agenda = meeting.Agenda.ToList();
        var removed = agenda[index];
        agenda.RemoveAt(index);
        return new AgendaRemoval(await SaveAsync(meeting with { Agenda = Renumbered(agenda) }), removed);
    }

    /// <summary>Items are numbered by their place: after a move or a removal, 1 … n again.</summary>
    private static List<AgendaItem> Renumbered(List<AgendaItem> agenda) =>
        agenda.Select((item, i) => item.Number == i + 1 ? item : item with { Number = i + 1 }).ToList();

    private int RequireItem(Meeting meeting, int number) =>
        number >= 1 && number <= meeting.Agenda.Count
            ? number - 1
            : throw new NotFoundException($"No agenda item {number} in meeting '{Key.MeetingId}'.");

    /// <summary>
    /// Once minutes are written (in either language) the agenda is the record of what the meeting
    /// dealt with: it no longer changes, so the minutes never refer to an item that moved or went.
    /// Cleared minutes open it again.
    /// </summary>
    private Meeting RequireOpenAgenda()
    {
        var meeting = RequireMeeting();
        if (MeetingSummary.Of(meeting).HasMinutes)
            throw new ConflictException($"The minutes of meeting '{Key.MeetingId}' are written: its agenda can no longer change.");
        return meeting;
    }

    public async Task<Meeting> RecordAttendanceAsync(IReadOnlyList<string>? presentSeats)
    {
        var meeting = RequireHeld("attendance");
        var body = await Body.GetAsync() ?? throw new NotFoundException($"Body '{Key.BodyId}' does not exist.");
        var present = MeetingValidation.ValidatePresent(presentSeats, body.Seats);

        // The roll keeps each holder's name as it is today: who sat is history once the meeting is over.
        var people = (await GrainFactory.GetGrain<ITenantPeopleGrain>(Key.TenantId).ListPeopleAsync()).ToDictionary(p => p.Id, p => p.Name);
        var roll = body.Seats.Select(s => new AttendanceSeat(
            s.Id,
            s.Person is { } person && people.TryGetValue(person, out var name) ? name : s.Holder,
            s.Person,
            s.Voting,
            present.Contains(s.Id))).ToList();
        var votingPresent = roll.Count(s => s.Voting && s.Present);
        var attendance = new MeetingAttendance(roll, body.Quorum, votingPresent, roll.Count(s => s.Voting), votingPresent >= body.Quorum, clock.GetUtcNow());
        return await SaveAsync(meeting with { Attendance = attendance });
    }

    public async Task<Meeting> WriteMinutesAsync(string? fr, string? en)
    {
        var meeting = RequireHeld("minutes");
        var (frText, enText) = MeetingValidation.ValidateMinutes(fr, en);
        return await SaveAsync(meeting with { Minutes = new MeetingMinutes(frText, enText, clock.GetUtcNow()) });
    }

    private Meeting RequireMeeting() =>
        state.State.Meeting ?? throw new NotFoundException($"Meeting '{Key.MeetingId}' does not exist in body '{Key.BodyId}'.");

    /// <summary>A roll or minutes record what happened: not before the meeting's day (Eastern time, as the job board's days).</summary>
    private Meeting RequireHeld(string what)
    {
        var meeting = RequireMeeting();
        if (meeting.On > PostingCalendar.Today(clock))
            throw new ConflictException($"The meeting of {meeting.On:yyyy-MM-dd} has not taken place yet; its {what} is recorded on or after that day.");
        return meeting;
    }

    private async Task RequireProposalsAsync(IEnumerable<string?> proposals, Func<int, string> fieldOf)
    {
        var wanted = proposals.Select((id, i) => (id, i)).Where(p => p.id is not null).ToList();
        if (wanted.Count == 0) return;
        var known = (await Body.ListProposalsAsync()).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var problems = new Problems();
        foreach (var (id, i) in wanted)
            if (!known.Contains(id!)) problems.Add(fieldOf(i), $"'{GovernanceValidation.Truncate(id)}' is not a proposal of this body.");
        problems.ThrowIfAny("The agenda is invalid");
    }

    /// <summary>Stores the meeting, then refreshes its entry in the body's list (a failed refresh is mended by the next change).</summary>
    private async Task<Meeting> SaveAsync(Meeting meeting)
    {
        state.State.Meeting = meeting;
        await state.WriteOrReloadAsync(this);
        await Body.RecordMeetingAsync(MeetingSummary.Of(meeting));
        return meeting;
    }

    private static (string, string, string) SplitKey(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 3 || !parts.All(Ids.IsValid))
            throw ValidationFailedException.For("id", $"'{key}' is not a key of the form {{tenantId}}/{{bodyId}}/{{meetingId}}.");
        return (parts[0], parts[1], parts[2]);
    }
}

[GenerateSerializer, Alias("MeetingState")]
public sealed class MeetingState
{
    /// <summary>Null until the meeting is created.</summary>
    [Id(0)] public Meeting? Meeting { get; set; }
}
