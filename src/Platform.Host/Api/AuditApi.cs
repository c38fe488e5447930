using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Host.Security;

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

    private static async Task<Ok<AuditPage>> GetAuditAsync(string tenantId, string? month, IGrainFactory grains, BusinessClock clock)
    {
        var selected = month is null ? YearMonth.Of(clock.GetUtcNow()) : YearMonth.Require(month, "month");
        var entries = await grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditMonth(tenantId, selected)).ListAsync();
        return TypedResults.Ok(new AuditPage(selected.ToString(), entries.Reverse().ToList()));
    }
}
