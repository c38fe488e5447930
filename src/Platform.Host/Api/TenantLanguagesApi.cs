using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Host.Audit;
using Platform.Host.Security;

namespace Platform.Host.Api;

/// <summary>
/// The languages a consortium or an organisation writes in (docs/api-queries.md "Bilingual
/// texts"): with <c>["fr"]</c> it may give French alone in every bilingual field. A federation
/// sets its languages in its federation profile, beside its names.
/// </summary>
public static class TenantLanguagesApi
{
    public sealed record LanguagesRequest(IReadOnlyList<string>? Languages = null);

    public static IEndpointRouteBuilder MapTenantLanguagesApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/v1/tenants/{tenantId}/languages", SetLanguagesAsync).RequireTenantRole(TenantRole.Admin)
            .WithTags("Tenants and keys")
            .WithSummary("Set the languages a consortium or an organisation writes in {languages:[\"fr\"]}: without \"en\", French alone " +
                         "is accepted in bilingual fields and answered with \"enFallback\": true (admin; a federation: PUT …/federation).");
        return app;
    }

    private static async Task<Ok<TenantProfile>> SetLanguagesAsync(string tenantId, LanguagesRequest request, IGrainFactory grains, AuditWriter audit)
    {
        var profile = await grains.GetGrain<ITenantGrain>(tenantId).SetLanguagesAsync(request.Languages);
        await audit.WriteAsync(tenantId, "tenant.languages", "languages", string.Join(", ", profile.Languages ?? []));
        return TypedResults.Ok(profile);
    }
}
