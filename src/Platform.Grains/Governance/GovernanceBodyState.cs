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

    /// <summary>An entry per meeting (the meeting itself is its own grain), bounded by <see cref="GovernanceBodyGrain.MaxMeetings"/>.</summary>
    [Id(2)] public List<MeetingSummary> Meetings { get; set; } = [];
}
