using Orleans.Concurrency;
using Orleans;

namespace Platform.Abstractions.Governance;

/// <summary>An agenda item as a client sends it; <see cref="Proposal"/> names a proposal of the body taken up under it.</summary>
[GenerateSerializer, Immutable, Alias("AgendaItemDefinition")]
public sealed record AgendaItemDefinition(LocalizedText? Title = null, string? Proposal = null);

/// <summary>A meeting as a client sends it with <c>POST …/bodies/{b}/meetings</c>.</summary>
[GenerateSerializer, Immutable, Alias("MeetingDefinition")]
public sealed record MeetingDefinition(
    string? Id = null,
    DateOnly? On = null,
    LocalizedText? Title = null,
    string? Location = null,
    IReadOnlyList<AgendaItemDefinition>? Agenda = null);

/// <summary>
/// A correction of an agenda item (<c>PATCH …/agenda/{n}</c>): an absent field stays as it is; a
/// null <see cref="Proposal"/> unlinks the proposal; a title, when given, is required in both languages.
/// </summary>
[GenerateSerializer, Immutable, Alias("AgendaItemPatch")]
public sealed record AgendaItemPatch
{
    [Id(0)] public Optional<LocalizedText?> Title { get; init; }
    [Id(1)] public Optional<string?> Proposal { get; init; }
}

[GenerateSerializer, Immutable, Alias("AgendaItem")]
public sealed record AgendaItem(int Number, LocalizedText Title, string? Proposal);

/// <summary>The meeting once an item is removed, and that item as it was (for the audit log: nothing else keeps it).</summary>
[GenerateSerializer, Immutable, Alias("AgendaRemoval")]
public sealed record AgendaRemoval(Meeting Meeting, AgendaItem Removed);

/// <summary>One seat on the roll of a meeting, with the holder's name as it was when attendance was taken.</summary>
[GenerateSerializer, Immutable, Alias("AttendanceSeat")]
public sealed record AttendanceSeat(string Seat, string? Holder, string? Person, bool Voting, bool Present);

/// <summary>
/// Who was present. The roll copies the body's seats when it is taken; the meeting has quorum when
/// the voting seats present reach the body's quorum (non-voting seats are on the roll, never counted).
/// </summary>
[GenerateSerializer, Immutable, Alias("MeetingAttendance")]
public sealed record MeetingAttendance(IReadOnlyList<AttendanceSeat> Seats, int Quorum, int VotingPresent, int VotingSeats, bool QuorumMet, DateTimeOffset RecordedAt);

/// <summary>The minutes (procès-verbal), each language written on its own: a language not written yet is null.</summary>
[GenerateSerializer, Immutable, Alias("MeetingMinutes")]
public sealed record MeetingMinutes(string? Fr, string? En, DateTimeOffset UpdatedAt);

[GenerateSerializer, Immutable, Alias("Meeting")]
public sealed record Meeting(
    string Id,
    string BodyId,
    DateOnly On,
    LocalizedText Title,
    string? Location,
    IReadOnlyList<AgendaItem> Agenda,
    MeetingAttendance? Attendance,
    MeetingMinutes? Minutes,
    DateTimeOffset CreatedAt);

/// <summary>A meeting as its body's list shows it.</summary>
[GenerateSerializer, Immutable, Alias("MeetingSummary")]
public sealed record MeetingSummary(string Id, DateOnly On, LocalizedText Title, int AgendaItems, int? VotingPresent, bool? QuorumMet, bool HasMinutes)
{
    public static MeetingSummary Of(Meeting meeting) => new(
        meeting.Id, meeting.On, meeting.Title, meeting.Agenda.Count, meeting.Attendance?.VotingPresent, meeting.Attendance?.QuorumMet,
        meeting.Minutes is { } m && (m.Fr is not null || m.En is not null));
}

/// <summary>
/// One meeting of a body. Key <c>{tenantId}/{bodyId}/{meetingId}</c>: each meeting keeps its own
/// agenda, roll and minutes, so a body's state holds only a short entry per meeting however many
/// years it meets. Calls go one way: meeting → body (never back).
/// </summary>
public interface IMeetingGrain : IGrainWithStringKey
{
    /// <summary>Creates the meeting; 404 without the body, 409 when it exists, 400 when invalid.</summary>
    Task<Meeting> CreateAsync(MeetingDefinition definition);

    [ReadOnly] Task<Meeting?> GetAsync();

    /// <summary>Appends an agenda item; 400 when invalid (an unknown proposal), 409 past the bound or once the minutes are written.</summary>
    Task<Meeting> AddAgendaItemAsync(AgendaItemDefinition item);

    /// <summary>
    /// Corrects item <paramref name="number"/> (its title, its proposal); 404 without that item, 400
    /// when invalid, 409 once the minutes are written (the agenda is then what the meeting dealt with).
    /// </summary>
    Task<Meeting> UpdateAgendaItemAsync(int number, AgendaItemPatch patch);

    /// <summary>Moves item <paramref name="number"/> to position <paramref name="to"/> (1 … count), the others keeping their order; 404, 400, 409 as above.</summary>
    Task<Meeting> MoveAgendaItemAsync(int number, int? to);

    /// <summary>Removes item <paramref name="number"/>; the items after it move up one. 404, 409 as above.</summary>
    Task<AgendaRemoval> RemoveAgendaItemAsync(int number);

    /// <summary>Takes the roll: the seats present, every other seat of the body absent; 409 before the meeting's day.</summary>
    Task<Meeting> RecordAttendanceAsync(IReadOnlyList<string>? presentSeats);

    /// <summary>Writes the minutes in French and English (either may be left empty); 409 before the meeting's day.</summary>
    Task<Meeting> WriteMinutesAsync(string? fr, string? en);
}

/// <summary>Keys of meetings.</summary>
public static class MeetingKeys
{
    public static string Of(string tenantId, string bodyId, string meetingId) => $"{tenantId}/{bodyId}/{meetingId}";
}
