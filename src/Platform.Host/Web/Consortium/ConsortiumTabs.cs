using Platform.Abstractions;
using Platform.Host.Security;

namespace Platform.Host.Web.Consortium;

/// <summary>
/// The shared-services tabs of the shell: a consortium's five, and a client's "services" tab once
/// a consortium offered it an agreement (pending ones included, so its admin finds the offer).
/// </summary>
public static class ConsortiumTabs
{
    public static IEnumerable<(string Href, string LabelKey, string Area)> For(string tenantId, TenantKind kind, CurrentCaller caller)
    {
        if (kind == TenantKind.Consortium)
        {
            yield return (WebPaths.ServiceRequests(tenantId), "Cs.Nav.Requests", "requests");
            yield return (WebPaths.TimeEntries(tenantId), "Cs.Nav.Time", "time");
            yield return (WebPaths.Professionals(tenantId), "Cs.Nav.Professionals", "professionals");
            yield return (WebPaths.Capacity(tenantId), "Cs.Nav.Capacity", "capacity");
            yield return (WebPaths.Statements(tenantId), "Cs.Nav.Statements", "statements");
        }
        else if (caller.TenantId == tenantId && HasAgreements(tenantId))
        {
            yield return (WebPaths.Services(tenantId), "Cs.Nav.Services", "services");
        }
    }

    /// <summary>
    /// The shell draws its tabs synchronously (and its markers leave no room for an async load), so
    /// this one small read of the client's own agreements copy (an activated grain, in memory)
    /// waits here; it is remembered for the rest of the request. The caller's own partition: the
    /// tenant boundary lets it through.
    /// </summary>
    private static bool HasAgreements(string tenantId)
    {
        // The request's context (AddHttpContextAccessor is on: its storage is shared by every accessor).
        if (new HttpContextAccessor().HttpContext is not { } http) return false;
        var key = $"consortium-tabs:{tenantId}";
        if (http.Items.TryGetValue(key, out var known) && known is bool cached) return cached;
        var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
        // Off the renderer's synchronization context, which this thread holds: the grain call's
        // continuations would otherwise queue behind the wait (the request's context still flows).
        var any = Task.Run(async () => (await grains.GetGrain<IServiceAgreementsGrain>(tenantId).ListAsync()).Count > 0).GetAwaiter().GetResult();
        http.Items[key] = any;
        return any;
    }
}
