using Orleans.Concurrency;
using Orleans;

namespace Platform.Abstractions.Governance;

public enum BodyKind { Board, Assembly, Committee, Council, CoDirection }

public enum DecisionMode { Consensus, Majority, TwoThirds }

public enum Position { Agree, Abstain, Disagree, Block }

public enum DecisionResult { Passed, Rejected, NoQuorum }

public enum ProposalStatus { Open, Closed }

/// <summary>
/// A seat as a client sends it. <see cref="Voting"/> false = a seat that may state positions
/// which are recorded but never counted (staff ex officio). <see cref="Role"/> ties a seat to a
/// role of the tenant (required on both seats of a co-direction). <see cref="Holder"/> is how the
/// seat is named for people to read (a delegation, a name); <see cref="Person"/> is the person of
/// the tenant who holds it, the one who may state the seat's position when signed in.
/// </summary>
[GenerateSerializer, Immutable, Alias("SeatDefinition")]
public sealed record SeatDefinition(string? Id = null, string? Holder = null, bool? Voting = null, string? Role = null, string? Person = null);

/// <summary>
/// A body as a client sends it with <c>PUT …/bodies/{b}</c>. <see cref="Quorum"/> is a number of
/// voting seats (absent: a majority of the voting seats).
/// </summary>
[GenerateSerializer, Immutable, Alias("BodyDefinition")]
public sealed record BodyDefinition(BodyKind? Kind = null, LocalizedText? Name = null, IReadOnlyList<SeatDefinition>? Seats = null, int? Quorum = null);

/// <summary>A seat; <see cref="Person"/> is the id of the tenant's person holding it (null: nobody with an account).</summary>
[GenerateSerializer, Immutable, Alias("Seat")]
public sealed record Seat(string Id, string? Holder, bool Voting, string? Role, string? Person = null);

/// <summary>A body as its tenant's list shows it (<c>GET …/bodies</c>).</summary>
[GenerateSerializer, Immutable, Alias("BodySummary")]
public sealed record BodySummary(string Id, BodyKind Kind, LocalizedText Name, int VotingSeats, int NonVotingSeats, int Quorum, DateTimeOffset UpdatedAt)
{
    public static BodySummary Of(GovernanceBody body) => new(
        body.Id, body.Kind, body.Name, body.Seats.Count(s => s.Voting), body.Seats.Count(s => !s.Voting), body.Quorum, body.UpdatedAt);
}

[GenerateSerializer, Immutable, Alias("GovernanceBody")]
public sealed record GovernanceBody(
    string Id,
    BodyKind Kind,
    LocalizedText Name,
    IReadOnlyList<Seat> Seats,
    int Quorum,
    DateTimeOffset UpdatedAt);

[GenerateSerializer, Immutable, Alias("NewProposal")]
public sealed record NewProposal(string? Id = null, LocalizedText? Title = null, DecisionMode? Mode = null);

/// <summary>
/// A seat's position. <see cref="StatedBy"/> names who recorded it (<c>person:{id}</c> or a key);
/// <see cref="OnBehalfOf"/> is set when someone other than the seat's holder recorded it (staff on
/// the holder's behalf): the holder's name as it was then. Null on both for positions recorded
/// before people were tracked.
/// </summary>
[GenerateSerializer, Immutable, Alias("StatedPosition")]
public sealed record StatedPosition(
    string Seat,
    Position Position,
    DateTimeOffset StatedAt,
    string? StatedBy = null,
    string? StatedByName = null,
    string? OnBehalfOf = null);

/// <summary>
/// Who states a position: <see cref="PersonId"/> (null for an API key) and its name, and whether
/// the caller's role lets it record a position on a holder's behalf (staff and admins).
/// A seat's holder always states its own seat's position, whatever its role.
/// </summary>
[GenerateSerializer, Immutable, Alias("PositionAuthor")]
public sealed record PositionAuthor(string Actor, string? PersonId, string? Name, bool MayActOnBehalf);

[GenerateSerializer, Immutable, Alias("SeatPosition")]
public sealed record SeatPosition(string Seat, string? Holder, Position Position);

/// <summary>Positions of one group of seats (counted = voting, uncounted = non-voting), with their totals.</summary>
[GenerateSerializer, Immutable, Alias("PositionTally")]
public sealed record PositionTally(int Agree, int Abstain, int Disagree, int Block, IReadOnlyList<SeatPosition> Seats);

