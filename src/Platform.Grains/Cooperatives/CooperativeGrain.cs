using Platform.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Platform.Grains.Cooperatives;

/// <summary>
/// One member organisation (key <c>{tenantId}/{memberId}</c>). It trusts its federation grain, the
/// only caller of its writes, to have validated what it stores, and it calls no other grain, so the
/// federation may call it from any turn (its only outgoing call, to its tenant's bundle of imported
/// records, goes further down). Many of them are resident at once (a member list or CSV export
/// touches every one), hence the short collection age and the small state.
/// </summary>
[CollectionAgeLimit(Minutes = 5)]
[GrainType("cooperative")]
public sealed class CooperativeGrain([PersistentState("cooperative")] IPersistentState<CooperativeState> state)
    : Grain, ICooperativeGrain
{
    /// <summary>Without a record of its own, the cooperative starts from the one its tenant imported in bulk, if any.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists) return;
        var key = this.GetPrimaryKeyString();
        var slash = key.IndexOf('/');
        if (slash < 0) return;
        var (tenantId, memberId) = (key[..slash], key[(slash + 1)..]);
        if (await GrainFactory.GetGrain<ICooperativeBundleGrain>(CooperativeBundles.KeyFor(tenantId, memberId)).GetAsync(memberId) is not { } imported)
            return;
        state.State.Member = imported with { Participations = null };
        state.State.Participations = [.. imported.Participations ?? []];
    }

    public async Task SaveAsync(Member member)
    {
        state.State.Member = member with { Participations = null };
        await WriteAsync();
    }

    public async Task AddParticipationsAsync(IReadOnlyList<Participation> participations)
    {
        var added = false;
        foreach (var participation in participations)
        {
            if (state.State.Participations.Exists(p => p.ActivityId == participation.ActivityId)) continue;
            state.State.Participations.Add(participation);
            added = true;
        }
        if (added) await WriteAsync();
    }

    public async Task UpdateParticipationAsync(Participation participation)
    {
        var index = state.State.Participations.FindIndex(p => p.ActivityId == participation.ActivityId);
        if (index < 0 || state.State.Participations[index] == participation) return;
        state.State.Participations[index] = participation;
        await WriteAsync();
    }

    public async Task RemoveParticipationAsync(string activityId)
    {
        if (state.State.Participations.RemoveAll(p => p.ActivityId == activityId) > 0) await WriteAsync();
    }

    public async Task DeleteAsync()
    {
        state.State.Member = null;
        state.State.Participations = [];
        await WriteAsync();
    }

    public Task<Member?> GetAsync() =>
        Task.FromResult(state.State.Member is { } member
            ? member with { Participations = state.State.Participations.OrderBy(p => p.On).ThenBy(p => p.ActivityId, StringComparer.Ordinal).ToList() }
            : null);

    private async Task WriteAsync()
    {
        await state.WriteOrReloadAsync(this);
    }
}
