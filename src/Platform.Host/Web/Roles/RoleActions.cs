using Platform.Abstractions;
using Platform.Abstractions.Roles;
using Platform.Host.Audit;

namespace Platform.Host.Web.Roles;

/// <summary>
/// What the role pages change, the way the API changes it (same grains, same audit actions as
/// <c>Api/RolesApi.cs</c>), so a change made in the web app and one made over HTTP are alike.
/// </summary>
public sealed class RoleActions(IGrainFactory grains, AuditWriter audit)
{
    public IRoleGrain Role(string tenantId, string roleId) => grains.GetGrain<IRoleGrain>(Ids.Key(tenantId, roleId));

    public ITenantRolesGrain Tenant(string tenantId) => grains.GetGrain<ITenantRolesGrain>(tenantId);

    /// <summary>Every role of the tenant with its document (a chart and the lists need reportsTo and holders).</summary>
    public async Task<IReadOnlyList<Role>> ListAsync(string tenantId)
    {
        var items = await Tenant(tenantId).ListAsync();
        var roles = await Task.WhenAll(items.Select(i => Role(tenantId, i.Id).GetAsync()));
        return roles.OfType<Role>().ToList();
    }

    public async Task<Role> SaveAsync(string tenantId, string roleId, RoleDocument document)
    {
        var role = await Role(tenantId, roleId).PutAsync(document);
        await audit.WriteAsync(tenantId, "role.put", $"roles/{roleId}");
        return role;
    }

    public async Task PairAsync(string tenantId, string roleId, string partnerId)
    {
        // As the API does: reading both first settles each role's entry in the tenant grain.
        if (await Role(tenantId, roleId).GetAsync() is null || await Role(tenantId, partnerId).GetAsync() is null)
            throw new NotFoundException($"No role '{roleId}' or '{partnerId}'.");
        await Tenant(tenantId).PairAsync(roleId, partnerId);
        await audit.WriteAsync(tenantId, "role.pair", $"roles/{roleId}", $"with {partnerId}");
    }

    public async Task UnpairAsync(string tenantId, string roleId)
    {
        if (await Role(tenantId, roleId).GetAsync() is null) throw new NotFoundException($"No role '{roleId}'.");
        if (await Tenant(tenantId).UnpairAsync(roleId) is { } former)
            await audit.WriteAsync(tenantId, "role.unpair", $"roles/{roleId}", $"from {former}");
    }

    public async Task<Role> AddHolderAsync(string tenantId, string roleId, HolderSuccession succession)
    {
        var role = await Role(tenantId, roleId).AddHolderAsync(succession);
        await audit.WriteAsync(tenantId, "role.holder.add", $"roles/{roleId}", Api.RolesApi.HolderAddAudit(succession));
        return role;
    }

    public async Task<Role> EndTermAsync(string tenantId, string roleId, HolderTermEnd end)
    {
        var role = await Role(tenantId, roleId).EndTermAsync(end);
        await audit.WriteAsync(tenantId, "role.holder.end", $"roles/{roleId}", Api.RolesApi.HolderEndAudit(end));
        return role;
    }

    public async Task<PayPolicy> SetPayPolicyAsync(string tenantId, PayPolicyUpdate update)
    {
        var policy = await Tenant(tenantId).SetPayPolicyAsync(update);
        await audit.WriteAsync(tenantId, "pay-policy.put", "pay-policy", Api.PayScaleApi.PolicyAudit(policy));
        return policy;
    }

    /// <summary>Changes only the posting's status (draft, open, closed), keeping the rest of the document.</summary>
    public async Task SetPostingStatusAsync(string tenantId, string roleId, PostingStatus status)
    {
        var role = await Role(tenantId, roleId).GetAsync() ?? throw new NotFoundException($"No role '{roleId}'.");
        var posting = (role.Posting ?? new RolePosting()) with { Status = status };
        await SaveAsync(tenantId, roleId, DocumentOf(role) with { Posting = posting });
    }

    /// <summary>A role read back as the document that writes it again; holders are kept by leaving them out.</summary>
    public static RoleDocument DocumentOf(Role role) => new(
        role.Title, role.ReportsTo, role.Purpose, role.Objectives, role.Responsibilities, role.SharedResponsibilities,
        role.Competencies, role.Conditions, role.Posting, Holders: null, PairedWith: null);
}
