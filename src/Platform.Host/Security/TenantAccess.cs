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
/// The object-level check of every tenant route (OWASP API1): the route's <c>{tenantId}</c> must be
/// a valid id; no or bad credential → 401; a key of another tenant → 404 (existence not disclosed)
/// unless a delegated access applies; the tenant's own key with too low a role → 403.
/// </summary>
public static class TenantAccess
{
    public const string TenantRouteParameter = "tenantId";

    /// <summary>Requires a key of the route's tenant with at least <paramref name="minimum"/>.</summary>
    public static TBuilder RequireTenantRole<TBuilder>(this TBuilder builder, TenantRole minimum, string? delegatedScope = null, bool allowOperator = false)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var caller = http.RequestServices.GetRequiredService<CurrentCaller>();
            var tenantId = http.GetRouteValue(TenantRouteParameter) as string;
            if (!Ids.IsValid(tenantId))
                return ApiProblems.InvalidTenantId(tenantId);

            if (caller.IsOperator && allowOperator)
                return await next(context);
            if (!caller.IsTenantKey)
                return ApiProblems.Unauthorized(caller);

            if (caller.TenantId != tenantId)
            {
                if (delegatedScope is not null && minimum == TenantRole.Viewer && caller.Role >= TenantRole.Staff)
                {
                    foreach (var resolver in http.RequestServices.GetServices<IDelegatedAccessResolver>())
                    {
                        if (await resolver.ResolveAsync(caller, tenantId!, delegatedScope, http.RequestAborted) is not { } access) continue;
                        caller.SetDelegation(tenantId!);
                        CallerResolutionMiddleware.PublishToRequestContext(caller);
                        var audit = http.RequestServices.GetRequiredService<Audit.AuditWriter>();
                        await audit.WriteAsync(tenantId!, "delegated.read", http.Request.Path, $"via {access.Via}");
                        return await next(context);
                    }
                }
                return ApiProblems.NotFound();
            }

            if (caller.Role < minimum)
                return ApiProblems.RoleTooLow(minimum, caller.Role);
            return await next(context);
        });
        return builder;
    }

    /// <summary>Members, activities, statistics and networks: a consortium or an organisation answers 404 on these routes.</summary>
    public static TBuilder RequireFederationTenant<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireTenantKind(kind => kind == TenantKind.Federation,
            tenantId => $"'{tenantId}' is not a federation: it keeps no members, activities or network.");

    /// <summary>A consortium's own resources (fields, professionals, time, billing): any other tenant answers 404.</summary>
    public static TBuilder RequireConsortiumTenant<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireTenantKind(kind => kind == TenantKind.Consortium,
            _ => "This tenant is not a shared-services consortium; the route exists only for consortia.");

    /// <summary>What only a consortium's clients do (accept an agreement, submit a request): a consortium answers 404.</summary>
    public static TBuilder RequireClientTenant<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireTenantKind(kind => kind != TenantKind.Consortium,
            _ => "A consortium is not a client of service agreements; the route exists only for client tenants.");

    /// <summary>
    /// Some routes exist only on some kinds of tenant; elsewhere the resource does not exist (404).
    /// Runs after the access check. The kind came with the caller's key when the route's tenant is
    /// the caller's own, so only a delegated or operator call reads the tenant's profile for it.
    /// </summary>
    private static TBuilder RequireTenantKind<TBuilder>(this TBuilder builder, Func<TenantKind, bool> exists, Func<string, string> whyNotFound)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var caller = http.RequestServices.GetRequiredService<CurrentCaller>();
            var tenantId = (string)http.GetRouteValue(TenantRouteParameter)!;
            var kind = caller.IsTenantKey && caller.TenantId == tenantId
                ? caller.TenantKind
                : (await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<ITenantGrain>(tenantId).GetProfileAsync())?.Kind;
            return kind is { } known && exists(known) ? await next(context) : ApiProblems.NotFound(whyNotFound(tenantId));
        });
        return builder;
    }

    /// <summary>Requires the operator credential.</summary>
    public static TBuilder RequireOperator<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var caller = context.HttpContext.RequestServices.GetRequiredService<CurrentCaller>();
            if (caller.IsOperator) return await next(context);
            if (!caller.IsTenantKey) return ApiProblems.Unauthorized(caller);
            return ApiProblems.Forbidden("This action is reserved to the platform operator.");
        });
        return builder;
    }
}
