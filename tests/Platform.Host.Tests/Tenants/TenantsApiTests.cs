using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Tenants;

public sealed class TenantsApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    [Fact]
    public async Task OperatorCreatesTenantAndItsAdminKeyWorksAtOnce()
    {
        var id = PlatformApp.NewTenantId();
        var response = await app.Operator().PostAsJsonAsync("/api/v1/tenants",
            new { id, kind = "federation", name = new { fr = "Fédération de l'Estrie", en = "Estrie federation" }, region = "05" });
        await Expect.Status(response, HttpStatusCode.Created);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, created.GetProperty("id").GetString());
        Assert.Equal("federation", created.GetProperty("kind").GetString());
        Assert.Equal("Fédération de l'Estrie", created.GetProperty("name").GetProperty("fr").GetString());
        var adminKey = created.GetProperty("adminKey").GetString()!;
        Assert.StartsWith($"ick_{id}.", adminKey);

        var profile = await app.WithKey(adminKey).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{id}");
        Assert.Equal("05", profile.GetProperty("region").GetString());
    }

    [Fact]
    public async Task DuplicateTenantIdIsAConflict()
    {
        var id = PlatformApp.NewTenantId();
        await app.CreateTenantAsync(id);
        var again = await app.Operator().PostAsJsonAsync("/api/v1/tenants", new { id, kind = "consortium", name = new { fr = "x", en = "x" } });
        await Expect.Problem(again, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("{\"id\":\"Bad_Id\",\"kind\":\"federation\",\"name\":{\"fr\":\"a\",\"en\":\"b\"}}")]
    [InlineData("{\"id\":\"../x\",\"kind\":\"federation\",\"name\":{\"fr\":\"a\",\"en\":\"b\"}}")]
    [InlineData("{\"id\":\"ok-id\",\"kind\":\"cooperative\",\"name\":{\"fr\":\"a\",\"en\":\"b\"}}")]
    [InlineData("{\"id\":\"ok-id\",\"kind\":1,\"name\":{\"fr\":\"a\",\"en\":\"b\"}}")]
    [InlineData("{\"id\":\"ok-id\",\"kind\":\"federation\",\"name\":{\"fr\":\"a\"}}")]
    [InlineData("{\"id\":\"ok-id\",\"kind\":\"federation\",\"name\":\"plain\"}")]
    [InlineData("{\"id\":\"ok-id\",\"kind\":\"federation\"}")]
    [InlineData("{\"id\":42,\"kind\":\"federation\",\"name\":{\"fr\":\"a\",\"en\":\"b\"}}")]
    [InlineData("{\"id\":\"ok-id\",\"kind\":\"federation\",\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"adminKey\":\"mine\"}")]
    [InlineData("{\"id\":\"ok-id\",")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task BadTenantBodiesAreRefusedAndNothingIsCreated(string body)
    {
        var response = await app.Operator().PostJsonAsync("/api/v1/tenants", body);
        await Expect.Problem(response, HttpStatusCode.BadRequest);
        var tenants = await app.Operator().GetFromJsonAsync<JsonElement>("/api/v1/tenants");
        Assert.DoesNotContain(tenants.EnumerateArray(), t => t.GetProperty("id").GetString() == "ok-id");
    }

    [Fact]
    public async Task OperatorRoutesRefuseTenantKeysAndAnonymousCallers()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        await Expect.Problem(await app.Anonymous().GetAsync("/api/v1/tenants"), HttpStatusCode.Unauthorized);
        await Expect.Problem(await app.WithKey(keys.Admin).GetAsync("/api/v1/tenants"), HttpStatusCode.Forbidden);
        await Expect.Problem(await app.WithKey("ick_nobody.k1.secret").GetAsync("/api/v1/tenants"), HttpStatusCode.Unauthorized);
        await Expect.Problem(await app.WithKey(keys.Admin).PostAsJsonAsync("/api/v1/tenants",
            new { id = PlatformApp.NewTenantId(), kind = "federation", name = new { fr = "a", en = "b" } }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnotherTenantsObjectsAnswer404AndTheirExistenceIsNotDisclosed()
    {
        var a = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("a"));
        var b = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("b"));

        foreach (var key in new[] { a.Admin, a.Staff, a.Viewer })
        {
            var existing = await app.WithKey(key).GetAsync($"/api/v1/tenants/{b.TenantId}");
            var missing = await app.WithKey(key).GetAsync("/api/v1/tenants/no-such-tenant");
            await Expect.Problem(existing, HttpStatusCode.NotFound);
            await Expect.Problem(missing, HttpStatusCode.NotFound);
            Assert.Equal(await Detail(missing), await Detail(existing));
        }
        await Expect.Problem(await app.WithKey(a.Admin).PostAsJsonAsync($"/api/v1/tenants/{b.TenantId}/keys", new { name = "x", role = "admin" }), HttpStatusCode.NotFound);
        await Expect.Problem(await app.WithKey(a.Admin).GetAsync($"/api/v1/tenants/{b.TenantId}/keys"), HttpStatusCode.NotFound);
        await Expect.Problem(await app.WithKey(a.Admin).GetAsync($"/api/v1/tenants/{b.TenantId}/audit"), HttpStatusCode.NotFound);
        await Expect.Problem(await app.WithKey(a.Admin).GetAsync($"/api/v1/tenants/{b.TenantId}/export"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RolesLimitWhatAKeyMayDo()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var url = $"/api/v1/tenants/{keys.TenantId}/keys";
        await Expect.Problem(await app.WithKey(keys.Staff).PostAsJsonAsync(url, new { name = "x", role = "viewer" }), HttpStatusCode.Forbidden);
        await Expect.Problem(await app.WithKey(keys.Viewer).PostAsJsonAsync(url, new { name = "x", role = "viewer" }), HttpStatusCode.Forbidden);
        await Expect.Problem(await app.WithKey(keys.Viewer).GetAsync($"/api/v1/tenants/{keys.TenantId}/audit"), HttpStatusCode.Forbidden);
        await Expect.Status(await app.WithKey(keys.Viewer).GetAsync($"/api/v1/tenants/{keys.TenantId}"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task RevokedKeyIsRefusedFromTheNextRequest()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var staff = await app.IssueKeyAsync(keys.TenantId, keys.Admin, "staff");
        await Expect.Status(await app.WithKey(staff.Key).GetAsync($"/api/v1/tenants/{keys.TenantId}"), HttpStatusCode.OK);

        await Expect.Status(await app.WithKey(keys.Admin).DeleteAsync($"/api/v1/tenants/{keys.TenantId}/keys/{staff.Id}"), HttpStatusCode.NoContent);

        var refused = await app.WithKey(staff.Key).GetAsync($"/api/v1/tenants/{keys.TenantId}");
        var problem = await Expect.Problem(refused, HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString());
        await Expect.Problem(await app.WithKey(keys.Admin).DeleteAsync($"/api/v1/tenants/{keys.TenantId}/keys/knope"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TamperedSecretOfAValidKeyIsRefused()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var tampered = keys.Admin[..^2] + (keys.Admin[^2] == 'A' ? "BB" : "AA");
        await Expect.Problem(await app.WithKey(tampered).GetAsync($"/api/v1/tenants/{keys.TenantId}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task KeysAreListedWithoutSecretsAndStoredOnlyAsHashes()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var listed = await app.WithKey(keys.Admin).GetStringAsync($"/api/v1/tenants/{keys.TenantId}/keys");
        var export = await app.WithKey(keys.Admin).GetStringAsync($"/api/v1/tenants/{keys.TenantId}/export");
        foreach (var key in new[] { keys.Admin, keys.Staff, keys.Viewer })
        {
            var secret = key[(key.LastIndexOf('.') + 1)..];
            Assert.DoesNotContain(secret, listed);
            Assert.DoesNotContain(secret, export);
        }
        Assert.Equal(3, JsonDocument.Parse(listed).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task OperatorRecoveryKeyIsWrittenToTheTenantsAuditLog()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var recovery = await app.Operator().PostAsJsonAsync($"/api/v1/tenants/{keys.TenantId}/keys", new { name = "lost admin", role = "admin" });
        await Expect.Status(recovery, HttpStatusCode.Created);
        var recoveredKey = (await recovery.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

        var audit = await app.WithKey(recoveredKey).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{keys.TenantId}/audit");
        var entries = audit.GetProperty("entries").EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "key.recovery" && e.GetProperty("actor").GetString() == "operator");
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "key.issue" && e.GetProperty("actor").GetString()!.StartsWith(keys.TenantId));
        Assert.Equal("2026-03", audit.GetProperty("month").GetString());
    }

    [Fact]
    public async Task AuditEntriesNameTheKeyThatDidTheWrite()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var issued = await app.IssueKeyAsync(keys.TenantId, keys.Admin, "viewer");
        var audit = await app.WithKey(keys.Admin).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{keys.TenantId}/audit");
        var entry = audit.GetProperty("entries").EnumerateArray().First(e => e.GetProperty("target").GetString() == $"keys/{issued.Id}");
        var adminKeyId = keys.Admin.Split('.')[1];
        Assert.Equal(adminKeyId, entry.GetProperty("keyId").GetString());
        Assert.Equal("key.issue", entry.GetProperty("action").GetString());
        foreach (var month in new[] { "2026-13", "2026-3", "2026-03-01", "0202-04", "mars" })
            await Expect.Problem(await app.WithKey(keys.Admin).GetAsync($"/api/v1/tenants/{keys.TenantId}/audit?month={month}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task InvalidIdsInThePathAreRefused()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        foreach (var id in Raw.InvalidPathIds)
        {
            var response = await app.WithKey(keys.Admin).GetAsync($"/api/v1/tenants/{id}");
            await Expect.ClientError(response);
        }
    }

    [Fact]
    public async Task BodyOverOneMebibyteIs413AndNothingIsStored()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var response = await app.WithKey(keys.Admin).PostJsonAsync($"/api/v1/tenants/{keys.TenantId}/keys", Raw.OversizedJson());
        await Expect.Problem(response, HttpStatusCode.RequestEntityTooLarge);
        var listed = await app.WithKey(keys.Admin).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{keys.TenantId}/keys");
        Assert.Equal(3, listed.GetArrayLength());
    }

    [Fact]
    public async Task HealthAndOpenApiNeedNoCredential()
    {
        await Expect.Status(await app.Anonymous().GetAsync("/health/live"), HttpStatusCode.OK);
        await Expect.Status(await app.Anonymous().GetAsync("/health/ready"), HttpStatusCode.OK);
        var openApi = await app.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/v1/tenants/{tenantId}/keys", out _));
    }

    [Fact]
    public async Task UnknownRouteIsAProblemNotAnEmptyPage()
    {
        var response = await app.Anonymous().GetAsync("/api/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<string?> Detail(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
}
