using Platform.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Platform.Grains.Tenants;

public sealed class TenantDirectoryState
{
    public Dictionary<string, TenantSummary> Tenants { get; set; } = [];
}

/// <summary>Every tenant of the platform; one small grain (thousands of entries at most).</summary>
[GrainType("tenant-directory")]
public sealed class TenantDirectoryGrain([PersistentState("directory")] IPersistentState<TenantDirectoryState> state)
    : Grain, ITenantDirectoryGrain
{
    public async Task<bool> RegisterAsync(TenantSummary tenant)
    {
        if (!state.State.Tenants.TryAdd(tenant.Id, tenant)) return false;
        await state.WriteOrReloadAsync(this);
        return true;
    }

    public async Task RemoveAsync(string tenantId)
    {
        if (state.State.Tenants.Remove(tenantId)) await state.WriteOrReloadAsync(this);
    }

    public Task<IReadOnlyList<TenantSummary>> ListAsync() =>
        Task.FromResult<IReadOnlyList<TenantSummary>>(state.State.Tenants.Values.OrderBy(t => t.Id, StringComparer.Ordinal).ToList());

    public Task<bool> ExistsAsync(string tenantId) => Task.FromResult(state.State.Tenants.ContainsKey(tenantId));
}
