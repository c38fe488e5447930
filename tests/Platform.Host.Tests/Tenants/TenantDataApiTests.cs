using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Tenants;

public sealed class TenantDataApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    [Fact]
    public async Task ExportStreamsEveryStateOfTheTenantAndNoOtherTenants()
    {
        var a = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("a"));
        var b = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("b"));

        var response = await app.WithKey(a.Admin).GetAsync($"/api/v1/tenants/{a.TenantId}/export");
        await Expect.Status(response, HttpStatusCode.OK);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Contains(lines, l => l.GetProperty("grainType").GetString() == "tenant" && l.GetProperty("key").GetString() == a.TenantId);
        Assert.Contains(lines, l => l.GetProperty("grainType").GetString() == "audit-log");
        Assert.All(lines, l => Assert.True(l.GetProperty("key").GetString()!.Split('/')[0] == a.TenantId));
        Assert.DoesNotContain(lines, l => l.GetRawText().Contains(b.TenantId));
        await Expect.Problem(await app.WithKey(a.Staff).GetAsync($"/api/v1/tenants/{a.TenantId}/export"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task OperatorDeletesATenantOnlyWithConfirmationAndThenNothingRemains()
    {
        var doomed = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("doomed"));
        var kept = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("kept"));
        var url = $"/api/v1/tenants/{doomed.TenantId}";

        await Expect.Problem(await app.Operator().SendAsync(Delete(url, new { confirm = "wrong" })), HttpStatusCode.BadRequest);
        await Expect.Problem(await app.WithKey(doomed.Admin).SendAsync(Delete(url, new { confirm = doomed.TenantId })), HttpStatusCode.Forbidden);
        await Expect.Status(await app.WithKey(doomed.Admin).GetAsync(url), HttpStatusCode.OK);

        var deleted = await app.Operator().SendAsync(Delete(url, new { confirm = doomed.TenantId }));
        await Expect.Status(deleted, HttpStatusCode.OK);
        Assert.True((await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statesDeleted").GetInt32() >= 1);

        await Expect.Problem(await app.WithKey(doomed.Admin).GetAsync(url), HttpStatusCode.Unauthorized);
        var tenants = await app.Operator().GetFromJsonAsync<JsonElement>("/api/v1/tenants");
        Assert.DoesNotContain(tenants.EnumerateArray(), t => t.GetProperty("id").GetString() == doomed.TenantId);
        Assert.Contains(tenants.EnumerateArray(), t => t.GetProperty("id").GetString() == kept.TenantId);
        await Expect.Status(await app.WithKey(kept.Admin).GetAsync($"/api/v1/tenants/{kept.TenantId}"), HttpStatusCode.OK);
        await Expect.Problem(await app.Operator().SendAsync(Delete(url, new { confirm = doomed.TenantId })), HttpStatusCode.NotFound);
    }

    private static HttpRequestMessage Delete(string url, object body) =>
        new(HttpMethod.Delete, url) { Content = JsonContent.Create(body) };
}

public sealed class HalfCreatedTenantTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    [Fact]
    public async Task TenantRegisteredButNeverCreatedIsCompletedByCreatingItAgain()
    {
        var id = PlatformApp.NewTenantId("half");
        // What a crash between the two writes of a creation leaves behind.
        var grains = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IGrainFactory>(app.Services);
        await grains.GetGrain<Platform.Abstractions.ITenantDirectoryGrain>(Platform.Abstractions.GrainKeys.Directory)
            .RegisterAsync(new Platform.Abstractions.TenantSummary(id, Platform.Abstractions.TenantKind.Federation, new Platform.Abstractions.LocalizedText("x", "x")));

        var admin = await app.CreateTenantAsync(id);
        await Expect.Status(await app.WithKey(admin).GetAsync($"/api/v1/tenants/{id}"), HttpStatusCode.OK);
        var again = await app.Operator().PostAsJsonAsync("/api/v1/tenants", new { id, kind = "federation", name = new { fr = "x", en = "x" } });
        await Expect.Problem(again, HttpStatusCode.Conflict);
    }
}
