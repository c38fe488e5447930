using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Abstractions;
using Platform.Host.Audit;
using Platform.Host.Security;

namespace Platform.Host.Api;

/// <summary>Tenants and their API keys (API.md "Tenants and keys").</summary>
public static class TenantsApi
{
    public sealed record CreateTenantRequest(string Id, TenantKind Kind, LocalizedText Name, string? Region = null);

    public sealed record CreatedTenant(string Id, TenantKind Kind, LocalizedText Name, string AdminKey);

    public sealed record IssueKeyRequest(string Name, TenantRole Role);

    public static IEndpointRouteBuilder MapTenantsApi(this IEndpointRouteBuilder app)
    {
        var tenants = app.MapGroup("/api/v1/tenants").WithTags("Tenants and keys");

        tenants.MapPost("/", CreateTenantAsync).RequireOperator()
            .WithSummary("Create a tenant (operator); answers its first admin key, shown once.");
        tenants.MapGet("/", ListTenantsAsync).RequireOperator()
            .WithSummary("List every tenant (operator).");
        tenants.MapGet("/{tenantId}", GetTenantAsync).RequireTenantRole(TenantRole.Viewer)
            .WithSummary("Read a tenant's profile (any key of the tenant).");
        tenants.MapPost("/{tenantId}/keys", IssueKeyAsync).RequireTenantRole(TenantRole.Admin, allowOperator: true)
            .WithSummary("Issue an API key (admin, or the operator for recovery); the key is shown once.");
        tenants.MapGet("/{tenantId}/keys", ListKeysAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("List the tenant's keys, without their secrets (admin).");
        tenants.MapDelete("/{tenantId}/keys/{keyId}", RevokeKeyAsync).RequireTenantRole(TenantRole.Admin)
            .WithSummary("Revoke a key; it is refused from the next request on (admin).");
        return app;
    }

    private static async Task<Results<Created<CreatedTenant>, ProblemHttpResult>> CreateTenantAsync(
        CreateTenantRequest request, IGrainFactory grains, AuditWriter audit)
    {
        var id = Ids.Require(request.Id, "id");
        var name = LocalizedText.Require(request.Name, "name", 200);
        if (request.Region is { Length: > 100 }) throw ValidationFailedException.For("region", "'region' is limited to 100 characters.");
        if (!Enum.IsDefined(request.Kind)) throw ValidationFailedException.For("kind", "'kind' must be federation, consortium or organization.");

        // Two writes (directory, then account): a crash between them leaves the id registered with
        // no account, and creating the tenant again completes it instead of answering 409.
        var tenant = grains.GetGrain<ITenantGrain>(id);
        if (!await grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.Directory).RegisterAsync(new TenantSummary(id, request.Kind, name))
            && await tenant.GetProfileAsync() is not null)
            return ApiProblems.Conflict($"A tenant with id '{id}' already exists.");
        var adminKey = await tenant.CreateAsync(request.Kind, name, request.Region);
        await audit.WriteAsync(id, "tenant.create", $"tenants/{id}", $"kind {request.Kind.ToString().ToLowerInvariant()}");
        return TypedResults.Created($"/api/v1/tenants/{id}", new CreatedTenant(id, request.Kind, name, adminKey.Key));
    }

    private static async Task<Ok<IReadOnlyList<TenantSummary>>> ListTenantsAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.Directory).ListAsync());

    private static async Task<Results<Ok<TenantProfile>, ProblemHttpResult>> GetTenantAsync(string tenantId, IGrainFactory grains) =>
        await grains.GetGrain<ITenantGrain>(tenantId).GetProfileAsync() is { } profile
            ? TypedResults.Ok(profile)
            : ApiProblems.NotFound();

    private static async Task<Results<Created<IssuedApiKey>, ProblemHttpResult>> IssueKeyAsync(
        string tenantId, IssueKeyRequest request, IGrainFactory grains, CurrentCaller caller, AuditWriter audit)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
            throw ValidationFailedException.For("name", "'name' is required, at most 100 characters.");
        if (!Enum.IsDefined(request.Role)) throw ValidationFailedException.For("role", "'role' must be admin, staff or viewer.");
        if (await grains.GetGrain<ITenantGrain>(tenantId).GetProfileAsync() is null) return ApiProblems.NotFound();

        var issued = await grains.GetGrain<ITenantGrain>(tenantId).IssueKeyAsync(request.Name, request.Role);
        var action = caller.IsOperator ? "key.recovery" : "key.issue";
        await audit.WriteAsync(tenantId, action, $"keys/{issued.Id}", $"role {request.Role.ToString().ToLowerInvariant()}, name '{request.Name}'");
        return TypedResults.Created($"/api/v1/tenants/{tenantId}/keys/{issued.Id}", issued);
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyInfo>>> ListKeysAsync(string tenantId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ITenantGrain>(tenantId).ListKeysAsync());

    private static async Task<NoContent> RevokeKeyAsync(string tenantId, string keyId, IGrainFactory grains, AuditWriter audit)
    {
        if (keyId.Length > 64) throw new NotFoundException($"No key '{keyId[..64]}…'.");
        await grains.GetGrain<ITenantGrain>(tenantId).RevokeKeyAsync(keyId);
        await audit.WriteAsync(tenantId, "key.revoke", $"keys/{keyId}");
        return TypedResults.NoContent();
    }
}
