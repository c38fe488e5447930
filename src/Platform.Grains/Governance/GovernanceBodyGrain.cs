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

    private (string TenantId, string BodyId)? _keyParts;

    private (string TenantId, string BodyId) Key => _keyParts ??= TenantKey.Split(this.GetPrimaryKeyString());

    private GovernanceBodyState State => state.State;

    public async Task<GovernanceBody> DefineAsync(BodyDefinition definition)
    {
        var (kind, name, seats, quorum) = GovernanceValidation.ValidateBody(definition);
        if (kind == BodyKind.CoDirection) await RequirePairedAsync(seats[0].Role!, seats[1].Role!);
        State.Body = new GovernanceBody(Key.BodyId, kind, name, seats, quorum, clock.GetUtcNow());
        await CommitAsync();
        return State.Body;
    }

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

    public async Task<Proposal> StatePositionAsync(string proposalId, string? seatId, Position? position)
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

        // A seat may change its position until the proposal closes: the latest one replaces it.
        var positions = proposal.Positions.Where(p => p.Seat != seatId).ToList();
        positions.Add(new StatedPosition(seatId!, position!.Value, clock.GetUtcNow()));
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

    private async Task CommitAsync()
    {
        await state.WriteOrReloadAsync(this);
    }

    private static string Truncate(string? value) => value is { Length: > 80 } ? value[..80] + "…" : value ?? "";
}
