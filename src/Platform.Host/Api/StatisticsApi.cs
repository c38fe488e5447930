using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Host.Security;

namespace Platform.Host.Api;

/// <summary>A federation's own statistics for a period (API.md <c>GET …/statistics</c>), answered from the federation grain's memory.</summary>
public static class StatisticsApi
{
    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/tenants/{tenantId}/statistics", GetStatisticsAsync)
            .RequireTenantRole(TenantRole.Viewer, DelegatedScopes.Statistics).RequireFederationTenant()
            .WithTags("Members and activities")
            .WithSummary("Members active and withdrawn (as of ?to=) by region, type, sector and month joined; participation rate " +
                         "(rule 1), activities by kind, reach and ambassadors within ?from=&to= (both optional: no bound = all time), or ?year=YYYY for that report year (1 January–31 December) (viewer+).");
        return app;
    }

    private static async Task<Ok<FederationStatistics>> GetStatisticsAsync(string tenantId, string? from, string? to, string? year, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IFederationGrain>(tenantId).GetStatisticsAsync(FederationQuery.Period(from, to, year)));
}
