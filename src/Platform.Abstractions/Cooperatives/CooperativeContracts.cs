using Platform.Runtime;

namespace Platform.Abstractions;

/// <summary>
/// A member organisation's full record (key <c>{tenantId}/{memberId}</c>): profile, status and the
/// activities it took part in. Written only by its federation grain, which keeps the lean roster
/// and decides what is valid; the gateway reads members through the federation.
/// </summary>
public interface ICooperativeGrain : IGrainWithStringKey
{
    /// <summary>Stores the member's profile and status; the participations already recorded stay.</summary>
    Task SaveAsync(Member member);

    /// <summary>Adds participations, ignoring activities already recorded (a retried call changes nothing).</summary>
    Task AddParticipationsAsync(IReadOnlyList<Participation> participations);

    /// <summary>Stores profile and participations in one write (seeding, import).</summary>
    Task ImportAsync(Member member);

    /// <summary>The member with its participations, or null when nothing is stored.</summary>
    [ReadOnly] Task<Member?> GetAsync();
}
