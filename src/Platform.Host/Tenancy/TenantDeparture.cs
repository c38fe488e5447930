using Platform.Abstractions;
using Platform.Abstractions.Roles;
using Platform.Host.Audit;

namespace Platform.Host.Tenancy;

/// <summary>
/// Ends what ties a tenant being deleted to other tenants, before its own data goes: its
/// affiliations (so no network keeps counting it), its agreements with consortia or clients (so
/// nothing stays in force, and no delegated read stays open, with a tenant that no longer
/// exists), a departing client's requests in progress, and its postings on the shared job board
/// (so they cannot reappear under a new tenant that takes the freed id). Each counterpart's audit log says what
/// ended and why. Every step is idempotent, so an operator who retries a deletion that failed
/// halfway finishes the job. Scoped per request (it writes the audit as the current caller).
/// </summary>
public sealed class TenantDeparture(IGrainFactory grains, AuditWriter audit)
{
    public async Task DetachAsync(string tenantId)
    {
        var why = $"'{tenantId}' was deleted from the platform";

        await grains.GetGrain<IPostingBoardWriterGrain>(RoleKeys.PostingBoard).PublishAsync(tenantId, []);

        var registry = grains.GetGrain<IAffiliationRegistryGrain>(IAffiliationRegistryGrain.Key);
        foreach (var affiliation in await registry.RemoveTenantAsync(tenantId))
        {
            if (affiliation.ParentId == tenantId)
                await audit.WriteAsync(affiliation.ChildId, "affiliation.leave", $"affiliations/{tenantId}", why);
            else
                await audit.WriteAsync(affiliation.ParentId, "affiliation.remove", $"affiliates/{tenantId}", why);
        }

        // As a consortium: every client's agreement ends. A tenant that is no consortium holds no agreements there.
        foreach (var ended in (await grains.GetGrain<IConsortiumGrain>(tenantId).DepartingAsync()).EndedAgreements)
            await audit.WriteAsync(ended.ClientId, "agreement.end", $"agreements/{ended.Id}", why);

        // As a client: each consortium it had agreements with ends them and cancels its requests in progress.
        var consortia = (await grains.GetGrain<IServiceAgreementsGrain>(tenantId).ListAsync())
            .Select(a => a.ConsortiumId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var consortiumId in consortia)
        {
            var departure = await grains.GetGrain<IConsortiumGrain>(consortiumId).ClientDepartingAsync(tenantId);
            foreach (var ended in departure.EndedAgreements)
                await audit.WriteAsync(consortiumId, "agreement.end", $"agreements/{ended.Id}", why);
            foreach (var requestId in departure.CancelledRequestIds)
                await audit.WriteAsync(consortiumId, "service-request.cancel", $"service-requests/{requestId}", why);
        }
    }
}
