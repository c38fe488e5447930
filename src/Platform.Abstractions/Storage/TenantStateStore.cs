using Orleans;
namespace Platform.Abstractions.Storage;

/// <summary>One stored grain state as a tenant export shows it: where it lives, its version, and the state as JSON.</summary>
[GenerateSerializer, Immutable, Alias("StoredGrainState")]
public sealed record StoredGrainState(string GrainType, string Key, string StateName, string ETag, string Json);

/// <summary>
/// What the platform needs of a grain store beyond Orleans's <c>IGrainStorage</c>: one tenant's
/// data as a whole (export, deletion) and the store's health. Every store the host can run on
/// implements it next to its grain storage, so the tenant data routes and the readiness check
/// work the same on the file store and on Azure Table.
/// </summary>
public interface ITenantStateStore
{
    /// <summary>Every state stored under the tenant (grain keys <c>{tenantId}</c> and <c>{tenantId}/…</c>), streamed; nothing of any other tenant.</summary>
    IAsyncEnumerable<StoredGrainState> ExportTenantAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Deletes every state stored under the tenant; returns how many were removed. Other tenants' states are untouched.</summary>
    Task<int> DeleteTenantAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>True when the store answers.</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}

/// <summary>How grain keys map to tenants: a key is <c>{tenantId}</c> or <c>{tenantId}/{localId}</c>; platform-wide keys start with '_'.</summary>
public static class TenantKeys
{
    /// <summary>The tenant (or platform-wide key) a grain key belongs to: the key up to its first '/'.</summary>
    public static string TenantOf(string grainKey)
    {
        var slash = grainKey.IndexOf('/');
        return slash < 0 ? grainKey : grainKey[..slash];
    }

    /// <summary>True when the grain key is the tenant's own key or one of its objects' keys (never a tenant whose id merely starts the same).</summary>
    public static bool BelongsTo(string grainKey, string tenantId) =>
        grainKey.Length == tenantId.Length
            ? string.Equals(grainKey, tenantId, StringComparison.Ordinal)
            : grainKey.Length > tenantId.Length && grainKey[tenantId.Length] == '/' && grainKey.StartsWith(tenantId, StringComparison.Ordinal);
}
