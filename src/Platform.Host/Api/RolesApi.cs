using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Abstractions.Roles;
using Platform.Host.Audit;
using Platform.Host.Security;

namespace Platform.Host.Api;

/// <summary>A tenant's roles, their co-role pairs and their holders (API.md "Roles"; unpair and holders extend it).</summary>
public static class RolesApi
{
    public sealed record PairRequest(string? With = null);

    public sealed record UnpairedRole(string Id, string? FormerPartner);

    public static IEndpointRouteBuilder MapRolesApi(this IEndpointRouteBuilder app)
    {
        var roles = app.MapGroup("/api/v1/tenants/{tenantId}/roles").WithTags("Roles");

        roles.MapGet("/", ListRolesAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("List the tenant's roles with their co-role and posting status (viewer+).");
        roles.MapGet("/{roleId}", GetRoleAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("Read a role document (viewer+).");
        roles.MapPut("/{roleId}", PutRoleAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Create or replace a role document (admin); 409 when its salary breaks the tenant's maximum pay ratio.");
        roles.MapPost("/{roleId}/pair", PairAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Pair the role with a co-role {with} (admin); both roles then name each other.");
        roles.MapPost("/{roleId}/unpair", UnpairAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Unpair the role (admin); its co-role is unpaired with it.");
        roles.MapPost("/{roleId}/holders", AddHolderAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Add the role's next holder {name, from, to?, outgoingUntil?}, keeping the history (admin).");
        roles.MapPost("/{roleId}/holders/end", EndTermAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Set the end {to} of the last holder's term (admin); 409 when the role has no holder.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<RoleListItem>>> ListRolesAsync(string tenantId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ITenantRolesGrain>(tenantId).ListAsync());

    private static async Task<Results<Ok<Role>, ProblemHttpResult>> GetRoleAsync(string tenantId, string roleId, IGrainFactory grains) =>
        await Role(grains, tenantId, roleId).GetAsync() is { } role ? TypedResults.Ok(role) : ApiProblems.NotFound($"No role '{roleId}'.");

    private static async Task<Ok<Role>> PutRoleAsync(string tenantId, string roleId, RoleDocument document, IGrainFactory grains, AuditWriter audit)
    {
        var role = await Role(grains, tenantId, roleId).PutAsync(document);
        await audit.WriteAsync(tenantId, "role.put", $"roles/{roleId}");
        return TypedResults.Ok(role);
    }

    private static async Task<Results<Ok<RolePair>, ProblemHttpResult>> PairAsync(
        string tenantId, string roleId, PairRequest request, IGrainFactory grains, AuditWriter audit)
    {
        var partnerId = Ids.Require(request.With, "with");
        // Reading both roles first lets each settle its entry in the tenant grain (see RoleGrain) and
        // names the missing one.
        if (await Role(grains, tenantId, roleId).GetAsync() is null) return ApiProblems.NotFound($"No role '{roleId}'.");
        if (await Role(grains, tenantId, partnerId).GetAsync() is null) return ApiProblems.NotFound($"No role '{partnerId}' to pair with.");
        var pair = await grains.GetGrain<ITenantRolesGrain>(tenantId).PairAsync(roleId, partnerId);
        await audit.WriteAsync(tenantId, "role.pair", $"roles/{roleId}", $"with {partnerId}");
        return TypedResults.Ok(pair);
    }

    private static async Task<Results<Ok<UnpairedRole>, ProblemHttpResult>> UnpairAsync(
        string tenantId, string roleId, IGrainFactory grains, AuditWriter audit)
    {
        if (await Role(grains, tenantId, roleId).GetAsync() is null) return ApiProblems.NotFound($"No role '{roleId}'.");
        var former = await grains.GetGrain<ITenantRolesGrain>(tenantId).UnpairAsync(roleId);
        if (former is not null) await audit.WriteAsync(tenantId, "role.unpair", $"roles/{roleId}", $"from {former}");
        return TypedResults.Ok(new UnpairedRole(roleId, former));
    }

    private static async Task<Ok<Role>> AddHolderAsync(
        string tenantId, string roleId, HolderSuccession succession, IGrainFactory grains, AuditWriter audit)
    {
        var role = await Role(grains, tenantId, roleId).AddHolderAsync(succession);
        await audit.WriteAsync(tenantId, "role.holder.add", $"roles/{roleId}", HolderAddAudit(succession));
        return TypedResults.Ok(role);
    }

    private static async Task<Ok<Role>> EndTermAsync(
        string tenantId, string roleId, HolderTermEnd end, IGrainFactory grains, AuditWriter audit)
    {
        var role = await Role(grains, tenantId, roleId).EndTermAsync(end);
        await audit.WriteAsync(tenantId, "role.holder.end", $"roles/{roleId}", HolderEndAudit(end));
        return TypedResults.Ok(role);
    }

    /// <summary>The audit details of a holder's change, shared with the web app's role page.</summary>
    internal static string HolderAddAudit(HolderSuccession succession) => FormattableString.Invariant($"from {succession.From:yyyy-MM-dd}");

    internal static string HolderEndAudit(HolderTermEnd end) => FormattableString.Invariant($"to {end.To:yyyy-MM-dd}");

    /// <summary>The role grain of a route, after checking the role id like every id of the API.</summary>
    internal static IRoleGrain Role(IGrainFactory grains, string tenantId, string roleId) =>
        grains.GetGrain<IRoleGrain>(Ids.Key(tenantId, Ids.Require(roleId, "roleId")));
}
