using Microsoft.AspNetCore.Authorization;
using Platform.Abstractions;

namespace Platform.Host.Security;

/// <summary>
/// Grants a caller read access to another tenant's data through a relationship that tenant
/// accepted (DOMAIN.md rule 5: a consortium reading a client's members under an agreement).
/// Implementations check the relationship, its dates and its scope, and return null otherwise.
/// </summary>
public interface IDelegatedAccessResolver
{
    Task<DelegatedAccess?> ResolveAsync(CurrentCaller caller, string targetTenantId, string scope, CancellationToken cancellationToken);
}

/// <summary>An access granted by <see cref="IDelegatedAccessResolver"/>; <see cref="Via"/> names the relationship for the audit log.</summary>
public sealed record DelegatedAccess(string Via);

/// <summary>Scopes endpoints may open to delegated readers.</summary>
public static class DelegatedScopes
{
    public const string Members = "members";
    public const string Statistics = "statistics";
}

/// <summary>
/// How routes ask for the platform's authorization policies (<see cref="PlatformPolicies"/>). Each
/// call adds endpoint metadata that ASP.NET Core's authorization middleware evaluates before the
/// endpoint runs — before any body or query is read — on a route group (what all its routes share,
/// e.g. the tenant kind) or on one route (its role).
/// </summary>
public static class TenantAccess
{
    public const string TenantRouteParameter = "tenantId";

    /// <summary>Requires a credential of the route's tenant with at least <paramref name="minimum"/> (or a delegation, or the operator).</summary>
    public static TBuilder RequireTenantRole<TBuilder>(this TBuilder builder, TenantRole minimum, string? delegatedScope = null, bool allowOperator = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PlatformPolicies.Tenant(minimum, delegatedScope, allowOperator));

    /// <summary>Members, activities, statistics and networks: a consortium or an organisation answers 404 on these routes.</summary>
    public static TBuilder RequireFederationTenant<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PlatformPolicies.FederationTenant);

    /// <summary>A consortium's own resources (fields, professionals, time, billing): any other tenant answers 404.</summary>
    public static TBuilder RequireConsortiumTenant<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PlatformPolicies.ConsortiumTenant);

    /// <summary>What only a consortium's clients do (accept an agreement, submit a request): a consortium answers 404.</summary>
    public static TBuilder RequireClientTenant<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PlatformPolicies.ClientTenant);

    /// <summary>Requires the operator credential.</summary>
    public static TBuilder RequireOperator<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PlatformPolicies.Operator);

    /// <summary>Statements: the consortium's staff, or a client's staff for its own statement.</summary>
    public static TBuilder RequireConsortiumStaffOrClient<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PlatformPolicies.ConsortiumStaffOrClient);
}
