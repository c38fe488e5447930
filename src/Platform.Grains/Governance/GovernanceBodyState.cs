using Orleans;
using Platform.Abstractions.Governance;

namespace Platform.Grains.Governance;

[GenerateSerializer, Alias("GovernanceBodyState")]
public sealed class GovernanceBodyState
{
    /// <summary>Null until the body is first defined.</summary>
    [Id(0)] public GovernanceBody? Body { get; set; }

    /// <summary>Every proposal, in the order they were opened (bounded by <see cref="GovernanceBodyGrain.MaxProposals"/>).</summary>
    [Id(1)] public List<Proposal> Proposals { get; set; } = [];
}
