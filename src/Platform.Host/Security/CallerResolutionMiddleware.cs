using Platform.Abstractions;

namespace Platform.Host.Security;

/// <summary>
/// Resolves the caller once per request from <c>Authorization: Bearer …</c>, fills
/// <see cref="CurrentCaller"/>, and puts tenant and caller in the <see cref="RequestContext"/> that
/// flows into every grain call (checked again by <see cref="TenantBoundaryCallFilter"/>).
/// Endpoints decide what a missing or invalid credential means (401 for protected ones).
/// </summary>
public sealed class CallerResolutionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, CurrentCaller caller, OperatorCredential operatorCredential, IGrainFactory grains, PersonSessions sessions)
    {
        var presented = BearerToken(context.Request.Headers.Authorization.ToString());
        if (presented is not null)
        {
            if (operatorCredential.Matches(presented))
            {
                caller.SetOperator();
            }
            else if (ApiKeyFormat.TryParse(presented, out var tenantId, out var keyId, out var secret)
                     && await grains.GetGrain<ITenantGrain>(tenantId).CheckKeyAsync(keyId, secret) is { } check)
            {
                caller.SetTenantKey(tenantId, check.KeyId, check.Role, check.TenantKind);
            }
            else
            {
                caller.SetInvalid();
            }
        }
        else
        {
            await sessions.ResolveAsync(context, caller);
        }

        PublishToRequestContext(caller);
        if (caller.IsTenantKey) context.Items[RateLimitTenantKey] = caller.TenantId;
        context.Items[RateLimitPartitionKey] = caller.IsTenantKey ? $"tenant:{caller.TenantId}"
            : caller.IsOperator ? "operator"
            : $"anonymous:{context.Connection.RemoteIpAddress}";
        await next(context);
    }

    public const string RateLimitPartitionKey = "platform.rate-partition";

    /// <summary>Set when the caller is a tenant key: its requests spend the tenant's cluster-wide budget.</summary>
    public const string RateLimitTenantKey = "platform.rate-tenant";

    /// <summary>Re-publishes the caller after a change (e.g. a delegation was granted).</summary>
    public static void PublishToRequestContext(CurrentCaller caller) =>
        RequestContext.Set(CallerContext.Key, new CallerContext(caller.Kind, caller.TenantId, caller.DelegatedTenantId));

    private static string? BearerToken(string header)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return null;
        var token = header[scheme.Length..].Trim();
        return token.Length is > 0 and <= 512 ? token : null;
    }
}
