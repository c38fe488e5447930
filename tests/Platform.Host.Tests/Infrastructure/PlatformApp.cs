using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Abstractions;
using Platform.Testing;

namespace Platform.Host.Tests.Infrastructure;

/// <summary>
/// The real gateway in memory (WebApplicationFactory) over its co-hosted Orleans silo, on the
/// memory store, with a known operator key and a manual business clock. Each factory's silo
/// listens on its own free ports, so test classes run side by side. One per test class; tests
/// create their own tenants with unique ids.
/// </summary>
public class PlatformApp : WebApplicationFactory<Program>
{
    public const string OperatorKey = "test-operator-key-0123456789";

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 15, 14, 0, 0, TimeSpan.Zero));

    public static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>Extra settings (e.g. a low rate limit) for a subclass.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Platform:Storage:Provider", "memory");
        builder.UseSetting("Platform:Seed", "false");
        builder.UseSetting("Platform:OperatorKey", OperatorKey);
        builder.UseSetting("Platform:Cluster:SiloPort", Loopback.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Platform:Cluster:GatewayPort", Loopback.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Platform:Cluster:ClusterId", $"test-{Guid.NewGuid():N}");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<BusinessClock>();
            services.AddSingleton(new BusinessClock(Clock));
        });
    }

    public HttpClient Anonymous() => CreateClient();

    public HttpClient Operator() => WithKey(OperatorKey);

    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Creates a tenant through the API and returns its admin key.</summary>
    public async Task<string> CreateTenantAsync(string id, string kind = "federation")
    {
        var response = await Operator().PostAsJsonAsync("/api/v1/tenants", new { id, kind, name = new { fr = $"Tenant {id}", en = $"Tenant {id}" } });
        await Expect.Status(response, System.Net.HttpStatusCode.Created);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return created.GetProperty("adminKey").GetString()!;
    }

    /// <summary>Issues a key with a role through the API (as the tenant's admin).</summary>
    public async Task<(string Id, string Key)> IssueKeyAsync(string tenantId, string adminKey, string role)
    {
        var response = await WithKey(adminKey).PostAsJsonAsync($"/api/v1/tenants/{tenantId}/keys", new { name = $"{role} key", role });
        await Expect.Status(response, System.Net.HttpStatusCode.Created);
        var issued = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (issued.GetProperty("id").GetString()!, issued.GetProperty("key").GetString()!);
    }

    /// <summary>A tenant with one key per role.</summary>
    public async Task<TenantKeys> CreateTenantWithKeysAsync(string id, string kind = "federation")
    {
        var admin = await CreateTenantAsync(id, kind);
        var staff = await IssueKeyAsync(id, admin, "staff");
        var viewer = await IssueKeyAsync(id, admin, "viewer");
        return new TenantKeys(id, admin, staff.Key, viewer.Key);
    }

    /// <summary>A fresh unique tenant id for a test.</summary>
    public static string NewTenantId(string prefix = "t") => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        PlatformJson.Configure(options);
        options.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip;
        return options;
    }
}

public sealed record TenantKeys(string TenantId, string Admin, string Staff, string Viewer);

/// <summary>Assertions on HTTP answers that print the body when they fail.</summary>
public static class Expect
{
    public static async Task Status(HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        // Buffer once so the body can be read again by the test after the assertion.
        await response.Content.LoadIntoBufferAsync();
        if (response.StatusCode != expected)
            Assert.Fail($"Expected {(int)expected} {expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A 4xx problem+json answer with the given status and a detail.</summary>
    public static async Task<JsonElement> Problem(HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        await Status(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), "problem+json must carry a useful detail");
        return problem;
    }

    /// <summary>Any 4xx problem+json (never a 5xx).</summary>
    public static async Task ClientError(HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        if (code is < 400 or >= 500)
            Assert.Fail($"Expected a 4xx, got {code}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

/// <summary>Sends raw bodies (malformed JSON and the like).</summary>
public static class Raw
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string body) =>
        client.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, string body) =>
        client.PutAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, string body) =>
        client.PatchAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>Ids that must be refused everywhere (API.md), already URL-encoded for a path segment.</summary>
    public static readonly string[] InvalidPathIds =
    [
        "..", "%2E%2E", "a%2Fb", "UPPER", "caf%C3%A9", "-leading-dash", new string('a', 64), new string('x', 10_000), "a%20b",
    ];

    /// <summary>A body just over the 1 MiB limit.</summary>
    public static string OversizedJson() => "{\"name\":\"" + new string('x', 1024 * 1024 + 10) + "\"}";
}
