using Platform.Abstractions;

namespace Platform.Grains.Cooperatives;

/// <summary>A member organisation's stored record: its profile and status, and the activities it took part in.</summary>
public sealed class CooperativeState
{
    public Member? Member { get; set; }
    public List<Participation> Participations { get; set; } = [];
}
