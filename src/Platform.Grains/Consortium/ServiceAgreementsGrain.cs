using Platform.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Platform.Grains.Consortium;

/// <summary>
/// The agreements offered to one client (key <c>{clientTenantId}</c>), copied here by the
/// consortium grain. The gateway asks this grain, and only this grain, whether a consortium key may
/// read the client's data now, so the answer never waits on the consortium.
/// </summary>
[GrainType("service-agreements")]
public sealed class ServiceAgreementsGrain(
    [PersistentState("service-agreements")] IPersistentState<ServiceAgreementsState> state,
    BusinessClock clock) : Grain, IServiceAgreementsGrain
{
    /// <summary>Agreements are renewed yearly at most; a thousand is decades of several consortia.</summary>
    public const int MaxAgreements = 1_000;

    public async Task RecordAsync(Agreement agreement)
    {
        if (agreement.ClientId != this.GetPrimaryKeyString())
            throw new InvalidOperationException($"Agreement for '{agreement.ClientId}' sent to the agreements of '{this.GetPrimaryKeyString()}'.");
        if (state.State.Agreements.TryGetValue(agreement.Id, out var existing))
        {
            if (existing.ConsortiumId != agreement.ConsortiumId)
                throw new ConflictException($"Client '{agreement.ClientId}' already holds an agreement '{agreement.Id}' from another consortium; choose another id.");
        }
        else if (state.State.Agreements.Count >= MaxAgreements)
        {
            throw new ConflictException($"A client may hold at most {MaxAgreements} agreements.");
        }
        state.State.Agreements[agreement.Id] = agreement;
        await state.WriteOrReloadAsync(this);
    }

    public Task<IReadOnlyList<Agreement>> ListAsync() =>
        Task.FromResult<IReadOnlyList<Agreement>>(state.State.Agreements.Values
            .OrderBy(a => a.ConsortiumId, StringComparer.Ordinal).ThenBy(a => a.Id, StringComparer.Ordinal).ToList());

    public Task<Agreement?> FindAsync(string agreementId) =>
        Task.FromResult(state.State.Agreements.GetValueOrDefault(agreementId));

    public Task<Agreement?> FindDelegatedReadAsync(string consortiumId)
    {
        var now = clock.GetUtcNow();
        return Task.FromResult(state.State.Agreements.Values
            .Where(a => a.ConsortiumId == consortiumId && a.GrantsReadAt(now))
            .OrderBy(a => a.Id, StringComparer.Ordinal)
            .FirstOrDefault());
    }
}
