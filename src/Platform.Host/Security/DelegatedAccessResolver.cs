using Platform.Abstractions;

namespace Platform.Host.Security;

/// <summary>
/// Rule 5: a consortium's key reads a client's members and statistics while an accepted agreement
/// with <c>access: read</c> is in force between them (whole UTC days of the platform clock). The
/// agreement is looked up in the client's own copy of its agreements, so the answer never waits on
/// the consortium grain; ended, expired, not yet started or <c>none</c>-scoped agreements grant nothing.
/// The calling filter checks the role (staff or admin) and writes the read to the client's audit log.
/// </summary>
public sealed class AgreementDelegatedAccessResolver(IGrainFactory grains) : IDelegatedAccessResolver
{
    /// <summary>What an agreement with <c>access: read</c> opens; any other scope stays closed.</summary>
    private static readonly HashSet<string> ReadScopes = [DelegatedScopes.Members, DelegatedScopes.Statistics];

    public async Task<DelegatedAccess?> ResolveAsync(CurrentCaller caller, string targetTenantId, string scope, CancellationToken cancellationToken)
    {
        if (!caller.IsTenantKey || caller.TenantKind != TenantKind.Consortium || caller.TenantId is not { } consortiumId
            || !ReadScopes.Contains(scope)) return null;
        var agreement = await FindAsSystemAsync(targetTenantId, consortiumId);
        return agreement is null ? null : new DelegatedAccess($"agreement {agreement.ConsortiumId}/{agreement.Id}");
    }

    /// <summary>
    /// Deciding on access means reading the target tenant's relationships before any access exists,
    /// which the tenant boundary filter would refuse to the caller. This one read is made without the
    /// caller in the request context; the caller is back in it before anything else runs.
    /// </summary>
    private async Task<Agreement?> FindAsSystemAsync(string clientId, string consortiumId)
    {
        var callerContext = RequestContext.Get(CallerContext.Key);
        RequestContext.Remove(CallerContext.Key);
        try
        {
            return await grains.GetGrain<IServiceAgreementsGrain>(clientId).FindDelegatedReadAsync(consortiumId);
        }
        finally
        {
            if (callerContext is not null) RequestContext.Set(CallerContext.Key, callerContext);
        }
    }
}
