using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Host.Security;
using Platform.Runtime;

namespace Platform.Host.Api;

/// <summary>A tenant's audit log: who did what, when, through which key.</summary>
public static class AuditApi
{
    public sealed record AuditPage(string Month, IReadOnlyList<AuditEntry> Entries);

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/tenants/{tenantId}/audit", GetAuditAsync)
            .RequireTenantRole(TenantRole.Admin)
            .WithTags("Audit")
            .WithSummary("Audit entries of one month (?month=YYYY-MM, default the current month), newest first (admin).");
        return app;
    }

    private static async Task<Ok<AuditPage>> GetAuditAsync(string tenantId, string? month, IGrainFactory grains, TimeProvider clock)
    {
        var at = clock.GetUtcNow();
        if (month is not null)
        {
            if (!DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed))
                throw ValidationFailedException.For("month", "'month' must be YYYY-MM, e.g. 2026-03.");
            at = new DateTimeOffset(parsed, TimeSpan.Zero);
        }
        var key = GrainKeys.AuditMonth(tenantId, at);
        var entries = await grains.GetGrain<IAuditLogGrain>(key).ListAsync();
        return TypedResults.Ok(new AuditPage(key[(tenantId.Length + 1)..], entries.Reverse().ToList()));
    }
}
