using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime.Services;
using Orleans.Services;
using Platform.Abstractions;

namespace Platform.Grains.Tenants;

/// <summary>One per silo: the door through which a tenant grain clears this silo's <see cref="KeyCheckCache"/>.</summary>
[Alias("IKeyCheckCacheService")]
public interface IKeyCheckCacheService : IGrainService
{
    [AlwaysInterleave, Alias("Forget")] Task ForgetAsync(string tenantId);
}

[Reentrant]
public sealed class KeyCheckCacheService(GrainId id, Silo silo, ILoggerFactory loggers, KeyCheckCache cache)
    : GrainService(id, silo, loggers), IKeyCheckCacheService
{
    public Task ForgetAsync(string tenantId)
    {
        cache.Forget(tenantId);
        return Task.CompletedTask;
    }
}

public interface IKeyCheckCacheClient : IGrainServiceClient<IKeyCheckCacheService>
{
    /// <summary>Clears the tenant's cached keys on every active silo; returns once each has done so.</summary>
    Task ForgetEverywhereAsync(string tenantId);
}

public sealed class KeyCheckCacheClient(IServiceProvider services, IClusterMembershipService membership)
    : GrainServiceClient<IKeyCheckCacheService>(services), IKeyCheckCacheClient
{
    public async Task ForgetEverywhereAsync(string tenantId)
    {
        var silos = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToList();
        var calls = silos.Select(silo => (Silo: silo, Call: GetGrainService(silo).ForgetAsync(tenantId))).ToList();
        foreach (var (silo, call) in calls)
        {
            try
            {
                await call;
            }
            catch (Exception) when (membership.CurrentSnapshot.GetSiloStatus(silo) != SiloStatus.Active)
            {
                // A silo that died meanwhile takes its cache with it: nothing of it can answer a request again.
            }
        }
    }
}
