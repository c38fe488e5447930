using Orleans;
using Orleans.Concurrency;

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

    /// <summary>Replaces the participation in an activity whose kind or date was corrected; nothing when the member has none there.</summary>
    Task UpdateParticipationAsync(Participation participation);

    /// <summary>Removes the participation in an activity (a participant removed, an activity deleted); nothing when there is none.</summary>
    Task RemoveParticipationAsync(string activityId);

    /// <summary>
    /// Deletes the member's record and participations (a member recorded by mistake). What stays is
    /// an empty record, so the bundle it may have been imported from is never read again and a new
    /// member of the same id starts blank.
    /// </summary>
    Task DeleteAsync();

    /// <summary>The member with its participations, or null when nothing is stored.</summary>
    [ReadOnly] Task<Member?> GetAsync();
}

/// <summary>
/// Member records loaded in bulk (seeding, import), a few hundred per grain (key
/// <c>{tenantId}/bundle-{n}</c>, see <see cref="CooperativeBundles"/>). Writing one bundle instead of
/// one state per organisation is what lets thousands of organisations load in a fraction of a second
/// on the file store. A cooperative grain with no record of its own starts from its bundled one; its
/// first write gives it its own record, which from then on is the truth. Bundles are never changed after import.
/// </summary>
public interface ICooperativeBundleGrain : IGrainWithStringKey
{
    /// <summary>Stores the records (with their participations) in one write, replacing any earlier bundle content.</summary>
    Task ImportAsync(IReadOnlyList<Member> members);

    [ReadOnly] Task<Member?> GetAsync(string memberId);
}

/// <summary>Which bundle holds a member's imported record: a stable hash of its id, so the cooperative grain finds it from its own key.</summary>
public static class CooperativeBundles
{
    public const int Count = 8;

    public static string KeyFor(string tenantId, string memberId) => Ids.Key(tenantId, $"bundle-{IndexOf(memberId)}");

    public static int IndexOf(string memberId)
    {
        // FNV-1a: string.GetHashCode changes from one process to the next.
        var hash = 2166136261u;
        foreach (var c in memberId) hash = (hash ^ c) * 16777619u;
        return (int)(hash % Count);
    }
}
