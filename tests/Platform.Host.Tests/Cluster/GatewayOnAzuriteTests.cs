using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;
using Platform.Testing;

namespace Platform.Host.Tests.Cluster;

/// <summary>The real gateway over its silo on Azure Table storage (a real Azurite): the store the platform runs on in Azure.</summary>
public sealed class AzuriteApp : PlatformApp, IAsyncLifetime
{
    public AzuriteProcess Azurite { get; private set; } = null!;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Platform:Storage:Provider", "azuretable"),
        new("Platform:Storage:ConnectionString", Azurite.ConnectionString),
        new("Platform:Storage:TableName", $"t{Guid.NewGuid():N}"),
    ];

    public async Task InitializeAsync() => Azurite = await AzuriteProcess.StartNewAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Azurite.DisposeAsync();
    }
}

public sealed class GatewayOnAzuriteTests(AzuriteApp app) : IClassFixture<AzuriteApp>
{
    [Fact]
    public async Task ExportHasExactlyTheTenantsStatesAndDeletionLeavesNoneWhileAPrefixTenantKeepsItsOwn()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (reseau, reseauCoop) = ($"reseau{suffix}", $"reseau{suffix}-coop");
        var reseauKey = await app.CreateTenantAsync(reseau);
        var reseauCoopKey = await app.CreateTenantAsync(reseauCoop);
        foreach (var (tenant, key) in new[] { (reseau, reseauKey), (reseauCoop, reseauCoopKey) })
            await Expect.Status(await app.WithKey(key).PostAsJsonAsync($"/api/v1/tenants/{tenant}/members",
                new { id = "coop-1", name = $"Coop de {tenant}", type = "worker", region = "06", joinedOn = "2024-01-10" }), HttpStatusCode.Created);

        var lines = await ExportAsync(reseau, reseauKey);
        Assert.Contains(lines, l => l.GetProperty("grainType").GetString() == "tenant" && l.GetProperty("key").GetString() == reseau);
        Assert.Contains(lines, l => l.GetProperty("grainType").GetString() == "federation");
        Assert.All(lines, l => Assert.True(Platform.Abstractions.Storage.TenantKeys.BelongsTo(l.GetProperty("key").GetString()!, reseau), l.ToString()));
        var coopBefore = await ExportAsync(reseauCoop, reseauCoopKey);

        var deleted = await app.Operator().SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/tenants/{reseau}")
        {
            Content = JsonContent.Create(new { confirm = reseau }),
        });
        await Expect.Status(deleted, HttpStatusCode.OK);
        Assert.InRange((await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statesDeleted").GetInt32(), 1, lines.Count);
        var store = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Platform.Abstractions.Storage.ITenantStateStore>(app.Services);
        await foreach (var left in store.ExportTenantAsync(reseau, CancellationToken.None))
            Assert.Fail($"{left.GrainType} {left.Key} is still stored after the tenant was deleted.");

        await Expect.Problem(await app.WithKey(reseauKey).GetAsync($"/api/v1/tenants/{reseau}/export"), HttpStatusCode.Unauthorized);
        var coopAfter = await ExportAsync(reseauCoop, reseauCoopKey);
        // Untouched, but for its audit log, which records each export.
        static IEnumerable<string> Data(List<JsonElement> export) => export.Where(l => l.GetProperty("grainType").GetString() != "audit-log").Select(l => l.ToString());
        Assert.Equal(Data(coopBefore), Data(coopAfter));
        Assert.Contains(coopAfter, l => l.GetProperty("grainType").GetString() == "audit-log");
    }

    [Fact]
    public async Task StoreOutageAnswers503WithRetryAfterChangesNothingAndTheSameHostRecovers()
    {
        var tenant = PlatformApp.NewTenantId("outage");
        var key = await app.CreateTenantAsync(tenant);
        await Expect.Status(await app.Anonymous().GetAsync("/health/ready"), HttpStatusCode.OK);

        await app.Azurite.StopAsync();
        try
        {
            var refused = await app.WithKey(key).PostAsJsonAsync($"/api/v1/tenants/{tenant}/members",
                new { id = "coop-down", name = "Coop", type = "worker", region = "06", joinedOn = "2024-01-10" });
            await Expect.Problem(refused, HttpStatusCode.ServiceUnavailable);
            Assert.True(refused.Headers.RetryAfter is not null, "a 503 says when to retry");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Anonymous().GetAsync("/health/ready")).StatusCode);
            await Expect.Status(await app.Anonymous().GetAsync("/health/live"), HttpStatusCode.OK);
        }
        finally
        {
            await app.Azurite.StartAsync();
        }

        await Expect.Status(await app.Anonymous().GetAsync("/health/ready"), HttpStatusCode.OK);
        await Expect.Problem(await app.WithKey(key).GetAsync($"/api/v1/tenants/{tenant}/members/coop-down"), HttpStatusCode.NotFound);
        await Expect.Status(await app.WithKey(key).PostAsJsonAsync($"/api/v1/tenants/{tenant}/members",
            new { id = "coop-up", name = "Coop", type = "worker", region = "06", joinedOn = "2024-01-10" }), HttpStatusCode.Created);
    }

    private async Task<List<JsonElement>> ExportAsync(string tenant, string key)
    {
        var export = await app.WithKey(key).GetAsync($"/api/v1/tenants/{tenant}/export");
        await Expect.Status(export, HttpStatusCode.OK);
        return (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
    }
}
