using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Platform.Storage.AzureTable.Tests;

/// <summary>The real gateway with <c>Platform:Storage:Provider=azuretable</c> on the collection's Azurite.</summary>
public sealed class AzuriteGateway(string connectionString, string serviceId) : WebApplicationFactory<Program>
{
    public const string OperatorKey = "azurite-operator-key-0123456789";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Platform:Storage:Provider", "azuretable");
        builder.UseSetting("Platform:Storage:ConnectionString", connectionString);
        builder.UseSetting("Platform:Storage:TableName", "gateway" + serviceId.Replace("-", "", StringComparison.Ordinal));
        builder.UseSetting("Platform:ServiceId", serviceId);
        builder.UseSetting("Platform:Seed", "false");
        builder.UseSetting("Platform:OperatorKey", OperatorKey);
    }

    public HttpClient As(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class GatewayOnAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StoreOutageAnswers503WithRetryAfterChangesNothingAndRecoversWithoutRestart()
    {
        await using var gateway = new AzuriteGateway(azurite.ConnectionString, "outage" + Guid.NewGuid().ToString("N")[..8]);
        var tenant = "out-" + Guid.NewGuid().ToString("N")[..8];
        var created = await gateway.As(AzuriteGateway.OperatorKey).PostAsJsonAsync("/api/v1/tenants",
            new { id = tenant, kind = "federation", name = new { fr = "Panne", en = "Outage" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var admin = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("adminKey").GetString()!;
        var operatorClient = gateway.As(AzuriteGateway.OperatorKey);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("/health/ready")).StatusCode);

        await azurite.StopAsync();
        try
        {
            // The operator key needs no store, so the write itself meets the outage.
            var during = await operatorClient.PostAsJsonAsync($"/api/v1/tenants/{tenant}/keys", new { name = "during outage", role = "staff" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.Equal("application/problem+json", during.Content.Headers.ContentType?.MediaType);
            Assert.True(during.Headers.RetryAfter is not null, "503 must carry Retry-After");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await operatorClient.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            await azurite.StartAsync();
        }

        // Same gateway process, no restart: the store is used again.
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("/health/ready")).StatusCode);
        var after = await gateway.As(admin).PostAsJsonAsync($"/api/v1/tenants/{tenant}/keys", new { name = "after outage", role = "viewer" });
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        var keys = await gateway.As(admin).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenant}/keys");
        var names = keys.EnumerateArray().Select(k => k.GetProperty("name").GetString()).ToList();
        Assert.Equal(["initial admin", "after outage"], names);
    }

    [Fact]
    public async Task TenantExportIsAPartitionQueryThatSeesOnlyThatTenant()
    {
        await using var gateway = new AzuriteGateway(azurite.ConnectionString, "export" + Guid.NewGuid().ToString("N")[..8]);
        var operatorClient = gateway.As(AzuriteGateway.OperatorKey);
        var a = "exa-" + Guid.NewGuid().ToString("N")[..8];
        var b = "exb-" + Guid.NewGuid().ToString("N")[..8];
        string? adminA = null;
        foreach (var id in new[] { a, b })
        {
            var response = await operatorClient.PostAsJsonAsync("/api/v1/tenants", new { id, kind = "federation", name = new { fr = id, en = id } });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            adminA ??= (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("adminKey").GetString();
        }

        var export = await gateway.As(adminA!).GetStringAsync($"/api/v1/tenants/{a}/export");
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(lines, l => l.GetProperty("grainType").GetString() == "tenant");
        Assert.All(lines, l => Assert.StartsWith(a, l.GetProperty("key").GetString()));

        var deleted = await operatorClient.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/tenants/{a}") { Content = JsonContent.Create(new { confirm = a }) });
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.True((await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statesDeleted").GetInt32() >= 1);
        var tenants = await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/tenants");
        Assert.Equal([b], tenants.EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }
}
