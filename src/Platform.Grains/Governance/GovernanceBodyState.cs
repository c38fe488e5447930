using Platform.Abstractions.Governance;

namespace Platform.Grains.Governance;

public sealed class GovernanceBodyState
{
    /// <summary>Null until the body is first defined.</summary>
    public GovernanceBody? Body { get; set; }

    /// <summary>Every proposal, in the order they were opened (bounded by <see cref="GovernanceBodyGrain.MaxProposals"/>).</summary>
    public List<Proposal> Proposals { get; set; } = [];
}
