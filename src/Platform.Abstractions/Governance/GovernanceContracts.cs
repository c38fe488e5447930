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
/// role of the tenant (required on both seats of a co-direction).
/// </summary>
[GenerateSerializer, Immutable, Alias("SeatDefinition")]
public sealed record SeatDefinition(string? Id = null, string? Holder = null, bool? Voting = null, string? Role = null);

/// <summary>
/// A body as a client sends it with <c>PUT …/bodies/{b}</c>. <see cref="Quorum"/> is a number of
/// voting seats (absent: a majority of the voting seats).
/// </summary>
[GenerateSerializer, Immutable, Alias("BodyDefinition")]
public sealed record BodyDefinition(BodyKind? Kind = null, LocalizedText? Name = null, IReadOnlyList<SeatDefinition>? Seats = null, int? Quorum = null);

[GenerateSerializer, Immutable, Alias("Seat")]
public sealed record Seat(string Id, string? Holder, bool Voting, string? Role);

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

[GenerateSerializer, Immutable, Alias("StatedPosition")]
public sealed record StatedPosition(string Seat, Position Position, DateTimeOffset StatedAt);

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

    /// <summary>States or changes a seat's position while the proposal is open; 409 once it is closed.</summary>
    Task<Proposal> StatePositionAsync(string proposalId, string? seatId, Position? position);

    /// <summary>Closes the proposal and decides it; closing again returns the same outcome.</summary>
    Task<DecisionOutcome> CloseProposalAsync(string proposalId);

    [ReadOnly] Task<Proposal?> GetProposalAsync(string proposalId);

    /// <summary>Every proposal, newest first.</summary>
    [ReadOnly] Task<IReadOnlyList<Proposal>> ListProposalsAsync();
}
