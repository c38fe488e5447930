using Orleans;
using Platform.Abstractions;

namespace Platform.Grains.Cooperatives;

/// <summary>A member organisation's stored record: its profile and status, and the activities it took part in.</summary>
[GenerateSerializer, Alias("CooperativeState")]
public sealed class CooperativeState
{
    [Id(0)] public Member? Member { get; set; }
    [Id(1)] public List<Participation> Participations { get; set; } = [];
}
