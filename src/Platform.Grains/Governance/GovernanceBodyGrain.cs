using Platform.Abstractions;
using Platform.Abstractions.Governance;
using Platform.Abstractions.Roles;
using Platform.Grains.Roles;
using Orleans;
using Orleans.Runtime;

namespace Platform.Grains.Governance;

/// <summary>
/// A governance body (key <c>{tenantId}/{bodyId}</c>) and its proposals. A co-direction checks
/// with the tenant's roles grain that its two roles are paired, when defined and when a proposal
/// opens; that grain never calls back, so there is no cycle.
/// </summary>
[GrainType("governance-body")]
public sealed class GovernanceBodyGrain(
    [PersistentState("governance-body")] IPersistentState<GovernanceBodyState> state,
    BusinessClock clock) : Grain, IGovernanceBodyGrain
{
    /// <summary>Bounds the state; an archive of closed proposals is future work.</summary>
    public const int MaxProposals = 1_000;

    /// <summary>
    /// Each proposal copies its seats (and later one position per seat): the sum of seats over the
    /// stored proposals bounds the state to a few MB of JSON, well under a storage entity once
    /// compressed. 1,000 proposals of a 20-seat board, or 40 of a 500-delegate assembly.
    /// </summary>
    public const int MaxSeatsAcrossProposals = 20_000;

    /// <summary>
    /// A board meeting monthly holds about 500 meetings in 40 years; each is its own grain and
    /// leaves here an entry of a few hundred bytes, so the list stays small beside the proposals.
    /// </summary>
    public const int MaxMeetings = 1_000;

    private (string TenantId, string BodyId)? _keyParts;

    private (string TenantId, string BodyId) Key => _keyParts ??= TenantKey.Split(this.GetPrimaryKeyString());

    private GovernanceBodyState State => state.State;

    public async Task<GovernanceBody> DefineAsync(BodyDefinition definition)
    {
        var (kind, name, seats, quorum) = GovernanceValidation.ValidateBody(definition);
        if (seats.Any(s => s.Person is not null))
            GovernanceValidation.RequirePeopleOfTenant(seats, await TenantPeopleAsync(), i => $"seats[{i}].person");
        if (kind == BodyKind.CoDirection) await RequirePairedAsync(seats[0].Role!, seats[1].Role!);
        var defined = new GovernanceBody(Key.BodyId, kind, name, seats, quorum, clock.GetUtcNow());
        await ListInTenantAsync(defined);
        State.Body = defined;
        await CommitAsync();
        return State.Body;
    }

    public async Task<GovernanceBody> AssignSeatAsync(string? seatId, string? personId)
    {
        var body = RequireBody();
        var problems = new Problems();
        var index = seatId is null ? -1 : body.Seats.ToList().FindIndex(s => s.Id == seatId);
        if (seatId is null) problems.Add("seat", "'seat' is required.");
        else if (index < 0) problems.Add("seat", $"'{Truncate(seatId)}' is not a seat of this body.");
        problems.Id(personId, "person");
        problems.ThrowIfAny("The seat assignment is invalid");
        if (personId is not null && !(await TenantPeopleAsync()).Contains(personId))
            throw ValidationFailedException.For("person", $"'{Truncate(personId)}' is not a person of this tenant.");

        var seats = body.Seats.ToList();
        seats[index] = seats[index] with { Person = personId };
        State.Body = body with { Seats = seats, UpdatedAt = clock.GetUtcNow() };
        // The seat, not its holder, decides: on a question still open, the new holder speaks for it.
        for (var i = 0; i < State.Proposals.Count; i++)
        {
            var proposal = State.Proposals[i];
            if (proposal.Status != ProposalStatus.Open || proposal.Seats.All(s => s.Id != seatId)) continue;
            State.Proposals[i] = proposal with { Seats = proposal.Seats.Select(s => s.Id == seatId ? s with { Person = personId } : s).ToList() };
        }
        await CommitAsync();
        return State.Body;
    }

    public async Task<GovernanceBody> RecordMeetingAsync(MeetingSummary meeting)
    {
        var body = RequireBody();
        var index = State.Meetings.FindIndex(m => m.Id == meeting.Id);
        if (index < 0 && State.Meetings.Count >= MaxMeetings)
            throw new ConflictException($"A body keeps at most {MaxMeetings} meetings.");
        if (index < 0) State.Meetings.Add(meeting);
        else if (State.Meetings[index] == meeting) return body;
        else State.Meetings[index] = meeting;
        await CommitAsync();
        return body;
    }

    public Task<IReadOnlyList<MeetingSummary>> ListMeetingsAsync() =>
        Task.FromResult<IReadOnlyList<MeetingSummary>>(
            State.Meetings.OrderByDescending(m => m.On).ThenByDescending(m => m.Id, StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<Proposal>> ListDecisionsAsync() =>
        Task.FromResult<IReadOnlyList<Proposal>>(
            State.Proposals.Where(p => p.Outcome is not null)
                .OrderByDescending(p => p.Outcome!.ClosedAt).ThenByDescending(p => p.Id, StringComparer.Ordinal).ToList());

    public Task<GovernanceBody?> GetAsync() => Task.FromResult(State.Body);

    public async Task<Proposal> OpenProposalAsync(NewProposal proposal)
    {
        var body = RequireBody();
        var (id, title, mode) = GovernanceValidation.ValidateProposal(proposal, body.Kind);
        if (State.Proposals.Any(p => p.Id == id))
            throw new ConflictException($"Proposal '{id}' already exists in body '{Key.BodyId}'.");
        if (State.Proposals.Count >= MaxProposals)
            throw new ConflictException($"A body keeps at most {MaxProposals} proposals.");
        if (State.Proposals.Sum(p => p.Seats.Count) + body.Seats.Count > MaxSeatsAcrossProposals)
            throw new ConflictException(
                $"This body's proposals hold {MaxSeatsAcrossProposals} seat positions at most (its seats times its proposals); no more proposals can be kept.");
        if (body.Kind == BodyKind.CoDirection) await RequirePairedAsync(body.Seats[0].Role!, body.Seats[1].Role!);

        // The seats and quorum are copied: redefining the body later does not change who decides this.
        var opened = new Proposal(id, title, mode, ProposalStatus.Open, body.Quorum, body.Seats, [], clock.GetUtcNow(), null);
        State.Proposals.Add(opened);
        await CommitAsync();
        return opened;
    }

    public Task<Proposal> StatePositionAsync(string proposalId, string? seatId, Position? position) =>
        StatePositionAsync(proposalId, seatId, position, new PositionAuthor("system", null, null, MayActOnBehalf: true));

    public async Task<Proposal> StatePositionAsync(string proposalId, string? seatId, Position? position, PositionAuthor author)
    {
        var (index, proposal) = RequireProposal(proposalId);
        var problems = new Problems();
        if (seatId is null) problems.Add("seat", "'seat' is required.");
        else if (proposal.Seats.All(s => s.Id != seatId))
            problems.Add("seat", $"'{Truncate(seatId)}' is not a seat of this proposal.");
        if (position is null) problems.Add("position", "'position' is required: agree, abstain, disagree or block.");
        problems.ThrowIfAny("The position is invalid");
        if (proposal.Status == ProposalStatus.Closed)
            throw new ConflictException($"Proposal '{proposalId}' is closed; positions can no longer change.");

        // Rule 8: the holder states the seat's position, or staff on the holder's behalf, recorded as such.
        var seat = proposal.Seats.First(s => s.Id == seatId);
        var ownSeat = author.PersonId is not null && seat.Person == author.PersonId;
        if (!ownSeat && !author.MayActOnBehalf)
            throw new AccessDeniedException($"Only the holder of seat '{seat.Id}', or staff on the holder's behalf, states its position.");
        var onBehalfOf = ownSeat ? null : await HolderNameAsync(seat);

        // A seat may change its position until the proposal closes: the latest one replaces it.
        var positions = proposal.Positions.Where(p => p.Seat != seatId).ToList();
        positions.Add(new StatedPosition(seatId!, position!.Value, clock.GetUtcNow(), author.Actor, author.Name, onBehalfOf));
        var updated = proposal with { Positions = positions };
        State.Proposals[index] = updated;
        await CommitAsync();
        return updated;
    }

    public async Task<DecisionOutcome> CloseProposalAsync(string proposalId)
    {
        var (index, proposal) = RequireProposal(proposalId);
        if (proposal.Outcome is { } decided) return decided;
        var outcome = DecisionRules.Decide(proposal.Mode, proposal.Quorum, proposal.Seats, proposal.Positions, clock.GetUtcNow());
        State.Proposals[index] = proposal with { Status = ProposalStatus.Closed, Outcome = outcome };
        await CommitAsync();
        return outcome;
    }

    public Task<Proposal?> GetProposalAsync(string proposalId) =>
        Task.FromResult(State.Proposals.Find(p => p.Id == proposalId));

    public Task<DecisionOutcome?> TallyAsync(string proposalId) =>
        Task.FromResult(State.Proposals.Find(p => p.Id == proposalId) is { } p
            ? p.Outcome ?? DecisionRules.Decide(p.Mode, p.Quorum, p.Seats, p.Positions, clock.GetUtcNow())
            : null);

    public Task<IReadOnlyList<Proposal>> ListProposalsAsync() =>
        Task.FromResult<IReadOnlyList<Proposal>>(
            State.Proposals.OrderByDescending(p => p.OpenedAt).ThenByDescending(p => p.Id, StringComparer.Ordinal).ToList());

    private GovernanceBody RequireBody() =>
        State.Body ?? throw new NotFoundException($"Body '{Key.BodyId}' does not exist.");

    private (int Index, Proposal Proposal) RequireProposal(string proposalId)
    {
        RequireBody();
        var index = State.Proposals.FindIndex(p => p.Id == proposalId);
        if (index < 0) throw new NotFoundException($"Proposal '{Truncate(proposalId)}' does not exist in body '{Key.BodyId}'.");
        return (index, State.Proposals[index]);
    }

    private async Task RequirePairedAsync(string roleId, string partnerId)
    {
        var partner = await GrainFactory.GetGrain<ITenantRolesGrain>(Key.TenantId).GetPartnerAsync(roleId);
        if (partner != partnerId)
            throw new ConflictException(
                $"A co-direction is made of two paired co-roles, and '{roleId}' is " +
                (partner is null ? "not paired (or does not exist)." : $"paired with '{partner}', not '{partnerId}'."));
    }

    /// <summary>The seat holder's name for "on behalf of": the person's name, else the seat's own label, else its id.</summary>
    private async Task<string> HolderNameAsync(Seat seat)
    {
        if (seat.Person is { } personId
            && (await GrainFactory.GetGrain<ITenantPeopleGrain>(Key.TenantId).ListPeopleAsync()).FirstOrDefault(p => p.Id == personId) is { } person)
            return person.Name;
        return seat.Holder ?? seat.Id;
    }

    private async Task<HashSet<string>> TenantPeopleAsync() =>
        (await GrainFactory.GetGrain<ITenantPeopleGrain>(Key.TenantId).ListPeopleAsync()).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The tenant's list of bodies, written before the body: the list's bound refuses a new body
    /// with nothing stored. Should the body's own write then fail, the list may name a definition
    /// that was not kept (a first one: the body reads as not found) until the body is defined again.
    /// </summary>
    private Task ListInTenantAsync(GovernanceBody body) =>
        GrainFactory.GetGrain<ITenantBodiesGrain>(Key.TenantId).RecordAsync(BodySummary.Of(body));

    private async Task CommitAsync()
    {
        await state.WriteOrReloadAsync(this);
    }

    private static string Truncate(string? value) => GovernanceValidation.Truncate(value);
}
