using Platform.Abstractions;
using Platform.Host.Security;

namespace Platform.Host.Audit;

/// <summary>Writes an entry to a tenant's audit log naming the current caller and its key. Scoped per request.</summary>
public sealed class AuditWriter(CurrentCaller caller, IGrainFactory grains, BusinessClock clock)
{
    public Task WriteAsync(string tenantId, string action, string target, string? detail = null)
    {
        var now = clock.GetUtcNow();
        var entry = new AuditEntry(now, caller.Actor, caller.KeyId, action, target, detail);
        return grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditMonth(tenantId, YearMonth.Of(now))).AppendAsync(entry);
    }
}
