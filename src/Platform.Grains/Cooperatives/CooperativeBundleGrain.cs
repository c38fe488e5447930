using Platform.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Platform.Grains.Cooperatives;

public sealed class CooperativeBundleState
{
    public Dictionary<string, Member> Members { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Imported member records of one tenant, read by cooperative grains that have no record of their own yet.</summary>
[CollectionAgeLimit(Minutes = 5)]
[GrainType("cooperative-bundle")]
public sealed class CooperativeBundleGrain([PersistentState("bundle")] IPersistentState<CooperativeBundleState> state)
    : Grain, ICooperativeBundleGrain
{
    public async Task ImportAsync(IReadOnlyList<Member> members)
    {
        state.State.Members = members.ToDictionary(m => m.Id, StringComparer.Ordinal);
        await state.WriteOrReloadAsync(this);
    }

    public Task<Member?> GetAsync(string memberId) => Task.FromResult(state.State.Members.GetValueOrDefault(memberId));
}
