using Microsoft.AspNetCore.Mvc;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Abstractions.Storage;
using Platform.Host.Audit;
using Platform.Host.Security;
using Platform.Host.Tenancy;

namespace Platform.Host.Api;

/// <summary>A tenant's whole data: export as JSON lines (admin) and deletion (operator, confirmed).</summary>
public static class TenantDataApi
{
    public sealed record DeleteTenantRequest(string Confirm);

    public sealed record DeletedTenant(string Id, int StatesDeleted);

    public static IEndpointRouteBuilder MapTenantDataApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tenants/{tenantId}").WithTags("Tenant data");
        group.MapGet("/export", ExportAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Stream every stored state of the tenant as JSON lines (admin).");
        group.MapDelete("/", DeleteAsync).RequireOperator()
            .WithSummary("Delete the tenant and all its data (operator); the body must repeat the id: {\"confirm\": \"<id>\"}.");
        return app;
    }

    private static async Task ExportAsync(
        string tenantId, HttpContext http, AuditWriter audit,
        ITenantStateStore storage)
    {
        await audit.WriteAsync(tenantId, "tenant.export", $"tenants/{tenantId}");
        http.Response.ContentType = "application/x-ndjson; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{tenantId}-export.jsonl\"";
        await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false));
        await foreach (var state in storage.ExportTenantAsync(tenantId, http.RequestAborted))
        {
            // Each line: where the state lives, its version, and the state itself as JSON (not a string).
            using var document = JsonDocument.Parse(state.Json);
            var line = JsonSerializer.Serialize(new { grainType = state.GrainType, key = state.Key, stateName = state.StateName, etag = state.ETag, state = document.RootElement });
            await writer.WriteLineAsync(line);
        }
    }

    private static async Task<Results<Ok<DeletedTenant>, ProblemHttpResult>> DeleteAsync(
        string tenantId, [FromBody] DeleteTenantRequest request, IGrainFactory grains, TenantActivations activations, TenantDeparture departure,
        ITenantStateStore storage, ILogger<DeletedTenant> logger)
    {
        if (!Ids.IsValid(tenantId)) return ApiProblems.InvalidTenantId(tenantId);
        if (request.Confirm != tenantId)
            return ApiProblems.BadRequest($"To delete tenant '{tenantId}' and all its data, send {{\"confirm\": \"{tenantId}\"}}.");
        var directory = grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.Directory);
        if (!await directory.ExistsAsync(tenantId)) return ApiProblems.NotFound();

        // Order matters: keys stop working first; then the ties with other tenants end (while the
        // directory still lists the tenant, so a retry after a failure here finds it again); then
        // nothing stays resident to write stale state back.
        await grains.GetGrain<ITenantGrain>(tenantId).DeleteAsync();
        await departure.DetachAsync(tenantId);
        await directory.RemoveAsync(tenantId);
        await activations.DeactivateAllAsync(tenantId);
        var deleted = await storage.DeleteTenantAsync(tenantId, CancellationToken.None);
        logger.LogWarning("Tenant {TenantId} deleted by the operator: {Count} stored states removed", tenantId, deleted);
        return TypedResults.Ok(new DeletedTenant(tenantId, deleted));
    }
}
