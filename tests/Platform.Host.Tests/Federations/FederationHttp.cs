using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Federations;

/// <summary>Shortcuts for the federation routes, through the real gateway.</summary>
internal static class FederationHttp
{
    public static string Members(string tenantId) => $"/api/v1/tenants/{tenantId}/members";

    public static string Activities(string tenantId) => $"/api/v1/tenants/{tenantId}/activities";

    public static Task<TenantKeys> NewFederationAsync(this PlatformApp app, string prefix = "fed") =>
        app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId(prefix));

    public static object Member(string? id, string region = "06", string type = "worker", string? registryId = null, string? name = null, string joinedOn = "2020-01-01") =>
        new { id, name = name ?? $"Coopérative {id}", type, region, joinedOn, registryId };

    public static async Task<JsonElement> AddMemberAsync(this PlatformApp app, TenantKeys tenant, object member)
    {
        var response = await app.WithKey(tenant.Staff).PostAsJsonAsync(Members(tenant.TenantId), member);
        await Expect.Status(response, HttpStatusCode.Created);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task AddActivityAsync(this PlatformApp app, TenantKeys tenant, string id, string kind, string on, int? audience = null)
    {
        var response = await app.WithKey(tenant.Staff).PostAsJsonAsync(Activities(tenant.TenantId),
            new { id, kind, title = new { fr = $"Activité {id}", en = $"Activity {id}" }, on, audience });
        await Expect.Status(response, HttpStatusCode.Created);
    }

    public static async Task RecordParticipantsAsync(this PlatformApp app, TenantKeys tenant, string activityId, params string[] memberIds)
    {
        var response = await app.WithKey(tenant.Staff).PostAsJsonAsync($"{Activities(tenant.TenantId)}/{activityId}/participants", new { memberIds });
        await Expect.Status(response, HttpStatusCode.OK);
    }

    public static async Task AffiliateAsync(this PlatformApp app, TenantKeys child, TenantKeys parent)
    {
        await Expect.Status(await app.WithKey(child.Admin).PostAsJsonAsync($"/api/v1/tenants/{child.TenantId}/affiliations", new { parentId = parent.TenantId }), HttpStatusCode.Accepted);
        await Expect.Status(await app.WithKey(parent.Admin).PostAsync($"/api/v1/tenants/{parent.TenantId}/affiliates/{child.TenantId}/accept", null), HttpStatusCode.OK);
    }

    /// <summary>Ids of the tenant's members, read back with its own admin key.</summary>
    public static async Task<string[]> MemberIdsAsync(this PlatformApp app, TenantKeys tenant)
    {
        var members = await app.WithKey(tenant.Admin).GetFromJsonAsync<JsonElement>(Members(tenant.TenantId));
        return members.EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        await Expect.Status(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<string[]> AuditActionsAsync(this PlatformApp app, TenantKeys tenant)
    {
        var audit = await app.WithKey(tenant.Admin).GetJsonAsync($"/api/v1/tenants/{tenant.TenantId}/audit");
        return audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()!).ToArray();
    }
}
