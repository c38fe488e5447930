using Platform.Abstractions;

namespace Platform.Host.Security;

/// <summary>
/// Runs right after ASP.NET Core's authentication middleware: fills <see cref="CurrentCaller"/>
/// from the authenticated principal, puts tenant and caller in the <see cref="RequestContext"/> that
/// flows into every grain call (checked again by <see cref="TenantBoundaryCallFilter"/>), and tells
/// the rate limiter whose budget the request spends. It decides nothing: the authorization policies
/// (<see cref="PlatformPolicies"/>) answer 401/403/404 before any endpoint reads a body or a query.
/// </summary>
public sealed class CallerResolutionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, CurrentCaller caller, PersonSessions sessions)
    {
        // No API credential: a person signed in to the web app (their session is checked on every
        // request). Resolved before any caller is published, so its own reads of the person's
        // account and tenant are not fenced to an anonymous caller.
        if (string.IsNullOrEmpty(context.Request.Headers.Authorization.ToString()))
            await sessions.ResolveAsync(context, caller);
        Resolve(context, caller, context.User);
        await next(context);
    }

    /// <summary>Fills the caller from a principal and publishes it; called again by the authorization handlers.</summary>
    internal static void Resolve(HttpContext context, CurrentCaller caller, System.Security.Claims.ClaimsPrincipal? principal)
    {
        caller.Fill(principal);
        if (context.Items.ContainsKey(ApiKeyAuthenticationHandler.InvalidCredentialItem)) caller.SetInvalid();
        PublishToRequestContext(caller);
        // Tenant traffic spends the authenticated tenant's cluster-wide budget; anonymous callers and
        // the operator are limited per silo, so they never spend a tenant's budget.
        if (caller.IsTenantKey) context.Items[RateLimitTenantKey] = caller.TenantId;
        context.Items[RateLimitPartitionKey] = caller.IsTenantKey ? $"tenant:{caller.TenantId}"
            : caller.IsOperator ? "operator"
            : $"anonymous:{context.Connection.RemoteIpAddress}";
    }

    public const string RateLimitPartitionKey = "platform.rate-partition";

    /// <summary>Set when the caller is a tenant credential: its requests spend the tenant's cluster-wide budget.</summary>
    public const string RateLimitTenantKey = "platform.rate-tenant";

    /// <summary>Re-publishes the caller after a change (e.g. a delegation was granted).</summary>
    public static void PublishToRequestContext(CurrentCaller caller) =>
        RequestContext.Set(CallerContext.Key, new CallerContext(caller.Kind, caller.TenantId, caller.DelegatedTenantId));
}