/// <summary>Quorum of a closed proposal: <see cref="Present"/> = voting seats that stated a position, abstaining included.</summary>
[GenerateSerializer, Immutable, Alias("QuorumCount")]
public sealed record QuorumCount(int Required, int Present, bool Met);

[GenerateSerializer, Immutable, Alias("DecisionOutcome")]
public sealed record DecisionOutcome(
    DecisionResult Outcome,
    DecisionMode Mode,
    QuorumCount Quorum,
    PositionTally Counted,
    PositionTally Uncounted,
    DateTimeOffset ClosedAt);

/// <summary>
/// A proposal. Its seats and quorum are fixed when it opens, so redefining the body later does
/// not change who decides a question already on the table.
/// </summary>
[GenerateSerializer, Immutable, Alias("Proposal")]
public sealed record Proposal(
    string Id,
    LocalizedText Title,
    DecisionMode Mode,
    ProposalStatus Status,
    int Quorum,
    IReadOnlyList<Seat> Seats,
    IReadOnlyList<StatedPosition> Positions,
    DateTimeOffset OpenedAt,
    DecisionOutcome? Outcome);

/// <summary>
/// <summary>The bodies of one tenant, for its list. Key <c>{tenantId}</c>. Written only by the bodies themselves.</summary>
public interface ITenantBodiesGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces a body's entry; 409 past <c>MaxBodies</c>.</summary>
    Task RecordAsync(BodySummary body);

    /// <summary>Every body of the tenant, by name.</summary>
    [ReadOnly] Task<IReadOnlyList<BodySummary>> ListAsync();
}

/// <summary>
/// A governance body of a tenant: board, assembly, committee, members' council or co-direction.
/// Key <c>{tenantId}/{bodyId}</c>. Decides proposals by rule 8 of DOMAIN.md.
/// </summary>
public interface IGovernanceBodyGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces the body's definition; 400 when invalid, 409 when a co-direction's roles are not paired.</summary>
    Task<GovernanceBody> DefineAsync(BodyDefinition definition);

    [ReadOnly] Task<GovernanceBody?> GetAsync();

    /// <summary>Opens a proposal; 404 when the body does not exist, 409 for a duplicate id.</summary>
    Task<Proposal> OpenProposalAsync(NewProposal proposal);

    /// <summary>States or changes a seat's position while the proposal is open; 409 once it is closed.
    /// Recorded as staff on the holder's behalf, by nobody in particular (kept for grain-level callers).</summary>
    Task<Proposal> StatePositionAsync(string proposalId, string? seatId, Position? position);

    /// <summary>
    /// States or changes a seat's position as <paramref name="author"/>: the seat's holder states its
    /// own; anyone else needs <see cref="PositionAuthor.MayActOnBehalf"/> (403 otherwise), and the
    /// position is recorded as stated on the holder's behalf.
    /// </summary>
    Task<Proposal> StatePositionAsync(string proposalId, string? seatId, Position? position, PositionAuthor author);

    /// <summary>Gives a seat to a person of the tenant (null: nobody); 400 for an unknown seat or a person not of the tenant.
    /// Open proposals follow: the seat's new holder speaks for it from now on.</summary>
    Task<GovernanceBody> AssignSeatAsync(string? seatId, string? personId);

    /// <summary>Admits a meeting into the body's list (or updates its entry); 404 without a body, 409 past <c>MaxMeetings</c>.</summary>
    Task<GovernanceBody> RecordMeetingAsync(MeetingSummary meeting);

    /// <summary>The body's meetings, latest date first.</summary>
    [ReadOnly] Task<IReadOnlyList<MeetingSummary>> ListMeetingsAsync();

    /// <summary>Closes the proposal and decides it; closing again returns the same outcome.</summary>
    Task<DecisionOutcome> CloseProposalAsync(string proposalId);

    [ReadOnly] Task<Proposal?> GetProposalAsync(string proposalId);

    /// <summary>The tally of a proposal as of now: its outcome once closed, else what closing now would decide; null when unknown.</summary>
    [ReadOnly] Task<DecisionOutcome?> TallyAsync(string proposalId);

    /// <summary>Every proposal, newest first.</summary>
    [ReadOnly] Task<IReadOnlyList<Proposal>> ListProposalsAsync();

    /// <summary>The register of decisions: closed proposals with their outcomes, latest closed first.</summary>
    [ReadOnly] Task<IReadOnlyList<Proposal>> ListDecisionsAsync();
}
