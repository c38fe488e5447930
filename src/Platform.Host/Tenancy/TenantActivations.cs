using Platform.Abstractions.Storage;
using Orleans.Core.Internal;
using Platform.Grains;

namespace Platform.Host.Tenancy;

/// <summary>
/// Ends every activation of one tenant's grains on every silo, so that nothing resident writes a
/// deleted tenant's state back or answers from memory after its data is gone.
/// </summary>
public sealed class TenantActivations(IGrainFactory grains)
{
    public async Task<int> DeactivateAllAsync(string tenantId)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var deactivated = 0;
        foreach (var type in PlatformGrains.GrainTypes)
        {
            foreach (var grainId in await management.GetActiveGrains(GrainType.Create(type)))
            {
                if (!TenantKeys.BelongsTo(grainId.Key.ToString()!, tenantId)) continue;
                await grains.GetGrain(grainId).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
                deactivated++;
            }
        }
        return deactivated;
    }
}
